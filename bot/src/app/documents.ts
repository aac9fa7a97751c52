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
} from './document-index';
import {
  contentFromBuffer,
  DocumentStoreError,
  type ContentSource,
  type DocumentStore,
  type Grantee,
  type StoredFolder,
} from './document-store';
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
  /** Shared (write) on every member's folder as well as the member: the support officers' group. */
  supportGroup?: Grantee | undefined;
  /** Share each member's folder with the member (default true). */
  shareMemberFolders?: boolean | undefined;
  /** Largest document accepted (default 200 MiB). */
  maxBytes?: number | undefined;
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
  const { cases, index, store, directory, audit, clock, extractText, mailbox, logger } = deps;
  const rootPath = deps.rootPath ?? '';
  const maxBytes = deps.maxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES;
  const shareMemberFolders = deps.shareMemberFolders ?? true;

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

  /** Shares a member's folder with the member and the support officers' group (idempotent in the store). */
  const shareFolder = async (folder: StoredFolder, c: Case): Promise<void> => {
    if (shareMemberFolders && c.memberId !== null) {
      const member = await directory.person(c.memberId);
      if (member)
        await store.grantAccess(folder.id, {
          grantee: {
            kind: 'user',
            objectId: member.oid,
            email: member.email,
            displayName: member.displayName,
          },
          role: 'write',
        });
    }
    if (deps.supportGroup) await store.grantAccess(folder.id, { grantee: deps.supportGroup, role: 'write' });
  };

  /**
   * The case's folder: the one remembered for it, or (the first time, or if it has gone from the store) the
   * one its layout names, created and remembered. A member's folder is shared when a case folder is made in
   * it, before the case folder is remembered, so a failed share is tried again next time.
   */
  const caseFolder = async (c: Case): Promise<{ folder: StoredFolder; segments: string[] }> => {
    const known = await index.caseFolder(c.id);
    if (known) {
      const folder = await store.folder(known.folderId);
      if (folder) return { folder, segments: segmentsOf(folder) };
      logger?.warn({ caseRef: c.ref }, 'case folder missing from the document store: making it again');
    }
    const owner = await ownerOf(c);
    const memberFolder = await store.ensureFolder(memberFolderSegments(owner));
    await shareFolder(memberFolder, c);
    const folder = await store.ensureFolder(caseFolderSegments(owner, c));
    const saved = await index.saveCaseFolder(
      { caseId: c.id, folderId: folder.id, memberFolderId: memberFolder.id },
      { replace: known !== null },
    );
    if (saved.folderId !== folder.id) {
      const theirs = await store.folder(saved.folderId);
      if (theirs) return { folder: theirs, segments: segmentsOf(theirs) };
    }
    return { folder, segments: segmentsOf(folder) };
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

  /** Files content into a case the person may file into (checked by the caller). */
  const fileInto = async (
    actor: Actor,
    c: Case,
    request: UploadRequest,
    options: { extraction?: Extraction; source?: string } = {},
  ): Promise<Filed> => {
    const given = checkName(request.name);
    checkSize(request.content);
    const recorded = (created: boolean, documentId: string, kind: DocumentKind) =>
      entry(actor, 'document.upload', 'allowed', {
        caseId: c.id,
        caseRef: c.ref,
        detail: {
          documentId,
          created,
          kind,
          size: request.content.size,
          ...(options.source ? { source: options.source } : {}),
        },
      });

    const existing = await index.findByContent(c.id, request.content.sha256);
    if (existing) {
      await audit.record(recorded(false, existing.id, existing.kind));
      return { document: await view(existing), created: false };
    }

    const { folder, segments } = await caseFolder(c);
    const name = fitFileName(rootPath, segments, safeName(given, 'file'));
    const sniffed = sniffPreview(await request.content.slice(0, 16));
    const contentType = sniffed.contentType ?? normaliseContentType(request.contentType, name);
    const kind = request.kind ?? (isEmail(name, contentType) ? 'email' : 'file');
    const put = await store.putFile(folder.id, {
      name,
      contentType,
      content: request.content,
      onProgress: request.onProgress,
      signal: request.signal,
    });
    const extraction =
      options.extraction ?? (await extractSafely(put.file.name, contentType, request.content));
    const { document, created } = await index.insert(
      {
        id: randomUUID(),
        caseId: c.id,
        storeFileId: put.file.id,
        name: put.file.name,
        contentType,
        size: request.content.size,
        sha256: request.content.sha256,
        kind,
        preview: sniffed.preview,
        email: kind === 'email' ? (extraction.email ?? null) : null,
        text: extraction.text,
        uploadedBy: actor.person.id,
        uploadedAt: clock.now().toISOString(),
      },
      ({ created: isNew, documentId }) => recorded(isNew, documentId, kind),
    );
    return { document: await view(document), created };
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
    return fileInto(
      actor,
      c,
      { name: `${date} ${subject}.eml`, contentType: 'message/rfc822', content, kind: 'email' },
      { extraction, source: 'mailbox' },
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

  return {
    checkUpload,
    upload,
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
