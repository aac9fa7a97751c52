import { randomUUID } from 'node:crypto';
import type { Grantee } from '../../app/document-store';
import {
  SHARE_STATUSES,
  type ClaimedShare,
  type FolderShare,
  type FolderShares,
  type ShareOutcome,
  type ShareStatus,
  type WantedShare,
} from '../../app/folder-shares';
import type { Database } from '../../app/ports';

interface ShareRow {
  id: string;
  folder_id: string;
  grantee_kind: Grantee['kind'];
  grantee_id: string;
  person_id: string | null;
  recipient: Grantee;
  role: 'read' | 'write';
  status: ShareStatus;
  attempts: number;
  last_error: string | null;
  last_request_id: string | null;
  next_attempt_at: string;
  created_at: string;
  updated_at: string;
  shared_at: string | null;
  lease_token: string | null;
}

const COLUMNS = `id, folder_id, grantee_kind, grantee_id, person_id, recipient, role, status, attempts, last_error,
  last_request_id, next_attempt_at, created_at, updated_at, shared_at, lease_token`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fromRow = (row: ShareRow): FolderShare => ({
  id: row.id,
  folderId: row.folder_id,
  personId: row.person_id,
  grantee: row.recipient,
  role: row.role,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  lastRequestId: row.last_request_id,
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  sharedAt: row.shared_at,
});

const ms = (value: number): number => {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Not a duration in milliseconds: ${value}`);
  return Math.round(value);
};

const HELD = `id = $1::uuid AND lease_token = $2::uuid AND status = 'pending'`;

/** Folder shares on PostgreSQL or PGlite (migration 007): claimed with a lease, like the notification outbox. */
export class PostgresFolderShares implements FolderShares {
  constructor(private readonly db: Database) {}

  async want(shares: readonly WantedShare[]): Promise<void> {
    for (const s of shares) {
      await this.db.query(
        `INSERT INTO folder_shares (id, folder_id, grantee_kind, grantee_id, person_id, recipient, role)
         VALUES ($1::uuid, $2::text, $3::text, $4::text, $5::text, $6::jsonb, $7::text)
         ON CONFLICT (folder_id, grantee_kind, grantee_id) DO NOTHING`,
        [
          randomUUID(),
          s.folderId,
          s.grantee.kind,
          s.grantee.objectId.toLowerCase(),
          s.personId,
          JSON.stringify(s.grantee),
          s.role,
        ],
      );
    }
  }

  async claim(options: { limit: number; leaseMs: number }): Promise<ClaimedShare[]> {
    const { rows } = await this.db.query<ShareRow>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM folder_shares
          WHERE status = 'pending' AND next_attempt_at <= now()
            AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at, id
          LIMIT $1::integer
          FOR UPDATE SKIP LOCKED
       )
       UPDATE folder_shares s
          SET lease_until = now() + $2::bigint * interval '1 millisecond', lease_token = $3::uuid,
              attempts = s.attempts + 1
         FROM due WHERE s.id = due.id
       RETURNING ${COLUMNS.split(',')
         .map((c) => `s.${c.trim()}`)
         .join(', ')}`,
      [options.limit, ms(options.leaseMs), randomUUID()],
    );
    return rows.map((row) => ({ ...fromRow(row), leaseToken: row.lease_token ?? '' }));
  }

  async settle(claimed: ClaimedShare, outcome: ShareOutcome): Promise<boolean> {
    const held = [claimed.id, claimed.leaseToken];
    const { rows } =
      outcome.kind === 'shared'
        ? await this.db.query(
            `UPDATE folder_shares
                SET status = 'shared', shared_at = now(), updated_at = now(), lease_until = NULL,
                    lease_token = NULL, last_error = NULL, last_request_id = NULL
              WHERE ${HELD} RETURNING id`,
            held,
          )
        : await this.db.query(
            `UPDATE folder_shares
                SET status = $3::text, updated_at = now(), lease_until = NULL, lease_token = NULL,
                    last_error = $4::text, last_request_id = $5::text,
                    next_attempt_at = now() + $6::bigint * interval '1 millisecond'
              WHERE ${HELD} RETURNING id`,
            [
              ...held,
              outcome.kind === 'failed' ? 'failed' : 'pending',
              outcome.error.slice(0, 100),
              outcome.requestId ?? null,
              outcome.kind === 'retry' ? ms(outcome.delayMs) : 0,
            ],
          );
    return rows.length === 1;
  }

  async list(options: {
    status?: ShareStatus | undefined;
    limit: number;
  }): Promise<{ items: FolderShare[]; counts: Record<ShareStatus, number> }> {
    const { rows } = await this.db.query<ShareRow>(
      `SELECT ${COLUMNS} FROM folder_shares
        ${options.status ? 'WHERE status = $2::text' : ''}
        ORDER BY updated_at DESC, id LIMIT $1::integer`,
      [options.limit, ...(options.status ? [options.status] : [])],
    );
    const counted = await this.db.query<{ status: ShareStatus; n: number }>(
      `SELECT status, count(*)::integer AS n FROM folder_shares GROUP BY status`,
    );
    const counts = Object.fromEntries(SHARE_STATUSES.map((s) => [s, 0])) as Record<ShareStatus, number>;
    for (const row of counted.rows) counts[row.status] = Number(row.n);
    return { items: rows.map(fromRow), counts };
  }

  async retry(id: string): Promise<FolderShare | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<ShareRow>(
      `UPDATE folder_shares
          SET status = CASE WHEN status = 'shared' THEN 'shared' ELSE 'pending' END,
              next_attempt_at = now(), updated_at = now(),
              attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END
        WHERE id = $1::uuid
        RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async releaseAll(): Promise<number> {
    const { rows } = await this.db.query(
      `UPDATE folder_shares SET lease_until = NULL, lease_token = NULL
        WHERE status = 'pending' AND lease_token IS NOT NULL RETURNING id`,
    );
    return rows.length;
  }
}
