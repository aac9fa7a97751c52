import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { decide, listScope, type Operation } from '../domain/access-policy';
import type { Case, IsoInstant } from '../domain/case';
import {
  caseFolderSegments,
  fitFileName,
  memberFolderSegments,
  retainedDeletedSegments,
  safeName,
  type FolderOwner,
} from '../domain/document-names';
import {
  DomainError,
  ForbiddenError,
  InvalidQueryError,
  MailboxUnavailableError,
  NotFoundError,
  TooLargeError,
  ValidationError,
} from '../domain/errors';
import type { CaseRef, PersonId } from '../domain/ids';
import { londonDate } from '../domain/working-days';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import type {
  DocumentIndex,
  DocumentKind,
  DocumentPreview,
  DocumentRecord,
  EmailSummary,
  NewDocument,
} from './document-index';
import {
  contentFromBuffer,
  DocumentStoreError,
  type ContentSource,
  type DocumentStore,
  type StoredFile,
  type StoredFolder,
} from './document-store';
import type { ClaimedFiling, Filing, FilingJournal, FilingSource, NewFiling } from './filing-journal';
import { discardSource, NO_SOURCE, openSource, type FilingSources } from './filing-sources';
import type { FolderSharing } from './folder-sharing';
import type { MailSummary, Mailbox } from './mailbox';
import type { AuditEntryDraft, AuditLog, CaseStore, Clock, Directory } from './ports';
import { storableExtraction, type Extraction, type TextExtractor } from './text-extractor';

/**
 * Case documents: filing files, e-mails and Teams message records into a case's folder in the document store,
 * listing, downloading, removing (into the retained deleted items) and searching them. Every call asks the
 * access policy about the document's case; a document of a case the person may not see is answered exactly
 * as one that does not exist. Every read, change and refusal is audited, with ids only.
 *
 * Layout (domain/document-names.ts): `Member casework/<member>/<ref> - <title>/`. Each case's folder is
 * remembered by id in the index, so a case whose title changes keeps its folder. Filing is idempotent by
 * content: the same bytes filed into the same case again give the existing document (`created: false`).
 */

export const DEFAULT_DOCUMENT_MAX_BYTES = 200 * 1024 * 1024;
const DEFAULT_LEASE_MS = 2 * 60_000;
/** A filing whose request failed is settled from the store this long after (the store may still be busy). */
const SETTLE_AFTER_FAILURE_MS = 30_000;
/** Background attempts at a filing before it is given up. */
const MAX_FILING_ATTEMPTS = 10;
const FILING_RETRY_BASE_MS = 30_000;
const FILING_RETRY_MAX_MS = 60 * 60_000;
/** How long an upload waits for another filing of the same content into the case, and how often it looks. */
const WAIT_FOR_TWIN_LIMIT_MS = 10 * 60_000;
const WAIT_FOR_TWIN_POLL_MS = 200;
/** A background filing that meets its twin under way tries again after this. */
const WAIT_FOR_TWIN_MS = 5_000;
/** A stored file read back for its text (its own bytes had gone) at most this large; as the extractor's limit. */
const MAX_EXTRACT_FROM_STORE = 50 * 1024 * 1024;
/** Store refusals that another attempt will not change. */
const PERMANENT_STORE_ERRORS = new Set(['invalid-name', 'path-too-long', 'too-large', 'quota-exceeded']);

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A failure as the journal records it: a code, never a message that might carry a name. */
const errorCode = (error: unknown): string => {
  if (error instanceof DocumentStoreError || error instanceof DomainError) return error.code;
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
    return 'aborted';
  return 'failed';
};

/** An existing document's record as a new one, so that inserting it finds the existing one and finishes a filing. */
const listedAgain = (existing: DocumentRecord, filing: Filing): NewDocument => ({
  id: filing.id,
  caseId: existing.caseId,
  storeFileId: existing.storeFileId,
  name: existing.name,
  contentType: existing.contentType,
  size: existing.size,
  sha256: existing.sha256,
  kind: existing.kind,
  preview: existing.preview,
  email: existing.email,
  text: null,
  uploadedBy: filing.actorId,
  uploadedAt: existing.uploadedAt,
});
/** Longest document name accepted (before it is made safe and fitted to the store's path limit). */
export const MAX_DOCUMENT_NAME = 255;
export const SEARCH_TEXT_MIN = 3;
export const SEARCH_TEXT_MAX = 200;
export const MAX_SEARCH_LIMIT = 50;

export interface DocumentsDeps {
  cases: Pick<CaseStore, 'findByRef'>;
  index: DocumentIndex;
  store: DocumentStore;
  directory: Pick<Directory, 'person'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  extractText: TextExtractor;
  /** The person's own mailbox (Microsoft 365 mode); none in the embedded default. */
  mailbox?: Mailbox | undefined;
  /** The library's server-relative path, counted in SharePoint's 400-character limit ('' locally). */
  rootPath?: string | undefined;
  /** The filing journal: every filing is recorded there first, so none is left half-done (migration 007). */
  journal: FilingJournal;
  /** How a filing's content is had again, by the kind of its source (`filing-sources.ts`). */
  sources: FilingSources;
  /** Records the shares a new member folder should have; they are made in the background. */
  sharing?: Pick<FolderSharing, 'want'> | undefined;
  /** Largest document accepted (default 200 MiB). */
  maxBytes?: number | undefined;
  /** How long a filing is held without renewal (default 2 minutes; renewed while it is worked on). */
  leaseMs?: number | undefined;
  logger?: Logger | undefined;
}

/** A document as the API shows it. */
export interface DocumentView {
  id: string;
  caseRef: CaseRef;
  name: string;
  contentType: string;
  size: number;
  kind: DocumentKind;
  uploadedBy: { id: PersonId; name: string };
  uploadedAt: IsoInstant;
  preview: DocumentPreview;
  email?: EmailSummary;
}

export interface UploadRequest {
  /** The name as the person gave it; made safe and fitted to the store's limits. */
  name: string;
  contentType: string;
  content: ContentSource;
  /**
   * Where the content can be had again if this process stops before the filing is done (a spool file);
   * default none: an interrupted filing is then completed only if its file reached the store.
   */
  source?: FilingSource | undefined;
  /** Default: `email` for `message/rfc822` or `.eml`, otherwise `file`. */
  kind?: DocumentKind | undefined;
  onProgress?: ((bytesStored: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface Filed {
  document: DocumentView;
  /** False when the case already had this content: the existing document, no copy made. */
  created: boolean;
}

export interface CaseDocuments {
  items: DocumentView[];
  canUpload: boolean;
  canRemove: boolean;
}

export interface DocumentSearchResult {
  document: DocumentView;
  caseRef: CaseRef;
  caseTitle: string;
  snippet: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;
const MAX_MESSAGE_ID = 512;

/** A content type as given, reduced to `type/subtype` when it is one; anything else is generic bytes. */
export const normaliseContentType = (given: string | undefined, name: string): string => {
  const base = (given ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (CONTENT_TYPE.test(base) && base !== 'application/octet-stream') return base;
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'eml') return 'message/rfc822';
  if (ext === 'pdf') return 'application/pdf';
  return 'application/octet-stream';
};

const isEmail = (name: string, contentType: string): boolean =>
  contentType === 'message/rfc822' || name.toLowerCase().endsWith('.eml');

/**
 * What the content's first bytes say it is, for showing it inline: only PDFs and common raster images, by
 * their signatures (never by the name or the type the uploader claimed). SVG is not an image here: it can
 * carry script.
 */
export const sniffPreview = (head: Buffer): { preview: DocumentPreview; contentType?: string } => {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-')
    return { preview: 'pdf', contentType: 'application/pdf' };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { preview: 'image', contentType: 'image/png' };
  if (starts([0xff, 0xd8, 0xff])) return { preview: 'image', contentType: 'image/jpeg' };
  const ascii = head.subarray(0, 12).toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a'))
    return { preview: 'image', contentType: 'image/gif' };
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP')
    return { preview: 'image', contentType: 'image/webp' };
  return { preview: 'none' };
};

const segmentsOf = (folder: StoredFolder): string[] => folder.path.split('/').filter((s) => s !== '');

export const makeDocuments = (deps: DocumentsDeps) => {
  const { cases, index, store, directory, audit, clock, extractText, mailbox, logger, journal, sources } =
    deps;
  const rootPath = deps.rootPath ?? '';
  const maxBytes = deps.maxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;

  const entry = (
    actor: Actor,
    action: string,
    outcome: AuditEntryDraft['outcome'],
    extra: Partial<AuditEntryDraft> = {},
  ): AuditEntryDraft => ({
    at: clock.now().toISOString(),
    actorId: actor.person.id,
    action,
    outcome,
    requestId: actor.requestId,
    ...extra,
  });

  /** The case, if the person may do `operation` to it; refusals audited, unseen cases answered as missing. */
  const caseFor = async (actor: Actor, ref: CaseRef, operation: Operation, action: string): Promise<Case> => {
    const found = await cases.findByRef(ref);
    const decision = found
      ? decide(actor.person, operation, found)
      : ({ allowed: false, reason: 'invisible' } as const);
    if (!decision.allowed) {
      await audit.record(
        entry(actor, action, 'denied', { caseRef: ref, detail: { reason: decision.reason } }),
      );
      if (decision.reason === 'invisible') throw new NotFoundError();
      throw new ForbiddenError(
        operation === 'file-document'
          ? 'You cannot add documents to this case.'
          : 'You cannot do that with this case\u2019s documents.',
      );
    }
    return found as Case;
  };

  /** The document and its case, if the person may do `operation`; otherwise the same "no such document". */
  const documentFor = async (
    actor: Actor,
    id: string,
    operation: Operation,
    action: string,
  ): Promise<{ record: DocumentRecord; found: Case }> => {
    const record = UUID.test(id) ? await index.get(id) : null;
    const found = record && record.removedAt === null ? await cases.findByRef(record.caseRef) : null;
    const decision =
      record && found
        ? decide(actor.person, operation, found)
        : ({ allowed: false, reason: 'invisible' } as const);
    if (!decision.allowed) {
      await audit.record(
        entry(actor, action, 'denied', {
          caseId: found && decision.reason === 'not-permitted' ? found.id : null,
          caseRef: found && decision.reason === 'not-permitted' ? found.ref : null,
          detail: {
            ...(UUID.test(id) ? { documentId: id } : {}),
            reason: record === null ? 'missing' : record.removedAt !== null ? 'removed' : decision.reason,
          },
        }),
      );
      if (decision.reason === 'not-permitted')
        throw new ForbiddenError('You cannot remove documents from this case.');
      throw new NotFoundError('document');
    }
    return { record: record as DocumentRecord, found: found as Case };
  };

  /** People's names for "uploaded by", read through the directory (itself cached) once per call. */
  const nameOf = async (id: PersonId, seen: Map<PersonId, string>): Promise<string> => {
    const known = seen.get(id);
    if (known !== undefined) return known;
    const person = await directory.person(id);
    const name = person?.displayName ?? id;
    seen.set(id, name);
    return name;
  };

  const view = async (record: DocumentRecord, seen = new Map<PersonId, string>()): Promise<DocumentView> => ({
    id: record.id,
    caseRef: record.caseRef,
    name: record.name,
    contentType: record.contentType,
    size: record.size,
    kind: record.kind,
    uploadedBy: { id: record.uploadedBy, name: await nameOf(record.uploadedBy, seen) },
    uploadedAt: record.uploadedAt,
    preview: record.preview,
    ...(record.email ? { email: record.email } : {}),
  });

  const ownerOf = async (c: Case): Promise<FolderOwner | null> => {
    if (c.memberId === null) return null;
    const member = await directory.person(c.memberId);
    return { id: c.memberId, name: member?.displayName ?? c.memberId };
  };

  /** A case's folder: its id and path in the store. */
  interface KnownFolder {
    id: string;
    path: string;
  }

  /**
   * The case's folder: the one remembered for it (no request to the store: the index keeps its id and path),
   * or, the first time or with `remake` (it has gone from the store), the one its layout names, created and
   * remembered. Making a member's folder records the shares it should have; they are made in the background
   * (`folder-sharing.ts`), so sharing never holds up or fails a filing.
   */
  const caseFolder = async (c: Case, options: { remake?: boolean } = {}): Promise<KnownFolder> => {
    const known = await index.caseFolder(c.id);
    if (known && !options.remake) {
      if (known.folderPath) return { id: known.folderId, path: known.folderPath };
      // Remembered before paths were: read it once and remember it too.
      const folder = await store.folder(known.folderId);
      if (folder) {
        await index.saveCaseFolder({ ...known, folderPath: folder.path }, { replace: true });
        return { id: folder.id, path: folder.path };
      }
    }
    if (known)
      logger?.warn({ caseRef: c.ref }, 'case folder missing from the document store: making it again');
    const owner = await ownerOf(c);
    const memberFolder = await store.ensureFolder(memberFolderSegments(owner));
    const folder = await store.ensureFolder(caseFolderSegments(owner, c));
    const saved = await index.saveCaseFolder(
      { caseId: c.id, folderId: folder.id, memberFolderId: memberFolder.id, folderPath: folder.path },
      { replace: known !== null },
    );
    await deps.sharing?.want(memberFolder, c.memberId);
    if (saved.folderId !== folder.id && saved.folderPath)
      return { id: saved.folderId, path: saved.folderPath };
    return { id: folder.id, path: folder.path };
  };

  const extractSafely = async (
    name: string,
    contentType: string,
    content: ContentSource,
  ): Promise<Extraction> => {
    try {
      return storableExtraction(await extractText.extract({ name, contentType, content }));
    } catch (error) {
      logger?.warn({ err: error }, 'text extraction failed; the document is stored without text');
      return { text: null };
    }
  };

  /** The text of a file already in the store, for a filing completed after its own bytes had gone. */
  const extractFromStore = async (file: StoredFile, contentType: string): Promise<Extraction> => {
    if (file.size > MAX_EXTRACT_FROM_STORE) return { text: null };
    const chunks: Buffer[] = [];
    for await (const chunk of await store.readFile(file.id)) chunks.push(chunk as Buffer);
    return extractSafely(file.name, contentType, contentFromBuffer(Buffer.concat(chunks)));
  };

  const checkName = (name: string): string => {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > MAX_DOCUMENT_NAME)
      throw new ValidationError('The document needs a name of 1 to 255 characters.', [
        { path: 'name', message: `1 to ${MAX_DOCUMENT_NAME} characters` },
      ]);
    return trimmed;
  };

  const checkSize = (content: ContentSource): void => {
    if (content.size > maxBytes) throw new TooLargeError(maxBytes);
    if (content.size <= 0)
      throw new ValidationError('The document is empty.', [{ path: 'content', message: 'no bytes' }]);
  };

  const uploadAudit =
    (filing: Filing, completedBy: 'request' | 'background') =>
    ({ created, documentId }: { created: boolean; documentId: string }): AuditEntryDraft => ({
      at: clock.now().toISOString(),
      actorId: filing.actorId,
      action: 'document.upload',
      outcome: 'allowed',
      ...(filing.requestId ? { requestId: filing.requestId } : {}),
      caseId: filing.caseId,
      caseRef: filing.caseRef,
      detail: {
        documentId,
        created,
        kind: filing.kind,
        size: filing.size,
        ...(filing.origin ? { source: filing.origin } : {}),
        ...(completedBy === 'background' ? { completedBy } : {}),
      },
    });

  /** Stores `content` in the case's folder, under a name fitted to it, making the folder again if it has gone. */
  const putInto = async (
    c: Case,
    filing: Filing,
    content: ContentSource,
    contentType: string,
    request: Pick<UploadRequest, 'onProgress' | 'signal'>,
    remake = false,
  ): Promise<StoredFile> => {
    const folder = await caseFolder(c, { remake });
    const segments = folder.path.split('/').filter((segment) => segment !== '');
    const name = fitFileName(rootPath, segments, safeName(filing.name, 'file'));
    try {
      const { file } = await store.putFile(folder.id, {
        name,
        contentType,
        content,
        onProgress: request.onProgress,
        signal: request.signal,
        // The index knows this content is not in the case's folder: the store need not look first.
        knownFolder: { path: folder.path, contentAbsent: true },
      });
      return file;
    } catch (error) {
      if (remake || !(error instanceof DocumentStoreError && error.code === 'not-found')) throw error;
      return putInto(c, filing, content, contentType, request, true);
    }
  };

  /**
   * Completes a filing this process holds: its content (given, or opened from its source), stored in the
   * case's folder unless the store already has it (recorded, or found by content), its text extracted, and
   * the document listed together with the filing's end. A filing whose content is gone and was never stored is
   * given up (null). Whatever it stops at, the journal says what is left to do.
   */
  const completeFiling = async (
    claimed: ClaimedFiling,
    completedBy: 'request' | 'background',
    given: {
      content?: ContentSource | undefined;
      extraction?: Extraction | undefined;
      onProgress?: UploadRequest['onProgress'];
      signal?: AbortSignal | undefined;
    } = {},
  ): Promise<Filed | null> => {
    const c = await cases.findByRef(claimed.caseRef);
    if (!c || c.id !== claimed.caseId) {
      await journal.fail(claimed, 'case-gone');
      return null;
    }
    const opened = given.content ? null : await openSource(sources, claimed.source, { maxBytes });
    const content = given.content ?? opened?.content ?? null;
    let filing: Filing = claimed;
    if (content) {
      checkSize(content);
      if (claimed.sha256 !== content.sha256 || claimed.size !== content.size) {
        // Recorded before anything is stored, so the content can be found in the store should this stop.
        if (!(await journal.describe(claimed, { size: content.size, sha256: content.sha256 }))) {
          await journal.release(claimed, { delayMs: WAIT_FOR_TWIN_MS, error: 'same-content-under-way' });
          return null;
        }
        filing = { ...claimed, size: content.size, sha256: content.sha256 };
      }
      const existing = await index.findByContent(c.id, content.sha256);
      if (existing) {
        const listed = await index.insert(listedAgain(existing, filing), uploadAudit(filing, completedBy), {
          filingId: filing.id,
        });
        await discardSource(sources, claimed.source);
        return { document: await view(listed.document), created: false };
      }
    }
    const head = content ? await content.slice(0, 16) : null;
    const sniffed = head ? sniffPreview(head) : { preview: 'none' as const };
    const contentType =
      sniffed.contentType ?? normaliseContentType(opened?.contentType ?? claimed.contentType, claimed.name);

    let file: StoredFile | null = null;
    if (claimed.storeFileId) {
      const recorded = await store.file(claimed.storeFileId);
      if (recorded && (filing.size === null || recorded.size === filing.size)) file = recorded;
    }
    if (!file && !content && filing.sha256 !== null && filing.size !== null) {
      const folder = await caseFolder(c);
      file = await store.findFile(folder.id, { size: filing.size, sha256: filing.sha256 });
    }
    if (!file && !content) {
      // Never reached the store, and cannot now: nothing is left half-done.
      await journal.fail(claimed, 'content-gone');
      await discardSource(sources, claimed.source);
      logger?.warn({ caseRef: c.ref, filingId: claimed.id }, 'filing given up: its content was gone');
      return null;
    }
    if (!file && content) {
      file = await putInto(c, filing, content, contentType, given);
      await journal.stored(claimed, file.id);
      logger?.debug({ filingId: claimed.id, caseRef: c.ref }, 'filing stored; indexing');
    }
    const stored = file as StoredFile;
    const extraction =
      given.extraction ??
      (content
        ? await extractSafely(stored.name, contentType, content)
        : await extractFromStore(stored, contentType));
    const { document, created } = await index.insert(
      {
        id: filing.id,
        caseId: c.id,
        storeFileId: stored.id,
        name: stored.name,
        contentType,
        size: filing.size ?? stored.size,
        sha256: filing.sha256 ?? stored.sha256 ?? '',
        kind: filing.kind,
        preview: sniffed.preview,
        email: filing.kind === 'email' ? (extraction.email ?? null) : null,
        text: extraction.text,
        uploadedBy: filing.actorId,
        uploadedAt: clock.now().toISOString(),
      },
      uploadAudit(filing, completedBy),
      { filingId: filing.id },
    );
    await discardSource(sources, claimed.source);
    return { document: await view(document), created };
  };

  /** Keeps a filing held while `work` runs (a large upload can outlast a lease). */
  const holding = async <T>(claimed: ClaimedFiling, work: () => Promise<T>): Promise<T> => {
    const timer = setInterval(() => {
      journal.renew(claimed, leaseMs).catch((error: unknown) => {
        logger?.warn({ err: error, filingId: claimed.id }, 'could not renew a filing\u2019s lease');
      });
    }, leaseMs / 3);
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  };

  /**
   * Files content into a case the person may file into (checked by the caller), through the journal: the
   * filing is recorded first, so a crash at any later point is completed or given up by whichever instance
   * claims it next (`completeClaimed`). When the same content is being filed into the case at that moment,
   * this waits for it and answers with its document.
   */
  const fileInto = async (
    actor: Actor,
    c: Case,
    request: UploadRequest,
    options: { extraction?: Extraction; origin?: string } = {},
  ): Promise<Filed> => {
    const given = checkName(request.name);
    checkSize(request.content);
    const contentType = normaliseContentType(request.contentType, given);
    const filing: NewFiling = {
      id: randomUUID(),
      caseId: c.id,
      caseRef: c.ref,
      actorId: actor.person.id,
      requestId: actor.requestId,
      name: given,
      contentType,
      kind: request.kind ?? (isEmail(given, contentType) ? 'email' : 'file'),
      origin: options.origin ?? null,
      source: request.source ?? NO_SOURCE,
      size: request.content.size,
      sha256: request.content.sha256,
    };
    const deadline = Date.now() + WAIT_FOR_TWIN_LIMIT_MS;
    for (;;) {
      const existing = await index.findByContent(c.id, request.content.sha256);
      if (existing) {
        await audit.record(
          entry(actor, 'document.upload', 'allowed', {
            caseId: c.id,
            caseRef: c.ref,
            detail: {
              documentId: existing.id,
              created: false,
              kind: existing.kind,
              size: request.content.size,
              ...(options.origin ? { source: options.origin } : {}),
            },
          }),
        );
        await discardSource(sources, filing.source);
        return { document: await view(existing), created: false };
      }
      const claimed = await journal.begin(filing, leaseMs);
      if (claimed) {
        logger?.debug({ filingId: claimed.id, caseRef: c.ref }, 'filing begun');
        return runClaimed(claimed, request, options.extraction);
      }
      // The same content is being filed into this case right now: wait for it, then answer with its document.
      if (Date.now() > deadline)
        throw new DocumentStoreError(
          'unavailable',
          'The same document is still being filed: try again shortly.',
        );
      await delay(WAIT_FOR_TWIN_POLL_MS);
    }
  };

  /** Completes a filing begun for this request; on failure hands it back to be settled in the background. */
  const runClaimed = async (
    claimed: ClaimedFiling,
    request: UploadRequest,
    extraction: Extraction | undefined,
  ): Promise<Filed> => {
    try {
      const filed = await holding(claimed, () =>
        completeFiling(claimed, 'request', {
          content: request.content,
          extraction,
          onProgress: request.onProgress,
          signal: request.signal,
        }),
      );
      if (!filed) throw new DocumentStoreError('failed', 'The document could not be filed.');
      return filed;
    } catch (error) {
      // The person is told it failed. Whether any of it reached the store is settled in the background, from
      // the store alone: the content is the caller's to delete, and is not used again.
      await journal
        .release(claimed, {
          delayMs: SETTLE_AFTER_FAILURE_MS,
          error: errorCode(error),
          dropSource: true,
        })
        .catch((releaseError: unknown) =>
          logger?.error({ err: releaseError, filingId: claimed.id }, 'could not hand a filing back'),
        );
      throw error;
    }
  };

  /**
   * Completes a filing the background work claimed (one interrupted, or a Teams message's record and
   * attachments). Never throws: a failure is recorded and the filing tried again later, or given up.
   */
  const completeClaimed = async (claimed: ClaimedFiling): Promise<void> => {
    try {
      await holding(claimed, () => completeFiling(claimed, 'background'));
    } catch (error) {
      const code = errorCode(error);
      const permanent = error instanceof DomainError || PERMANENT_STORE_ERRORS.has(code);
      logger?.warn(
        { err: error, filingId: claimed.id, caseRef: claimed.caseRef, attempt: claimed.attempts },
        'filing could not be completed',
      );
      if (permanent || claimed.attempts >= MAX_FILING_ATTEMPTS) {
        await journal.fail(claimed, code);
        await discardSource(sources, claimed.source);
      } else {
        await journal.release(claimed, {
          delayMs: Math.min(FILING_RETRY_MAX_MS, FILING_RETRY_BASE_MS * 2 ** (claimed.attempts - 1)),
          error: code,
        });
      }
    }
  };

  /**
   * Stores a file in a folder under the member's own folder (scan-ingest's `Legacy papers/<year>`), sharing the
   * member's folder as a case folder would. Idempotent by content, as every filing. The caller (scan-ingest)
   * has checked who may file and keeps its own index of what it filed.
   */
  const fileIntoMemberFolder = async (
    memberId: PersonId,
    subfolders: (owner: FolderOwner) => string[],
    request: Pick<UploadRequest, 'name' | 'contentType' | 'content' | 'signal'>,
  ): Promise<StoredFile> => {
    checkSize(request.content);
    const member = await directory.person(memberId);
    if (!member) throw new NotFoundError('member');
    const owner: FolderOwner = { id: memberId, name: member.displayName };
    const memberFolder = await store.ensureFolder(memberFolderSegments(owner));
    await deps.sharing?.want(memberFolder, memberId);
    const segments = subfolders(owner);
    const folder = await store.ensureFolder(segments);
    const name = fitFileName(rootPath, segments, safeName(checkName(request.name), 'file'));
    const put = await store.putFile(folder.id, {
      name,
      contentType: request.contentType,
      content: request.content,
      signal: request.signal,
    });
    return put.file;
  };

  const upload = async (actor: Actor, ref: CaseRef, request: UploadRequest): Promise<Filed> => {
    const c = await caseFor(actor, ref, 'file-document', 'document.upload');
    return fileInto(actor, c, request);
  };

  const list = async (actor: Actor, ref: CaseRef): Promise<CaseDocuments> => {
    const c = await caseFor(actor, ref, 'read-documents', 'document.list');
    const records = await index.listForCase(c.id);
    const seen = new Map<PersonId, string>();
    const items: DocumentView[] = [];
    for (const record of records) items.push(await view(record, seen));
    await audit.record(
      entry(actor, 'document.list', 'allowed', {
        caseId: c.id,
        caseRef: c.ref,
        detail: { returned: items.length },
      }),
    );
    return {
      items,
      canUpload: decide(actor.person, 'file-document', c).allowed,
      canRemove: decide(actor.person, 'remove-document', c).allowed,
    };
  };

  const open = async (actor: Actor, id: string): Promise<{ document: DocumentView; stream: Readable }> => {
    const { record, found } = await documentFor(actor, id, 'read-documents', 'document.download');
    const stream = await store.readFile(record.storeFileId);
    try {
      await audit.record(
        entry(actor, 'document.download', 'allowed', {
          caseId: found.id,
          caseRef: found.ref,
          detail: { documentId: record.id },
        }),
      );
      return { document: await view(record), stream };
    } catch (error) {
      // Not served (no audit entry, or no view): the file handle or Graph connection goes now, not at exit.
      stream.destroy();
      throw error;
    }
  };

  const remove = async (actor: Actor, id: string): Promise<DocumentView> => {
    const { record, found } = await documentFor(actor, id, 'remove-document', 'document.remove');
    const known = await index.caseFolder(found.id);
    const folder = known ? await store.folder(known.folderId) : null;
    const caseSegments = folder ? segmentsOf(folder) : caseFolderSegments(await ownerOf(found), found);
    const retained = await store.ensureFolder(retainedDeletedSegments(caseSegments));
    let retainedFileId: string;
    try {
      retainedFileId = (await store.moveFile(record.storeFileId, retained.id)).id;
    } catch (error) {
      // A removal that moved the file but stopped before recording it: the file is already retained.
      if (!(error instanceof DocumentStoreError && error.code === 'not-found')) throw error;
      const moved = (await store.listFiles(retained.id)).find((f) => f.sha256 === record.sha256);
      if (!moved) throw error;
      retainedFileId = moved.id;
    }
    const removed = await index.markRemoved(
      record.id,
      { at: clock.now().toISOString(), by: actor.person.id, retainedFileId },
      entry(actor, 'document.remove', 'allowed', {
        caseId: found.id,
        caseRef: found.ref,
        detail: { documentId: record.id },
      }),
    );
    if (!removed) throw new NotFoundError('document');
    return view(removed);
  };

  const search = async (
    actor: Actor,
    text: string,
    limit = 20,
  ): Promise<{ items: DocumentSearchResult[] }> => {
    const query = text.trim();
    if (query.length < SEARCH_TEXT_MIN || query.length > SEARCH_TEXT_MAX)
      throw new InvalidQueryError(`Search for ${SEARCH_TEXT_MIN} to ${SEARCH_TEXT_MAX} characters.`, [
        { path: 'q', message: `${SEARCH_TEXT_MIN} to ${SEARCH_TEXT_MAX} characters` },
      ]);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
      throw new InvalidQueryError(`A search returns 1 to ${MAX_SEARCH_LIMIT} documents.`, [
        { path: 'limit', message: `1 to ${MAX_SEARCH_LIMIT}` },
      ]);
    const scope = listScope(actor.person);
    const hits = await index.search(scope, query, limit);
    const seen = new Map<PersonId, string>();
    const items: DocumentSearchResult[] = [];
    for (const hit of hits)
      items.push({
        document: await view(hit.document, seen),
        caseRef: hit.document.caseRef,
        caseTitle: hit.caseTitle,
        snippet: hit.snippet,
      });
    // What was searched for may name a constituent: only its length is kept.
    await audit.record(
      entry(actor, 'document.search', 'allowed', {
        detail: { scope: scope.kind, queryLength: query.length, returned: items.map((i) => i.document.id) },
      }),
    );
    return { items };
  };

  const mailboxMessages = async (
    actor: Actor,
    userAssertion: string,
    top = 25,
  ): Promise<{ items: MailSummary[] }> => {
    if (!mailbox) throw new MailboxUnavailableError();
    const items = await mailbox.recent({ userAssertion }, top);
    await audit.record(entry(actor, 'mail.list', 'allowed', { detail: { returned: items.length } }));
    return { items };
  };

  const fileFromMailbox = async (
    actor: Actor,
    ref: CaseRef,
    messageId: string,
    userAssertion: string,
  ): Promise<Filed> => {
    if (!mailbox) throw new MailboxUnavailableError();
    const c = await caseFor(actor, ref, 'file-document', 'document.upload');
    if (messageId.length < 1 || messageId.length > MAX_MESSAGE_ID)
      throw new ValidationError('That is not a message id.', [
        { path: 'messageId', message: 'not a message id' },
      ]);
    let mime: Buffer;
    try {
      mime = await mailbox.mime({ userAssertion }, messageId);
    } catch (error) {
      if (error instanceof DocumentStoreError && error.code === 'not-found')
        throw new NotFoundError('message');
      throw error;
    }
    if (mime.length > maxBytes) throw new TooLargeError(maxBytes);
    const content = contentFromBuffer(mime);
    const extraction = await extractSafely('message.eml', 'message/rfc822', content);
    const date = extraction.email?.date
      ? londonDate(new Date(extraction.email.date))
      : londonDate(clock.now());
    // A subject can be any length; the name is cut to leave room for the date and extension (the store
    // shortens it further to fit the folder's path).
    const subject = (extraction.email?.subject.trim() || 'No subject').slice(0, 200);
    // Read with the person's own token, which is never stored: an interrupted filing of it is completed from
    // the store or given up (the message is still in their mailbox to file again).
    return fileInto(
      actor,
      c,
      { name: `${date} ${subject}.eml`, contentType: 'message/rfc822', content, kind: 'email' },
      { extraction, origin: 'mailbox' },
    );
  };

  /**
   * Refuses before any bytes are read: someone who may not file into the case (or may not know of it) gets
   * the same answer as `upload` would give, without streaming the file first. `upload` checks again.
   */
  const checkUpload = async (actor: Actor, ref: CaseRef, declaredBytes: number | null): Promise<void> => {
    await caseFor(actor, ref, 'file-document', 'document.upload');
    if (declaredBytes !== null && declaredBytes > maxBytes) throw new TooLargeError(maxBytes);
  };

  /**
   * Completes these filings in this process now, in order, if nobody holds them (a Teams message's record and
   * attachments, just recorded with the timeline entry). What does not finish here is finished by the
   * background work, on this instance or another.
   */
  const completeNow = async (ids: readonly string[]): Promise<void> => {
    const claimed = await journal.claim({ limit: Math.max(1, ids.length), leaseMs, ids });
    claimed.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    for (const filing of claimed) await completeClaimed(filing);
  };

  return {
    checkUpload,
    upload,
    completeClaimed,
    completeNow,
    fileIntoMemberFolder,
    list,
    open,
    remove,
    search,
    mailboxMessages,
    fileFromMailbox,
    /** Whether filing from the person's mailbox is available (Microsoft 365 mode with mail set up). */
    hasMailbox: mailbox !== undefined,
    maxBytes,
  };
};

export type Documents = ReturnType<typeof makeDocuments>;
