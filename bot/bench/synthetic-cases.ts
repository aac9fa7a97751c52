import type { Database } from '../src/app/ports';

/** The councillors of the synthetic council: 14, so 100,000 cases give each about 7,000. */
export const COUNCILLORS = Array.from({ length: 14 }, (_, i) => `p-cllr-${String(i + 1).padStart(2, '0')}`);
/** Cases per reference year: 2024 and 2025 are full, the rest fall in 2026. */
const PER_YEAR = 40_000;
const FIRST_YEAR = 2024;

export interface SyntheticCases {
  count: number;
  /** The reference of the n-th case (1-based), as the store allocated it. */
  refOf(n: number): string;
}

export const syntheticRef = (n: number): string => {
  const year = FIRST_YEAR + Math.floor((n - 1) / PER_YEAR);
  return `MH-${year}-${String(((n - 1) % PER_YEAR) + 1).padStart(5, '0')}`;
};

/**
 * Inserts cases straight into the table with INSERT … SELECT over generate_series, in batches: the same
 * projected columns and `doc` the store writes, without going through `create` one case at a time.
 * Status mix: 60% closed, 12% responded, 3% on hold, 13% with a department, 7% triaged, 5% new, so about
 * a quarter are open; 3% are MPs' enquiries (no member); 2% are shared with a second councillor.
 */
const INSERT_BATCH = `
INSERT INTO cases (id, ref, version, member_id, department_id, ward_id, status, stage, respond_by,
                   created_at, updated_at, shared_with, origin, kind, doc)
SELECT id, ref, version, member_id, department_id, ward_id, status, stage, respond_by,
       created_at, updated_at, shared_with, origin, kind,
       jsonb_build_object(
         'id', id, 'ref', ref, 'version', version, 'kind', kind, 'origin', origin,
         'memberId', member_id, 'raisedBy', coalesce(member_id, 'p-support-01'),
         'constituent', jsonb_build_object('name', 'Resident ' || g, 'address', g || ' Mill Lane, Westbury',
                                           'postcode', 'WQ' || (1 + g % 9) || ' ' || (1 + g % 9) || 'AB',
                                           'consentToShare', g % 4 <> 0),
         'wardId', ward_id, 'category', category, 'departmentId', department_id,
         'assignedOfficerId', NULL, 'priority', (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + g % 5],
         'title', title, 'description', title || ': reported by a resident, case ' || g || '.',
         'status', status, 'stage', stage,
         'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'acknowledgeBy', to_char(created_at + interval '2 days', 'YYYY-MM-DD'),
         'respondBy', to_char(respond_by, 'YYYY-MM-DD'),
         'escalationLevel', 0, 'sharedWith', to_jsonb(shared_with))
FROM (
  SELECT g, id, ref, member_id, status, created_at, ward_id, shared_with, category, title,
         1 AS version,
         CASE WHEN status = 'new' THEN NULL ELSE department_id END AS department_id,
         CASE WHEN g % 41 = 0 THEN 2 ELSE 1 END AS stage,
         (created_at + interval '14 days')::date AS respond_by,
         created_at + (g % 20) * interval '1 day' AS updated_at,
         CASE WHEN member_id IS NULL THEN 'mp' ELSE 'councillor' END AS origin,
         (ARRAY['member-enquiry', 'member-enquiry', 'member-enquiry', 'service-request', 'complaint'])[1 + g % 5] AS kind
  FROM (
    SELECT g,
           md5('synthetic-case-' || g)::uuid AS id,
           'MH-' || (${FIRST_YEAR} + (g - 1) / ${PER_YEAR}) || '-' || lpad((((g - 1) % ${PER_YEAR}) + 1)::text, 5, '0') AS ref,
           CASE WHEN g % 33 = 0 THEN NULL ELSE 'p-cllr-' || lpad((1 + g % 14)::text, 2, '0') END AS member_id,
           'ward-' || lpad((1 + g % 14)::text, 2, '0') AS ward_id,
           CASE WHEN g % 50 = 0 THEN ARRAY['p-cllr-' || lpad((1 + ((g % 14) + 1 + (g / 50) % 13) % 14)::text, 2, '0')]
                ELSE '{}'::text[] END AS shared_with,
           (ARRAY['dept-highways', 'dept-waste', 'dept-housing', 'dept-planning', 'dept-parks', 'dept-social-care'])[1 + g % 6] AS department_id,
           (ARRAY['Roads and pavements', 'Bins and recycling', 'Housing repairs', 'Planning enforcement', 'Parks and trees', 'Adult social care'])[1 + g % 6] AS category,
           (ARRAY['Pothole outside the school', 'Missed bin collection', 'Damp in council flat', 'Unauthorised extension',
                  'Overhanging tree on footpath', 'Care assessment delayed', 'Street light not working', 'Fly-tipping in lane'])[1 + (g / 7) % 8] AS title,
           make_timestamptz(${FIRST_YEAR} + (g - 1) / ${PER_YEAR}, 1, 2, 9, 0, 0, 'UTC')
             + ((g * 7919) % 300) * interval '1 day' + (g % 480) * interval '1 minute' AS created_at,
           (ARRAY['closed', 'responded', 'on-hold', 'with-department', 'triaged', 'new'])[
             CASE WHEN (g * 37) % 100 < 60 THEN 1 WHEN (g * 37) % 100 < 72 THEN 2 WHEN (g * 37) % 100 < 75 THEN 3
                  WHEN (g * 37) % 100 < 88 THEN 4 WHEN (g * 37) % 100 < 95 THEN 5 ELSE 6 END] AS status
    FROM generate_series($1::integer, $2::integer) AS g
  ) base
) derived`;

export const seedSyntheticCases = async (
  db: Database,
  count: number,
  log: (message: string) => void,
): Promise<SyntheticCases> => {
  const batch = 10_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await db.transaction((tx) => tx.query(INSERT_BATCH, [from, to]));
    log(`  ${to.toLocaleString('en-GB')} / ${count.toLocaleString('en-GB')} cases`);
  }
  await db.query(
    `INSERT INTO case_ref_counters (year, last)
     SELECT split_part(ref, '-', 2)::integer, max(split_part(ref, '-', 3)::integer) FROM cases GROUP BY 1
     ON CONFLICT (year) DO UPDATE SET last = excluded.last`,
  );
  // Steady state, as autovacuum would leave it: statistics gathered and the GIN pending lists merged.
  await db.query('VACUUM ANALYZE');
  return { count, refOf: syntheticRef };
};
