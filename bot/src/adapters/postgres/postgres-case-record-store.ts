import type { Case } from '../../domain/case';
import type { AuditEntryDraft, CaseLink, CaseRecordStore, Database, InternalNote } from '../../app/ports';
import type { ListScope } from '../../domain/access-policy';
import type { CaseId, PersonId } from '../../domain/ids';
import { insertAuditEntry } from './audit-rows';
import { caseFromRow } from './case-rows';
import { Params, scopeConditions } from './postgres-case-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The two ids in the order the table keeps them. */
const ordered = (a: CaseId, b: CaseId): [CaseId, CaseId] => (a < b ? [a, b] : [b, a]);

/** Internal notes, case links and the duplicate check's candidates on PostgreSQL or PGlite. */
export class PostgresCaseRecordStore implements CaseRecordStore {
  constructor(private readonly db: Database) {}

  addNote(note: InternalNote, audit: AuditEntryDraft): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO case_notes (id, case_id, at, author_id, text)
         VALUES ($1::uuid, $2::uuid, $3::timestamptz, $4::text, $5::text)`,
        [note.id, note.caseId, note.at, note.authorId, note.text],
      );
      await insertAuditEntry(tx, audit);
    });
  }

  async notes(caseId: CaseId): Promise<InternalNote[]> {
    if (!UUID.test(caseId)) return [];
    const { rows } = await this.db.query<{
      id: string;
      case_id: string;
      at: string;
      author_id: string;
      text: string;
    }>(`SELECT id, case_id, at, author_id, text FROM case_notes WHERE case_id = $1::uuid ORDER BY at, id`, [
      caseId,
    ]);
    return rows.map((r) => ({ id: r.id, caseId: r.case_id, at: r.at, authorId: r.author_id, text: r.text }));
  }

  link(a: CaseId, b: CaseId, by: PersonId, at: string, audit: readonly AuditEntryDraft[]): Promise<boolean> {
    const [first, second] = ordered(a, b);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `INSERT INTO case_links (case_a, case_b, linked_by, linked_at)
         VALUES ($1::uuid, $2::uuid, $3::text, $4::timestamptz)
         ON CONFLICT (case_a, case_b) DO NOTHING
         RETURNING case_a`,
        [first, second, by, at],
      );
      for (const entry of audit) await insertAuditEntry(tx, entry);
      return rows.length === 1;
    });
  }

  unlink(a: CaseId, b: CaseId, audit: readonly AuditEntryDraft[]): Promise<boolean> {
    const [first, second] = ordered(a, b);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `DELETE FROM case_links WHERE case_a = $1::uuid AND case_b = $2::uuid RETURNING case_a`,
        [first, second],
      );
      for (const entry of audit) await insertAuditEntry(tx, entry);
      return rows.length === 1;
    });
  }

  async links(caseId: CaseId): Promise<CaseLink[]> {
    if (!UUID.test(caseId)) return [];
    const { rows } = await this.db.query<{ doc: unknown; linked_by: string; linked_at: string }>(
      `SELECT c.doc, l.linked_by, l.linked_at
         FROM case_links l
         JOIN cases c ON c.id = CASE WHEN l.case_a = $1::uuid THEN l.case_b ELSE l.case_a END
        WHERE l.case_a = $1::uuid OR l.case_b = $1::uuid
        ORDER BY l.linked_at, c.ref`,
      [caseId],
    );
    return rows.map((r) => ({ other: caseFromRow(r), linkedBy: r.linked_by, linkedAt: r.linked_at }));
  }

  async recentCandidates(
    scope: Exclude<ListScope, { kind: 'none' }>,
    probe: {
      since: string;
      category: string;
      email?: string | undefined;
      phoneDigits?: string | undefined;
      postcode: string;
    },
    limit: number,
  ): Promise<Case[]> {
    const params = new Params();
    const where = [
      ...scopeConditions(scope, params),
      `created_at >= ${params.add(probe.since, 'timestamptz')}`,
    ];
    const either = [
      `lower(doc->>'category') = ${params.add(probe.category.trim().toLowerCase(), 'text')}`,
      `upper(replace(doc->'constituent'->>'postcode', ' ', '')) = ${params.add(probe.postcode.replace(/\s+/g, '').toUpperCase(), 'text')}`,
    ];
    if (probe.email)
      either.push(
        `lower(doc->'constituent'->>'email') = ${params.add(probe.email.trim().toLowerCase(), 'text')}`,
      );
    if (probe.phoneDigits)
      either.push(
        `right(regexp_replace(coalesce(doc->'constituent'->>'phone', ''), '\\D', '', 'g'), 10) = ${params.add(probe.phoneDigits, 'text')}`,
      );
    const { rows } = await this.db.query<{ doc: unknown }>(
      `SELECT doc FROM cases WHERE ${where.join(' AND ')} AND (${either.join(' OR ')})
        ORDER BY created_at DESC, id LIMIT ${params.add(limit, 'integer')}`,
      params.values,
    );
    return rows.map(caseFromRow);
  }
}
