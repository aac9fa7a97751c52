import type { CoverSheet } from '../domain/ingest/cover-sheet';
import type { Suggestions } from '../domain/ingest/matching';
import type { RetentionDecision } from '../domain/ingest/retention';
import type { PageKind } from '../domain/ingest/stack-split';
import type { ScanKind } from '../domain/ingest/scan-files';
import type { IsoInstant } from '../domain/case';
import type { PersonId } from '../domain/ids';
import type { AuditEntryDraft } from './ports';
import type { OcrWord } from './ocr-engine';

/**
 * The scan-ingest store: batches, files, pages (the unit of work, claimed with a lease), documents, filed
 * legacy papers and the destruction log. One adapter, on PGlite and PostgreSQL alike (migration 010).
 */

export interface IngestBatch {
  id: string;
  label: string;
  memberId: PersonId | null;
  createdBy: PersonId;
  createdAt: IsoInstant;
}

/** One row of a print services manifest, for the file it names. */
export interface ManifestRow {
  file: string;
  memberId?: string | undefined;
  box?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  description?: string | undefined;
  retention?: RetentionDecision | undefined;
}

export type IngestFileStatus = 'queued' | 'refused' | 'duplicate' | 'unpacked' | 'done' | 'failed';

export interface IngestFile {
  id: string;
  batchId: string;
  /** The ZIP it came out of. */
  parentId: string | null;
  seq: number;
  name: string;
  size: number;
  sha256: string;
  kind: ScanKind | null;
  status: IngestFileStatus;
  code: string | null;
  reason: string | null;
  /** The first copy, for a duplicate. */
  duplicateOf: { fileId: string; batchId: string; name: string } | null;
  storeFileId: string | null;
  pageCount: number;
  manifest: ManifestRow | null;
  createdAt: IsoInstant;
}

/** A file to record; the store numbers it (`seq`) within its batch, in the order files are recorded. */
export type NewIngestFile = Omit<IngestFile, 'duplicateOf' | 'seq'> & { duplicateOf?: undefined };

export interface PageResult {
  kind: PageKind;
  cover: CoverSheet | null;
  rotation: number;
  width: number;
  height: number;
  confidence: number;
  text: string;
  words: OcrWord[];
  engine: string;
}

export interface IngestPage extends Partial<PageResult> {
  fileId: string;
  pageNo: number;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  error: string | null;
}

export interface ClaimedPage {
  fileId: string;
  pageNo: number;
  attempts: number;
  leaseToken: string;
  file: { storeFileId: string; kind: ScanKind; sha256: string; batchId: string };
}

export type IngestDocumentStatus = 'review' | 'queued' | 'filed' | 'destroyed' | 'failed';

export interface IngestDocument {
  id: string;
  batchId: string;
  fileId: string;
  fileName: string;
  seq: number;
  pages: number[];
  status: IngestDocumentStatus;
  cover: CoverSheet | null;
  suggestions: Suggestions;
  lowConfidencePages: number[];
  memberId: PersonId | null;
  caseRef: string | null;
  box: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  description: string | null;
  retention: RetentionDecision | null;
  decidedBy: PersonId | null;
  decidedAt: IsoInstant | null;
  attempts: number;
  error: string | null;
  filedAt: IsoInstant | null;
  createdAt: IsoInstant;
}

export type NewIngestDocument = Pick<
  IngestDocument,
  | 'id'
  | 'batchId'
  | 'fileId'
  | 'seq'
  | 'pages'
  | 'cover'
  | 'suggestions'
  | 'lowConfidencePages'
  | 'memberId'
  | 'caseRef'
  | 'box'
  | 'dateFrom'
  | 'dateTo'
  | 'description'
  | 'createdAt'
>;

export interface ClaimedDocument {
  document: IngestDocument;
  leaseToken: string;
}

export interface ReviewDecision {
  memberId: PersonId;
  caseRef: string | null;
  box: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  description: string;
  retention: RetentionDecision;
  decidedBy: PersonId;
  decidedAt: IsoInstant;
}

export interface LegacyPaper {
  id: string;
  ingestDocumentId: string;
  memberId: PersonId;
  caseRef: string | null;
  /** The case document, when filed into a case's folder (then read through the case's documents). */
  documentId: string | null;
  /** The file in the member's Legacy papers folder, when filed there. */
  storeFileId: string | null;
  name: string;
  size: number;
  sha256: string;
  pages: number;
  box: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  retention: RetentionDecision;
  filedBy: PersonId;
  filedAt: IsoInstant;
}

export type NewLegacyPaper = LegacyPaper & { text: string | null };

export interface LegacyPaperHit {
  paper: LegacyPaper;
  snippet: string;
}

/** Whose legacy papers a person may see: everyone's (support officers), their own (a councillor), or none. */
export type LegacyScope = { kind: 'all' } | { kind: 'member'; memberId: PersonId } | { kind: 'none' };

export interface DestructionRecord {
  ingestDocumentId: string;
  description: string;
  memberId: string | null;
  box: string | null;
  pages: number;
  sha256: string;
  decidedBy: PersonId;
  decidedAt: IsoInstant;
  reason: string;
}

export interface BatchProgress {
  batch: IngestBatch;
  files: (IngestFile & {
    pagesDone: number;
    pagesFailed: number;
    /** The pages that failed for good, each with its reason (a retry puts them back in the queue). */
    failedPages: { pageNo: number; reason: string }[];
  })[];
  pagesTotal: number;
  pagesDone: number;
  pagesFailed: number;
  /** When the last few pages finished, newest first, for the time-left estimate. */
  recentPageTimes: IsoInstant[];
  documents: Record<IngestDocumentStatus, number>;
}

export interface IngestStore {
  createBatch(batch: IngestBatch, audit: AuditEntryDraft): Promise<void>;
  batch(id: string): Promise<IngestBatch | null>;
  batches(limit: number): Promise<IngestBatch[]>;
  /** Replaces the batch's manifest (print services' CSV), applied to the files added after it. */
  setManifest(batchId: string, rows: readonly ManifestRow[], audit: AuditEntryDraft): Promise<void>;
  manifest(batchId: string): Promise<ManifestRow[]>;
  /**
   * Records a file. An accepted (`queued`) file is given its pages in the same transaction. When its content
   * is already recorded (any batch), it is recorded as a `duplicate` of that first copy instead.
   */
  addFile(file: NewIngestFile, audit: AuditEntryDraft): Promise<IngestFile>;
  file(id: string): Promise<IngestFile | null>;
  /** The file already ingested with this content, if any. */
  fileByContent(sha256: string): Promise<IngestFile | null>;
  progress(batchId: string): Promise<BatchProgress | null>;

  claimPages(limit: number, leaseMs: number): Promise<ClaimedPage[]>;
  completePage(claim: ClaimedPage, result: PageResult): Promise<boolean>;
  /** Back to the queue after `retryInMs`, or failed for good with its reason. */
  failPage(claim: ClaimedPage, error: string, retry: { inMs: number } | null): Promise<boolean>;
  /** Every page of the file, in order, once none is pending (null while some are). */
  finishedPages(fileId: string): Promise<IngestPage[] | null>;
  /** Records the documents a finished file splits into (once: a second call changes nothing) and marks it done. */
  addDocuments(fileId: string, documents: readonly NewIngestDocument[]): Promise<boolean>;
  /** Puts a file's failed pages back in the queue. */
  retryFile(fileId: string, audit: AuditEntryDraft): Promise<number>;
  page(fileId: string, pageNo: number): Promise<IngestPage | null>;

  documents(
    filter: { batchId?: string; status?: IngestDocumentStatus },
    limit: number,
  ): Promise<IngestDocument[]>;
  document(id: string): Promise<IngestDocument | null>;
  /**
   * Records the reviewer's decision, if the document is still awaiting review: queued for filing, or (destroy)
   * written to the destruction log. In one transaction with its audit entry.
   */
  decide(
    id: string,
    decision: ReviewDecision,
    destruction: DestructionRecord | null,
    audit: AuditEntryDraft,
  ): Promise<IngestDocument | null>;
  claimDocuments(limit: number, leaseMs: number): Promise<ClaimedDocument[]>;
  /** Records the filed paper and marks the document filed, while the lease holds. */
  completeFiling(claim: ClaimedDocument, paper: NewLegacyPaper, audit: AuditEntryDraft): Promise<boolean>;
  failFiling(claim: ClaimedDocument, error: string, retry: { inMs: number } | null): Promise<boolean>;
  retryDocument(id: string, audit: AuditEntryDraft): Promise<boolean>;

  legacyPaper(id: string): Promise<LegacyPaper | null>;
  legacyPapers(scope: LegacyScope, memberId: PersonId | null, limit: number): Promise<LegacyPaper[]>;
  searchLegacyPapers(scope: LegacyScope, query: string, limit: number): Promise<LegacyPaperHit[]>;
  destructionLog(): Promise<DestructionRecord[]>;
}
