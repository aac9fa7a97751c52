import type { ListScope } from '../domain/access-policy';
import type { IsoInstant } from '../domain/case';
import type { CaseId, CaseRef, PersonId } from '../domain/ids';
import type { AuditEntryDraft } from './ports';

/**
 * The documents index port: what the database knows about case documents (the files themselves are in the
 * `DocumentStore`). One adapter, `PostgresDocumentIndex`, on PGlite and PostgreSQL alike.
 */

/** How a document came in: uploaded as a file, an e-mail (`.eml`, uploaded or from the mailbox), or a Teams message record. */
export type DocumentKind = 'file' | 'email' | 'message';
export const DOCUMENT_KINDS = ['file', 'email', 'message'] as const satisfies readonly DocumentKind[];

/** How the tab may show a document: PDFs and pictures inline, everything else downloaded. */
export type DocumentPreview = 'pdf' | 'image' | 'none';
export const DOCUMENT_PREVIEWS = ['pdf', 'image', 'none'] as const satisfies readonly DocumentPreview[];

/** What an e-mail's headers and body say, kept with the document so lists need not open the file. */
export interface EmailSummary {
  from: string;
  to: string[];
  subject: string;
  /** ISO instant from the Date header; null when there was none that could be read. */
  date: IsoInstant | null;
  /** The first characters of the plain-text body. */
  preview: string;
  /** How many attachments the message carries. */
  attachments: number;
}

/** A case's folder in the store, remembered by id so a renamed case keeps it. */
export interface CaseFolderRecord {
  caseId: CaseId;
  folderId: string;
  memberFolderId: string;
  /** The folder's path in the store when it was made, so filing into it needs no request to find it. */
  folderPath?: string | null | undefined;
}

export interface DocumentRecord {
  id: string;
  caseId: CaseId;
  caseRef: CaseRef;
  storeFileId: string;
  /** The name the file has in the store (after making it safe and resolving clashes). */
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  kind: DocumentKind;
  preview: DocumentPreview;
  email: EmailSummary | null;
  uploadedBy: PersonId;
  uploadedAt: IsoInstant;
  removedAt: IsoInstant | null;
  removedBy: PersonId | null;
  /** Where the removed file was moved to (the retained deleted items). */
  retainedFileId: string | null;
}

export interface NewDocument extends Omit<
  DocumentRecord,
  'caseRef' | 'removedAt' | 'removedBy' | 'retainedFileId'
> {
  /** Text to search by: a PDF's text layer, an e-mail's body and attachment names, a message's text. */
  text: string | null;
}

export interface DocumentSearchHit {
  document: DocumentRecord;
  caseTitle: string;
  /** Words around the match, plain text. */
  snippet: string;
}

export interface DocumentRemoval {
  at: IsoInstant;
  by: PersonId;
  retainedFileId: string;
}

export interface DocumentIndex {
  caseFolder(caseId: CaseId): Promise<CaseFolderRecord | null>;
  /**
   * Remembers the case's folder. The first record stays when two requests race (the store gave both the same
   * folder anyway); with `replace`, the record is overwritten (the folder had gone from the store).
   */
  saveCaseFolder(record: CaseFolderRecord, options?: { replace?: boolean }): Promise<CaseFolderRecord>;
  /** The case's document with this content that has not been removed, if any. */
  findByContent(caseId: CaseId, sha256: string): Promise<DocumentRecord | null>;
  /**
   * Adds the document with its audit entry, in one transaction. When the case already has a document with the
   * same content (a concurrent or repeated filing), that one is returned with `created: false`.
   */
  insert(
    document: NewDocument,
    audit: (outcome: { created: boolean; documentId: string }) => AuditEntryDraft,
    options?: {
      /** The journal's filing this insert completes: marked done in the same transaction. */
      filingId?: string | undefined;
    },
  ): Promise<{ document: DocumentRecord; created: boolean }>;
  /** The document (removed ones included), or null when there is none with this id. */
  get(id: string): Promise<DocumentRecord | null>;
  /** The case's documents that have not been removed, oldest first. */
  listForCase(caseId: CaseId): Promise<DocumentRecord[]>;
  /** Marks the document removed with its audit entry; null when it was already removed (or never was). */
  markRemoved(id: string, removal: DocumentRemoval, audit: AuditEntryDraft): Promise<DocumentRecord | null>;
  /**
   * Documents (not removed) whose name or text match `query` (words, "phrases", -exclusions), among the cases
   * `scope` may list, best match first.
   */
  search(scope: ListScope, query: string, limit: number): Promise<DocumentSearchHit[]>;
}
