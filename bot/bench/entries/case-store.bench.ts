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
    // Issue 16: "open" as the tab and the bot ask for it (awaiting an answer, or an answer still new to the
    // member within the follow-up window), each case marked with its news; and searches as people type them,
    // each word a prefix over the case, the constituent's address and postcode, and documents, with the
    // count of matches under other statuses. (The synthetic cases have no timeline, so the news test finds
    // nothing to read past; its cost here is the lookup itself.)
    const today = '2026-06-15';
    const openAsAsked = await measure(
      'my open cases as the tab and bot ask (open to the member, news marked), first page of 25',
      async () => {
        const member = pick(COUNCILLORS);
        const page = await store.list(
          { kind: 'member', memberId: member },
          { openTo: { readerId: member, today }, newsFor: member },
          { limit: 25, offset: 0 },
        );
        if (page.items.length !== 25) throw new Error('Expected a full first page of open cases.');
      },
      { iterations: 200 },
    );
    const search = (label: string, text: string, statuses = true, members = COUNCILLORS) =>
      measure(
        label,
        async () => {
          const member = pick(members);
          const filter = { text, constituentText: 'all' as const };
          const page = await store.list(
            { kind: 'member', memberId: member },
            statuses ? { ...filter, openTo: { readerId: member, today } } : filter,
            { limit: 25, offset: 0 },
          );
          // The tab's "matches elsewhere": the same search without the status filter, counted.
          if (statuses)
            await store.list({ kind: 'member', memberId: member }, filter, { limit: 1, offset: 0 });
          // A case number belongs to one member in each year, so most members have none of it.
          if (page.total === 0 && !/^\d+$/.test(text)) throw new Error(`Expected matches for ${text}.`);
        },
        { iterations: 100 },
      );
    // The synthetic titles fall so that only the first seven councillors have "Overhanging tree on footpath".
    const twoWords = await search(
      'search "overhang foot" (2 word starts), member, open + elsewhere count',
      'overhang foot',
      true,
      COUNCILLORS.slice(0, 7),
    );
    const street = await search(
      'search "mill lane" (every case of hers), member, open + elsewhere count',
      'mill lane',
    );
    const postcode = await search('search "WQ3 3AB" (a postcode), member, all statuses', 'WQ3 3AB', false);
    const number = await search('search "00199" (a case number), member, all statuses', '00199', false);
    return [findByRef, myOpenCases, openAsAsked, twoWords, street, postcode, number];
  },
});
