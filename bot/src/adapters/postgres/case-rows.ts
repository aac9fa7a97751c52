import type { Case, CaseEvent } from '../../domain/case';

/**
 * The one mapping between the `cases` table and the domain. `doc` holds the whole Case and is the source of
 * truth; the other columns are projections of it for indexes and constraints, rewritten on every write by
 * `caseColumnValues`, so they cannot drift.
 */

/** Columns in the order of `caseColumnValues`. */
export const CASE_COLUMNS = [
  'id',
  'ref',
  'version',
  'member_id',
  'department_id',
  'ward_id',
  'status',
  'stage',
  'respond_by',
  'created_at',
  'updated_at',
  'shared_with',
  'origin',
  'kind',
  'doc',
] as const;

/** SQL casts matching CASE_COLUMNS, so both drivers bind parameters the same way. */
const CASTS = [
  'uuid',
  'text',
  'integer',
  'text',
  'text',
  'text',
  'text',
  'smallint',
  'date',
  'timestamptz',
  'timestamptz',
  'text[]',
  'text',
  'text',
  'jsonb',
];

/** `$1::uuid, $2::text, ...` starting at `$first`. */
export const casePlaceholders = (first = 1): string =>
  CASTS.map((cast, i) => `$${first + i}::${cast}`).join(', ');

export const caseColumnValues = (c: Case): unknown[] => [
  c.id,
  c.ref,
  c.version,
  c.memberId,
  c.departmentId,
  c.wardId,
  c.status,
  c.stage,
  c.respondBy,
  c.createdAt,
  c.updatedAt,
  [...c.sharedWith],
  c.origin,
  c.kind,
  // A string, not an object: pg would send a JS array as a PostgreSQL array literal, not as JSON.
  JSON.stringify(c),
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A stored case back to the domain. */
export const caseFromRow = (row: { doc: unknown }): Case => {
  const doc = row.doc;
  if (
    !isRecord(doc) ||
    typeof doc.id !== 'string' ||
    typeof doc.ref !== 'string' ||
    typeof doc.version !== 'number'
  )
    throw new Error('A stored case is malformed: its doc lacks id, ref or version.');
  return doc as unknown as Case;
};

export interface CaseEventRow {
  case_id: string;
  seq: number;
  at: string;
  actor_id: string | null;
  type: string;
  data: Record<string, unknown>;
}

export const caseEventFromRow = (row: CaseEventRow): CaseEvent => ({
  caseId: row.case_id,
  seq: row.seq,
  at: row.at,
  actorId: row.actor_id,
  type: row.type as CaseEvent['type'],
  data: row.data,
});
