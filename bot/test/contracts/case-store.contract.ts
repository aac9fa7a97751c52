import type { CaseChange, Clock, Database } from '../../src/app/ports';
import type { Case } from '../../src/domain/case';
import { ConflictError, NotFoundError, RequestKeyReusedError } from '../../src/domain/errors';
import { migrate, MIGRATIONS, PostgresCaseStore } from '../../src/adapters/postgres';
import { auditEntry, delay, newCase, newCaseWithEverything, raisedEvent, shareWith } from '../fixtures/cases';

/** "Today" for the store's overdue ordering: 20 March 2026 in Europe/London. */
const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };
const TODAY = '2026-03-20';

/** Slow start-up (PGlite initialises a cluster in WebAssembly) on a busy two-core CI machine. */
const SETUP_TIMEOUT_MS = 120_000;

/**
 * The behaviour every CaseStore on a `Database` must have. `open` returns a new, empty database (not yet
 * migrated); the suite migrates it once and clears the case tables before each test.
 */
export const describeCaseStoreContract = (name: string, open: () => Promise<Database>): void => {
  describe(`CaseStore on ${name}`, () => {
    let db: Database;
    let store: PostgresCaseStore;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      store = new PostgresCaseStore(db, { clock });
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    // The audit log cannot be truncated (it is append-only); tests look at entries by case id instead.
    beforeEach(() => db.query('TRUNCATE case_events, cases, case_ref_counters, case_request_keys'));

    const create = (overrides: Parameters<typeof newCase>[0] = {}) => {
      const draft = newCase(overrides);
      return store.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
    };
    const auditActions = async (c: Pick<Case, 'id'>) =>
      (
        await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE case_id = $1 ORDER BY id`, [
          c.id,
        ])
      ).rows.map((r) => r.action);
    const eventSeqs = async (c: Pick<Case, 'id'>) => (await store.timeline(c.id)).map((e) => e.seq);

    describe('create', () => {
      it('allocates sequential references per year, starting again at 00001 in a new year', async () => {
        const a = await create();
        const b = await create({ createdAt: '2026-07-01T10:00:00.000Z' });
        const c = await create({ createdAt: '2027-01-04T09:00:00.000Z' });
        const d = await create({ createdAt: '2026-12-31T23:59:59.000Z' });
        expect([a.ref, b.ref, c.ref, d.ref]).toEqual([
          'MH-2026-00001',
          'MH-2026-00002',
          'MH-2027-00001',
          'MH-2026-00003',
        ]);
      });

      it('gives the case an id, version 1, a raised event with seq 1 and an audit entry naming it', async () => {
        const c = await create();
        expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(c.version).toBe(1);
        expect(await store.timeline(c.id)).toEqual([
          {
            caseId: c.id,
            seq: 1,
            type: 'raised',
            actorId: 'p-alice',
            at: '2026-03-02T09:30:00.000Z',
            data: { origin: 'councillor' },
          },
        ]);
        const { rows } = await db.query(
          `SELECT case_id, case_ref, action, request_id FROM audit_log WHERE case_id = $1`,
          [c.id],
        );
        expect(rows).toEqual([
          { case_id: c.id, case_ref: c.ref, action: 'case.create', request_id: 'req-case.create' },
        ]);
      });

      it('never reuses a reference, even after its case is deleted under the retention policy', async () => {
        await create();
        const second = await create();
        await db.query(`DELETE FROM cases WHERE id = $1`, [second.id]);
        const third = await create();
        expect(third.ref).toBe('MH-2026-00003');
      });

      it('writes nothing when the create fails, and the next create still gets a unique reference', async () => {
        const first = await create();
        await expect(create({ respondBy: 'not-a-date' })).rejects.toThrow();
        const next = await create();
        const { rows } = await db.query<{ ref: string }>(`SELECT ref FROM cases ORDER BY ref`);
        expect(rows.map((r) => r.ref)).toEqual([first.ref, next.ref]);
        expect(next.ref).toBe('MH-2026-00002');
        expect((await db.query(`SELECT 1 FROM case_events`)).rows).toHaveLength(2);
      });

      it('allocates distinct, gap-free references to 20 concurrent creates', async () => {
        const created = await Promise.all(Array.from({ length: 20 }, () => create()));
        const refs = created.map((c) => c.ref).sort();
        expect(refs).toEqual(
          Array.from({ length: 20 }, (_, i) => `MH-2026-${String(i + 1).padStart(5, '0')}`),
        );
      });
    });

    describe('createOnce', () => {
      const once = (key: string, hash = 'a'.repeat(64), overrides: Parameters<typeof newCase>[0] = {}) => {
        const draft = newCase(overrides);
        return store.createOnce(
          draft,
          raisedEvent(draft),
          auditEntry('case.create', draft.raisedBy, draft.createdAt),
          {
            actorId: draft.raisedBy,
            key,
            hash,
          },
        );
      };
      const count = async () =>
        Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);

      it('creates the case once per key and answers repeats with it, without taking a reference number', async () => {
        const first = await once('key-1');
        const again = await once('key-1');
        expect(first.replayed).toBe(false);
        expect(again).toEqual({ case: first.case, replayed: true });
        expect(await count()).toBe(1);
        expect((await create()).ref).toBe('MH-2026-00002');
      });

      it('creates one case when the same key arrives several times at once', async () => {
        const answers = await Promise.all([1, 2, 3, 4].map(() => once('key-2')));
        expect(new Set(answers.map((a) => a.case.id)).size).toBe(1);
        expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
        expect(await count()).toBe(1);
      });

      it('refuses a key used for a different request, creating nothing', async () => {
        await once('key-3', 'a'.repeat(64));
        await expect(once('key-3', 'b'.repeat(64))).rejects.toBeInstanceOf(RequestKeyReusedError);
        expect(await count()).toBe(1);
      });

      it('keeps keys apart per person', async () => {
        const a = await once('key-4', 'a'.repeat(64), { raisedBy: 'p-alice' });
        const b = await once('key-4', 'a'.repeat(64), { raisedBy: 'p-bob' });
        expect(b.replayed).toBe(false);
        expect(b.case.id).not.toBe(a.case.id);
      });

      it('tells whether a person has used a key, per person', async () => {
        expect(await store.requestKeyUsed('p-alice', 'key-5')).toBe(false);
        await once('key-5', 'a'.repeat(64), { raisedBy: 'p-alice' });
        expect(await store.requestKeyUsed('p-alice', 'key-5')).toBe(true);
        expect(await store.requestKeyUsed('p-bob', 'key-5')).toBe(false);
      });
    });

    describe('findByRef', () => {
      it('round-trips every field, including the constituent, extension, sharing and optional fields', async () => {
        const draft = newCaseWithEverything();
        const created = await store.create(
          draft,
          raisedEvent(draft),
          auditEntry('case.create', 'p-sue', draft.createdAt),
        );
        const found = await store.findByRef(created.ref);
        expect(found).toEqual({ ...draft, id: created.id, ref: created.ref, version: 1 });
        expect(found).toEqual(created);
      });

      it('returns null for a reference that does not exist', async () => {
        expect(await store.findByRef('MH-2026-99999')).toBeNull();
      });
    });

    describe('list', () => {
      const page = { limit: 25, offset: 0 };
      const refsOf = (p: { items: Case[] }) => p.items.map((c) => c.ref).sort();

      it('shows a member their own cases and the cases shared with them, nothing else', async () => {
        const own = await create({ memberId: 'p-alice' });
        const shared = await create({ memberId: 'p-bob', sharedWith: ['p-carol', 'p-alice'] });
        await create({ memberId: 'p-bob' });
        await create({ memberId: null, origin: 'mp', mpName: 'Sir Peter Ambrose MP' });
        const result = await store.list({ kind: 'member', memberId: 'p-alice' }, {}, page);
        expect(refsOf(result)).toEqual([own.ref, shared.ref].sort());
        expect(result.total).toBe(2);
      });

      it('shows a department only the cases routed to it', async () => {
        const routed = await create({ departmentId: 'dept-highways' });
        await create({ departmentId: 'dept-waste' });
        await create({ departmentId: null });
        const result = await store.list({ kind: 'department', departmentId: 'dept-highways' }, {}, page);
        expect(refsOf(result)).toEqual([routed.ref]);
      });

      it('shows support officers every case', async () => {
        await create({ memberId: 'p-alice' });
        await create({ memberId: 'p-bob', departmentId: 'dept-waste' });
        await create({ memberId: null, origin: 'mp' });
        expect((await store.list({ kind: 'all' }, {}, page)).total).toBe(3);
      });

      it('shows nothing to someone with no scope', async () => {
        await create();
        expect(await store.list({ kind: 'none' }, {}, page)).toEqual({
          items: [],
          total: 0,
          limit: 25,
          offset: 0,
        });
      });

      it('filters by member, status, ward and department, combined with the scope', async () => {
        const a = await create({
          memberId: 'p-alice',
          status: 'triaged',
          wardId: 'ward-north',
          departmentId: 'dept-highways',
        });
        const b = await create({
          memberId: 'p-alice',
          status: 'closed',
          wardId: 'ward-south',
          departmentId: 'dept-waste',
        });
        const c = await create({
          memberId: 'p-bob',
          status: 'triaged',
          wardId: 'ward-north',
          departmentId: 'dept-highways',
          sharedWith: ['p-alice'],
        });
        const all = { kind: 'all' } as const;
        expect(refsOf(await store.list(all, { memberId: 'p-alice' }, page))).toEqual([a.ref, b.ref]);
        expect(refsOf(await store.list(all, { statuses: ['triaged'] }, page))).toEqual([a.ref, c.ref]);
        expect(refsOf(await store.list(all, { statuses: ['closed', 'new'] }, page))).toEqual([b.ref]);
        expect(refsOf(await store.list(all, { wardId: 'ward-south' }, page))).toEqual([b.ref]);
        expect(refsOf(await store.list(all, { departmentId: 'dept-highways' }, page))).toEqual([
          a.ref,
          c.ref,
        ]);
        expect(
          refsOf(
            await store.list(all, { statuses: ['triaged'], wardId: 'ward-north', memberId: 'p-bob' }, page),
          ),
        ).toEqual([c.ref]);
        // "mine" inside a member's scope leaves out what was only shared with them.
        expect(
          refsOf(await store.list({ kind: 'member', memberId: 'p-alice' }, { memberId: 'p-alice' }, page)),
        ).toEqual([a.ref, b.ref]);
        expect(await store.list(all, { statuses: [] }, page)).toMatchObject({ items: [], total: 0 });
      });

      it('filters overdue cases: open and due before the given date', async () => {
        const late = await create({ status: 'with-department', respondBy: '2026-03-10' });
        await create({ status: 'closed', respondBy: '2026-03-10' });
        await create({ status: 'on-hold', respondBy: '2026-03-10' });
        await create({ status: 'new', respondBy: '2026-03-20' });
        expect(refsOf(await store.list({ kind: 'all' }, { overdueOn: '2026-03-20' }, page))).toEqual([
          late.ref,
        ]);
      });

      it('finds cases by words in the title, description or category, with stemming', async () => {
        const pothole = await create({
          title: 'Pothole on Station Road',
          description: 'Deep and dangerous.',
        });
        const bins = await create({
          title: 'Missed collection',
          description: 'The recycling bins were not emptied.',
          category: 'Waste',
        });
        const lights = await create({
          title: 'Street light out',
          category: 'Street lighting',
          description: 'Dark at night on the ring road.',
        });
        const all = { kind: 'all' } as const;
        expect(refsOf(await store.list(all, { text: 'potholes' }, page))).toEqual([pothole.ref]);
        expect(refsOf(await store.list(all, { text: 'recycling bin' }, page))).toEqual([bins.ref]);
        expect(refsOf(await store.list(all, { text: 'lighting' }, page))).toEqual([lights.ref]);
        expect(refsOf(await store.list(all, { text: 'road -pothole' }, page))).toEqual([lights.ref]);
        expect(refsOf(await store.list(all, { text: '"station road"' }, page))).toEqual([pothole.ref]);
        expect((await store.list(all, { text: 'planning' }, page)).total).toBe(0);
        expect((await store.list(all, { text: '   ' }, page)).total).toBe(3);
      });

      it('finds a case by its full reference or the start of one, in any case', async () => {
        const cases = [];
        for (let i = 0; i < 12; i += 1) cases.push(await create());
        const all = { kind: 'all' } as const;
        expect(refsOf(await store.list(all, { text: 'MH-2026-00011' }, page))).toEqual(['MH-2026-00011']);
        expect(refsOf(await store.list(all, { text: 'mh-2026-0001' }, page))).toEqual([
          'MH-2026-00010',
          'MH-2026-00011',
          'MH-2026-00012',
        ]);
        expect((await store.list(all, { text: 'MH-2026' }, page)).total).toBe(12);
        expect((await store.list(all, { text: 'MH-2027' }, page)).total).toBe(0);
        expect((await store.list(all, { text: '100%_' }, page)).total).toBe(0);
      });

      it('pages with a stable order and the total of all matches on every page', async () => {
        for (let i = 0; i < 30; i += 1) await create({ updatedAt: '2026-03-05T10:00:00.000Z' });
        const first = await store.list({ kind: 'all' }, {}, { limit: 25, offset: 0 });
        const second = await store.list({ kind: 'all' }, {}, { limit: 25, offset: 25 });
        const beyond = await store.list({ kind: 'all' }, {}, { limit: 25, offset: 40 });
        expect([first.items.length, first.total]).toEqual([25, 30]);
        expect([second.items.length, second.total]).toEqual([5, 30]);
        expect(beyond).toEqual({ items: [], total: 30, limit: 25, offset: 40 });
        // Ties go by reference.
        const refs = [...first.items, ...second.items].map((c) => c.ref);
        expect(new Set(refs).size).toBe(30);
        expect(refs).toEqual([...refs].sort());
      });

      it('puts overdue open cases first (most overdue first), then the most recently updated', async () => {
        const recent = await create({
          status: 'responded',
          respondBy: '2026-03-01',
          updatedAt: '2026-03-19T10:00:00.000Z',
        });
        const older = await create({
          status: 'new',
          respondBy: '2026-04-01',
          updatedAt: '2026-03-10T10:00:00.000Z',
        });
        const slightlyLate = await create({
          status: 'triaged',
          respondBy: '2026-03-19',
          updatedAt: '2026-03-02T10:00:00.000Z',
        });
        const veryLate = await create({
          status: 'with-department',
          respondBy: '2026-03-02',
          updatedAt: '2026-03-03T10:00:00.000Z',
        });
        const dueToday = await create({
          status: 'new',
          respondBy: TODAY,
          updatedAt: '2026-03-18T10:00:00.000Z',
        });
        const result = await store.list({ kind: 'all' }, {}, page);
        expect(result.items.map((c) => c.ref)).toEqual([
          veryLate.ref,
          slightlyLate.ref,
          recent.ref,
          dueToday.ref,
          older.ref,
        ]);
      });

      it('filters cases at risk: open and due on or before the given date', async () => {
        const overdue = await create({ status: 'triaged', respondBy: '2026-03-10' });
        const dueOnTheDay = await create({ status: 'new', respondBy: '2026-03-24' });
        await create({ status: 'with-department', respondBy: '2026-03-25' });
        await create({ status: 'on-hold', respondBy: '2026-03-10' });
        await create({ status: 'responded', respondBy: '2026-03-10' });
        expect(refsOf(await store.list({ kind: 'all' }, { atRiskUntil: '2026-03-24' }, page))).toEqual(
          [overdue.ref, dueOnTheDay.ref].sort(),
        );
      });

      it('filters unassigned cases: those with no department yet, whatever their status', async () => {
        const fresh = await create({ departmentId: null });
        const closedUnrouted = await create({ departmentId: null, status: 'closed' });
        await create({ departmentId: 'dept-highways', status: 'triaged' });
        const all = { kind: 'all' } as const;
        expect(refsOf(await store.list(all, { unassigned: true }, page))).toEqual(
          [fresh.ref, closedUnrouted.ref].sort(),
        );
        expect(refsOf(await store.list(all, { unassigned: true, statuses: ['new'] }, page))).toEqual([
          fresh.ref,
        ]);
        expect((await store.list(all, { unassigned: false }, page)).total).toBe(3);
      });

      it('sorts oldest raised first, or earliest response date first, and pages stably in either order', async () => {
        const b = await create({ createdAt: '2026-03-05T10:00:00.000Z', respondBy: '2026-03-19' });
        const a = await create({ createdAt: '2026-03-02T10:00:00.000Z', respondBy: '2026-03-30' });
        const c = await create({ createdAt: '2026-03-09T10:00:00.000Z', respondBy: '2026-03-16' });
        const d = await create({ createdAt: '2026-03-09T10:00:00.000Z', respondBy: '2026-03-16' });
        const all = { kind: 'all' } as const;
        const order = async (sort: 'oldest' | 'due', limit = 25, offset = 0) =>
          (await store.list(all, {}, { limit, offset, sort })).items.map((x) => x.ref);
        // Ties go by reference.
        const [sameDayFirst, sameDaySecond] = [c, d].sort((x, y) => (x.ref < y.ref ? -1 : 1));
        expect(await order('oldest')).toEqual([a.ref, b.ref, sameDayFirst!.ref, sameDaySecond!.ref]);
        expect(await order('due')).toEqual([sameDayFirst!.ref, sameDaySecond!.ref, b.ref, a.ref]);
        expect([...(await order('due', 3, 0)), ...(await order('due', 3, 3))]).toEqual(await order('due'));
      });

      it('lists in the attention order when no sort is given, as when asked for it', async () => {
        await create({ status: 'new', respondBy: '2026-03-02', updatedAt: '2026-03-02T10:00:00.000Z' });
        await create({ status: 'new', respondBy: '2026-04-02', updatedAt: '2026-03-19T10:00:00.000Z' });
        const all = { kind: 'all' } as const;
        const unsorted = await store.list(all, {}, page);
        expect(await store.list(all, {}, { ...page, sort: 'attention' })).toEqual(unsorted);
      });

      it('serves a page of up to 500 cases', async () => {
        for (let i = 0; i < 3; i += 1) await create();
        expect((await store.list({ kind: 'all' }, {}, { limit: 500, offset: 0 })).items).toHaveLength(3);
      });

      it('refuses an unknown sort order', async () => {
        await expect(
          store.list({ kind: 'all' }, {}, { limit: 5, offset: 0, sort: 'random; DROP TABLE cases' as never }),
        ).rejects.toMatchObject({ code: 'validation_failed' });
      });

      it('refuses a page size outside 1 to 500 or a negative offset', async () => {
        await expect(store.list({ kind: 'all' }, {}, { limit: 0, offset: 0 })).rejects.toMatchObject({
          code: 'validation_failed',
        });
        await expect(store.list({ kind: 'all' }, {}, { limit: 501, offset: 0 })).rejects.toMatchObject({
          code: 'validation_failed',
        });
        await expect(store.list({ kind: 'all' }, {}, { limit: 10, offset: -1 })).rejects.toMatchObject({
          code: 'validation_failed',
        });
      });
    });

    describe('change', () => {
      const triage = (current: Case): CaseChange => ({
        next: {
          ...current,
          status: 'triaged',
          departmentId: 'dept-highways',
          updatedAt: '2026-03-03T09:00:00.000Z',
        },
        events: [
          {
            type: 'triaged',
            actorId: 'p-sue',
            at: '2026-03-03T09:00:00.000Z',
            data: { departmentId: 'dept-highways' },
          },
          {
            type: 'assigned',
            actorId: 'p-sue',
            at: '2026-03-03T09:00:00.000Z',
            data: { officerId: 'p-hal' },
          },
        ],
        audit: [auditEntry('case.action.triage', 'p-sue', '2026-03-03T09:00:00.000Z')],
      });

      it('applies the change, bumps the version and appends the events and audit entries', async () => {
        const c = await create();
        const changed = await store.change(c.ref, triage);
        expect(changed).toMatchObject({
          id: c.id,
          ref: c.ref,
          version: 2,
          status: 'triaged',
          departmentId: 'dept-highways',
        });
        expect(await store.findByRef(c.ref)).toEqual(changed);
        expect(await eventSeqs(c)).toEqual([1, 2, 3]);
        expect((await store.timeline(c.id)).map((e) => e.type)).toEqual(['raised', 'triaged', 'assigned']);
        expect(await auditActions(c)).toEqual(['case.create', 'case.action.triage']);
        // The projected columns follow the document.
        const { rows } = await db.query(`SELECT status, department_id, version FROM cases WHERE id = $1`, [
          c.id,
        ]);
        expect(rows).toEqual([{ status: 'triaged', department_id: 'dept-highways', version: 2 }]);
        expect(
          (
            await store.list(
              { kind: 'department', departmentId: 'dept-highways' },
              {},
              { limit: 5, offset: 0 },
            )
          ).total,
        ).toBe(1);
      });

      it('sets the version itself, whatever decide returns', async () => {
        const c = await create();
        const changed = await store.change(c.ref, (current) => ({
          ...triage(current),
          next: { ...triage(current).next, version: 99 },
        }));
        expect(changed.version).toBe(2);
      });

      it('changes nothing and rethrows when decide throws', async () => {
        const c = await create();
        const refusal = new Error('not allowed from here');
        await expect(
          store.change(c.ref, async () => {
            await delay(5);
            throw refusal;
          }),
        ).rejects.toBe(refusal);
        expect(await store.findByRef(c.ref)).toEqual(c);
        expect(await eventSeqs(c)).toEqual([1]);
        expect(await auditActions(c)).toEqual(['case.create']);
      });

      it('writes nothing and keeps the version when decide finds nothing to do', async () => {
        const c = await create();
        let seen: Case | undefined;
        const unchanged = await store.change(c.ref, async (current) => {
          seen = current;
          await delay(5);
          return null;
        });
        expect(seen).toEqual(c);
        expect(unchanged).toEqual(c);
        expect(await store.findByRef(c.ref)).toEqual(c);
        expect(await eventSeqs(c)).toEqual([1]);
        expect(await auditActions(c)).toEqual(['case.create']);
        // The row was not rewritten: the next real change still goes from version 1 to 2.
        await expect(store.change(c.ref, triage, { expectedVersion: 1 })).resolves.toMatchObject({
          version: 2,
        });
      });

      it('changes nothing when writing the result fails part-way', async () => {
        const c = await create();
        const bad = (current: Case): CaseChange => ({
          ...triage(current),
          // The case row is valid; the second event's timestamp is not, so the failure comes after other writes.
          events: [
            triage(current).events[0]!,
            { type: 'assigned', actorId: 'p-sue', at: 'yesterday-ish', data: {} },
          ],
        });
        await expect(store.change(c.ref, bad)).rejects.toThrow();
        expect(await store.findByRef(c.ref)).toEqual(c);
        expect(await eventSeqs(c)).toEqual([1]);
        expect(await auditActions(c)).toEqual(['case.create']);
      });

      it('raises NotFoundError for an unknown reference', async () => {
        await expect(store.change('MH-2026-99999', triage)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('raises ConflictError and writes nothing when the expected version is stale', async () => {
        const c = await create();
        await store.change(c.ref, triage);
        let decided = false;
        await expect(
          store.change(
            c.ref,
            (current) => {
              decided = true;
              return triage(current);
            },
            { expectedVersion: 1 },
          ),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(decided).toBe(false);
        expect((await store.findByRef(c.ref))?.version).toBe(2);
        expect(await eventSeqs(c)).toEqual([1, 2, 3]);
        await expect(store.change(c.ref, triage, { expectedVersion: 2 })).resolves.toMatchObject({
          version: 3,
        });
      });

      it('runs authorize before the version check, so its refusal wins over a stale version', async () => {
        const c = await create();
        await store.change(c.ref, triage);
        const refusal = new NotFoundError();
        await expect(
          store.change(c.ref, triage, {
            expectedVersion: 1,
            authorize: () => {
              throw refusal;
            },
          }),
        ).rejects.toBe(refusal);
        await expect(
          store.change(c.ref, triage, { expectedVersion: 1, authorize: () => undefined }),
        ).rejects.toBeInstanceOf(ConflictError);
        expect((await store.findByRef(c.ref))?.version).toBe(2);
      });

      it('refuses a change that alters the case id or reference', async () => {
        const c = await create();
        await expect(
          store.change(c.ref, (current) => ({
            next: { ...current, ref: 'MH-2026-77777' },
            events: [],
            audit: [],
          })),
        ).rejects.toThrow(/id or reference/);
        expect(await store.findByRef(c.ref)).toEqual(c);
      });

      it('applies two concurrent changes one after the other, losing neither', async () => {
        const c = await create({ memberId: 'p-alice' });
        const slowShare = (memberId: string) => async (current: Case) => {
          await delay(30);
          return shareWith(current, memberId, '2026-03-04T10:00:00.000Z');
        };
        await Promise.all([
          store.change(c.ref, slowShare('p-bob')),
          store.change(c.ref, slowShare('p-carol')),
        ]);
        const final = await store.findByRef(c.ref);
        expect([...(final?.sharedWith ?? [])].sort()).toEqual(['p-bob', 'p-carol']);
        expect(final?.version).toBe(3);
        expect(await eventSeqs(c)).toEqual([1, 2, 3]);
        expect(await auditActions(c)).toEqual(['case.create', 'case.action.share', 'case.action.share']);
        const shared = await store.list({ kind: 'member', memberId: 'p-carol' }, {}, { limit: 5, offset: 0 });
        expect(shared.items.map((x) => x.ref)).toEqual([c.ref]);
      });

      it('applies 20 concurrent changes to one case, each exactly once', async () => {
        const c = await create();
        const escalate = async (current: Case): Promise<CaseChange> => {
          await delay(2);
          return {
            next: { ...current, escalationLevel: current.escalationLevel + 1 },
            events: [
              {
                type: 'escalated',
                actorId: null,
                at: '2026-03-18T07:00:00.000Z',
                data: { level: current.escalationLevel + 1 },
              },
            ],
            audit: [auditEntry('case.escalate', null, '2026-03-18T07:00:00.000Z')],
          };
        };
        const results = await Promise.all(Array.from({ length: 20 }, () => store.change(c.ref, escalate)));
        expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 2),
        );
        const final = await store.findByRef(c.ref);
        expect(final).toMatchObject({ escalationLevel: 20, version: 21 });
        const timeline = await store.timeline(c.id);
        expect(timeline.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
        expect(timeline.slice(1).map((e) => e.data.level)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        expect(await auditActions(c)).toHaveLength(21);
      }, 60_000);
    });

    describe('timeline', () => {
      it('returns nothing for an id that is unknown or not a uuid', async () => {
        expect(await store.timeline('00000000-0000-4000-8000-000000000000')).toEqual([]);
        expect(await store.timeline('MH-2026-00001')).toEqual([]);
      });

      /** A case with five events: raised, then four escalations. */
      const withFiveEvents = async () => {
        const c = await create();
        for (let level = 1; level <= 4; level += 1)
          await store.change(c.ref, (current) => ({
            next: { ...current, escalationLevel: level },
            events: [
              { type: 'escalated', actorId: null, at: `2026-03-1${level}T07:00:00.000Z`, data: { level } },
            ],
            audit: [auditEntry('case.escalate', null, `2026-03-1${level}T07:00:00.000Z`)],
          }));
        return c;
      };

      it('returns only the last events, oldest first, when asked for the last few', async () => {
        const c = await withFiveEvents();
        const all = await store.timeline(c.id);
        expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(await store.timeline(c.id, { last: 3 })).toEqual(all.slice(2));
        expect(await store.timeline(c.id, { last: 10 })).toEqual(all);
        expect(await store.timeline(c.id, { last: 0 })).toEqual([]);
        await expect(store.timeline(c.id, { last: -1 })).rejects.toThrow(RangeError);
      });

      it('reads a case with its last events in one call, and null for an unknown reference', async () => {
        const c = await withFiveEvents();
        const found = await store.findWithTimeline(c.ref, { last: 3 });
        expect(found?.case).toEqual(await store.findByRef(c.ref));
        expect(found?.events).toEqual((await store.timeline(c.id)).slice(2));
        expect(await store.findWithTimeline(c.ref, { last: 0 })).toEqual({
          case: found?.case,
          events: [],
          lastSeq: 5,
          latestResponse: undefined,
        });
        expect(await store.findWithTimeline('MH-2026-99999', { last: 3 })).toBeNull();
        // Reading is not changing: nothing is audited by the store.
        expect(await auditActions(c)).toEqual(['case.create', ...Array<string>(4).fill('case.escalate')]);
      });
    });

    describe('audit log table', () => {
      it('refuses UPDATE, DELETE and TRUNCATE', async () => {
        const c = await create();
        await expect(
          db.query(`UPDATE audit_log SET action = 'tampered' WHERE case_id = $1`, [c.id]),
        ).rejects.toThrow(/append-only/);
        await expect(db.query(`DELETE FROM audit_log WHERE case_id = $1`, [c.id])).rejects.toThrow(
          /append-only/,
        );
        await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
        expect(await auditActions(c)).toEqual(['case.create']);
      });
    });

    describe('migrations', () => {
      it('are idempotent: a second run applies nothing', async () => {
        const again = await migrate(db);
        expect(again).toEqual({ applied: [], version: MIGRATIONS[MIGRATIONS.length - 1]?.version });
        const { rows } = await db.query<{ version: number }>(
          `SELECT version FROM schema_migrations ORDER BY version`,
        );
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      });

      it('apply a new migration exactly once when two instances migrate at the same time', async () => {
        const extra = {
          version: 900,
          name: 'contract-test-table',
          statements: ['CREATE TABLE contract_probe (id integer)'],
        };
        const [one, two] = await Promise.all([
          migrate(db, [...MIGRATIONS, extra]),
          migrate(db, [...MIGRATIONS, extra]),
        ]);
        expect([...one.applied, ...two.applied]).toEqual([900]);
        await db.query('DROP TABLE contract_probe');
        await db.query('DELETE FROM schema_migrations WHERE version = 900');
      });

      it('refuse to start when an applied migration has been edited', async () => {
        const [first, ...rest] = MIGRATIONS;
        const edited = { ...first!, statements: [...first!.statements, 'SELECT 1'] };
        await expect(migrate(db, [edited, ...rest])).rejects.toThrow(/changed after it was applied/);
      });
    });
  });
};
