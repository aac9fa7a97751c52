import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery, Delivery, DeliveryOutcome, DeliveryQueue } from '../../app/briefing-ports';
import type { AuditEntryDraft, Database } from '../../app/ports';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { insertAuditEntry } from './audit-rows';
import { DELIVERY_COLUMNS, deliveryFromRow, type DeliveryRow } from './postgres-briefing-store';

const ms = (n: number) => Math.max(0, Math.round(n));
/** Writes only while the caller still holds the lease it was given. */
const HELD = `id = $1::bigint AND lease_token = $2::uuid AND status IN ('pending', 'sending')`;
const END_LEASE = `lease_until = NULL, lease_token = NULL`;

/**
 * The queue of briefing posts on PostgreSQL or PGlite, claimed like the notification outbox: one autocommitted
 * `FOR UPDATE SKIP LOCKED` statement leases rows to one worker, and every later write names the lease token.
 * A channel's posts go out from one instance at a time (a row is not claimed while another row of the same
 * channel is leased), so per-thread limits hold across instances.
 */
export class PostgresBriefingDeliveries implements DeliveryQueue {
  constructor(private readonly db: Database) {}

  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.db.query<DeliveryRow & { lease_token: string }>(
      `WITH due AS MATERIALIZED (
         SELECT d.id FROM briefing_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= now()
            AND (d.lease_until IS NULL OR d.lease_until < now())
            AND NOT EXISTS (SELECT 1 FROM briefing_deliveries busy
                             WHERE busy.channel_id = d.channel_id AND busy.id <> d.id
                               AND busy.status IN ('pending', 'sending') AND busy.lease_until >= now())
          ORDER BY d.next_attempt_at, d.id LIMIT $1::integer
          FOR UPDATE SKIP LOCKED)
       UPDATE briefing_deliveries b
          SET lease_until = now() + $2::bigint * interval '1 millisecond', lease_token = $3::uuid,
              attempts = b.attempts + 1
         FROM due WHERE b.id = due.id
       RETURNING ${DELIVERY_COLUMNS.split(',')
         .map((c) => `b.${c.trim()}`)
         .join(', ')}, b.lease_token`,
      [limit, ms(leaseMs), randomUUID()],
    );
    // One channel once per batch: a second row for a channel waits for the next claim.
    const seen = new Set<string>();
    const claimed: ClaimedDelivery[] = [];
    for (const row of rows.sort((a, b) => a.id - b.id)) {
      const d = { ...deliveryFromRow(row), leaseToken: row.lease_token };
      if (seen.has(d.channelId)) {
        await this.settle(d, { kind: 'release' });
        continue;
      }
      seen.add(d.channelId);
      claimed.push(d);
    }
    return claimed;
  }

  async beginSend(claimed: ClaimedDelivery, leaseMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE briefing_deliveries SET status = 'sending', lease_until = now() + $3::bigint * interval '1 millisecond'
        WHERE ${HELD} AND lease_until >= now() RETURNING id`,
      [claimed.id, claimed.leaseToken, ms(leaseMs)],
    );
    return rows.length > 0;
  }

  async settle(claimed: ClaimedDelivery, outcome: DeliveryOutcome): Promise<boolean> {
    const params: unknown[] = [claimed.id, claimed.leaseToken];
    let set: string;
    switch (outcome.kind) {
      case 'part-sent':
        params.push(outcome.threadId);
        // The last part finishes the delivery; otherwise the row is pending again and still held by this
        // worker, which sends the next part under the same lease.
        set = `parts_sent = parts_sent + 1, thread_id = $3::text, last_error = NULL,
               status = CASE WHEN parts_sent + 1 >= parts THEN 'sent' ELSE 'pending' END,
               finished_at = CASE WHEN parts_sent + 1 >= parts THEN now() ELSE NULL END,
               lease_until = CASE WHEN parts_sent + 1 >= parts THEN NULL ELSE lease_until END,
               lease_token = CASE WHEN parts_sent + 1 >= parts THEN NULL ELSE lease_token END`;
        break;
      case 'retry':
        params.push(ms(outcome.delayMs), outcome.code, outcome.countAttempt ? 0 : 1);
        set = `status = 'pending', next_attempt_at = now() + $3::bigint * interval '1 millisecond',
               last_error = $4::text, attempts = greatest(attempts - $5::integer, 0), ${END_LEASE}`;
        break;
      case 'release':
        set = `status = 'pending', attempts = greatest(attempts - 1, 0), ${END_LEASE}`;
        break;
      case 'closed':
        params.push(outcome.status, outcome.code);
        set = `status = $3::text, last_error = $4::text, finished_at = now(), ${END_LEASE}`;
        break;
    }
    const { rows } = await this.db.query(
      `UPDATE briefing_deliveries SET ${set} WHERE ${HELD} RETURNING id`,
      params,
    );
    return rows.length > 0;
  }

  async markAbandoned(): Promise<number> {
    const { rows } = await this.db.query(
      `UPDATE briefing_deliveries SET status = 'in-doubt', finished_at = now(), ${END_LEASE},
              last_error = 'the service stopped while a post was on its way: check the channel'
        WHERE status = 'sending' AND lease_until < now() RETURNING id`,
    );
    return rows.length;
  }

  resolve(id: number, action: 'send-again' | 'mark-sent', audit: AuditEntryDraft): Promise<Delivery> {
    return this.db.transaction(async (tx) => {
      const { rows: found } = await tx.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM briefing_deliveries WHERE id = $1::bigint FOR UPDATE`,
        [id],
      );
      const row = found[0];
      if (!row) throw new NotFoundError('delivery');
      if (!['in-doubt', 'failed', 'undeliverable'].includes(row.status))
        throw new ConflictError('Only a delivery that failed or is in doubt can be resolved.');
      const { rows } = await tx.query<DeliveryRow>(
        action === 'send-again'
          ? // The part in doubt is sent again; parts known to have arrived stay sent.
            `UPDATE briefing_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(),
                    finished_at = NULL, last_error = NULL WHERE id = $1::bigint RETURNING ${DELIVERY_COLUMNS}`
          : `UPDATE briefing_deliveries SET parts_sent = parts_sent + 1,
                    status = CASE WHEN parts_sent + 1 >= parts THEN 'sent' ELSE 'pending' END,
                    finished_at = CASE WHEN parts_sent + 1 >= parts THEN now() ELSE NULL END,
                    last_error = NULL
              WHERE id = $1::bigint RETURNING ${DELIVERY_COLUMNS}`,
        [id],
      );
      await insertAuditEntry(tx, audit);
      return deliveryFromRow(rows[0] as DeliveryRow);
    });
  }

  async get(id: number): Promise<Delivery | null> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM briefing_deliveries WHERE id = $1::bigint`,
      [id],
    );
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }
}
