import type {
  Briefing,
  BriefingKindSettings,
  BriefingStore,
  BriefingTarget,
  Delivery,
  NewBriefing,
} from '../../app/briefing-ports';
import type { AuditEntryDraft, Database } from '../../app/ports';
import type { BriefingContent, BriefingKind } from '../../domain/briefing';
import { BRIEFING_KINDS } from '../../domain/briefing';
import { DEFAULT_BRIEFING_SCHEDULE } from '../../domain/briefing-schedule';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { WardId } from '../../domain/ids';
import { insertAuditEntry } from './audit-rows';

interface BriefingRow {
  id: string;
  kind: BriefingKind;
  ward_id: string | null;
  period: string;
  status: 'draft' | 'approved';
  content: BriefingContent;
  introduction: string;
  composed_at: string;
  approved_at: string | null;
  approved_by: string | null;
  share_token: string | null;
  version: number;
}

const briefingFromRow = (r: BriefingRow): Briefing => ({
  id: r.id,
  kind: r.kind,
  wardId: r.ward_id,
  period: r.period,
  status: r.status,
  content: r.content,
  introduction: r.introduction,
  composedAt: r.composed_at,
  approvedAt: r.approved_at,
  approvedBy: r.approved_by,
  shareToken: r.share_token,
  version: r.version,
});

export interface DeliveryRow {
  id: number;
  briefing_id: string;
  channel_id: string;
  status: Delivery['status'];
  parts: number;
  parts_sent: number;
  thread_id: string | null;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export const DELIVERY_COLUMNS = `id, briefing_id, channel_id, status, parts, parts_sent, thread_id, attempts,
  next_attempt_at, last_error, created_at, finished_at`;

export const deliveryFromRow = (r: DeliveryRow): Delivery => ({
  id: r.id,
  briefingId: r.briefing_id,
  channelId: r.channel_id,
  status: r.status,
  parts: r.parts,
  partsSent: r.parts_sent,
  threadId: r.thread_id,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Briefings, their schedules and their channels on PostgreSQL or PGlite. */
export class PostgresBriefingStore implements BriefingStore {
  constructor(private readonly db: Database) {}

  async settings(): Promise<BriefingKindSettings[]> {
    const { rows } = await this.db.query<{
      kind: BriefingKind;
      cron: string;
      working_days_only: boolean;
      auto_approve: boolean;
    }>(`SELECT kind, cron, working_days_only, auto_approve FROM briefing_settings`);
    return BRIEFING_KINDS.map((kind) => {
      const row = rows.find((r) => r.kind === kind);
      return row
        ? { kind, cron: row.cron, workingDaysOnly: row.working_days_only, autoApprove: row.auto_approve }
        : { kind, ...DEFAULT_BRIEFING_SCHEDULE, autoApprove: false };
    });
  }

  saveSettings(s: BriefingKindSettings, audit: AuditEntryDraft): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO briefing_settings (kind, cron, working_days_only, auto_approve, updated_at)
         VALUES ($1::text, $2::text, $3::boolean, $4::boolean, $5::timestamptz)
         ON CONFLICT (kind) DO UPDATE SET cron = excluded.cron, working_days_only = excluded.working_days_only,
           auto_approve = excluded.auto_approve, updated_at = excluded.updated_at`,
        [s.kind, s.cron, s.workingDaysOnly, s.autoApprove, audit.at],
      );
      await insertAuditEntry(tx, audit);
    });
  }

  async channelMap(): Promise<Map<BriefingTarget, string>> {
    const { rows } = await this.db.query<{ target: BriefingTarget; channel_id: string }>(
      `SELECT target, channel_id FROM briefing_channels`,
    );
    return new Map(rows.map((r) => [r.target, r.channel_id]));
  }

  mapChannel(target: BriefingTarget, channelId: string | null, audit: AuditEntryDraft): Promise<void> {
    return this.db.transaction(async (tx) => {
      if (channelId === null)
        await tx.query(`DELETE FROM briefing_channels WHERE target = $1::text`, [target]);
      else
        await tx.query(
          `INSERT INTO briefing_channels (target, channel_id, updated_at) VALUES ($1::text, $2::text, $3::timestamptz)
           ON CONFLICT (target) DO UPDATE SET channel_id = excluded.channel_id, updated_at = excluded.updated_at`,
          [target, channelId, audit.at],
        );
      await insertAuditEntry(tx, audit);
    });
  }

  insertDraft(b: NewBriefing, audit: AuditEntryDraft): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `INSERT INTO briefings (id, kind, ward_id, period, status, content, composed_at)
         VALUES ($1::uuid, $2::text, $3::text, $4::text, 'draft', $5::jsonb, $6::timestamptz)
         ON CONFLICT DO NOTHING RETURNING id`,
        [b.id, b.kind, b.wardId, b.period, JSON.stringify(b.content), b.composedAt],
      );
      if (rows.length === 0) return false;
      await insertAuditEntry(tx, audit);
      return true;
    });
  }

  async list(filter: { period?: string | undefined; limit: number }): Promise<Briefing[]> {
    const { rows } = await this.db.query<BriefingRow>(
      `SELECT * FROM briefings WHERE ($1::text IS NULL OR period = $1::text)
        ORDER BY period DESC, kind DESC, ward_id NULLS FIRST LIMIT $2::integer`,
      [filter.period ?? null, filter.limit],
    );
    return rows.map(briefingFromRow);
  }

  async get(id: string): Promise<Briefing | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.db.query<BriefingRow>(`SELECT * FROM briefings WHERE id = $1::uuid`, [id]);
    return rows[0] ? briefingFromRow(rows[0]) : null;
  }

  async byShareToken(token: string): Promise<Briefing | null> {
    const { rows } = await this.db.query<BriefingRow>(
      `SELECT * FROM briefings WHERE share_token = $1::text AND status = 'approved'`,
      [token],
    );
    return rows[0] ? briefingFromRow(rows[0]) : null;
  }

  async latestApproved(kind: BriefingKind, wardId: WardId | null): Promise<Briefing | null> {
    const { rows } = await this.db.query<BriefingRow>(
      `SELECT * FROM briefings WHERE kind = $1::text AND coalesce(ward_id, '') = coalesce($2::text, '')
          AND status = 'approved'
        ORDER BY period DESC LIMIT 1`,
      [kind, wardId],
    );
    return rows[0] ? briefingFromRow(rows[0]) : null;
  }

  setIntroduction(
    id: string,
    introduction: string,
    expectedVersion: number,
    audit: AuditEntryDraft,
  ): Promise<Briefing> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<BriefingRow>(
        `UPDATE briefings SET introduction = $2::text, version = version + 1
          WHERE id = $1::uuid AND version = $3::integer AND status = 'draft' RETURNING *`,
        [id, introduction, expectedVersion],
      );
      if (!rows[0]) throw new ConflictError('The briefing was changed or approved meanwhile; reload it.');
      await insertAuditEntry(tx, audit);
      return briefingFromRow(rows[0]);
    });
  }

  approve(
    id: string,
    input: Parameters<BriefingStore['approve']>[1],
    audit: AuditEntryDraft,
  ): Promise<{ briefing: Briefing; queued: number }> {
    return this.db.transaction(async (tx) => {
      const { rows: current } = await tx.query<BriefingRow>(
        `SELECT * FROM briefings WHERE id = $1::uuid FOR UPDATE`,
        [id],
      );
      const row = current[0];
      if (!row) throw new NotFoundError('briefing');
      if (row.status === 'approved') return { briefing: briefingFromRow(row), queued: 0 };
      if (input.expectedVersion !== null && row.version !== input.expectedVersion)
        throw new ConflictError('The briefing was changed meanwhile; review it again before approving.');
      const { rows } = await tx.query<BriefingRow>(
        `UPDATE briefings SET status = 'approved', approved_at = $2::timestamptz, approved_by = $3::text,
                share_token = $4::text, version = version + 1
          WHERE id = $1::uuid RETURNING *`,
        [id, input.at, input.by, input.shareToken],
      );
      let queued = 0;
      for (const d of input.deliveries) {
        const inserted = await tx.query(
          `INSERT INTO briefing_deliveries (briefing_id, channel_id, parts) VALUES ($1::uuid, $2::text, $3::integer)
           ON CONFLICT (briefing_id, channel_id) DO NOTHING RETURNING id`,
          [id, d.channelId, d.parts],
        );
        queued += inserted.rows.length;
      }
      await insertAuditEntry(tx, { ...audit, detail: { ...audit.detail, queued } });
      return { briefing: briefingFromRow(rows[0] as BriefingRow), queued };
    });
  }

  async deliveries(filter: {
    briefingIds?: readonly string[] | undefined;
    limit: number;
  }): Promise<Delivery[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM briefing_deliveries
        WHERE ($1::uuid[] IS NULL OR briefing_id = ANY($1::uuid[]))
        ORDER BY id DESC LIMIT $2::integer`,
      [filter.briefingIds ? filter.briefingIds.filter(isUuid) : null, filter.limit],
    );
    return rows.map(deliveryFromRow);
  }
}
