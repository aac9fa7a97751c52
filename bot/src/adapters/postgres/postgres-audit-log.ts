import type { AuditEntry, AuditEntryDraft, AuditLog, Database } from '../../app/ports';
import type { CaseId, PersonId } from '../../domain/ids';
import { auditEntryFromRow, insertAuditEntry, type AuditRow } from './audit-rows';

/** The append-only audit log: the table refuses UPDATE, DELETE and TRUNCATE (a trigger, see migration 001). */
export class PostgresAuditLog implements AuditLog {
  constructor(private readonly db: Database) {}

  record(entry: AuditEntryDraft): Promise<void> {
    return insertAuditEntry(this.db, entry);
  }

  async list(filter: { caseId?: CaseId; actorId?: PersonId; limit: number }): Promise<AuditEntry[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.caseId !== undefined) {
      values.push(filter.caseId);
      where.push(`case_id = $${values.length}::text`);
    }
    if (filter.actorId !== undefined) {
      values.push(filter.actorId);
      where.push(`actor_id = $${values.length}::text`);
    }
    values.push(Math.max(0, Math.trunc(filter.limit)));
    const { rows } = await this.db.query<AuditRow>(
      `SELECT id, at, actor_id, action, outcome, case_id, case_ref, request_id, detail
       FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at DESC, id DESC
       LIMIT $${values.length}::integer`,
      values,
    );
    return rows.map(auditEntryFromRow);
  }
}
