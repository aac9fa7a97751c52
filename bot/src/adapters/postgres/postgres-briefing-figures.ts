import type { BriefingFigures } from '../../app/briefing-ports';
import type { Database } from '../../app/ports';
import type { WardCaseworkFigures } from '../../domain/briefing';
import type { WardId } from '../../domain/ids';
import { addMonths, type IsoMonth } from '../../domain/reporting-period';
import { MANAGED_CATEGORY, MANAGED_CATEGORY_JOIN } from './postgres-case-categories';

/** Cases still awaiting their answer (as the statistics page counts them). */
const AWAITING_RESPONSE = ['new', 'triaged', 'with-department', 'on-hold'];

type Row = { ward_id: WardId; metric: string; category: string | null; n: number; oldest: string | null };

const empty = (): WardCaseworkFigures => ({
  raised: 0,
  closed: 0,
  answered: 0,
  answeredWithinTarget: 0,
  categories: [],
  openNow: 0,
  oldestOpenRaisedOn: null,
});

/**
 * Every ward's casework counts for one month (Europe/London) in one statement: raised, closed, answered (and
 * within target), categories raised, and open now with the oldest open case's London date. Counts only: no
 * column that could carry a constituent's details is read.
 */
export class PostgresBriefingFigures implements BriefingFigures {
  constructor(private readonly db: Database) {}

  async wardCasework(period: IsoMonth): Promise<Map<WardId, WardCaseworkFigures>> {
    const from = `($1::date::timestamp AT TIME ZONE 'Europe/London')`;
    const until = `($2::date::timestamp AT TIME ZONE 'Europe/London')`;
    const { rows } = await this.db.query<Row>(
      `SELECT c.ward_id, 'raised' AS metric, NULL::text AS category, count(*)::integer AS n, NULL::text AS oldest
         FROM cases c WHERE c.created_at >= ${from} AND c.created_at < ${until} GROUP BY c.ward_id
       UNION ALL
       SELECT c.ward_id, 'category', ${MANAGED_CATEGORY}, count(*)::integer, NULL
         FROM cases c ${MANAGED_CATEGORY_JOIN}
        WHERE c.created_at >= ${from} AND c.created_at < ${until} GROUP BY 1, 3
       UNION ALL
       SELECT c.ward_id, 'closed', NULL, count(*)::integer, NULL
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.type = 'closed' AND e.at >= ${from} AND e.at < ${until} GROUP BY c.ward_id
       UNION ALL
       SELECT c.ward_id, CASE WHEN e.data->>'withinTarget' = 'true' THEN 'within' ELSE 'late' END, NULL,
              count(*)::integer, NULL
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.type = 'responded' AND e.at >= ${from} AND e.at < ${until} GROUP BY 1, 2
       UNION ALL
       SELECT c.ward_id, 'open', NULL, count(*)::integer,
              to_char(min(c.created_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')
         FROM cases c WHERE c.status = ANY($3::text[]) GROUP BY c.ward_id`,
      [`${period}-01`, `${addMonths(period, 1)}-01`, AWAITING_RESPONSE],
    );
    const byWard = new Map<WardId, WardCaseworkFigures>();
    const get = (ward: WardId) => {
      let f = byWard.get(ward);
      if (!f) byWard.set(ward, (f = empty()));
      return f;
    };
    for (const r of rows) {
      const f = get(r.ward_id);
      switch (r.metric) {
        case 'raised':
          f.raised = r.n;
          break;
        case 'category':
          f.categories = [...f.categories, { category: r.category ?? '', count: r.n }];
          break;
        case 'closed':
          f.closed = r.n;
          break;
        case 'within':
          f.answered += r.n;
          f.answeredWithinTarget += r.n;
          break;
        case 'late':
          f.answered += r.n;
          break;
        case 'open':
          f.openNow = r.n;
          f.oldestOpenRaisedOn = r.oldest;
          break;
      }
    }
    return byWard;
  }
}
