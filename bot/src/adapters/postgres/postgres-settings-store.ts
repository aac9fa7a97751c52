import type { AuditEntryDraft, Database, SettingsStore } from '../../app/ports';
import { parseSlaPolicy, type SlaPolicy } from '../../domain/sla-policy';
import { insertAuditEntry } from './audit-rows';

/** The key of the SLA policy in the `settings` table. */
export const SLA_POLICY_KEY = 'sla-policy';

/** Settings in the `settings` table (key → jsonb), shared by every instance on the database. */
export class PostgresSettingsStore implements SettingsStore {
  constructor(private readonly db: Database) {}

  async slaPolicy(): Promise<SlaPolicy | null> {
    const { rows } = await this.db.query<{ value: unknown }>(
      `SELECT value FROM settings WHERE key = $1::text`,
      [SLA_POLICY_KEY],
    );
    const row = rows[0];
    // Checked again on the way in: the row may have been written by an older version, or by hand.
    return row ? parseSlaPolicy(row.value) : null;
  }

  saveSlaPolicy(policy: SlaPolicy, audit: AuditEntryDraft): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO settings (key, value, updated_at) VALUES ($1::text, $2::jsonb, $3::timestamptz)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [SLA_POLICY_KEY, JSON.stringify(policy), audit.at],
      );
      await insertAuditEntry(tx, audit);
    });
  }
}
