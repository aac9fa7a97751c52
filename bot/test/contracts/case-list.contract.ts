import type { CaseFilter, CasePageRequest, Database } from '../../src/app/ports';
import { PostgresCaseStore } from '../../src/adapters/postgres';
import type { ListScope } from '../../src/domain/access-policy';
import type { NewCase } from '../../src/domain/case';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';
import { prepareTestDatabase } from '../support/test-app';

const SETUP_TIMEOUT_MS = 120_000;

type Name = 'a1' | 'a2' | 'a3' | 'b1' | 'b2' | 'mp';

/**
 * The case list's filters and column sorts (issue 16) on a `Database`: category, member and the days a case
 * was raised (Europe/London), each inside the caller's list scope; every column in both directions, ties by
 * reference, so paging neither repeats nor drops a case. `open` returns a new, empty database.
 */
export const describeCaseListContract = (name: string, open: () => Promise<Database>): void => {
  describe(`CaseStore.list filters and sorts on ${name}`, () => {
    let db: Database;
    let store: PostgresCaseStore;
    const refs = {} as Record<Name, string>;
    const nameOf = (ref: string) => (Object.keys(refs) as Name[]).find((n) => refs[n] === ref);

    const SCOPES = {
      all: { kind: 'all' },
      alice: { kind: 'member', memberId: 'p-alice' },
      highways: { kind: 'department', departmentId: 'dept-highways' },
    } satisfies Record<string, ListScope>;

    const list = async (
      scope: ListScope,
      filter: CaseFilter = {},
      page: Partial<CasePageRequest> = {},
    ): Promise<(Name | undefined)[]> =>
      (await store.list(scope, filter, { limit: 50, offset: 0, ...page })).items.map((c) => nameOf(c.ref));
    const set = async (scope: ListScope, filter: CaseFilter) => (await list(scope, filter)).sort();

    beforeAll(async () => {
      db = await open();
      await prepareTestDatabase(db);
      store = new PostgresCaseStore(db, {
        queueNotifications: false,
        clock: { now: () => new Date('2026-07-20T12:00:00Z') },
      });
      const alice = { memberId: 'p-alice', raisedBy: 'p-alice' };
      const bob = { memberId: 'p-bob', raisedBy: 'p-bob' };
      // Created in this order, so the references run a1 < a2 < a3 < b1 < b2 < mp. a2, b2 and mp tie on the
      // day raised and the response date: only the reference tells them apart.
      const cases: [Name, Partial<NewCase>][] = [
        [
          'a1',
          {
            ...alice,
            title: 'Pothole by the school',
            category: 'Roads and pavements',
            departmentId: 'dept-highways',
            status: 'with-department',
            createdAt: '2026-03-02T09:30:00.000Z',
            respondBy: '2026-03-16',
          },
        ],
        [
          'a2',
          {
            ...alice,
            title: 'bench broken',
            category: 'Parks',
            departmentId: 'dept-waste',
            status: 'triaged',
            createdAt: '2026-03-05T10:00:00.000Z',
            respondBy: '2026-03-19',
          },
        ],
        [
          'a3',
          {
            ...alice,
            title: 'Abandoned car',
            category: 'ROADS AND PAVEMENTS',
            departmentId: null,
            status: 'new',
            // 00:30 on 1 July in London (BST), still 30 June in UTC.
            createdAt: '2026-06-30T23:30:00.000Z',
            respondBy: '2026-07-14',
          },
        ],
        [
          'b1',
          {
            ...bob,
            title: 'Street light out',
            category: 'Street lighting',
            departmentId: 'dept-highways',
            status: 'responded',
            createdAt: '2026-07-01T08:00:00.000Z',
            respondBy: '2026-07-15',
          },
        ],
        [
          'b2',
          {
            ...bob,
            title: 'Dog fouling',
            category: 'Parks',
            departmentId: null,
            status: 'closed',
            sharedWith: ['p-alice'],
            createdAt: '2026-03-05T10:00:00.000Z',
            respondBy: '2026-03-19',
          },
        ],
        [
          'mp',
          {
            origin: 'mp',
            mpName: 'Ms Example MP',
            memberId: null,
            raisedBy: 'p-sue',
            title: 'MP letter about buses',
            category: 'Transport',
            departmentId: 'dept-waste',
            status: 'on-hold',
            createdAt: '2026-03-05T10:00:00.000Z',
            respondBy: '2026-03-19',
          },
        ],
      ];
      for (const [n, overrides] of cases) {
        const draft = newCase({ updatedAt: overrides.createdAt, ...overrides });
        refs[n] = (
          await store.create(
            draft,
            raisedEvent(draft),
            auditEntry('case.create', draft.raisedBy, draft.createdAt),
          )
        ).ref;
      }
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());

    it('filters by category as cases show it, ignoring letter case but matching the whole name', async () => {
      expect(await set(SCOPES.all, { category: 'roads and pavements' })).toEqual(['a1', 'a3']);
      expect(await set(SCOPES.all, { category: 'Roads' })).toEqual([]);
      expect(await set(SCOPES.highways, { category: 'Roads and pavements' })).toEqual(['a1']);
    });

    it('filters by member only among the cases the scope already lists', async () => {
      expect(await set(SCOPES.all, { memberId: 'p-bob' })).toEqual(['b1', 'b2']);
      // Alice may list only Bob's case shared with her; the department only Bob's case routed to it.
      expect(await set(SCOPES.alice, { memberId: 'p-bob' })).toEqual(['b2']);
      expect(await set(SCOPES.highways, { memberId: 'p-bob' })).toEqual(['b1']);
    });

    it('filters by the days raised in Europe/London, both ends included', async () => {
      expect(await set(SCOPES.all, { raisedFrom: '2026-07-01' })).toEqual(['a3', 'b1']);
      expect(await set(SCOPES.all, { raisedTo: '2026-06-30' })).toEqual(['a1', 'a2', 'b2', 'mp']);
      expect(await set(SCOPES.all, { raisedFrom: '2026-07-01', raisedTo: '2026-07-01' })).toEqual([
        'a3',
        'b1',
      ]);
      expect(await set(SCOPES.all, { raisedFrom: '2026-03-05', raisedTo: '2026-03-05' })).toEqual([
        'a2',
        'b2',
        'mp',
      ]);
    });

    it('combines filters with each other and with the scope', async () => {
      expect(
        await set(SCOPES.all, { category: 'parks', memberId: 'p-alice', raisedFrom: '2026-03-01' }),
      ).toEqual(['a2']);
      expect(await set(SCOPES.alice, { category: 'parks', raisedTo: '2026-03-31' })).toEqual(['a2', 'b2']);
      expect(await set(SCOPES.highways, { category: 'parks' })).toEqual([]);
    });

    it.each([
      ['ref', ['a1', 'a2', 'a3', 'b1', 'b2', 'mp']],
      ['title', ['a3', 'a2', 'b2', 'mp', 'a1', 'b1']],
      ['status', ['a3', 'a2', 'a1', 'b1', 'mp', 'b2']],
      ['raised', ['a1', 'a2', 'b2', 'mp', 'a3', 'b1']],
      ['due', ['a1', 'a2', 'b2', 'mp', 'a3', 'b1']],
    ] as const)('sorts by %s, ascending and exactly reversed descending', async (sort, ascending) => {
      expect(await list(SCOPES.all, {}, { sort })).toEqual(ascending);
      expect(await list(SCOPES.all, {}, { sort, dir: 'asc' })).toEqual(ascending);
      expect(await list(SCOPES.all, {}, { sort, dir: 'desc' })).toEqual([...ascending].reverse());
    });

    it('sorts by department and member name, cases with none last in either direction', async () => {
      expect(await list(SCOPES.all, {}, { sort: 'department' })).toEqual([
        'a1',
        'b1',
        'a2',
        'mp',
        'a3',
        'b2',
      ]);
      expect(await list(SCOPES.all, {}, { sort: 'department', dir: 'desc' })).toEqual([
        'mp',
        'a2',
        'b1',
        'a1',
        'b2',
        'a3',
      ]);
      expect(await list(SCOPES.all, {}, { sort: 'member' })).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'mp']);
      expect(await list(SCOPES.all, {}, { sort: 'member', dir: 'desc' })).toEqual([
        'b2',
        'b1',
        'a3',
        'a2',
        'a1',
        'mp',
      ]);
    });

    it('keeps the fixed orders: oldest raised first, ties by reference', async () => {
      expect(await list(SCOPES.all, {}, { sort: 'oldest' })).toEqual(['a1', 'a2', 'b2', 'mp', 'a3', 'b1']);
    });

    it.each([
      ['due', 'asc'],
      ['due', 'desc'],
      ['raised', 'desc'],
      ['department', 'asc'],
      ['member', 'desc'],
      ['status', 'asc'],
    ] as const)(
      'pages through sort=%s dir=%s, ties included, without repeating or dropping a case',
      async (sort, dir) => {
        const whole = await list(SCOPES.all, {}, { sort, dir });
        const paged: (Name | undefined)[] = [];
        for (let offset = 0; offset < whole.length; offset += 2)
          paged.push(...(await list(SCOPES.all, {}, { sort, dir, limit: 2, offset })));
        expect(paged).toEqual(whole);
        expect(new Set(paged).size).toBe(6);
      },
    );

    it('refuses a sort or direction it does not know before asking the database', async () => {
      await expect(
        store.list(SCOPES.all, {}, { limit: 5, offset: 0, sort: 'ref; DROP TABLE cases' as never }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(
        store.list(SCOPES.all, {}, { limit: 5, offset: 0, sort: 'ref', dir: 'sideways' as never }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });
  });
};
