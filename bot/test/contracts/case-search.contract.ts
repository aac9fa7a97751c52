import type { Actor } from '../../src/app/actor';
import { makeCasework, type Casework, type ListCasesRequest } from '../../src/app/casework';
import type { Clock, Database } from '../../src/app/ports';
import { PostgresAuditLog, PostgresCaseStore } from '../../src/adapters/postgres';
import { createSlaClock } from '../../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../../src/domain/sla-policy';
import { PEOPLE, prepareTestDatabase, type Who, testCaseCategories } from '../support/test-app';

const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };

/**
 * Case search finds what people type (issue 16): a reference in full or in part, the start of a word, a
 * street, a postcode; and under a status filter it says how many match elsewhere, counting only cases the
 * person may see. The same SQL on every database: `open` returns a new, empty one.
 */
export const describeCaseSearchContract = (name: string, open: () => Promise<Database>): void => {
  describe(`case search on ${name}`, () => {
    let db: Database;
    let casework: Casework;
    const refs = {} as Record<'hedge' | 'pothole' | 'flytip' | 'bobs', string>;
    const actor = (who: Who): Actor => ({ person: PEOPLE[who], requestId: `search-${who}` });
    const constituent = (address: string, postcode: string, consentToShare = true) => ({
      name: 'Pat Resident',
      address,
      postcode,
      consentToShare,
    });
    const search = async (who: Who, text: string, extra: Partial<ListCasesRequest> = {}) => {
      const page = await casework.list(actor(who), { text, limit: 50, offset: 0, ...extra });
      return { refs: page.items.map((c) => c.ref).sort(), total: page.total, elsewhere: page.elsewhere };
    };

    beforeAll(async () => {
      db = await open();
      const directory = await prepareTestDatabase(db);
      const cases = new PostgresCaseStore(db, { clock });
      casework = makeCasework({
        categories: testCaseCategories(db, clock),
        cases,
        audit: new PostgresAuditLog(db),
        directory,
        clock,
        sla: createSlaClock(DEFAULT_SLA_POLICY),
      });
      const raise = async (
        who: Who,
        title: string,
        c: ReturnType<typeof constituent>,
        wardId = 'ward-north',
      ) =>
        (
          await casework.raise(actor(who), {
            kind: 'member-enquiry',
            origin: 'councillor',
            constituent: c,
            wardId,
            category: 'Highways',
            title,
            description: 'Reported by a resident.',
          })
        ).ref;
      refs.hedge = await raise(
        'alice',
        'Hedge overhanging the footway',
        constituent('4 Zephyrine Close', 'WQ1 7ZZ'),
      );
      refs.pothole = await raise('alice', 'Deep pothole', constituent('12 Mill Lane, Northtown', 'WQ1 2AB'));
      refs.flytip = await raise(
        'alice',
        'Fly-tipping',
        constituent('40 Mill Lane, Northtown', 'WQ1 2AB', false),
      );
      refs.bobs = await raise(
        'bob',
        'Bench broken',
        constituent('2 Mill Lane, Southtown', 'WQ2 9XY'),
        'ward-south',
      );
      for (const ref of [refs.hedge, refs.pothole, refs.flytip])
        await casework.act(actor('sue'), ref, { type: 'triage', departmentId: 'dept-highways' });
      await casework.act(actor('hal'), refs.hedge, { type: 'respond', response: 'Cut back.' });
      // Alice has read the answer, so the case is no longer open to her (domain/case-news.ts).
      await casework.get(actor('alice'), refs.hedge);
    }, 120_000);
    afterAll(() => db?.close());

    it('finds a reference typed in full from any status filter, saying it matches elsewhere', async () => {
      expect(await search('alice', refs.hedge)).toEqual({
        refs: [refs.hedge],
        total: 1,
        elsewhere: undefined,
      });
      expect(await search('alice', refs.hedge.toLowerCase(), { open: true })).toEqual({
        refs: [],
        total: 0,
        elsewhere: 1,
      });
      expect(await search('alice', refs.hedge, { status: ['responded'] })).toMatchObject({
        total: 1,
        elsewhere: 0,
      });
    });

    it('answers a reference the person may not see exactly as one that does not exist', async () => {
      expect(await search('bob', refs.hedge, { open: true })).toEqual({ refs: [], total: 0, elsewhere: 0 });
      expect(await search('bob', 'MH-2026-99999', { open: true })).toEqual({
        refs: [],
        total: 0,
        elsewhere: 0,
      });
    });

    it('finds a case by the number of its reference alone, with or without leading zeros', async () => {
      const number = refs.pothole.slice(-5);
      expect((await search('alice', number)).refs).toEqual([refs.pothole]);
      // Without its zeros the number is also an ordinary word's start ("2" begins the postcode's "2AB").
      expect((await search('alice', String(Number(number)))).refs).toContain(refs.pothole);
      expect((await search('alice', refs.pothole.slice(0, -1))).refs).toContain(refs.pothole);
    });

    it('matches the start of a word: zephyr finds Zephyrine Close', async () => {
      expect(await search('alice', 'zephyr', { open: true })).toEqual({ refs: [], total: 0, elsewhere: 1 });
      expect((await search('alice', 'Zephyr')).refs).toEqual([refs.hedge]);
      expect((await search('alice', 'overhang')).refs).toEqual([refs.hedge]);
    });

    it('finds a street and a postcode, with or without its space, and words in different places', async () => {
      const both = [refs.pothole, refs.flytip].sort();
      expect((await search('alice', 'Mill Lane', { open: true })).refs).toEqual(both);
      expect((await search('alice', 'WQ1 2AB', { open: true })).refs).toEqual(both);
      expect((await search('alice', 'wq12ab')).refs).toEqual(both);
      expect((await search('alice', 'pothole mill')).refs).toEqual([refs.pothole]);
      expect((await search('alice', 'pothole or fly')).refs).toEqual(both);
    });

    it('counts matches elsewhere only among cases the person may see', async () => {
      // Bob's case is on a Mill Lane too; Alice's count never includes it.
      expect(await search('alice', 'mill', { status: ['responded'] })).toEqual({
        refs: [],
        total: 0,
        elsewhere: 2,
      });
      expect((await search('bob', 'mill')).refs).toEqual([refs.bobs]);
    });

    it('lets a department officer find an address only where the constituent consented to sharing', async () => {
      expect((await search('hal', 'mill lane')).refs).toEqual([refs.pothole]);
      expect((await search('hal', 'wq1 2ab')).refs).toEqual([refs.pothole]);
      expect((await search('sue', 'mill lane')).refs).toEqual([refs.bobs, refs.pothole, refs.flytip].sort());
    });

    it('takes nothing typed as query syntax', async () => {
      for (const typed of [`'`, `:*`, `!(`, `a & | b`, `\\`, `zephyr:* | mill`])
        await expect(search('alice', typed)).resolves.toMatchObject({ total: expect.any(Number) });
    });
  });
};
