import type {
  AdminSettings,
  ApiErrorBody,
  CaseActionInput,
  CasePage,
  CaseView,
  Department,
  DirectoryData,
  ListCasesQuery,
  Me,
  PersonInput,
  RaiseCaseInput,
  SlaPolicy,
  Stats,
  Timeline,
  Ward,
  WardSuggestion,
} from './types';

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

const isErrorBody = (body: unknown): body is ApiErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ApiErrorBody).code === 'string' &&
  typeof (body as ApiErrorBody).message === 'string';

/** The service's API (docs/api.md), one method per route. */
export const createApiClient = (tokens: TokenSource, fetchImpl: Fetch = (i, init) => fetch(i, init)) => {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const token = await tokens.token();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
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
      throw new ApiError(0, 'network', 'Members’ Hub could not be reached.');
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      if (response.status === 401) tokens.unauthenticated();
      if (isErrorBody(parsed))
        throw new ApiError(response.status, parsed.code, parsed.message, parsed.requestId, parsed.issues);
      throw new ApiError(response.status, 'unexpected', `The service answered ${response.status}.`);
    }
    return parsed as T;
  };

  const caseUrl = (ref: string) => `/api/cases/${encodeURIComponent(ref)}`;

  return {
    me: () => request<Me>('GET', '/api/me'),
    directory: () => request<DirectoryData>('GET', '/api/directory'),
    suggestWard: (postcode: string) =>
      request<WardSuggestion>('GET', `/api/wards/suggest${query({ postcode })}`),
    listCases: (q: ListCasesQuery = {}) => request<CasePage>('GET', `/api/cases${query({ ...q })}`),
    getCase: (ref: string) => request<CaseView>('GET', caseUrl(ref)),
    timeline: (ref: string) => request<Timeline>('GET', `${caseUrl(ref)}/timeline`),
    raiseCase: (input: RaiseCaseInput) => request<CaseView>('POST', '/api/cases', input),
    act: (ref: string, action: CaseActionInput, expectedVersion?: number) =>
      request<CaseView>('POST', `${caseUrl(ref)}/actions`, {
        ...action,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      }),
    stats: (range: { from?: string; to?: string } = {}) => request<Stats>('GET', `/api/stats${query(range)}`),
    adminSettings: () => request<AdminSettings>('GET', '/api/admin/settings'),
    saveSlaPolicy: (policy: SlaPolicy) => request<AdminSettings>('PUT', '/api/admin/settings/sla', policy),
    adminPeople: () =>
      request<{ people: (DirectoryData['people'][number] & { email: string })[] }>(
        'GET',
        '/api/admin/people',
      ),
    createWard: (ward: Ward) => request<Ward>('POST', '/api/admin/wards', ward),
    updateWard: ({ id, ...rest }: Ward) =>
      request<Ward>('PUT', `/api/admin/wards/${encodeURIComponent(id)}`, rest),
    createDepartment: (department: Department) =>
      request<Department>('POST', '/api/admin/departments', department),
    updateDepartment: ({ id, ...rest }: Department) =>
      request<Department>('PUT', `/api/admin/departments/${encodeURIComponent(id)}`, rest),
    createPerson: (person: PersonInput & { id: string }) =>
      request<unknown>('POST', '/api/admin/people', person),
    updatePerson: (id: string, person: PersonInput) =>
      request<unknown>('PUT', `/api/admin/people/${encodeURIComponent(id)}`, person),
  };
};

export type ApiClient = ReturnType<typeof createApiClient>;
