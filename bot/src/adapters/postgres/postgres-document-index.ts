import type {
  CaseFolderRecord,
  DocumentIndex,
  DocumentKind,
  DocumentPreview,
  DocumentRecord,
  DocumentRemoval,
  DocumentSearchHit,
  EmailSummary,
  NewDocument,
} from '../../app/document-index';
import type { AuditEntryDraft, Database, Sql } from '../../app/ports';
import type { ListScope } from '../../domain/access-policy';
import type { CaseId } from '../../domain/ids';
import { insertAuditEntry } from './audit-rows';
import { finishFiling } from './postgres-filing-journal';
import { appendCaseEvent, Params, scopeConditions } from './postgres-case-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest extracted text kept for search: far more than any snippet needs, and well inside tsvector's 1 MB. */
export const MAX_INDEXED_TEXT = 200_000;
/** Most search results in one answer. */
export const MAX_SEARCH_RESULTS = 100;

interface DocumentRow {
  id: string;
  case_id: string;
  case_ref: string;
  store_file_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  kind: DocumentKind;
  preview: DocumentPreview;
  email: EmailSummary | null;
  uploaded_by: string;
  uploaded_at: string;
  removed_at: string | null;
  removed_by: string | null;
  retained_file_id: string | null;
}

/** The row's columns, from `documents d` joined to `cases c` (for the reference). */
const COLUMNS = `d.id, d.case_id, c.ref AS case_ref, d.store_file_id, d.name, d.content_type, d.size, d.sha256,
  d.kind, d.preview, d.email, d.uploaded_by, d.uploaded_at, d.removed_at, d.removed_by, d.retained_file_id`;

const fromRow = (row: DocumentRow): DocumentRecord => ({
  id: row.id,
  caseId: row.case_id,
  caseRef: row.case_ref,
  storeFileId: row.store_file_id,
  name: row.name,
  contentType: row.content_type,
  size: row.size,
  sha256: row.sha256,
  kind: row.kind,
  preview: row.preview,
  email: row.email,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
  removedAt: row.removed_at,
  removedBy: row.removed_by,
  retainedFileId: row.retained_file_id,
});

/**
 * Drops what PostgreSQL cannot store in text (NUL) and cuts to MAX_INDEXED_TEXT without splitting a
 * surrogate pair.
 */
const indexableText = (text: string | null): string | null => {
  if (text === null) return null;
  let cleaned = text.replaceAll('\u0000', ' ');
  if (cleaned.length > MAX_INDEXED_TEXT) {
    const end = /[\ud800-\udbff]/.test(cleaned.charAt(MAX_INDEXED_TEXT - 1))
      ? MAX_INDEXED_TEXT - 1
      : MAX_INDEXED_TEXT;
    cleaned = cleaned.slice(0, end);
  }
  return cleaned.trim() === '' ? null : cleaned;
};

interface CaseFolderRow {
  case_id: string;
  folder_id: string;
  member_folder_id: string;
  folder_path: string | null;
}
const FOLDER_COLUMNS = 'case_id, folder_id, member_folder_id, folder_path';
const folderFromRow = (row: CaseFolderRow): CaseFolderRecord => ({
  caseId: row.case_id,
  folderId: row.folder_id,
  memberFolderId: row.member_folder_id,
  folderPath: row.folder_path,
});

const byId = async (sql: Sql, id: string): Promise<DocumentRecord | null> => {
  if (!UUID.test(id)) return null;
  const { rows } = await sql.query<DocumentRow>(
    `SELECT ${COLUMNS} FROM documents d JOIN cases c ON c.id = d.case_id WHERE d.id = $1::uuid`,
    [id],
  );
  const row = rows[0];
  return row ? fromRow(row) : null;
};

const byContent = async (sql: Sql, caseId: CaseId, sha256: string): Promise<DocumentRecord | null> => {
  const { rows } = await sql.query<DocumentRow>(
    `SELECT ${COLUMNS} FROM documents d JOIN cases c ON c.id = d.case_id
      WHERE d.case_id = $1::uuid AND d.sha256 = $2::text AND d.removed_at IS NULL`,
    [caseId, sha256],
  );
  const row = rows[0];
  return row ? fromRow(row) : null;
};

/** The documents index on PostgreSQL or PGlite (same SQL). See docs/storage.md, migration 005. */
export class PostgresDocumentIndex implements DocumentIndex {
  constructor(private readonly db: Database) {}

  async caseFolder(caseId: CaseId): Promise<CaseFolderRecord | null> {
    if (!UUID.test(caseId)) return null;
    const { rows } = await this.db.query<CaseFolderRow>(
      `SELECT ${FOLDER_COLUMNS} FROM case_folders WHERE case_id = $1::uuid`,
      [caseId],
    );
    const row = rows[0];
    return row ? folderFromRow(row) : null;
  }

  async saveCaseFolder(
    record: CaseFolderRecord,
    options: { replace?: boolean } = {},
  ): Promise<CaseFolderRecord> {
    const { rows } = await this.db.query<CaseFolderRow>(
      `INSERT INTO case_folders (case_id, folder_id, member_folder_id, folder_path)
       VALUES ($1::uuid, $2::text, $3::text, $4::text)
       ON CONFLICT (case_id) DO ${
         options.replace
           ? `UPDATE SET folder_id = EXCLUDED.folder_id, member_folder_id = EXCLUDED.member_folder_id,
                         folder_path = EXCLUDED.folder_path`
           : 'NOTHING'
       }
       RETURNING ${FOLDER_COLUMNS}`,
      [record.caseId, record.folderId, record.memberFolderId, record.folderPath ?? null],
    );
    const row = rows[0];
    if (row) return folderFromRow(row);
    // Another request remembered the folder first: theirs stands.
    const existing = await this.caseFolder(record.caseId);
    if (!existing) throw new Error('The case folder record vanished while it was being saved.');
    return existing;
  }

  findByContent(caseId: CaseId, sha256: string): Promise<DocumentRecord | null> {
    if (!UUID.test(caseId)) return Promise.resolve(null);
    return byContent(this.db, caseId, sha256);
  }

  insert(
    document: NewDocument,
    audit: (outcome: { created: boolean; documentId: string }) => AuditEntryDraft,
    options: { filingId?: string | undefined } = {},
  ): Promise<{ document: DocumentRecord; created: boolean }> {
    return this.db.transaction(async (tx) => {
      // The case first (its history takes the entry below), as every change of a case locks it first.
      await tx.query(`SELECT 1 FROM cases WHERE id = $1::uuid FOR UPDATE`, [document.caseId]);
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO documents (id, case_id, store_file_id, name, content_type, size, sha256, kind, preview, email,
                                text, uploaded_by, uploaded_at)
         VALUES ($1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::bigint, $7::text, $8::text, $9::text,
                 $10::jsonb, $11::text, $12::text, $13::timestamptz)
         ON CONFLICT (case_id, sha256) WHERE removed_at IS NULL DO NOTHING
         RETURNING id`,
        [
          document.id,
          document.caseId,
          document.storeFileId,
          document.name,
          document.contentType,
          document.size,
          document.sha256,
          document.kind,
          document.preview,
          document.email === null ? null : JSON.stringify(document.email),
          indexableText(document.text),
          document.uploadedBy,
          document.uploadedAt,
        ],
      );
      const created = inserted.rows.length === 1;
      const stored = created
        ? await byId(tx, document.id)
        : await byContent(tx, document.caseId, document.sha256);
      if (!stored) throw new Error('The document was neither inserted nor found.');
      await insertAuditEntry(tx, audit({ created, documentId: stored.id }));
      // A document filed again (same content) changes nothing, so the history says nothing; a Teams message's
      // own record has its entry already (`message-filed`, with the message's words).
      if (created && stored.kind !== 'message')
        await appendCaseEvent(tx, stored.caseId, {
          type: 'document-added',
          actorId: stored.uploadedBy,
          at: stored.uploadedAt,
          data: { documentId: stored.id, name: stored.name, kind: stored.kind },
        });
      // The journal's filing ends with the document listed, never one without the other.
      if (options.filingId !== undefined)
        await finishFiling(tx, options.filingId, { documentId: stored.id, created });
      return { document: stored, created };
    });
  }

  get(id: string): Promise<DocumentRecord | null> {
    return byId(this.db, id);
  }

  async listForCase(caseId: CaseId): Promise<DocumentRecord[]> {
    if (!UUID.test(caseId)) return [];
    const { rows } = await this.db.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM documents d JOIN cases c ON c.id = d.case_id
        WHERE d.case_id = $1::uuid AND d.removed_at IS NULL
        ORDER BY d.uploaded_at, d.name, d.id`,
      [caseId],
    );
    return rows.map(fromRow);
  }

  markRemoved(id: string, removal: DocumentRemoval, audit: AuditEntryDraft): Promise<DocumentRecord | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `UPDATE documents SET removed_at = $2::timestamptz, removed_by = $3::text, retained_file_id = $4::text
          WHERE id = $1::uuid AND removed_at IS NULL
          RETURNING id`,
        [id, removal.at, removal.by, removal.retainedFileId],
      );
      if (rows.length === 0) return null;
      await insertAuditEntry(tx, audit);
      const removed = await byId(tx, id);
      if (removed)
        await appendCaseEvent(tx, removed.caseId, {
          type: 'document-removed',
          actorId: removal.by,
          at: removal.at,
          data: { documentId: removed.id, name: removed.name },
        });
      return removed;
    });
  }

  async search(scope: ListScope, query: string, limit: number): Promise<DocumentSearchHit[]> {
    if (scope.kind === 'none') return [];
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS)
      throw new RangeError(`limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}, not ${limit}`);
    const params = new Params();
    const q = `websearch_to_tsquery('english', ${params.add(query, 'text')})`;
    // Scope conditions name `cases` columns bare (member_id, shared_with, department_id): none of them is a
    // column of `documents`, so they refer to the case.
    const where = ['d.removed_at IS NULL', `d.search @@ ${q}`, ...scopeConditions(scope, params)];
    const max = params.add(limit, 'integer');
    // The headline is worked out only for the page's rows, over the start of the text (ts_headline reads all
    // it is given), with no markup: the snippet is plain text.
    const { rows } = await this.db.query<DocumentRow & { case_title: string; snippet: string | null }>(
      `WITH hits AS (
         SELECT d.id, ts_rank(d.search, ${q}) AS rank
           FROM documents d JOIN cases c ON c.id = d.case_id
          WHERE ${where.join(' AND ')}
          ORDER BY rank DESC, d.uploaded_at DESC, d.id
          LIMIT ${max}
       )
       SELECT ${COLUMNS}, c.doc->>'title' AS case_title,
              ts_headline('english', left(coalesce(d.text, d.name), 20000), ${q},
                          'StartSel="", StopSel="", MaxWords=25, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "')
                AS snippet
         FROM hits JOIN documents d ON d.id = hits.id JOIN cases c ON c.id = d.case_id
        ORDER BY hits.rank DESC, d.uploaded_at DESC, d.id`,
      params.values,
    );
    return rows.map((row) => ({
      document: fromRow(row),
      caseTitle: row.case_title,
      snippet: (row.snippet ?? '').replace(/\s+/g, ' ').trim(),
    }));
  }
}
