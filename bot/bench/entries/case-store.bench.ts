import { PostgresCaseStore } from '../../src/adapters/postgres';
import { OPEN_STATUSES } from '../../src/domain/case';
import { measure, seededRandom, type BenchEntry } from '../harness';
import { COUNCILLORS, seedSyntheticCases } from '../synthetic-cases';

/**
 * Reading cases out of a realistic store: 100,000 cases (override with BENCH_CASES), 14 councillors with
 * about 7,000 each. "Today" is fixed so the overdue-first ordering does the same work on every run.
 */
export const caseStoreEntry = (caseCount: number): BenchEntry => ({
  title: `CaseStore with ${caseCount.toLocaleString('en-GB')} cases`,
  async run(ctx) {
    const cases = await ctx.dataset(`cases-${caseCount}`, (db) => seedSyntheticCases(db, caseCount, ctx.log));
    const store = new PostgresCaseStore(ctx.db, { clock: { now: () => new Date('2026-06-15T12:00:00Z') } });
    const random = seededRandom(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

    const findByRef = await measure(
      `findByRef, random ref (${caseCount.toLocaleString('en-GB')} cases)`,
      async () => {
        const ref = cases.refOf(1 + Math.floor(random() * cases.count));
        if (!(await store.findByRef(ref))) throw new Error(`Synthetic case ${ref} is missing.`);
      },
      { iterations: 500 },
    );
    const myOpenCases = await measure(
      'my open cases: member scope, open statuses, first page of 25',
      async () => {
        const page = await store.list(
          { kind: 'member', memberId: pick(COUNCILLORS) },
          { statuses: OPEN_STATUSES },
          { limit: 25, offset: 0 },
        );
        if (page.items.length !== 25) throw new Error('Expected a full first page of open cases.');
      },
      { iterations: 200 },
    );
    return [findByRef, myOpenCases];
  },
});
