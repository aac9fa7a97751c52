import type { CaseStatistics, CaseStatisticsCounts, CaseStatisticsQuery, Database } from '../../app/ports';
import { addMonths, monthsCovered } from '../../domain/reporting-period';
import { MANAGED_CATEGORY, MANAGED_CATEGORY_JOIN } from './postgres-case-categories';

/** Statuses whose case still awaits its answer: open, and on hold (the clock is stopped, the case is not done). */
const AWAITING_RESPONSE = ['new', 'triaged', 'with-department', 'on-hold'];

/** Reporting periods are bounded well below this by the use case; the store refuses anything absurd itself. */
const MAX_MONTHS = 120;

/**
 * The statistics page's aggregates on PostgreSQL or PGlite (same SQL). Months and "the day a case was raised"
 * are Europe/London's, so a response sent at 00:30 BST on 1 July counts in July. One statement computes every
 * aggregate, so they all describe the same moment, in one round trip.
 *
 * Indexes: responses in the period through `case_events_responded`, cases raised in the period through
 * `cases_created_at`, open cases through `cases_status_respond_by`; a member's scope through
 * `cases_member_status`.
 */
export class PostgresCaseStatistics implements CaseStatistics {
  constructor(private readonly db: Database) {}

  async counts(query: CaseStatisticsQuery): Promise<CaseStatisticsCounts> {
    const months = monthsCovered(query.from, query.to);
    if (months < 1 || months > MAX_MONTHS)
      throw new RangeError(`A statistics period covers 1 to ${MAX_MONTHS} months, not ${months}.`);
    // $1, $2: the first instant of the period and of the month after it, as London midnights.
    const params: unknown[] = [`${query.from}-01`, `${addMonths(query.to, 1)}-01`, AWAITING_RESPONSE];
    let inScope = 'true';
    if (query.scope.kind === 'member') {
      params.push(query.scope.memberId);
      // A member's own cases only: statistics do not count cases merely shared with them.
      inScope = `c.member_id = $${params.length}::text`;
    }
    const from = `($1::date::timestamp AT TIME ZONE 'Europe/London')`;
    const until = `($2::date::timestamp AT TIME ZONE 'Europe/London')`;
    const raisedInPeriod = `c.created_at >= ${from} AND c.created_at < ${until} AND ${inScope}`;
    const londonMonth = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/London', 'YYYY-MM')`;
    const list = (fields: string, order: string, source: string) =>
      `(SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY ${order}), '[]'::json) FROM (${source}) x)`;

    const { rows } = await this.db.query<{
      answered: CaseStatisticsCounts['answered'];
      by_ward: CaseStatisticsCounts['raisedByWard'];
      by_category: CaseStatisticsCounts['raisedByCategory'];
      by_origin: CaseStatisticsCounts['raisedByOrigin'];
      open_by_raised: CaseStatisticsCounts['openByRaisedDate'];
    }>(
      `SELECT
         ${list(
           `'departmentId', x.department_id, 'month', x.month, 'answered', x.answered, 'withinTarget', x.within_target`,
           'x.month, x.department_id',
           // The department answering is the one the event names (from issue 4 on), else the case's current
           // one. A case is answered only after triage gives it a department, so the null guard is defensive.
           `SELECT coalesce(e.data->>'departmentId', c.department_id) AS department_id,
                   ${londonMonth('e.at')} AS month,
                   count(*)::integer AS answered,
                   (count(*) FILTER (WHERE e.data->>'withinTarget' = 'true'))::integer AS within_target
              FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE e.type = 'responded' AND e.at >= ${from} AND e.at < ${until} AND ${inScope}
               AND coalesce(e.data->>'departmentId', c.department_id) IS NOT NULL
             GROUP BY 1, 2`,
         )} AS answered,
         ${list(
           `'wardId', x.ward_id, 'count', x.n`,
           'x.n DESC, x.ward_id',
           `SELECT c.ward_id, count(*)::integer AS n FROM cases c WHERE ${raisedInPeriod} GROUP BY 1`,
         )} AS by_ward,
         ${list(
           `'category', x.category, 'count', x.n`,
           'x.n DESC, x.category',
           `SELECT ${MANAGED_CATEGORY} AS category, count(*)::integer AS n
              FROM cases c ${MANAGED_CATEGORY_JOIN} WHERE ${raisedInPeriod} GROUP BY 1`,
         )} AS by_category,
         ${list(
           `'month', x.month, 'origin', x.origin, 'count', x.n`,
           'x.month, x.origin',
           `SELECT ${londonMonth('c.created_at')} AS month, c.origin, count(*)::integer AS n
              FROM cases c WHERE ${raisedInPeriod} GROUP BY 1, 2`,
         )} AS by_origin,
         ${list(
           `'raisedOn', x.raised_on, 'count', x.n`,
           'x.raised_on',
           `SELECT to_char(c.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS raised_on,
                   count(*)::integer AS n
              FROM cases c WHERE c.status = ANY($3::text[]) AND ${inScope} GROUP BY 1`,
         )} AS open_by_raised`,
      params,
    );
    const row = rows[0];
    if (!row) throw new Error('The statistics query returned no row.');
    return {
      answered: row.answered,
      raisedByWard: row.by_ward,
      raisedByCategory: row.by_category,
      raisedByOrigin: row.by_origin,
      openByRaisedDate: row.open_by_raised,
    };
  }
}
