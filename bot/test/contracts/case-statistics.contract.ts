import type { CaseEventDraft, Database } from '../../src/app/ports';
import type { NewCase } from '../../src/domain/case';
import { migrate, PostgresCaseStatistics, PostgresCaseStore } from '../../src/adapters/postgres';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';

const SETUP_TIMEOUT_MS = 120_000;

/**
 * The statistics aggregates on a `Database`. `open` returns a new, empty database (not yet migrated). Months
 * and dates are Europe/London's: the fixtures put cases and responses either side of midnight at month ends.
 */
export const describeCaseStatisticsContract = (name: string, open: () => Promise<Database>): void => {
  describe(`CaseStatistics on ${name}`, () => {
    let db: Database;
    let store: PostgresCaseStore;
    let statistics: PostgresCaseStatistics;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      store = new PostgresCaseStore(db, { queueNotifications: false });
      statistics = new PostgresCaseStatistics(db);
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    beforeEach(() => db.query('TRUNCATE case_events, cases, case_ref_counters'));

    /** A case raised at `createdAt`, with further timeline events appended in one change. */
    const create = async (overrides: Partial<NewCase>, events: CaseEventDraft[] = []) => {
      const draft = newCase(overrides);
      const created = await store.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
      if (events.length > 0)
        await store.change(created.ref, (current) => ({ next: current, events, audit: [] }));
      return created;
    };
    const responded = (at: string, data: Record<string, unknown>): CaseEventDraft => ({
      type: 'responded',
      actorId: 'p-hal',
      at,
      data: { response: 'Done.', stage: 1, respondBy: '2026-03-16', ...data },
    });
    const all = { kind: 'all' } as const;
    const q1 = { scope: all, from: '2026-01', to: '2026-03' };

    it('answers with empty lists when there are no cases', async () => {
      expect(await statistics.counts(q1)).toEqual({
        answered: [],
        raisedByWard: [],
        raisedByCategory: [],
        raisedByOrigin: [],
        openByRaisedDate: [],
      });
    });

    it('counts responses per department and London month, and those within target', async () => {
      await create({ status: 'responded', departmentId: 'dept-highways' }, [
        responded('2026-02-10T10:00:00.000Z', { withinTarget: true, departmentId: 'dept-highways' }),
      ]);
      await create({ status: 'responded', departmentId: 'dept-highways' }, [
        responded('2026-02-20T10:00:00.000Z', { withinTarget: false, departmentId: 'dept-highways' }),
        // Answered again after a follow-up, in March.
        responded('2026-03-03T10:00:00.000Z', { withinTarget: true, departmentId: 'dept-highways' }),
      ]);
      // The case moved to Waste after Highways answered it: the answer stays Highways'.
      await create({ status: 'responded', departmentId: 'dept-waste' }, [
        responded('2026-02-11T10:00:00.000Z', { withinTarget: true, departmentId: 'dept-highways' }),
      ]);
      // An event from before responses named their department counts for the case's department.
      await create({ status: 'responded', departmentId: 'dept-waste' }, [
        responded('2026-03-31T22:30:00.000Z', { withinTarget: true }),
      ]);
      // Outside the period: before it, and 00:30 on 1 April in London (BST) though still 31 March in UTC.
      await create({ status: 'responded', departmentId: 'dept-waste' }, [
        responded('2025-12-31T23:59:00.000Z', { withinTarget: true }),
        responded('2026-03-31T23:30:00.000Z', { withinTarget: true }),
      ]);
      expect((await statistics.counts(q1)).answered).toEqual([
        { departmentId: 'dept-highways', month: '2026-02', answered: 3, withinTarget: 2 },
        { departmentId: 'dept-highways', month: '2026-03', answered: 1, withinTarget: 1 },
        { departmentId: 'dept-waste', month: '2026-03', answered: 1, withinTarget: 1 },
      ]);
    });

    it('counts cases raised in the period by ward, category and London month and origin', async () => {
      await create({ wardId: 'ward-north', category: 'Roads', createdAt: '2026-01-05T10:00:00.000Z' });
      await create({ wardId: 'ward-north', category: 'Waste', createdAt: '2026-02-05T10:00:00.000Z' });
      await create({
        wardId: 'ward-south',
        category: 'Roads',
        origin: 'mp',
        mpName: 'A Member MP',
        memberId: null,
        createdAt: '2026-02-06T10:00:00.000Z',
      });
      // 00:30 on 1 January 2026 in London is still 2026 in UTC too (GMT); 23:30 on 31 March UTC is April in BST.
      await create({ wardId: 'ward-south', category: 'Roads', createdAt: '2026-01-01T00:30:00.000Z' });
      await create({ wardId: 'ward-east', category: 'Parks', createdAt: '2026-03-31T23:30:00.000Z' });
      await create({ wardId: 'ward-east', category: 'Parks', createdAt: '2025-12-31T23:30:00.000Z' });
      const counts = await statistics.counts(q1);
      expect(counts.raisedByWard).toEqual([
        { wardId: 'ward-north', count: 2 },
        { wardId: 'ward-south', count: 2 },
      ]);
      expect(counts.raisedByCategory).toEqual([
        { category: 'Roads', count: 3 },
        { category: 'Waste', count: 1 },
      ]);
      expect(counts.raisedByOrigin).toEqual([
        { month: '2026-01', origin: 'councillor', count: 2 },
        { month: '2026-02', origin: 'councillor', count: 1 },
        { month: '2026-02', origin: 'mp', count: 1 },
      ]);
    });

    it('counts the cases awaiting a response by London date raised, whatever the period', async () => {
      await create({ status: 'new', createdAt: '2025-06-01T10:00:00.000Z' });
      await create({ status: 'triaged', createdAt: '2026-03-02T10:00:00.000Z' });
      await create({ status: 'with-department', createdAt: '2026-03-02T15:00:00.000Z' });
      await create({ status: 'on-hold', createdAt: '2026-03-31T23:30:00.000Z' });
      await create({ status: 'responded', createdAt: '2026-03-02T10:00:00.000Z' });
      await create({ status: 'closed', createdAt: '2026-03-02T10:00:00.000Z' });
      expect((await statistics.counts(q1)).openByRaisedDate).toEqual([
        { raisedOn: '2025-06-01', count: 1 },
        { raisedOn: '2026-03-02', count: 2 },
        { raisedOn: '2026-04-01', count: 1 },
      ]);
    });

    it('counts only a member\u2019s own cases for their scope, not those shared with them', async () => {
      await create({ memberId: 'p-alice', status: 'responded', departmentId: 'dept-highways' }, [
        responded('2026-02-10T10:00:00.000Z', { withinTarget: true, departmentId: 'dept-highways' }),
      ]);
      await create({ memberId: 'p-alice', wardId: 'ward-south', createdAt: '2026-02-01T10:00:00.000Z' });
      await create({ memberId: 'p-bob', sharedWith: ['p-alice'], status: 'responded' }, [
        responded('2026-02-10T10:00:00.000Z', { withinTarget: false, departmentId: 'dept-waste' }),
      ]);
      await create({ memberId: 'p-bob', wardId: 'ward-east' });
      const mine = await statistics.counts({ ...q1, scope: { kind: 'member', memberId: 'p-alice' } });
      expect(mine.answered).toEqual([
        { departmentId: 'dept-highways', month: '2026-02', answered: 1, withinTarget: 1 },
      ]);
      expect(mine.raisedByWard).toEqual([
        { wardId: 'ward-north', count: 1 },
        { wardId: 'ward-south', count: 1 },
      ]);
      expect(mine.openByRaisedDate).toEqual([{ raisedOn: '2026-02-01', count: 1 }]);
      const everyone = await statistics.counts(q1);
      expect(everyone.raisedByWard.reduce((n, row) => n + row.count, 0)).toBe(4);
    });

    it('refuses a period that ends before it starts', async () => {
      await expect(statistics.counts({ scope: all, from: '2026-03', to: '2026-01' })).rejects.toThrow(
        RangeError,
      );
    });
  });
};
