import { randomUUID } from 'node:crypto';
import type { AuditEntryDraft, Database, Sql } from '../../app/ports';
import type {
  BatchProgress,
  ClaimedDocument,
  ClaimedPage,
  DestructionRecord,
  IngestBatch,
  IngestDocument,
  IngestDocumentStatus,
  IngestFile,
  IngestPage,
  IngestStore,
  LegacyPaper,
  LegacyPaperHit,
  LegacyScope,
  ManifestRow,
  NewIngestDocument,
  NewIngestFile,
  NewLegacyPaper,
  PageResult,
  ReviewDecision,
} from '../../app/ingest-store';
import type { OcrWord } from '../../app/ocr-engine';
import type { ScanKind } from '../../domain/ingest/scan-files';
import { insertAuditEntry } from './audit-rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ms = (value: number): number => Math.max(0, Math.round(value));
/** Text kept per page and per paper: far more than a letter holds, well inside tsvector's limit. */
const MAX_TEXT = 200_000;
const clean = (text: string | null): string | null =>
  text === null ? null : text.replaceAll('\u0000', ' ').slice(0, MAX_TEXT);

interface FileRow {
  id: string;
  batch_id: string;
  parent_id: string | null;
  seq: number;
  name: string;
  size: number;
  sha256: string;
  kind: ScanKind | null;
  status: IngestFile['status'];
  code: string | null;
  reason: string | null;
  duplicate_of: string | null;
  dup_batch_id: string | null;
  dup_name: string | null;
  store_file_id: string | null;
  page_count: number;
  manifest: IngestFile['manifest'];
  created_at: string;
}

const FILE_COLUMNS = `f.id, f.batch_id, f.parent_id, f.seq, f.name, f.size, f.sha256, f.kind, f.status, f.code, f.reason,
  f.duplicate_of, d.batch_id AS dup_batch_id, d.name AS dup_name, f.store_file_id, f.page_count, f.manifest, f.created_at`;
const FILE_FROM = `ingest_files f LEFT JOIN ingest_files d ON d.id = f.duplicate_of`;

const fileFromRow = (r: FileRow): IngestFile => ({
  id: r.id,
  batchId: r.batch_id,
  parentId: r.parent_id,
  seq: r.seq,
  name: r.name,
  size: Number(r.size),
  sha256: r.sha256,
  kind: r.kind,
  status: r.status,
  code: r.code,
  reason: r.reason,
  duplicateOf:
    r.duplicate_of && r.dup_batch_id
      ? { fileId: r.duplicate_of, batchId: r.dup_batch_id, name: r.dup_name ?? '' }
      : null,
  storeFileId: r.store_file_id,
  pageCount: r.page_count,
  manifest: r.manifest,
  createdAt: r.created_at,
});

interface BatchRow {
  id: string;
  label: string;
  member_id: string | null;
  created_by: string;
  created_at: string;
}
const batchFromRow = (r: BatchRow): IngestBatch => ({
  id: r.id,
  label: r.label,
  memberId: r.member_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

type CompactWord = [string, number, number, number, number, number];
const packWords = (words: readonly OcrWord[]): CompactWord[] =>
  words.map((w) => [w.text, Math.round(w.confidence), ...w.bbox]);
const unpackWords = (words: CompactWord[] | null): OcrWord[] | undefined =>
  words?.map(([text, confidence, x0, y0, x1, y1]) => ({ text, confidence, bbox: [x0, y0, x1, y1] }));

interface PageRow {
  file_id: string;
  page_no: number;
  status: IngestPage['status'];
  attempts: number;
  kind: IngestPage['kind'] | null;
  cover: IngestPage['cover'] | null;
  rotation: number;
  width: number | null;
  height: number | null;
  confidence: number | null;
  text: string | null;
  words: CompactWord[] | null;
  engine: string | null;
  error: string | null;
}
const pageFromRow = (r: PageRow): IngestPage => ({
  fileId: r.file_id,
  pageNo: r.page_no,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  ...(r.kind ? { kind: r.kind } : {}),
  cover: r.cover ?? null,
  rotation: r.rotation,
  ...(r.width !== null ? { width: r.width } : {}),
  ...(r.height !== null ? { height: r.height } : {}),
  ...(r.confidence !== null ? { confidence: r.confidence } : {}),
  ...(r.text !== null ? { text: r.text } : {}),
  ...(r.words ? { words: unpackWords(r.words) } : {}),
  ...(r.engine ? { engine: r.engine } : {}),
});

interface DocumentRow {
  id: string;
  batch_id: string;
  file_id: string;
  file_name: string;
  seq: number;
  pages: number[];
  status: IngestDocumentStatus;
  cover: IngestDocument['cover'];
  suggestions: IngestDocument['suggestions'];
  low_confidence: number[];
  member_id: string | null;
  case_ref: string | null;
  box: string | null;
  date_from: string | null;
  date_to: string | null;
  description: string | null;
  retention: IngestDocument['retention'];
  decided_by: string | null;
  decided_at: string | null;
  attempts: number;
  error: string | null;
  filed_at: string | null;
  created_at: string;
  lease_token?: string;
}
const DOC_COLUMNS = `d.id, d.batch_id, d.file_id, f.name AS file_name, d.seq, d.pages, d.status, d.cover, d.suggestions,
  d.low_confidence, d.member_id, d.case_ref, d.box, to_char(d.date_from, 'YYYY-MM-DD') AS date_from,
  to_char(d.date_to, 'YYYY-MM-DD') AS date_to, d.description, d.retention, d.decided_by, d.decided_at, d.attempts,
  d.error, d.filed_at, d.created_at`;
const docFromRow = (r: DocumentRow): IngestDocument => ({
  id: r.id,
  batchId: r.batch_id,
  fileId: r.file_id,
  fileName: r.file_name,
  seq: r.seq,
  pages: r.pages,
  status: r.status,
  cover: r.cover,
  suggestions: r.suggestions,
  lowConfidencePages: r.low_confidence,
  memberId: r.member_id,
  caseRef: r.case_ref,
  box: r.box,
  dateFrom: r.date_from,
  dateTo: r.date_to,
  description: r.description,
  retention: r.retention,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  attempts: r.attempts,
  error: r.error,
  filedAt: r.filed_at,
  createdAt: r.created_at,
});

interface PaperRow {
  id: string;
  ingest_document_id: string;
  member_id: string;
  case_ref: string | null;
  document_id: string | null;
  store_file_id: string | null;
  name: string;
  size: number;
  sha256: string;
  pages: number;
  box: string | null;
  date_from: string | null;
  date_to: string | null;
  retention: LegacyPaper['retention'];
  filed_by: string;
  filed_at: string;
}
const PAPER_COLUMNS = `p.id, p.ingest_document_id, p.member_id, p.case_ref, p.document_id, p.store_file_id, p.name, p.size,
  p.sha256, p.pages, p.box, to_char(p.date_from, 'YYYY-MM-DD') AS date_from, to_char(p.date_to, 'YYYY-MM-DD') AS date_to,
  p.retention, p.filed_by, p.filed_at`;
const paperFromRow = (r: PaperRow): LegacyPaper => ({
  id: r.id,
  ingestDocumentId: r.ingest_document_id,
  memberId: r.member_id,
  caseRef: r.case_ref,
  documentId: r.document_id,
  storeFileId: r.store_file_id,
  name: r.name,
  size: Number(r.size),
  sha256: r.sha256,
  pages: r.pages,
  box: r.box,
  dateFrom: r.date_from,
  dateTo: r.date_to,
  retention: r.retention,
  filedBy: r.filed_by,
  filedAt: r.filed_at,
});

const scopeWhere = (scope: LegacyScope, params: unknown[]): string => {
  if (scope.kind === 'all') return 'true';
  if (scope.kind === 'none') return 'false';
  params.push(scope.memberId);
  return `p.member_id = $${params.length}::text`;
};

const fileById = async (sql: Sql, id: string): Promise<IngestFile | null> => {
  if (!UUID.test(id)) return null;
  const { rows } = await sql.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE f.id = $1::uuid`,
    [id],
  );
  return rows[0] ? fileFromRow(rows[0]) : null;
};

const documentById = async (sql: Sql, id: string): Promise<IngestDocument | null> => {
  if (!UUID.test(id)) return null;
  const { rows } = await sql.query<DocumentRow>(
    `SELECT ${DOC_COLUMNS} FROM ingest_documents d JOIN ingest_files f ON f.id = d.file_id WHERE d.id = $1::uuid`,
    [id],
  );
  return rows[0] ? docFromRow(rows[0]) : null;
};

/** Scan-ingest's durable state on PostgreSQL or PGlite (same SQL). Leases use the database's clock. */
export class PostgresIngestStore implements IngestStore {
  constructor(private readonly db: Database) {}

  createBatch(batch: IngestBatch, audit: AuditEntryDraft): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ingest_batches (id, label, member_id, created_by, created_at)
         VALUES ($1::uuid, $2::text, $3::text, $4::text, $5::timestamptz)`,
        [batch.id, batch.label, batch.memberId, batch.createdBy, batch.createdAt],
      );
      await insertAuditEntry(tx, audit);
    });
  }

  async batch(id: string): Promise<IngestBatch | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<BatchRow>(
      `SELECT id, label, member_id, created_by, created_at FROM ingest_batches WHERE id = $1::uuid`,
      [id],
    );
    return rows[0] ? batchFromRow(rows[0]) : null;
  }

  async batches(limit: number): Promise<IngestBatch[]> {
    const { rows } = await this.db.query<BatchRow>(
      `SELECT id, label, member_id, created_by, created_at FROM ingest_batches ORDER BY created_at DESC, id LIMIT $1::integer`,
      [limit],
    );
    return rows.map(batchFromRow);
  }

  setManifest(batchId: string, rows: readonly ManifestRow[], audit: AuditEntryDraft): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(`UPDATE ingest_batches SET manifest = $2::jsonb WHERE id = $1::uuid`, [
        batchId,
        JSON.stringify(rows),
      ]);
      await insertAuditEntry(tx, audit);
    });
  }

  async manifest(batchId: string): Promise<ManifestRow[]> {
    if (!UUID.test(batchId)) return [];
    const { rows } = await this.db.query<{ manifest: ManifestRow[] | null }>(
      `SELECT manifest FROM ingest_batches WHERE id = $1::uuid`,
      [batchId],
    );
    return rows[0]?.manifest ?? [];
  }

  addFile(file: NewIngestFile, audit: AuditEntryDraft): Promise<IngestFile> {
    return this.db.transaction(async (tx) => {
      // Files handed in to one batch at once (two officers, two windows) are numbered one after the other: the
      // batch's row is locked until this file is recorded, so no two get the same number.
      await tx.query(`SELECT id FROM ingest_batches WHERE id = $1::uuid FOR UPDATE`, [file.batchId]);
      const { rows: next } = await tx.query<{ n: number }>(
        `SELECT coalesce(max(seq), 0) + 1 AS n FROM ingest_files WHERE batch_id = $1::uuid`,
        [file.batchId],
      );
      const seq = next[0]?.n ?? 1;
      const insert = (status: IngestFile['status'], duplicateOf: string | null) =>
        tx.query<{ id: string }>(
          `INSERT INTO ingest_files (id, batch_id, parent_id, seq, name, size, sha256, kind, status, code, reason,
                                     duplicate_of, store_file_id, page_count, manifest, created_at)
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::integer, $5::text, $6::bigint, $7::text, $8::text, $9::text,
                   $10::text, $11::text, $12::uuid, $13::text, $14::integer, $15::jsonb, $16::timestamptz)
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            file.id,
            file.batchId,
            file.parentId,
            seq,
            file.name,
            file.size,
            file.sha256,
            file.kind,
            status,
            status === 'duplicate' ? 'duplicate' : file.code,
            status === 'duplicate' ? 'Already ingested: this is a copy of a file filed before.' : file.reason,
            duplicateOf,
            status === 'duplicate' ? null : file.storeFileId,
            status === 'duplicate' ? 0 : file.pageCount,
            file.manifest === null ? null : JSON.stringify(file.manifest),
            file.createdAt,
          ],
        );
      const first = async () =>
        (
          await tx.query<{ id: string }>(
            `SELECT id FROM ingest_files WHERE sha256 = $1::text AND status NOT IN ('refused', 'duplicate')`,
            [file.sha256],
          )
        ).rows[0]?.id ?? null;
      const inserted = await insert(file.status, file.status === 'duplicate' ? await first() : null);
      if (inserted.rows.length === 0) {
        // The content is already recorded (another batch, or a concurrent upload of the same bytes).
        const firstId = await first();
        if (!firstId) throw new Error('The file was neither recorded nor found by its content.');
        await insert('duplicate', firstId);
        await insertAuditEntry(tx, {
          ...audit,
          detail: { ...audit.detail, status: 'duplicate', duplicateOf: firstId },
        });
      } else {
        if (file.status === 'queued' && file.pageCount > 0)
          await tx.query(
            `INSERT INTO ingest_pages (file_id, page_no) SELECT $1::uuid, n FROM generate_series(1, $2::integer) n`,
            [file.id, file.pageCount],
          );
        await insertAuditEntry(tx, audit);
      }
      const stored = await fileById(tx, file.id);
      if (!stored) throw new Error('The file was recorded but cannot be read back.');
      return stored;
    });
  }

  file(id: string): Promise<IngestFile | null> {
    return fileById(this.db, id);
  }

  async fileByContent(sha256: string): Promise<IngestFile | null> {
    const { rows } = await this.db.query<FileRow>(
      `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE f.sha256 = $1::text AND f.status NOT IN ('refused', 'duplicate')`,
      [sha256],
    );
    return rows[0] ? fileFromRow(rows[0]) : null;
  }

  async progress(batchId: string): Promise<BatchProgress | null> {
    const batch = await this.batch(batchId);
    if (!batch) return null;
    const files = await this.db.query<FileRow & { pages_done: number; pages_failed: number }>(
      `SELECT ${FILE_COLUMNS},
              (SELECT count(*) FROM ingest_pages p WHERE p.file_id = f.id AND p.status = 'done')::integer AS pages_done,
              (SELECT count(*) FROM ingest_pages p WHERE p.file_id = f.id AND p.status = 'failed')::integer AS pages_failed
         FROM ${FILE_FROM} WHERE f.batch_id = $1::uuid ORDER BY f.seq`,
      [batchId],
    );
    const recent = await this.db.query<{ done_at: string }>(
      `SELECT p.done_at FROM ingest_pages p JOIN ingest_files f ON f.id = p.file_id
        WHERE f.batch_id = $1::uuid AND p.status = 'done' ORDER BY p.done_at DESC LIMIT 20`,
      [batchId],
    );
    const failed = await this.db.query<{ file_id: string; page_no: number; error: string | null }>(
      `SELECT p.file_id, p.page_no, p.error FROM ingest_pages p JOIN ingest_files f ON f.id = p.file_id
        WHERE f.batch_id = $1::uuid AND p.status = 'failed' ORDER BY p.file_id, p.page_no`,
      [batchId],
    );
    const docs = await this.db.query<{ status: IngestDocumentStatus; n: number }>(
      `SELECT status, count(*)::integer AS n FROM ingest_documents WHERE batch_id = $1::uuid GROUP BY status`,
      [batchId],
    );
    const documents: Record<IngestDocumentStatus, number> = {
      review: 0,
      queued: 0,
      filed: 0,
      destroyed: 0,
      failed: 0,
    };
    for (const d of docs.rows) documents[d.status] = d.n;
    const list = files.rows.map((r) => ({
      ...fileFromRow(r),
      pagesDone: r.pages_done,
      pagesFailed: r.pages_failed,
      failedPages: failed.rows
        .filter((p) => p.file_id === r.id)
        .map((p) => ({ pageNo: p.page_no, reason: p.error ?? 'The page could not be read.' })),
    }));
    return {
      batch,
      files: list,
      pagesTotal: list.reduce(
        (n, f) => n + (f.status === 'duplicate' || f.status === 'refused' ? 0 : f.pageCount),
        0,
      ),
      pagesDone: list.reduce((n, f) => n + f.pagesDone, 0),
      pagesFailed: list.reduce((n, f) => n + f.pagesFailed, 0),
      recentPageTimes: recent.rows.map((r) => r.done_at),
      documents,
    };
  }

  async claimPages(limit: number, leaseMs: number): Promise<ClaimedPage[]> {
    const { rows } = await this.db.query<{
      file_id: string;
      page_no: number;
      attempts: number;
      lease_token: string;
      store_file_id: string;
      kind: ScanKind;
      sha256: string;
      batch_id: string;
    }>(
      `WITH due AS MATERIALIZED (
         SELECT p.file_id, p.page_no FROM ingest_pages p
          WHERE p.status = 'pending' AND p.not_before <= now() AND (p.lease_until IS NULL OR p.lease_until < now())
          ORDER BY p.not_before, p.file_id, p.page_no
          LIMIT $1::integer
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE ingest_pages p
            SET lease_until = now() + $2::bigint * interval '1 millisecond', lease_token = $3::uuid,
                attempts = p.attempts + 1
           FROM due WHERE p.file_id = due.file_id AND p.page_no = due.page_no
         RETURNING p.file_id, p.page_no, p.attempts, p.lease_token
       )
       SELECT c.file_id, c.page_no, c.attempts, c.lease_token, f.store_file_id, f.kind, f.sha256, f.batch_id
         FROM claimed c JOIN ingest_files f ON f.id = c.file_id
        ORDER BY c.file_id, c.page_no`,
      [limit, ms(leaseMs), randomUUID()],
    );
    return rows.map((r) => ({
      fileId: r.file_id,
      pageNo: r.page_no,
      attempts: r.attempts,
      leaseToken: r.lease_token,
      file: { storeFileId: r.store_file_id, kind: r.kind, sha256: r.sha256, batchId: r.batch_id },
    }));
  }

  async completePage(claim: ClaimedPage, result: PageResult): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE ingest_pages SET status = 'done', lease_until = NULL, lease_token = NULL, kind = $4::text,
              cover = $5::jsonb, rotation = $6::integer, width = $7::integer, height = $8::integer,
              confidence = $9::real, text = $10::text, words = $11::jsonb, engine = $12::text, error = NULL,
              done_at = now()
        WHERE file_id = $1::uuid AND page_no = $2::integer AND lease_token = $3::uuid AND status = 'pending'
        RETURNING page_no`,
      [
        claim.fileId,
        claim.pageNo,
        claim.leaseToken,
        result.kind,
        result.cover === null ? null : JSON.stringify(result.cover),
        result.rotation,
        result.width,
        result.height,
        result.confidence,
        clean(result.text),
        JSON.stringify(packWords(result.words)),
        result.engine,
      ],
    );
    return rows.length === 1;
  }

  async failPage(claim: ClaimedPage, error: string, retry: { inMs: number } | null): Promise<boolean> {
    const { rows } = await this.db.query(
      retry
        ? `UPDATE ingest_pages SET lease_until = NULL, lease_token = NULL, error = $4::text,
                  not_before = now() + $5::bigint * interval '1 millisecond'
            WHERE file_id = $1::uuid AND page_no = $2::integer AND lease_token = $3::uuid AND status = 'pending'
            RETURNING page_no`
        : `UPDATE ingest_pages SET status = 'failed', lease_until = NULL, lease_token = NULL, error = $4::text
            WHERE file_id = $1::uuid AND page_no = $2::integer AND lease_token = $3::uuid AND status = 'pending'
            RETURNING page_no`,
      retry
        ? [claim.fileId, claim.pageNo, claim.leaseToken, error, ms(retry.inMs)]
        : [claim.fileId, claim.pageNo, claim.leaseToken, error],
    );
    if (rows.length === 1 && !retry)
      await this.db.query(
        `UPDATE ingest_files SET status = 'failed' WHERE id = $1::uuid AND status = 'queued'`,
        [claim.fileId],
      );
    return rows.length === 1;
  }

  async finishedPages(fileId: string): Promise<IngestPage[] | null> {
    const { rows } = await this.db.query<PageRow>(
      `SELECT file_id, page_no, status, attempts, kind, cover, rotation, width, height, confidence, text, words,
              engine, error
         FROM ingest_pages WHERE file_id = $1::uuid ORDER BY page_no`,
      [fileId],
    );
    if (rows.some((r) => r.status === 'pending')) return null;
    return rows.map(pageFromRow);
  }

  async page(fileId: string, pageNo: number): Promise<IngestPage | null> {
    if (!UUID.test(fileId)) return null;
    const { rows } = await this.db.query<PageRow>(
      `SELECT file_id, page_no, status, attempts, kind, cover, rotation, width, height, confidence, text, words,
              engine, error
         FROM ingest_pages WHERE file_id = $1::uuid AND page_no = $2::integer`,
      [fileId, pageNo],
    );
    return rows[0] ? pageFromRow(rows[0]) : null;
  }

  addDocuments(fileId: string, documents: readonly NewIngestDocument[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE ingest_files SET status = 'done' WHERE id = $1::uuid AND status IN ('queued', 'failed') RETURNING id`,
        [fileId],
      );
      if (rows.length === 0) return false;
      for (const d of documents)
        await tx.query(
          `INSERT INTO ingest_documents (id, batch_id, file_id, seq, pages, status, cover, suggestions, low_confidence,
                                         member_id, case_ref, box, date_from, date_to, description, created_at)
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::integer, $5::integer[], 'review', $6::jsonb, $7::jsonb,
                   $8::integer[], $9::text, $10::text, $11::text, $12::date, $13::date, $14::text, $15::timestamptz)
           ON CONFLICT (file_id, seq) DO NOTHING`,
          [
            d.id,
            d.batchId,
            d.fileId,
            d.seq,
            d.pages,
            d.cover === null ? null : JSON.stringify(d.cover),
            JSON.stringify(d.suggestions),
            d.lowConfidencePages,
            d.memberId,
            d.caseRef,
            d.box,
            d.dateFrom,
            d.dateTo,
            d.description,
            d.createdAt,
          ],
        );
      return true;
    });
  }

  retryFile(fileId: string, audit: AuditEntryDraft): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE ingest_pages SET status = 'pending', error = NULL, attempts = 0, not_before = now()
          WHERE file_id = $1::uuid AND status = 'failed' RETURNING page_no`,
        [fileId],
      );
      if (rows.length > 0) {
        await tx.query(
          `UPDATE ingest_files SET status = 'queued' WHERE id = $1::uuid AND status = 'failed'`,
          [fileId],
        );
        await insertAuditEntry(tx, audit);
      }
      return rows.length;
    });
  }

  async documents(
    filter: { batchId?: string; status?: IngestDocumentStatus },
    limit: number,
  ): Promise<IngestDocument[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.batchId !== undefined) {
      if (!UUID.test(filter.batchId)) return [];
      params.push(filter.batchId);
      where.push(`d.batch_id = $${params.length}::uuid`);
    }
    if (filter.status !== undefined) {
      params.push(filter.status);
      where.push(`d.status = $${params.length}::text`);
    }
    params.push(limit);
    const { rows } = await this.db.query<DocumentRow>(
      `SELECT ${DOC_COLUMNS} FROM ingest_documents d JOIN ingest_files f ON f.id = d.file_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.created_at, f.seq, d.seq LIMIT $${params.length}::integer`,
      params,
    );
    return rows.map(docFromRow);
  }

  document(id: string): Promise<IngestDocument | null> {
    return documentById(this.db, id);
  }

  decide(
    id: string,
    decision: ReviewDecision,
    destruction: DestructionRecord | null,
    audit: AuditEntryDraft,
  ): Promise<IngestDocument | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE ingest_documents
            SET status = $2::text, member_id = $3::text, case_ref = $4::text, box = $5::text, date_from = $6::date,
                date_to = $7::date, description = $8::text, retention = $9::jsonb, decided_by = $10::text,
                decided_at = $11::timestamptz, not_before = now(), attempts = 0, error = NULL
          WHERE id = $1::uuid AND status = 'review' RETURNING id`,
        [
          id,
          destruction ? 'destroyed' : 'queued',
          decision.memberId,
          decision.caseRef,
          decision.box,
          decision.dateFrom,
          decision.dateTo,
          decision.description,
          JSON.stringify(decision.retention),
          decision.decidedBy,
          decision.decidedAt,
        ],
      );
      if (rows.length === 0) return null;
      if (destruction)
        await tx.query(
          `INSERT INTO destruction_log (ingest_document_id, description, member_id, box, pages, sha256, decided_by,
                                        decided_at, reason)
           VALUES ($1::uuid, $2::text, $3::text, $4::text, $5::integer, $6::text, $7::text, $8::timestamptz, $9::text)`,
          [
            destruction.ingestDocumentId,
            destruction.description,
            destruction.memberId,
            destruction.box,
            destruction.pages,
            destruction.sha256,
            destruction.decidedBy,
            destruction.decidedAt,
            destruction.reason,
          ],
        );
      await insertAuditEntry(tx, audit);
      return documentById(tx, id);
    });
  }

  async claimDocuments(limit: number, leaseMs: number): Promise<ClaimedDocument[]> {
    const { rows } = await this.db.query<{ id: string; lease_token: string }>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM ingest_documents
          WHERE status = 'queued' AND not_before <= now() AND (lease_until IS NULL OR lease_until < now())
          ORDER BY not_before, id LIMIT $1::integer FOR UPDATE SKIP LOCKED
       )
       UPDATE ingest_documents d
          SET lease_until = now() + $2::bigint * interval '1 millisecond', lease_token = $3::uuid, attempts = d.attempts + 1
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.lease_token`,
      [limit, ms(leaseMs), randomUUID()],
    );
    const claimed: ClaimedDocument[] = [];
    for (const r of rows) {
      const document = await documentById(this.db, r.id);
      if (document) claimed.push({ document, leaseToken: r.lease_token });
    }
    return claimed;
  }

  completeFiling(claim: ClaimedDocument, paper: NewLegacyPaper, audit: AuditEntryDraft): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE ingest_documents SET status = 'filed', filed_at = $3::timestamptz, lease_until = NULL, lease_token = NULL,
                error = NULL
          WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'queued' RETURNING id`,
        [claim.document.id, claim.leaseToken, paper.filedAt],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `INSERT INTO legacy_papers (id, ingest_document_id, member_id, case_ref, document_id, store_file_id, name, size,
                                    sha256, pages, box, date_from, date_to, retention, text, filed_by, filed_at)
         VALUES ($1::uuid, $2::uuid, $3::text, $4::text, $5::uuid, $6::text, $7::text, $8::bigint, $9::text,
                 $10::integer, $11::text, $12::date, $13::date, $14::jsonb, $15::text, $16::text, $17::timestamptz)`,
        [
          paper.id,
          paper.ingestDocumentId,
          paper.memberId,
          paper.caseRef,
          paper.documentId,
          paper.storeFileId,
          paper.name,
          paper.size,
          paper.sha256,
          paper.pages,
          paper.box,
          paper.dateFrom,
          paper.dateTo,
          JSON.stringify(paper.retention),
          clean(paper.text),
          paper.filedBy,
          paper.filedAt,
        ],
      );
      await insertAuditEntry(tx, audit);
      return true;
    });
  }

  async failFiling(claim: ClaimedDocument, error: string, retry: { inMs: number } | null): Promise<boolean> {
    const { rows } = await this.db.query(
      retry
        ? `UPDATE ingest_documents SET lease_until = NULL, lease_token = NULL, error = $3::text,
                  not_before = now() + $4::bigint * interval '1 millisecond'
            WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'queued' RETURNING id`
        : `UPDATE ingest_documents SET status = 'failed', lease_until = NULL, lease_token = NULL, error = $3::text
            WHERE id = $1::uuid AND lease_token = $2::uuid AND status = 'queued' RETURNING id`,
      retry
        ? [claim.document.id, claim.leaseToken, error, ms(retry.inMs)]
        : [claim.document.id, claim.leaseToken, error],
    );
    return rows.length === 1;
  }

  retryDocument(id: string, audit: AuditEntryDraft): Promise<boolean> {
    if (!UUID.test(id)) return Promise.resolve(false);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE ingest_documents SET status = 'queued', attempts = 0, error = NULL, not_before = now()
          WHERE id = $1::uuid AND status = 'failed' RETURNING id`,
        [id],
      );
      if (rows.length === 0) return false;
      await insertAuditEntry(tx, audit);
      return true;
    });
  }

  async legacyPaper(id: string): Promise<LegacyPaper | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<PaperRow>(
      `SELECT ${PAPER_COLUMNS} FROM legacy_papers p WHERE p.id = $1::uuid`,
      [id],
    );
    return rows[0] ? paperFromRow(rows[0]) : null;
  }

  async legacyPapers(scope: LegacyScope, memberId: string | null, limit: number): Promise<LegacyPaper[]> {
    const params: unknown[] = [];
    const where = [scopeWhere(scope, params)];
    if (memberId !== null) {
      params.push(memberId);
      where.push(`p.member_id = $${params.length}::text`);
    }
    params.push(limit);
    const { rows } = await this.db.query<PaperRow>(
      `SELECT ${PAPER_COLUMNS} FROM legacy_papers p WHERE ${where.join(' AND ')}
        ORDER BY p.filed_at DESC, p.id LIMIT $${params.length}::integer`,
      params,
    );
    return rows.map(paperFromRow);
  }

  async searchLegacyPapers(scope: LegacyScope, query: string, limit: number): Promise<LegacyPaperHit[]> {
    if (scope.kind === 'none') return [];
    const params: unknown[] = [query];
    const where = scopeWhere(scope, params);
    params.push(limit);
    const { rows } = await this.db.query<PaperRow & { snippet: string | null }>(
      `SELECT ${PAPER_COLUMNS},
              ts_headline('english', left(coalesce(p.text, p.name), 20000), websearch_to_tsquery('english', $1::text),
                          'StartSel="", StopSel="", MaxWords=25, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
         FROM legacy_papers p
        WHERE p.search @@ websearch_to_tsquery('english', $1::text) AND ${where}
        ORDER BY ts_rank(p.search, websearch_to_tsquery('english', $1::text)) DESC, p.filed_at DESC, p.id
        LIMIT $${params.length}::integer`,
      params,
    );
    return rows.map((r) => ({
      paper: paperFromRow(r),
      snippet: (r.snippet ?? '').replace(/\s+/g, ' ').trim(),
    }));
  }

  async destructionLog(): Promise<DestructionRecord[]> {
    const { rows } = await this.db.query<{
      ingest_document_id: string;
      description: string;
      member_id: string | null;
      box: string | null;
      pages: number;
      sha256: string;
      decided_by: string;
      decided_at: string;
      reason: string;
    }>(`SELECT * FROM destruction_log ORDER BY id`);
    return rows.map((r) => ({
      ingestDocumentId: r.ingest_document_id,
      description: r.description,
      memberId: r.member_id,
      box: r.box,
      pages: r.pages,
      sha256: r.sha256,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      reason: r.reason,
    }));
  }
}
