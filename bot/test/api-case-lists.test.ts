import { PostgresCaseStore } from '../src/adapters/postgres';
import type { Clock } from '../src/app/ports';
import type { NewCase } from '../src/domain/case';
import { auditEntry, newCase, raisedEvent } from './fixtures/cases';
import { startTestApp, type TestApp } from './support/test-app';

/** Friday 20 March 2026, noon in London: with the default 2-day margin, cases due by Tuesday 24 March are at risk. */
const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };

/** The list options the tab's pages use: sort orders, the triage queue (unassigned) and cases at risk. */
describe('GET /api/cases: sorting, unassigned and at-risk cases', () => {
  let t: TestApp;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const store = new PostgresCaseStore(t.app.db, { queueNotifications: false });
    const put = async (name: string, overrides: Partial<NewCase>) => {
      const draft = newCase(overrides);
      const created = await store.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', 'p-sue', draft.createdAt),
      );
      refs[name] = created.ref;
    };
    const alice = { memberId: 'p-alice', raisedBy: 'p-alice' };
    await put('overdue', {
      ...alice,
      createdAt: '2026-03-02T10:00:00.000Z',
      respondBy: '2026-03-16',
      status: 'with-department',
      departmentId: 'dept-highways',
    });
    await put('dueSoon', {
      ...alice,
      createdAt: '2026-03-18T10:00:00.000Z',
      respondBy: '2026-03-24',
      status: 'new',
      departmentId: null,
    });
    await put('onTrack', {
      ...alice,
      createdAt: '2026-03-19T10:00:00.000Z',
      respondBy: '2026-03-25',
      status: 'triaged',
      departmentId: 'dept-waste',
    });
    await put('answered', {
      ...alice,
      createdAt: '2026-03-01T10:00:00.000Z',
      respondBy: '2026-03-10',
      status: 'responded',
      departmentId: 'dept-highways',
      category: 'Parks',
    });
    await put('bobs', {
      memberId: 'p-bob',
      raisedBy: 'p-bob',
      createdAt: '2026-03-10T10:00:00.000Z',
      respondBy: '2026-03-12',
      status: 'new',
      departmentId: null,
      category: 'Parks',
    });
  });
  afterAll(async () => t.stop());

  const listed = async (who: 'alice' | 'sue' | 'hal', query: string) => {
    const res = await t.call(who, 'GET', `/api/cases?${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((c: { ref: string }) => Object.keys(refs).find((k) => refs[k] === c.ref));
  };

  it('lists open cases due soon or overdue when atRisk=true, by the SLA policy\u2019s warning margin', async () => {
    expect(await listed('sue', 'atRisk=true&sort=due')).toEqual(['bobs', 'overdue', 'dueSoon']);
    expect(await listed('alice', 'atRisk=true&sort=due')).toEqual(['overdue', 'dueSoon']);
  });

  it('lists cases with no department yet when unassigned=true, within what the caller may see', async () => {
    expect(await listed('sue', 'unassigned=true&sort=oldest')).toEqual(['bobs', 'dueSoon']);
    expect(await listed('alice', 'unassigned=true')).toEqual(['dueSoon']);
    expect(await listed('hal', 'unassigned=true')).toEqual([]);
    expect((await listed('sue', 'unassigned=false')).length).toBe(5);
  });

  it('sorts oldest raised first, or earliest due first', async () => {
    expect(await listed('sue', 'sort=oldest')).toEqual(['answered', 'overdue', 'bobs', 'dueSoon', 'onTrack']);
    expect(await listed('sue', 'sort=due')).toEqual(['answered', 'bobs', 'overdue', 'dueSoon', 'onTrack']);
  });

  it('keeps the attention order by default: overdue open cases first, most overdue first', async () => {
    const order = await listed('sue', '');
    expect(order.slice(0, 2)).toEqual(['bobs', 'overdue']);
    expect(await listed('sue', 'sort=attention')).toEqual(order);
  });

  it('serves pages of up to 500 cases', async () => {
    const res = await t.call('sue', 'GET', '/api/cases?limit=500');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 500, total: 5 });
  });

  it.each(['limit=501', 'sort=random', 'sort=', 'atRisk=yes', 'unassigned=1'])(
    'refuses %s with 400',
    async (query) => {
      const res = await t.call('sue', 'GET', `/api/cases?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad_request');
    },
  );

  it('records an at-risk list as a filtered list in the audit log', async () => {
    await t.call('alice', 'GET', '/api/cases?atRisk=true', undefined, { 'x-request-id': 'list-at-risk' });
    const { rows } = await t.app.db.query<{
      action: string;
      detail: { filtered: boolean; returned: string[] };
    }>(`SELECT action, detail FROM audit_log WHERE request_id = 'list-at-risk'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'case.list', detail: { filtered: true } });
    expect([...rows[0]!.detail.returned].sort()).toEqual([refs.overdue, refs.dueSoon].sort());
  });
  describe('filters by department, category, member and days raised; sorts by column', () => {
    it('filters by category as the case shows it, ignoring letter case, within what the caller may see', async () => {
      expect(await listed('sue', 'category=parks&sort=ref')).toEqual(['answered', 'bobs']);
      expect(await listed('alice', 'category=PARKS')).toEqual(['answered']);
      expect(await listed('sue', 'category=Park')).toEqual([]);
    });

    it('filters by department within what the caller may see', async () => {
      expect(await listed('sue', 'department=dept-highways&sort=ref')).toEqual(['overdue', 'answered']);
      expect(await listed('hal', 'department=dept-waste')).toEqual([]);
    });

    it('filters by member, never showing a councillor another member\u2019s case they may not see', async () => {
      expect(await listed('sue', 'member=p-bob')).toEqual(['bobs']);
      expect(await listed('alice', 'member=p-bob')).toEqual([]);
      const res = await t.call('alice', 'GET', '/api/cases?member=p-bob');
      expect(res.body).toMatchObject({ items: [], total: 0 });
      expect(await listed('hal', 'member=p-alice&sort=ref')).toEqual(['overdue', 'answered']);
    });

    it('filters by the days raised, both ends included', async () => {
      expect(await listed('sue', 'raisedFrom=2026-03-10&raisedTo=2026-03-18&sort=raised')).toEqual([
        'bobs',
        'dueSoon',
      ]);
      expect(await listed('sue', 'raisedTo=2026-03-01')).toEqual(['answered']);
      expect(await listed('sue', 'raisedFrom=2026-03-19')).toEqual(['onTrack']);
    });

    it('combines filters and a sort', async () => {
      expect(
        await listed(
          'sue',
          'category=roads%20and%20pavements&member=p-alice&raisedFrom=2026-03-02&sort=raised&dir=desc',
        ),
      ).toEqual(['onTrack', 'dueSoon', 'overdue']);
    });

    it('sorts by a column in either direction', async () => {
      const ascending = await listed('sue', 'sort=ref');
      expect(ascending).toEqual(['overdue', 'dueSoon', 'onTrack', 'answered', 'bobs']);
      expect(await listed('sue', 'sort=ref&dir=asc')).toEqual(ascending);
      expect(await listed('sue', 'sort=ref&dir=desc')).toEqual([...ascending].reverse());
      expect(await listed('sue', 'sort=due&dir=desc')).toEqual([
        'onTrack',
        'dueSoon',
        'overdue',
        'bobs',
        'answered',
      ]);
    });

    it('pages through a sort with ties without repeating or dropping a case', async () => {
      const whole = await listed('sue', 'sort=department');
      const pages = [];
      for (const offset of [0, 2, 4])
        pages.push(...(await listed('sue', `sort=department&limit=2&offset=${offset}`)));
      expect(pages).toEqual(whole);
      expect(new Set(pages).size).toBe(5);
    });

    it.each([
      ['raisedFrom=2026-02-30', 'raisedFrom'],
      ['raisedFrom=20260301', 'raisedFrom'],
      ['raisedTo=yesterday', 'raisedTo'],
      ['raisedFrom=2026-03-10&raisedTo=2026-03-09', 'raisedTo'],
      ['sort=ref&dir=up', 'dir'],
      ['sort=oldest&dir=desc', 'dir'],
      ['dir=asc', 'dir'],
      ['mine=true&member=p-bob', 'member'],
      ['category=', 'category'],
    ])('refuses %s with 400 naming %s, and lists nothing', async (query, field) => {
      const requestId = `bad-list-${field}-${query.length}`;
      const res = await t.call('sue', 'GET', `/api/cases?${query}`, undefined, { 'x-request-id': requestId });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad_request');
      expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual([field]);
      const { rows } = await t.app.db.query(`SELECT 1 FROM audit_log WHERE request_id = $1`, [requestId]);
      expect(rows).toHaveLength(0);
    });

    it('records a list narrowed by the new filters as filtered in the audit log', async () => {
      await t.call('sue', 'GET', '/api/cases?member=p-bob', undefined, { 'x-request-id': 'list-by-member' });
      const { rows } = await t.app.db.query<{ detail: { filtered: boolean } }>(
        `SELECT detail FROM audit_log WHERE request_id = 'list-by-member'`,
      );
      expect(rows.map((r) => r.detail.filtered)).toEqual([true]);
    });
  });
});
