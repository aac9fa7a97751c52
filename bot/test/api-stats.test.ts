import { PostgresCaseStore, PostgresDirectory } from '../src/adapters/postgres';
import type { Clock } from '../src/app/ports';
import type { NewCase } from '../src/domain/case';
import type { Person } from '../src/domain/person';
import { auditEntry, newCase, raisedEvent } from './fixtures/cases';
import { PEOPLE, aCase, startTestApp, type TestApp } from './support/test-app';

/** Friday 20 March 2026, noon in London: the default period is April 2025 to March 2026. */
const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };
const NOW_MONTH = '2026-03';

interface Made {
  memberId: string | null;
  origin: 'councillor' | 'mp';
  wardId: string;
  category: string;
  month: string;
  /** Awaiting a response now: the age bucket by working days since raised; null when answered or closed. */
  openBucket: '0-5' | '6-10' | '11-20' | '21+' | null;
}

/**
 * Statistics: a councillor sees figures for their own cases, officers and administrators the whole council's.
 * Every expected figure is computed from the cases this file makes (`made`), not from fixed numbers.
 */
describe('GET /api/stats', () => {
  let t: TestApp;
  const made: Made[] = [];
  const nobody: Person = {
    id: 'p-nobody',
    oid: '00000000-0000-4000-8000-00000000aaaa',
    displayName: 'No Role',
    email: 'nobody@test.example',
    roles: [],
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await new PostgresDirectory(t.app.db).saveDirectory({ people: [nobody], wards: [], departments: [] });

    // Raised today through the API.
    const raise = async (who: 'alice' | 'bob' | 'sue', body: Record<string, unknown>, entry: Made) => {
      const res = await t.call(who, 'POST', '/api/cases', aCase(body));
      expect(res.status).toBe(201);
      made.push(entry);
      return res.body.ref as string;
    };
    const answer = async (ref: string, departmentId: string, officer: 'hal' | 'wes') => {
      await t.call('sue', 'POST', `/api/cases/${ref}/actions`, { type: 'triage', departmentId });
      const res = await t.call(officer, 'POST', `/api/cases/${ref}/actions`, {
        type: 'respond',
        response: 'Fixed.',
      });
      expect(res.status).toBe(200);
    };
    const today = { month: NOW_MONTH, origin: 'councillor' as const };
    const aliceAnswered = await raise(
      'alice',
      {},
      { ...today, memberId: 'p-alice', wardId: 'ward-north', category: 'Drainage', openBucket: null },
    );
    await answer(aliceAnswered, 'dept-highways', 'hal');
    await raise(
      'alice',
      { wardId: 'ward-south', category: 'Roads' },
      { ...today, memberId: 'p-alice', wardId: 'ward-south', category: 'Roads', openBucket: '0-5' },
    );
    const bobAnswered = await raise(
      'bob',
      { wardId: 'ward-south', category: 'Roads' },
      { ...today, memberId: 'p-bob', wardId: 'ward-south', category: 'Roads', openBucket: null },
    );
    await answer(bobAnswered, 'dept-waste', 'wes');
    await raise(
      'sue',
      { origin: 'mp', mpName: 'A Member MP', category: 'Schools' },
      {
        month: NOW_MONTH,
        origin: 'mp',
        memberId: null,
        wardId: 'ward-north',
        category: 'Schools',
        openBucket: '0-5',
      },
    );

    // Raised earlier, stored directly. Ages in working days to Friday 20 March 2026 (no bank holidays between).
    const store = new PostgresCaseStore(t.app.db, { queueNotifications: false });
    const put = async (c: Partial<NewCase>, entry: Made) => {
      const draft = newCase(c);
      await store.create(draft, raisedEvent(draft), auditEntry('case.create', 'p-sue', draft.createdAt));
      made.push(entry);
    };
    // Thursday 15 January: 46 working days.
    await put(
      {
        memberId: 'p-alice',
        createdAt: '2026-01-15T10:00:00.000Z',
        status: 'new',
        wardId: 'ward-north',
        category: 'Roads',
      },
      {
        memberId: 'p-alice',
        origin: 'councillor',
        month: '2026-01',
        wardId: 'ward-north',
        category: 'Roads',
        openBucket: '21+',
      },
    );
    // Monday 9 March: 9 working days.
    await put(
      {
        memberId: 'p-alice',
        createdAt: '2026-03-09T10:00:00.000Z',
        status: 'triaged',
        departmentId: 'dept-waste',
        wardId: 'ward-north',
        category: 'Roads',
      },
      {
        memberId: 'p-alice',
        origin: 'councillor',
        month: '2026-03',
        wardId: 'ward-north',
        category: 'Roads',
        openBucket: '6-10',
      },
    );
    // Monday 23 February: 19 working days.
    await put(
      {
        memberId: 'p-alice',
        createdAt: '2026-02-23T10:00:00.000Z',
        status: 'with-department',
        departmentId: 'dept-highways',
        wardId: 'ward-north',
        category: 'Drainage',
      },
      {
        memberId: 'p-alice',
        origin: 'councillor',
        month: '2026-02',
        wardId: 'ward-north',
        category: 'Drainage',
        openBucket: '11-20',
      },
    );
    // Tuesday 10 February, on hold: 28 working days, still awaiting its answer.
    await put(
      {
        memberId: 'p-bob',
        createdAt: '2026-02-10T10:00:00.000Z',
        status: 'on-hold',
        wardId: 'ward-south',
        category: 'Parks',
      },
      {
        memberId: 'p-bob',
        origin: 'councillor',
        month: '2026-02',
        wardId: 'ward-south',
        category: 'Parks',
        openBucket: '21+',
      },
    );
    // Long closed, before the period.
    await put(
      {
        memberId: 'p-alice',
        createdAt: '2024-06-03T10:00:00.000Z',
        status: 'closed',
        wardId: 'ward-south',
        category: 'Parks',
      },
      {
        memberId: 'p-alice',
        origin: 'councillor',
        month: '2024-06',
        wardId: 'ward-south',
        category: 'Parks',
        openBucket: null,
      },
    );
  });
  afterAll(async () => t.stop());

  /** What the figures should be for these cases, counted here in plain TypeScript. */
  const expected = (cases: Made[], from: string, to: string) => {
    const inPeriod = cases.filter((c) => c.month >= from && c.month <= to);
    const tally = (key: (c: Made) => string) => {
      const counts = new Map<string, number>();
      for (const c of inPeriod) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
      return counts;
    };
    const byWard = [...tally((c) => c.wardId)].map(([wardId, count]) => ({ wardId, count }));
    const byCategory = [...tally((c) => c.category)].map(([category, count]) => ({ category, count }));
    return {
      volumesByWard: expect.arrayContaining(byWard) as unknown,
      wardTotal: inPeriod.length,
      wardRows: byWard.length,
      volumesByCategory: expect.arrayContaining(byCategory) as unknown,
      categoryRows: byCategory.length,
      raisedInMonth: (month: string, origin: 'councillor' | 'mp') =>
        inPeriod.filter((c) => c.month === month && c.origin === origin).length,
      openByAge: (['0-5', '6-10', '11-20', '21+'] as const).map((bucket) => ({
        bucket,
        count: cases.filter((c) => c.openBucket === bucket).length,
      })),
    };
  };
  const mine = (memberId: string) => made.filter((c) => c.memberId === memberId);

  it('gives a councillor figures for their own cases only', async () => {
    const res = await t.call('alice', 'GET', '/api/stats');
    expect(res.status).toBe(200);
    const want = expected(mine('p-alice'), '2025-04', NOW_MONTH);
    expect(res.body).toMatchObject({
      scope: 'member',
      from: '2025-04',
      to: NOW_MONTH,
      generatedAt: clock.now().toISOString(),
      goalPercentWithinTarget: 95,
      answeredWithinTarget: [
        { departmentId: 'dept-highways', month: NOW_MONTH, answered: 1, withinTarget: 1 },
      ],
      volumesByWard: want.volumesByWard,
      volumesByCategory: want.volumesByCategory,
      openByAge: want.openByAge,
    });
    expect(res.body.volumesByWard).toHaveLength(want.wardRows);
    expect(res.body.volumesByCategory).toHaveLength(want.categoryRows);
    expect(res.body.byOrigin).toHaveLength(12);
    for (const row of res.body.byOrigin)
      expect(row).toEqual({
        month: row.month,
        councillor: want.raisedInMonth(row.month, 'councillor'),
        mp: want.raisedInMonth(row.month, 'mp'),
      });
    // Nothing of Bob's: his ward-south case, his Parks case on hold, his department's answer.
    expect(JSON.stringify(res.body)).not.toContain('Parks');
    expect(JSON.stringify(res.body)).not.toContain('dept-waste');
  });

  it.each(['sue', 'hal', 'ada'] as const)('gives %s the whole council\u2019s figures', async (who) => {
    const res = await t.call(who, 'GET', '/api/stats');
    expect(res.status).toBe(200);
    const want = expected(made, '2025-04', NOW_MONTH);
    expect(res.body.scope).toBe('all');
    expect(res.body.volumesByWard.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(
      want.wardTotal,
    );
    expect(res.body.volumesByWard).toEqual(want.volumesByWard);
    expect(res.body.volumesByCategory).toEqual(want.volumesByCategory);
    expect(res.body.openByAge).toEqual(want.openByAge);
    expect(res.body.answeredWithinTarget).toEqual([
      { departmentId: 'dept-highways', month: NOW_MONTH, answered: 1, withinTarget: 1 },
      { departmentId: 'dept-waste', month: NOW_MONTH, answered: 1, withinTarget: 1 },
    ]);
    expect(res.body.byOrigin.at(-1)).toEqual({
      month: NOW_MONTH,
      councillor: want.raisedInMonth(NOW_MONTH, 'councillor'),
      mp: want.raisedInMonth(NOW_MONTH, 'mp'),
    });
  });

  it('counts only the months asked for', async () => {
    const res = await t.call('sue', 'GET', '/api/stats?from=2026-01&to=2026-02');
    expect(res.status).toBe(200);
    const want = expected(made, '2026-01', '2026-02');
    expect(res.body).toMatchObject({ from: '2026-01', to: '2026-02', answeredWithinTarget: [] });
    expect(res.body.volumesByWard).toEqual(want.volumesByWard);
    expect(res.body.volumesByWard).toHaveLength(want.wardRows);
    expect(res.body.byOrigin.map((r: { month: string }) => r.month)).toEqual(['2026-01', '2026-02']);
    // Open cases are counted as they are now, whatever the period.
    expect(res.body.openByAge).toEqual(want.openByAge);
  });

  it('accepts a period of exactly 24 months', async () => {
    const res = await t.call('sue', 'GET', '/api/stats?from=2024-04&to=2026-03');
    expect(res.status).toBe(200);
    expect(res.body.byOrigin).toHaveLength(24);
    expect(res.body.byOrigin.find((r: { month: string }) => r.month === '2024-06')).toEqual({
      month: '2024-06',
      councillor: 1,
      mp: 0,
    });
  });

  it.each([
    ['a malformed month', '?from=2026-13'],
    ['a month without its leading zero', '?to=2026-1'],
    ['a period that ends before it starts', '?from=2026-03&to=2026-01'],
    ['a period of more than 24 months', '?from=2024-03&to=2026-03'],
    ['a start long ago with the default end', '?from=2020-01'],
    ['an unknown parameter', '?from=2026-01&ward=ward-north'],
  ])('refuses %s with 400', async (_what, query) => {
    const res = await t.call('sue', 'GET', `/api/stats${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
  });

  it('refuses a registered person with no role, and audits the refusal', async () => {
    const { token } = await (await t.issuer(clock)).issue(nobody);
    const res = await t.call(null, 'GET', '/api/stats', undefined, {
      authorization: `Bearer ${token}`,
      'x-request-id': 'stats-nobody',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    const { rows } = await t.app.db.query(
      `SELECT action, outcome FROM audit_log WHERE request_id = 'stats-nobody'`,
    );
    expect(rows).toEqual([{ action: 'stats.read', outcome: 'denied' }]);
  });

  it('refuses a forged token with 401', async () => {
    const [h, p] = (await t.token('sue')).split('.');
    const res = await t.call(null, 'GET', '/api/stats', undefined, {
      authorization: `Bearer ${h}.${p}.${Buffer.from('forged').toString('base64url')}`,
    });
    expect(res.status).toBe(401);
  });

  it('audits each read with its scope and period', async () => {
    await t.call('alice', 'GET', '/api/stats?from=2026-02', undefined, { 'x-request-id': 'stats-alice' });
    const { rows } = await t.app.db.query(
      `SELECT actor_id, action, outcome, detail FROM audit_log WHERE request_id = 'stats-alice'`,
    );
    expect(rows).toEqual([
      {
        actor_id: PEOPLE.alice.id,
        action: 'stats.read',
        outcome: 'allowed',
        detail: { scope: 'member', from: '2026-02', to: NOW_MONTH },
      },
    ]);
  });
});
