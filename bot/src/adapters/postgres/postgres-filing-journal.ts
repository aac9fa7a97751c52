import { randomUUID } from 'node:crypto';
import type { DocumentKind } from '../../app/document-index';
import type {
  ClaimedFiling,
  Filing,
  FilingJournal,
  FilingSource,
  FilingStatus,
  NewFiling,
} from '../../app/filing-journal';
import type { Database, Sql } from '../../app/ports';

interface FilingRow {
  id: string;
  seq: number;
  case_id: string;
  case_ref: string;
  batch_id: string | null;
  actor_id: string;
  request_id: string | null;
  name: string;
  content_type: string;
  kind: DocumentKind;
  origin: string | null;
  source: FilingSource;
  size: number | null;
  sha256: string | null;
  store_file_id: string | null;
  status: FilingStatus;
  document_id: string | null;
  created: boolean | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  lease_token: string | null;
}

const COLUMNS = `id, seq, case_id, case_ref, batch_id, actor_id, request_id, name, content_type, kind, origin, source,
  size, sha256, store_file_id, status, document_id, created, attempts, last_error, created_at, lease_token`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fromRow = (row: FilingRow): Filing => ({
  id: row.id,
  caseId: row.case_id,
  caseRef: row.case_ref,
  batchId: row.batch_id,
  actorId: row.actor_id,
  requestId: row.request_id,
  name: row.name,
  contentType: row.content_type,
  kind: row.kind,
  origin: row.origin,
  source: row.source,
  size: row.size,
  sha256: row.sha256,
  storeFileId: row.store_file_id,
  status: row.status,
  documentId: row.document_id,
  created: row.created,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
});

const claimedFromRow = (row: FilingRow): ClaimedFiling => ({
  ...fromRow(row),
  leaseToken: row.lease_token ?? '',
});

const ms = (value: number): number => {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Not a duration in milliseconds: ${value}`);
  return Math.round(value);
};

/** The unique index that lets one filing of a content into a case be under way at a time refused a second. */
const isOneAtATime = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return code === '23505' && String(constraint ?? message).includes('document_filings_one_at_a_time');
};

/** The source without what is only needed to fetch it (a download URL is a credential): kept once finished. */
const SPENT_SOURCE = `jsonb_build_object('kind', source->>'kind', 'spent', true)`;
const HELD = `id = $1::uuid AND lease_token = $2::uuid AND status = 'pending'`;

/** A new filing's columns from `id` to `sha256`, as $1 to $13 of an insert. */
const filingValues = (f: NewFiling): unknown[] => [
  f.id,
  f.caseId,
  f.caseRef,
  f.batchId ?? null,
  f.actorId,
  f.requestId ?? null,
  f.name,
  f.contentType,
  f.kind,
  f.origin ?? null,
  JSON.stringify(f.source),
  f.size ?? null,
  f.sha256 ?? null,
];

/**
 * How long the instance that recorded filings with a change has them to itself before background work on any
 * instance may claim them: it completes them at once (`completeNow`, claiming them by id).
 */
const OWN_FILINGS_FIRST_MS = 30_000;

/**
 * Adds filings in the caller's transaction: the case store writes a Teams message's filings together with
 * the timeline entry that announces them, so neither can exist without the other.
 */
export const insertFilings = async (tx: Sql, filings: readonly NewFiling[]): Promise<void> => {
  for (const f of filings) {
    await tx.query(
      `INSERT INTO document_filings (id, case_id, case_ref, batch_id, actor_id, request_id, name, content_type, kind,
                                     origin, source, size, sha256, next_attempt_at)
       VALUES ($1::uuid, $2::uuid, $3::text, $4::uuid, $5::text, $6::text, $7::text, $8::text, $9::text,
               $10::text, $11::jsonb, $12::bigint, $13::text, now() + ${OWN_FILINGS_FIRST_MS} * interval '1 millisecond')
       ON CONFLICT (id) DO NOTHING`,
      filingValues(f),
    );
  }
};

/**
 * Marks a filing done with the document it listed, in the caller's transaction (the one that indexes the
 * document). Whoever finishes first wins; a second finisher (an instance that lost its lease) changes nothing.
 */
export const finishFiling = async (
  tx: Sql,
  filingId: string,
  outcome: { documentId: string; created: boolean },
): Promise<void> => {
  await tx.query(
    `UPDATE document_filings
        SET status = 'done', document_id = $2::uuid, created = $3::boolean, finished_at = now(),
            lease_until = NULL, lease_token = NULL, last_error = NULL, source = ${SPENT_SOURCE}
      WHERE id = $1::uuid AND status = 'pending'`,
    [filingId, outcome.documentId, outcome.created],
  );
};

/** The filing journal on PostgreSQL or PGlite (migration 007); leases on the database's clock. */
export class PostgresFilingJournal implements FilingJournal {
  constructor(private readonly db: Database) {}

  async begin(f: NewFiling, leaseMs: number): Promise<ClaimedFiling | null> {
    let rows: FilingRow[];
    try {
      ({ rows } = await this.db.query<FilingRow>(
        `INSERT INTO document_filings (id, case_id, case_ref, batch_id, actor_id, request_id, name, content_type,
                                       kind, origin, source, size, sha256, attempts, lease_until, lease_token)
         VALUES ($1::uuid, $2::uuid, $3::text, $4::uuid, $5::text, $6::text, $7::text, $8::text, $9::text,
                 $10::text, $11::jsonb, $12::bigint, $13::text, 1,
                 now() + $14::bigint * interval '1 millisecond', $15::uuid)
         RETURNING ${COLUMNS}`,
        [...filingValues(f), ms(leaseMs), randomUUID()],
      ));
    } catch (error) {
      if (isOneAtATime(error)) return null;
      throw error;
    }
    const row = rows[0];
    if (!row) throw new Error('The new filing was not recorded.');
    return claimedFromRow(row);
  }

  async pendingFor(caseId: string, sha256: string): Promise<Filing | null> {
    if (!UUID.test(caseId)) return null;
    const { rows } = await this.db.query<FilingRow>(
      `SELECT ${COLUMNS} FROM document_filings
        WHERE case_id = $1::uuid AND sha256 = $2::text AND status = 'pending'`,
      [caseId, sha256],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async claim(options: {
    limit: number;
    leaseMs: number;
    ids?: readonly string[] | undefined;
  }): Promise<ClaimedFiling[]> {
    if (!Number.isInteger(options.limit) || options.limit < 1)
      throw new RangeError(`Claim at least one filing, not ${options.limit}`);
    const ids = options.ids?.filter((id) => UUID.test(id));
    if (ids !== undefined && ids.length === 0) return [];
    const { rows } = await this.db.query<FilingRow>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM document_filings
          WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < now())
            ${ids ? 'AND id = ANY($4::uuid[])' : 'AND next_attempt_at <= now()'}
          ORDER BY seq
          LIMIT $1::integer
          FOR UPDATE SKIP LOCKED
       )
       UPDATE document_filings f
          SET lease_until = now() + $2::bigint * interval '1 millisecond', lease_token = $3::uuid,
              attempts = f.attempts + 1
         FROM due WHERE f.id = due.id
       RETURNING ${COLUMNS.split(',')
         .map((c) => `f.${c.trim()}`)
         .join(', ')}`,
      [options.limit, ms(options.leaseMs), randomUUID(), ...(ids ? [ids] : [])],
    );
    return rows.sort((a, b) => a.seq - b.seq).map(claimedFromRow);
  }

  async renew(claimed: ClaimedFiling, leaseMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE document_filings SET lease_until = now() + $3::bigint * interval '1 millisecond'
        WHERE ${HELD} RETURNING id`,
      [claimed.id, claimed.leaseToken, ms(leaseMs)],
    );
    return rows.length === 1;
  }

  async describe(claimed: ClaimedFiling, content: { size: number; sha256: string }): Promise<boolean> {
    try {
      await this.db.query(
        `UPDATE document_filings SET size = $2::bigint, sha256 = $3::text WHERE id = $1::uuid`,
        [claimed.id, content.size, content.sha256],
      );
      return true;
    } catch (error) {
      if (isOneAtATime(error)) return false;
      throw error;
    }
  }

  async stored(claimed: ClaimedFiling, storeFileId: string): Promise<void> {
    await this.db.query(`UPDATE document_filings SET store_file_id = $2::text WHERE id = $1::uuid`, [
      claimed.id,
      storeFileId,
    ]);
  }

  async release(
    claimed: ClaimedFiling,
    outcome: { delayMs: number; error: string; dropSource?: boolean | undefined },
  ): Promise<void> {
    await this.db.query(
      `UPDATE document_filings
          SET lease_until = NULL, lease_token = NULL, last_error = $3::text,
              next_attempt_at = now() + $4::bigint * interval '1 millisecond'
              ${outcome.dropSource ? `, source = ${SPENT_SOURCE}` : ''}
        WHERE ${HELD}`,
      [claimed.id, claimed.leaseToken, outcome.error.slice(0, 200), ms(outcome.delayMs)],
    );
  }

  async fail(claimed: ClaimedFiling, error: string): Promise<void> {
    await this.db.query(
      `UPDATE document_filings
          SET status = 'failed', finished_at = now(), lease_until = NULL, lease_token = NULL,
              last_error = $3::text, source = ${SPENT_SOURCE}
        WHERE ${HELD}`,
      [claimed.id, claimed.leaseToken, error.slice(0, 200)],
    );
  }

  async get(id: string): Promise<Filing | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<FilingRow>(
      `SELECT ${COLUMNS} FROM document_filings WHERE id = $1::uuid`,
      [id],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async batch(batchId: string): Promise<Filing[]> {
    if (!UUID.test(batchId)) return [];
    const { rows } = await this.db.query<FilingRow>(
      `SELECT ${COLUMNS} FROM document_filings WHERE batch_id = $1::uuid ORDER BY seq`,
      [batchId],
    );
    return rows.map(fromRow);
  }

  async pendingSpoolPaths(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ path: string }>(
      `SELECT source->>'path' AS path FROM document_filings
        WHERE status = 'pending' AND source->>'kind' = 'spool' AND source ? 'path'`,
    );
    return new Set(rows.map((r) => r.path));
  }

  async releaseAll(): Promise<number> {
    const { rows } = await this.db.query(
      `UPDATE document_filings SET lease_until = NULL, lease_token = NULL, next_attempt_at = now()
        WHERE status = 'pending' AND (lease_token IS NOT NULL OR next_attempt_at > now()) RETURNING id`,
    );
    return rows.length;
  }

  async prune(keepFinishedForMs: number): Promise<number> {
    const { rows } = await this.db.query(
      `DELETE FROM document_filings WHERE finished_at < now() - $1::bigint * interval '1 millisecond' RETURNING id`,
      [ms(keepFinishedForMs)],
    );
    return rows.length;
  }
}
