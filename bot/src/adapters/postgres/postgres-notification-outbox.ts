import { randomUUID } from 'node:crypto';
import type {
  ClaimedNotification,
  Clock,
  Database,
  NotificationOutbox,
  NotificationOutcome,
  OutboxMaintenance,
  Sql,
} from '../../app/ports';
import {
  NOTIFICATION_KINDS,
  type NotificationDraft,
  type NotificationFacts,
  type NotificationKind,
} from '../../domain/notifications';
import { insertAuditEntry } from './audit-rows';

/**
 * Adds notifications to the outbox. Called by the case store with its transaction, so they commit or roll
 * back with the case change. A notification already there (same case, event and recipient) is left alone,
 * so replaying a change never queues it twice.
 */
export const insertNotifications = async (tx: Sql, drafts: readonly NotificationDraft[]): Promise<void> => {
  for (const d of drafts) {
    await tx.query(
      `INSERT INTO notification_outbox (case_id, case_ref, event_seq, kind, recipient, event_at, facts)
       VALUES ($1::uuid, $2::text, $3::integer, $4::text, $5::text, $6::timestamptz, $7::jsonb)
       ON CONFLICT (case_id, event_seq, recipient) DO NOTHING`,
      [d.caseId, d.caseRef, d.eventSeq, d.kind, d.recipient, d.at, JSON.stringify(d.facts)],
    );
  }
};

interface ClaimedRow {
  id: number;
  case_id: string;
  case_ref: string;
  event_seq: number;
  kind: string;
  recipient: string;
  event_at: string;
  facts: NotificationFacts;
  attempts: number;
  lease_token: string;
}

const kindOf = (kind: string): NotificationKind => {
  const known = NOTIFICATION_KINDS.find((k) => k === kind);
  if (!known) throw new Error(`Unknown notification kind in the outbox: ${kind}`);
  return known;
};

const claimedFromRow = (row: ClaimedRow): ClaimedNotification => ({
  id: row.id,
  caseId: row.case_id,
  caseRef: row.case_ref,
  eventSeq: row.event_seq,
  kind: kindOf(row.kind),
  recipient: row.recipient,
  at: row.event_at,
  facts: row.facts,
  attempts: row.attempts,
  leaseToken: row.lease_token,
});

const ms = (value: number): number => {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Not a duration in milliseconds: ${value}`);
  return Math.round(value);
};

/** The lease ends and the row's state is written in one statement, only while the caller still holds it. */
const HELD = `id = $1::bigint AND lease_token = $2::uuid AND status = 'pending'`;
const END_LEASE = `lease_until = NULL, lease_token = NULL`;

/**
 * The notification outbox on PostgreSQL or PGlite. Rows are claimed with a lease (`FOR UPDATE SKIP LOCKED`
 * in one autocommitted statement), so several instances share the work without taking the same row, and
 * a crashed instance's rows become claimable again when its lease runs out. Every later write names the
 * lease token, so a worker that lost its lease can never overwrite the row's new holder.
 */
export class PostgresNotificationOutbox implements NotificationOutbox {
  private readonly clock: Clock;

  /** `clock` stamps the audit entries; leases and due times use the database's clock, shared by all instances. */
  constructor(
    private readonly db: Database,
    options: { clock?: Clock | undefined } = {},
  ) {
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async claim(limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Claim at least one row, not ${limit}`);
    // A person whose notifications another worker is delivering is skipped, so one person's messages go
    // out from one instance at a time (in order, and under one instance's per-conversation rate limit).
    const { rows } = await this.db.query<ClaimedRow>(
      `WITH due AS MATERIALIZED (
         SELECT o.id FROM notification_outbox o
         WHERE o.status = 'pending' AND o.next_attempt_at <= now()
           AND (o.lease_until IS NULL OR o.lease_until < now())
           AND NOT EXISTS (
             SELECT 1 FROM notification_outbox busy
             WHERE busy.recipient = o.recipient AND busy.status = 'pending' AND busy.lease_until >= now())
         ORDER BY o.id
         LIMIT $1::integer
         FOR UPDATE SKIP LOCKED
       )
       UPDATE notification_outbox n
       SET lease_until = now() + $2::bigint * interval '1 millisecond', lease_token = $3::uuid,
           attempts = n.attempts + 1
       FROM due WHERE n.id = due.id
       RETURNING n.id, n.case_id, n.case_ref, n.event_seq, n.kind, n.recipient, n.event_at, n.facts,
                 n.attempts, n.lease_token`,
      [limit, ms(leaseMs), randomUUID()],
    );
    return rows.map(claimedFromRow).sort((a, b) => a.id - b.id);
  }

  async renew(claimed: ClaimedNotification, leaseMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE notification_outbox SET lease_until = now() + $3::bigint * interval '1 millisecond'
       WHERE ${HELD} RETURNING id`,
      [claimed.id, claimed.leaseToken, ms(leaseMs)],
    );
    return rows.length === 1;
  }

  settle(claimed: ClaimedNotification, outcome: NotificationOutcome): Promise<boolean> {
    const held = [claimed.id, claimed.leaseToken];
    switch (outcome.kind) {
      case 'sent':
        // Marked sent and audited together: the member was shown the case's title and status.
        return this.db.transaction(async (tx) => {
          const { rows } = await tx.query(
            `UPDATE notification_outbox
             SET status = 'sent', finished_at = now(), ${END_LEASE}, last_error = NULL,
                 conversation_id = $3::text, activity_id = $4::text
             WHERE ${HELD} RETURNING id`,
            [...held, outcome.conversationId, outcome.activityId],
          );
          if (rows.length !== 1) return false;
          await insertAuditEntry(tx, {
            at: this.clock.now().toISOString(),
            actorId: null,
            action: 'case.notification.sent',
            outcome: 'allowed',
            caseId: claimed.caseId,
            caseRef: claimed.caseRef,
            detail: { recipient: claimed.recipient, kind: claimed.kind, eventSeq: claimed.eventSeq },
          });
          return true;
        });
      case 'retry':
        return this.update(
          `next_attempt_at = now() + $3::bigint * interval '1 millisecond', ${END_LEASE}, last_error = $4::text,
           attempts = attempts - CASE WHEN $5::boolean THEN 0 ELSE 1 END`,
          [...held, ms(outcome.delayMs), outcome.code, outcome.countAttempt],
        );
      case 'release':
        return this.update(`${END_LEASE}, attempts = attempts - 1`, held);
      case 'no-reference':
        // Parked only if the person still has no active personal reference: one saved since the worker
        // looked is not missed. (A reference saved concurrently is caught by `maintain`.)
        return this.update(
          `${END_LEASE}, attempts = attempts - 1, last_error = 'no-reference',
           status = CASE WHEN EXISTS (
             SELECT 1 FROM conversation_references r
             WHERE r.person_id = notification_outbox.recipient AND r.scope = 'personal' AND r.active
           ) THEN 'pending' ELSE 'no-reference' END`,
          held,
        );
      case 'closed':
        return this.update(`status = $3::text, finished_at = now(), ${END_LEASE}, last_error = $4::text`, [
          ...held,
          outcome.status,
          outcome.code,
        ]);
    }
  }

  async maintain(options: { expireAfterMs: number; keepFinishedForMs: number }): Promise<OutboxMaintenance> {
    const count = async (sql: string, params: unknown[] = []): Promise<number> => {
      const { rows } = await this.db.query<{ n: number }>(
        `WITH changed AS (${sql} RETURNING 1) SELECT count(*) AS n FROM changed`,
        params,
      );
      return rows[0]?.n ?? 0;
    };
    const woken = await count(
      `UPDATE notification_outbox o SET status = 'pending', next_attempt_at = now(), last_error = NULL
       WHERE o.status = 'no-reference' AND EXISTS (
         SELECT 1 FROM conversation_references r
         WHERE r.person_id = o.recipient AND r.scope = 'personal' AND r.active)`,
    );
    // News that could not be delivered in time is stale: "due tomorrow" a week later misleads.
    const expired = await count(
      `UPDATE notification_outbox
       SET status = 'expired', finished_at = now(), ${END_LEASE}, last_error = 'expired'
       WHERE status IN ('pending', 'no-reference') AND enqueued_at < now() - $1::bigint * interval '1 millisecond'
         AND (lease_until IS NULL OR lease_until < now())`,
      [ms(options.expireAfterMs)],
    );
    const deleted = await count(
      `DELETE FROM notification_outbox WHERE finished_at < now() - $1::bigint * interval '1 millisecond'`,
      [ms(options.keepFinishedForMs)],
    );
    return { woken, expired, deleted };
  }

  private async update(set: string, params: unknown[]): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE notification_outbox SET ${set} WHERE ${HELD} RETURNING id`,
      params,
    );
    return rows.length === 1;
  }
}
