import { PostgresCaseStore } from '../../src/adapters/postgres';
import type { CaseFilter, CasePageRequest } from '../../src/app/ports';
import type { ListScope } from '../../src/domain/access-policy';
import { OPEN_STATUSES } from '../../src/domain/case';
import { measure, seededRandom, type BenchEntry } from '../harness';
import { COUNCILLORS, seedSyntheticCases } from '../synthetic-cases';

/**
 * The case list's column sorts and filters (issue 16), each beside the list it extends in the same run: the
 * default (attention) order over the same rows. The widest list is a support officer's: every open case in
 * the council (about 28,000 of 100,000), sorted and paged as the tab asks (its first page of 500); then a
 * councillor's open cases (about 1,700), and the filters a support officer narrows by.
 */
export const caseListSortsEntry = (caseCount: number): BenchEntry => ({
  title: `Case list sorts and filters with ${caseCount.toLocaleString('en-GB')} cases`,
  async run(ctx) {
    await ctx.dataset(`cases-${caseCount}`, (db) => seedSyntheticCases(db, caseCount, ctx.log));
    const store = new PostgresCaseStore(ctx.db, { clock: { now: () => new Date('2026-06-15T12:00:00Z') } });
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const open: CaseFilter = { statuses: OPEN_STATUSES };

    const page = (
      label: string,
      scope: () => ListScope,
      filter: CaseFilter,
      order: Partial<CasePageRequest>,
      limit: number,
    ) =>
      measure(
        label,
        async () => {
          const result = await store.list(scope(), filter, { limit, offset: 0, ...order });
          if (result.items.length === 0) throw new Error(`Expected cases for ${label}.`);
        },
        { iterations: 30, warmup: 5 },
      );
    const all = (): ListScope => ({ kind: 'all' });
    const member = (): ListScope => ({ kind: 'member', memberId: pick(COUNCILLORS) });

    const measureAll = async () => [
      await page('all open cases, attention order (the default), first 500', all, open, {}, 500),
      await page(
        'all open cases, sort=raised desc, first 500',
        all,
        open,
        { sort: 'raised', dir: 'desc' },
        500,
      ),
      await page('all open cases, sort=title, first 500', all, open, { sort: 'title' }, 500),
      await page(
        'all open cases, sort=status desc, first 500',
        all,
        open,
        { sort: 'status', dir: 'desc' },
        500,
      ),
      await page('all open cases, sort=department, first 500', all, open, { sort: 'department' }, 500),
      await page(
        'all open cases, sort=member desc, first 500',
        all,
        open,
        { sort: 'member', dir: 'desc' },
        500,
      ),
      await page('my open cases, attention order (the default), first 500', member, open, {}, 500),
      await page(
        'my open cases, sort=title desc, first 500',
        member,
        open,
        { sort: 'title', dir: 'desc' },
        500,
      ),
      await page(
        'all cases, category filter (one in six), attention order, first 500',
        all,
        { category: 'parks and trees' },
        {},
        500,
      ),
      await page(
        'all cases, raised in one month (Europe/London), attention order, first 500',
        all,
        { raisedFrom: '2026-03-01', raisedTo: '2026-03-31' },
        {},
        500,
      ),
      await page(
        'all cases, member + category + month, sort=ref desc, first 500',
        all,
        {
          memberId: COUNCILLORS[0],
          category: 'Roads and pavements',
          raisedFrom: '2026-01-01',
          raisedTo: '2026-06-30',
        },
        { sort: 'ref', dir: 'desc' },
        500,
      ),
    ];

    // The synthetic cases name departments and councillors the directory does not hold: give them names for
    // the department and member sorts to look up, and take them away afterwards for the entries that follow.
    const departments = ['highways', 'waste', 'housing', 'planning', 'parks', 'social-care'];
    await ctx.db.query(
      `INSERT INTO departments (id, name) SELECT 'dept-' || d, initcap(d) FROM unnest($1::text[]) AS d`,
      [departments],
    );
    await ctx.db.query(
      `INSERT INTO people (id, oid, display_name, email, roles)
       SELECT p, 'bench-' || p, 'Cllr ' || upper(p), p || '@bench.example', ARRAY['Councillor']
       FROM unnest($1::text[]) AS p`,
      [COUNCILLORS],
    );
    try {
      return await measureAll();
    } finally {
      await ctx.db.query(`DELETE FROM people WHERE oid LIKE 'bench-%'`);
      await ctx.db.query(`DELETE FROM departments WHERE id = ANY($1::text[])`, [
        departments.map((d) => `dept-${d}`),
      ]);
    }
  },
});
