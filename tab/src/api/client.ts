import { briefingMethods } from './briefing-client';
import type {
  AdminCategory,
  AdminSettings,
  ApiErrorBody,
  CaseActionInput,
  CasePage,
  CaseView,
  Department,
  DepartmentInput,
  MessageDocuments,
  MessageFiling,
  DirectorySyncView,
  DirectoryData,
  DocumentList,
  DocumentMatch,
  DocumentView,
  FiledDocument,
  FolderShare,
  ListCasesQuery,
  MailMessage,
  Me,
  PersonInput,
  RaiseCaseInput,
  SharingState,
  SlaPolicy,
  Stats,
  Timeline,
  InternalNote,
  LinkedCase,
  LikelyDuplicate,
  DuplicateProbe,
  Ward,
  WardSuggestion,
} from './types';
import type {
  BatchProgress,
  CoverSheetInput,
  DecisionInput,
  FileOutcome,
  IngestBatch,
  IngestBatchList,
  IngestDocument,
  IngestDocumentList,
  LegacyPaperList,
  Retried,
  Review,
  StartBatchInput,
} from './ingest-types';

/**
 * A refusal or failure, as the service reported it (`code`, `message`, `requestId`), or `network` when the
 * service could not be reached at all. Pages turn these into message bars with a next step.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly issues: { path: string; message: string }[] = [],
    /** The largest upload the service accepts, on a 413 (`payload_too_large`) refusal. */
    readonly maxBytes?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where the bearer token comes from: Teams SSO in Microsoft 365 mode, the local sign-in otherwise. */
export interface TokenSource {
  /** A token for the next request. Never stored by the tab: Teams (or the sign-in page) owns it. */
  token(): Promise<string>;
  /** Called on 401: the token was refused (expired, signed out). */
  unauthenticated(): void;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Makes the request an upload is sent with. XMLHttpRequest, because fetch reports no upload progress; tests
 * pass one that answers from the fake service.
 */
export type XhrFactory = () => XMLHttpRequest;

/** How far an upload has gone, in bytes. */
export type UploadProgress = (loaded: number, total: number) => void;

export interface UploadOptions {
  onProgress?: UploadProgress;
  /** Aborting stops the upload; the promise rejects with an ApiError whose code is `aborted`. */
  signal?: AbortSignal;
}

/** How an upload is sent, beyond the file: the method, and answers other than 2xx that are results. */
interface UploadRequest {
  method?: 'POST' | 'PUT';
  /** An answer that is a result although its status is not 2xx (a scan refused by its content: 422). */
  isResult?: (status: number, body: unknown) => boolean;
}

type QueryValue = string | number | boolean | readonly string[] | undefined;

const query = (q: Record<string, QueryValue>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || value === '' || value === false) continue;
    if (typeof value === 'object' && value.length === 0) continue;
    params.set(key, typeof value === 'object' ? value.join(',') : String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
};

/** A new random key for a request that must not be done twice (an `Idempotency-Key`). */
export const newRequestKey = (): string => {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

const isErrorBody = (body: unknown): body is ApiErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ApiErrorBody).code === 'string' &&
  typeof (body as ApiErrorBody).message === 'string';

const unreachable = () => new ApiError(0, 'network', 'Members’ Hub could not be reached.');
const aborted = () => new ApiError(0, 'aborted', 'The upload was stopped.');

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

/** The service's API (docs/api.md), one method per route. */
export const createApiClient = (
  tokens: TokenSource,
  fetchImpl: Fetch = (i, init) => fetch(i, init),
  xhrImpl: XhrFactory = () => new XMLHttpRequest(),
) => {
  /** The error for a refusal, whichever way it arrived; a 401 also tells the token source. */
  const refusal = (status: number, parsed: unknown): ApiError => {
    if (status === 401) tokens.unauthenticated();
    if (isErrorBody(parsed))
      return new ApiError(
        status,
        parsed.code,
        parsed.message,
        parsed.requestId,
        parsed.issues,
        typeof parsed.maxBytes === 'number' ? parsed.maxBytes : undefined,
      );
    return new ApiError(status, 'unexpected', `The service answered ${status}.`);
  };

  /** Sends a request with the bearer token; answers the response when it is a success. */
  const send = async (
    method: string,
    path: string,
    accept: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> => {
    const token = await tokens.token();
    const headers: Record<string, string> = { ...extraHeaders, authorization: `Bearer ${token}`, accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      // fetch rejects only when no response arrived at all (offline, DNS, connection refused).
      throw unreachable();
    }
    if (!response.ok) throw refusal(response.status, await response.json().catch(() => null));
    return response;
  };

  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> => {
    const response = await send(method, path, 'application/json', body, headers);
    return (await response.json().catch(() => null)) as T;
  };

  /**
   * Sends `file` as the raw request body with XMLHttpRequest, reporting progress as it goes. The same token
   * source and the same error mapping as every other call.
   */
  const upload = async <T>(
    path: string,
    file: File,
    options: UploadOptions = {},
    how: UploadRequest = {},
  ): Promise<T> => {
    const { onProgress, signal } = options;
    if (signal?.aborted) throw aborted();
    const token = await tokens.token();
    if (signal?.aborted) throw aborted();
    return new Promise<T>((resolve, reject) => {
      const xhr = xhrImpl();
      const stop = () => xhr.abort();
      const done = () => signal?.removeEventListener('abort', stop);
      xhr.open(how.method ?? 'POST', path);
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      xhr.upload.onprogress = (event: ProgressEvent) => {
        onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
      };
      xhr.onload = () => {
        done();
        const parsed = parseJson(xhr.responseText);
        if ((xhr.status >= 200 && xhr.status < 300) || how.isResult?.(xhr.status, parsed))
          resolve(parsed as T);
        else reject(refusal(xhr.status, parsed));
      };
      xhr.onerror = () => {
        done();
        reject(unreachable());
      };
      xhr.onabort = () => {
        done();
        reject(aborted());
      };
      signal?.addEventListener('abort', stop, { once: true });
      xhr.send(file);
    });
  };

  const caseUrl = (ref: string) => `/api/cases/${encodeURIComponent(ref)}`;
  const ingestUrl = (path: string, id: string) => `/api/ingest/${path}/${encodeURIComponent(id)}`;
  const documentUrl = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

  return {
    me: () => request<Me>('GET', '/api/me'),
    directory: () => request<DirectoryData>('GET', '/api/directory'),
    suggestWard: (postcode: string) =>
      request<WardSuggestion>('GET', `/api/wards/suggest${query({ postcode })}`),
    listCases: (q: ListCasesQuery = {}) => request<CasePage>('GET', `/api/cases${query({ ...q })}`),
    getCase: (ref: string) => request<CaseView>('GET', caseUrl(ref)),
    timeline: (ref: string) => request<Timeline>('GET', `${caseUrl(ref)}/timeline`),
    notes: (ref: string) => request<{ ref: string; notes: InternalNote[] }>('GET', `${caseUrl(ref)}/notes`),
    addNote: (ref: string, text: string) => request<InternalNote>('POST', `${caseUrl(ref)}/notes`, { text }),
    links: (ref: string) => request<{ ref: string; links: LinkedCase[] }>('GET', `${caseUrl(ref)}/links`),
    linkCase: (ref: string, other: string) =>
      request<{ ref: string; links: LinkedCase[] }>('POST', `${caseUrl(ref)}/links`, { ref: other }),
    unlinkCase: (ref: string, other: string) =>
      request<{ ref: string; links: LinkedCase[] }>(
        'DELETE',
        `${caseUrl(ref)}/links/${encodeURIComponent(other)}`,
      ),
    likelyDuplicates: (probe: DuplicateProbe) =>
      request<{ matches: LikelyDuplicate[] }>('POST', '/api/cases/likely-duplicates', probe),
    /**
     * Raises a case. `requestKey` is sent as `Idempotency-Key`: the same key again (a retry after a lost
     * answer, a second click) answers with the case the first request raised instead of raising another.
     */
    raiseCase: (input: RaiseCaseInput, requestKey: string) =>
      request<CaseView>('POST', '/api/cases', input, { 'idempotency-key': requestKey }),
    act: (ref: string, action: CaseActionInput, expectedVersion?: number) =>
      request<CaseView>('POST', `${caseUrl(ref)}/actions`, {
        ...action,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      }),
    stats: (range: { from?: string; to?: string } = {}) => request<Stats>('GET', `/api/stats${query(range)}`),
    adminSettings: () => request<AdminSettings>('GET', '/api/admin/settings'),
    folderShares: () => request<SharingState>('GET', '/api/admin/document-shares'),
    retryShare: (id: string) =>
      request<FolderShare>('POST', `/api/admin/document-shares/${encodeURIComponent(id)}/retry`),
    saveSlaPolicy: (policy: SlaPolicy) => request<AdminSettings>('PUT', '/api/admin/settings/sla', policy),
    adminPeople: () =>
      request<{ people: (DirectoryData['people'][number] & { email: string })[] }>(
        'GET',
        '/api/admin/people',
      ),
    messageFiling: (id: string) =>
      request<MessageFiling>('GET', `/api/message-filings/${encodeURIComponent(id)}`),
    fileMessage: (id: string, ref: string) =>
      request<{ case: CaseView; documents: MessageDocuments | null }>(
        'POST',
        `/api/message-filings/${encodeURIComponent(id)}`,
        { ref },
      ),
    adminDepartments: () => request<{ departments: Department[] }>('GET', '/api/admin/departments'),
    adminCategories: () => request<{ categories: AdminCategory[] }>('GET', '/api/admin/categories'),
    createCategory: (name: string) => request<AdminCategory>('POST', '/api/admin/categories', { name }),
    /** A rename, a retirement (`active: false`) or a restoration. */
    updateCategory: (id: string, change: { name?: string; active?: boolean }) =>
      request<AdminCategory>('PATCH', `/api/admin/categories/${encodeURIComponent(id)}`, change),
    reorderCategories: (ids: string[]) =>
      request<{ categories: AdminCategory[] }>('PUT', '/api/admin/categories/order', { ids }),
    /** Moves every case of `id` into `intoId` and removes `id` from the list. */
    mergeCategory: (id: string, intoId: string) =>
      request<{ into: AdminCategory; cases: number }>(
        'POST',
        `/api/admin/categories/${encodeURIComponent(id)}/merge`,
        { intoId },
      ),
    setPersonWards: (id: string, wardIds: string[]) =>
      request<unknown>('PUT', `/api/admin/people/${encodeURIComponent(id)}/wards`, { wardIds }),
    directorySync: () => request<DirectorySyncView>('GET', '/api/admin/directory-sync'),
    runDirectorySync: () => request<DirectorySyncView>('POST', '/api/admin/directory-sync'),
    createWard: (ward: Ward) => request<Ward>('POST', '/api/admin/wards', ward),
    updateWard: ({ id, ...rest }: Ward) =>
      request<Ward>('PUT', `/api/admin/wards/${encodeURIComponent(id)}`, rest),
    createDepartment: (department: DepartmentInput) =>
      request<Department>('POST', '/api/admin/departments', department),
    updateDepartment: ({ id, ...rest }: DepartmentInput) =>
      request<Department>('PUT', `/api/admin/departments/${encodeURIComponent(id)}`, rest),
    createPerson: (person: PersonInput & { id: string }) =>
      request<unknown>('POST', '/api/admin/people', person),
    updatePerson: (id: string, person: PersonInput) =>
      request<unknown>('PUT', `/api/admin/people/${encodeURIComponent(id)}`, person),

    documents: (ref: string) => request<DocumentList>('GET', `${caseUrl(ref)}/documents`),
    /** Files `file` to the case; `created` false when the same content was already there. */
    uploadDocument: (ref: string, file: File, options?: UploadOptions) =>
      upload<FiledDocument>(`${caseUrl(ref)}/documents`, file, options),
    /**
     * A document's bytes, fetched with the token (never a token in an address): the caller makes a blob: URL
     * of it and revokes it when done.
     */
    documentContent: async (id: string, disposition: 'inline' | 'attachment'): Promise<Blob> => {
      const response = await send('GET', `${documentUrl(id)}/content${query({ disposition })}`, '*/*');
      return response.blob();
    },
    removeDocument: (id: string) => request<{ document: DocumentView }>('DELETE', documentUrl(id)),
    searchDocuments: (q: string, limit = 20) =>
      request<{ items: DocumentMatch[] }>('GET', `/api/documents${query({ q, limit })}`),
    mailMessages: () => request<{ items: MailMessage[] }>('GET', '/api/mail/messages'),
    fileFromMail: (ref: string, messageId: string) =>
      request<FiledDocument>('POST', `${caseUrl(ref)}/documents/from-mail`, { messageId }),
    ...briefingMethods(request, send),

    // ---- Scan-ingest (support officers) and legacy papers (docs/ingest.md) ----
    ingestBatches: () => request<IngestBatchList>('GET', '/api/ingest/batches'),
    startBatch: (input: StartBatchInput) => request<IngestBatch>('POST', '/api/ingest/batches', input),
    batchProgress: (id: string) => request<BatchProgress>('GET', ingestUrl('batches', id)),
    /** Hands in a scan (or a ZIP of scans); a file refused by its content is a result too (status `refused`). */
    addScan: (batchId: string, file: File, options?: UploadOptions) =>
      upload<FileOutcome>(`${ingestUrl('batches', batchId)}/files`, file, options, {
        isResult: (status, body) =>
          status === 422 && typeof body === 'object' && body !== null && 'fileId' in body,
      }),
    /** Print services' manifest (CSV) for the files handed in after it. */
    setManifest: (batchId: string, file: File, options?: UploadOptions) =>
      upload<{ rows: number }>(`${ingestUrl('batches', batchId)}/manifest`, file, options, { method: 'PUT' }),
    ingestDocuments: (batchId?: string) =>
      request<IngestDocumentList>('GET', `/api/ingest/documents${query({ batchId })}`),
    reviewDocument: (id: string) => request<Review>('GET', ingestUrl('documents', id)),
    decide: (id: string, input: DecisionInput) =>
      request<IngestDocument>('POST', `${ingestUrl('documents', id)}/decision`, input),
    retryDocument: (id: string) => request<Retried>('POST', `${ingestUrl('documents', id)}/retry`),
    retryFile: (fileId: string) => request<Retried>('POST', `${ingestUrl('files', fileId)}/retry`),
    /** A page's picture, upright (JPEG or PNG), for a blob: URL. */
    pagePicture: async (fileId: string, pageNo: number): Promise<Blob> =>
      (await send('GET', `${ingestUrl('files', fileId)}/pages/${pageNo}/image`, 'image/*')).blob(),
    /** The cover sheet to print, as a PDF. */
    coverSheet: async (input: CoverSheetInput): Promise<Blob> =>
      (await send('POST', '/api/ingest/cover-sheets', 'application/pdf', input)).blob(),
    /** The destruction log as CSV text. */
    destructionLog: async (): Promise<string> =>
      (await send('GET', '/api/ingest/destruction-log', 'text/csv')).text(),
    legacyPapers: (q?: string) => request<LegacyPaperList>('GET', `/api/legacy-papers${query({ q })}`),
    legacyPaperContent: async (id: string, disposition: 'inline' | 'attachment'): Promise<Blob> =>
      (
        await send(
          'GET',
          `/api/legacy-papers/${encodeURIComponent(id)}/content${query({ disposition })}`,
          'application/pdf',
        )
      ).blob(),
  };
};

export type ApiClient = ReturnType<typeof createApiClient>;
