import type { AuditEntry, AuditEntryDraft, Sql } from '../../app/ports';

export interface AuditRow {
  id: number;
  at: string;
  actor_id: string | null;
  action: string;
  outcome: AuditEntry['outcome'];
  case_id: string | null;
  case_ref: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

/** Appends one entry; used by the audit log and inside the case store's transactions. */
export const insertAuditEntry = async (sql: Sql, entry: AuditEntryDraft): Promise<void> => {
  await sql.query(
    `INSERT INTO audit_log (at, actor_id, action, outcome, case_id, case_ref, request_id, detail)
     VALUES ($1::timestamptz, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::jsonb)`,
    [
      entry.at,
      entry.actorId,
      entry.action,
      entry.outcome,
      entry.caseId ?? null,
      entry.caseRef ?? null,
      entry.requestId ?? null,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
};

export const auditEntryFromRow = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  action: row.action,
  outcome: row.outcome,
  caseId: row.case_id,
  caseRef: row.case_ref,
  ...(row.request_id !== null ? { requestId: row.request_id } : {}),
  detail: row.detail,
});
