import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseChange, CaseStore, Clock, Database } from '../src/app/ports';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startApp } from '../src/main';
import { migrate, openPglite, PostgresCaseStore } from '../src/adapters/postgres';
import type { Case, NewCase } from '../src/domain/case';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { makeSlaSweep, SlaSweepIncompleteError } from '../src/jobs/sla-sweep';
import { auditEntry, delay, newCase, raisedEvent } from './fixtures/cases';

/** Friday 20 March 2026, 07:00 in London. Default policy: warn 2 working days before; escalate at 0, 5, 10. */
const FRIDAY = '2026-03-20T07:00:00.000Z';
const sla = createSlaClock(DEFAULT_SLA_POLICY);

describe('SLA sweep on PGlite', () => {
  let db: Database;
  let store: PostgresCaseStore;
  let now: Date;
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db);
    store = new PostgresCaseStore(db, { clock });
  }, 120_000);
  afterAll(() => db?.close());
  beforeEach(async () => {
    now = new Date(FRIDAY);
    await db.query('TRUNCATE case_events, cases, case_ref_counters');
  });

  const create = (overrides: Partial<NewCase>) => {
    const draft = newCase(overrides);
    return store.create(
      draft,
      raisedEvent(draft),
      auditEntry('case.create', draft.raisedBy, draft.createdAt),
    );
  };
  const typesOf = async (c: Case) => (await store.timeline(c.id)).map((e) => e.type);
  const reload = async (c: Case) => (await store.findByRef(c.ref))!;
  const sweepActions = async (c: Case) =>
    (
      await db.query<{ action: string; actor_id: string | null; detail: unknown }>(
        `SELECT action, actor_id, detail FROM audit_log WHERE case_id = $1 AND action = 'case.sla-sweep' ORDER BY id`,
        [c.id],
      )
    ).rows;

  it('records a warning, a breach and an automatic escalation once, and a second run changes nothing', async () => {
    const dueMonday = await create({ status: 'new', respondBy: '2026-03-23' });
    const eightDaysLate = await create({ status: 'triaged', respondBy: '2026-03-10' });
    const dueYesterday = await create({ status: 'with-department', respondBy: '2026-03-19' });
    const onTrack = await create({ status: 'new', respondBy: '2026-04-10' });
    const sweep = makeSlaSweep({ cases: store, sla, clock });

    await expect(sweep.run()).resolves.toEqual({ examined: 4, changed: 3 });

    expect(await typesOf(dueMonday)).toEqual(['raised', 'sla-warning']);
    expect(await typesOf(eightDaysLate)).toEqual(['raised', 'sla-breached', 'escalated']);
    expect(await typesOf(dueYesterday)).toEqual(['raised', 'sla-breached', 'escalated']);
    expect(await typesOf(onTrack)).toEqual(['raised']);
    expect(await reload(eightDaysLate)).toMatchObject({
      version: 2,
      escalationLevel: 2,
      slaNotice: { kind: 'overdue', forRespondBy: '2026-03-10' },
      updatedAt: FRIDAY,
    });
    expect(await reload(dueYesterday)).toMatchObject({ version: 2, escalationLevel: 1 });
    expect(await reload(onTrack)).toEqual(onTrack);
    const [breach, escalation] = (await store.timeline(eightDaysLate.id)).slice(1);
    expect(breach).toMatchObject({
      actorId: null,
      at: FRIDAY,
      data: { respondBy: '2026-03-10', overdueBy: 8 },
    });
    expect(escalation).toMatchObject({ actorId: null, data: { fromLevel: 0, toLevel: 2, automatic: true } });
    // The system's change is in the audit trail, with event types only.
    expect(await sweepActions(eightDaysLate)).toEqual([
      { action: 'case.sla-sweep', actor_id: null, detail: { events: ['sla-breached', 'escalated'] } },
    ]);

    const versionsBefore = await Promise.all([dueMonday, eightDaysLate, dueYesterday, onTrack].map(reload));
    await expect(sweep.run()).resolves.toEqual({ examined: 4, changed: 0 });
    expect(await Promise.all([dueMonday, eightDaysLate, dueYesterday, onTrack].map(reload))).toEqual(
      versionsBefore,
    );
    expect(await typesOf(eightDaysLate)).toEqual(['raised', 'sla-breached', 'escalated']);
    expect(await sweepActions(eightDaysLate)).toHaveLength(1);
  });

  it('escalates again, and only escalates, when a breached case reaches the next level', async () => {
    const late = await create({ status: 'triaged', respondBy: '2026-03-10' });
    const sweep = makeSlaSweep({ cases: store, sla, clock });
    await sweep.run();
    // Ten working days after 10 March is 24 March: level 3.
    now = new Date('2026-03-24T07:00:00.000Z');
    await expect(sweep.run()).resolves.toEqual({ examined: 1, changed: 1 });
    expect(await typesOf(late)).toEqual(['raised', 'sla-breached', 'escalated', 'escalated']);
    expect(await reload(late)).toMatchObject({ version: 3, escalationLevel: 3 });
  });

  it('leaves stopped cases alone: responded, on hold and closed, however late', async () => {
    const stopped = [
      await create({ status: 'responded', respondBy: '2026-03-02' }),
      await create({ status: 'on-hold', respondBy: '2026-03-02', heldFrom: 'triaged' }),
      await create({ status: 'closed', respondBy: '2026-03-02' }),
    ];
    await expect(makeSlaSweep({ cases: store, sla, clock }).run()).resolves.toEqual({
      examined: 0,
      changed: 0,
    });
    for (const c of stopped) {
      expect(await reload(c)).toEqual(c);
      expect(await typesOf(c)).toEqual(['raised']);
    }
  });

  it('judges a case changed since it was listed on its current state, and writes nothing if nothing is due', async () => {
    const late = await create({ status: 'with-department', respondBy: '2026-03-10' });
    const alsoLate = await create({ status: 'with-department', respondBy: '2026-03-11' });
    let closedMeanwhile: Case | undefined;
    // The real store, with an officer closing the case just after the sweep has listed it.
    const cases: Pick<CaseStore, 'list' | 'change'> = {
      list: async (...args) => {
        const page = await store.list(...args);
        closedMeanwhile ??= await store.change(late.ref, (current): CaseChange => ({
          next: { ...current, status: 'closed', closedAt: FRIDAY, updatedAt: FRIDAY },
          events: [{ type: 'closed', actorId: 'p-sue', at: FRIDAY, data: {} }],
          audit: [auditEntry('case.action.close', 'p-sue', FRIDAY)],
        }));
        return page;
      },
      change: (...args) => store.change(...args),
    };
    await expect(makeSlaSweep({ cases, sla, clock }).run()).resolves.toEqual({ examined: 2, changed: 1 });
    expect(await reload(late)).toEqual(closedMeanwhile);
    expect(await typesOf(late)).toEqual(['raised', 'closed']);
    expect(await typesOf(alsoLate)).toEqual(['raised', 'sla-breached', 'escalated']);
  });

  it('sweeps every open case when there are more than two pages of them', async () => {
    const created: Case[] = [];
    for (let i = 0; i < 230; i += 1) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(8 + Math.floor(i / 60)).padStart(2, '0');
      created.push(
        await create({
          status: i % 2 === 0 ? 'new' : 'triaged',
          respondBy: i % 3 === 0 ? '2026-03-23' : '2026-03-16',
          updatedAt: `2026-03-0${2 + (i % 5)}T${hour}:${minute}:00.000Z`,
        }),
      );
    }
    await expect(makeSlaSweep({ cases: store, sla, clock }).run()).resolves.toEqual({
      examined: 230,
      changed: 230,
    });
    const { rows } = await db.query<{ version: number; n: number }>(
      `SELECT version, count(*)::integer AS n FROM cases GROUP BY version`,
    );
    expect(rows).toEqual([{ version: 2, n: 230 }]);
  }, 60_000);

  it('skips a case deleted since it was listed, and still sweeps the rest', async () => {
    const deleted = await create({ status: 'new', respondBy: '2026-03-10' });
    const late = await create({ status: 'new', respondBy: '2026-03-10' });
    const cases: Pick<CaseStore, 'list' | 'change'> = {
      list: async (...args) => {
        const page = await store.list(...args);
        await db.query(`DELETE FROM cases WHERE id = $1`, [deleted.id]);
        return page;
      },
      change: (...args) => store.change(...args),
    };
    await expect(makeSlaSweep({ cases, sla, clock }).run()).resolves.toEqual({ examined: 2, changed: 1 });
    expect(await typesOf(late)).toEqual(['raised', 'sla-breached', 'escalated']);
  });

  it('sweeps the other cases when one cannot be changed, then fails the run so that it is retried', async () => {
    const broken = await create({ status: 'new', respondBy: '2026-03-10' });
    const fine = await create({ status: 'new', respondBy: '2026-03-10' });
    const failure = new Error('could not serialize access');
    const cases: Pick<CaseStore, 'list' | 'change'> = {
      list: (...args) => store.list(...args),
      change: (ref, ...rest) => (ref === broken.ref ? Promise.reject(failure) : store.change(ref, ...rest)),
    };
    const run = makeSlaSweep({ cases, sla, clock }).run();
    await expect(run).rejects.toBeInstanceOf(SlaSweepIncompleteError);
    await expect(run).rejects.toMatchObject({
      summary: { examined: 2, changed: 1, failed: 1 },
      cause: failure,
    });
    expect(await typesOf(fine)).toEqual(['raised', 'sla-breached', 'escalated']);
    expect(await typesOf(broken)).toEqual(['raised']);
  });
});

describe('the SLA sweep in the running service', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mh-sweep-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = async (interval: string | undefined) => {
    const db = await openPglite({});
    await migrate(db);
    const clock: Clock = { now: () => new Date(FRIDAY) };
    const store = new PostgresCaseStore(db, { clock });
    const draft = newCase({ status: 'new', respondBy: '2026-03-10' });
    const late = await store.create(
      draft,
      raisedEvent(draft),
      auditEntry('case.create', 'p-alice', draft.createdAt),
    );
    const config = loadConfig({
      MODE: 'local',
      PORT: '0',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      SLA_SWEEP_INTERVAL_SECONDS: interval,
    });
    const app = await startApp(config, createLogger('silent'), { db, clock });
    return { app, db, store, late };
  };
  const sweepRuns = async (db: Database) =>
    (await db.query<{ outcome: string | null }>(`SELECT outcome FROM job_runs WHERE job = 'sla-sweep'`)).rows;

  it('sweeps on start-up, records the run, and stops with the service', async () => {
    const { app, db, store, late } = await start(undefined);
    try {
      const until = Date.now() + 10_000;
      while ((await sweepRuns(db)).length === 0 || (await sweepRuns(db))[0]?.outcome === null) {
        if (Date.now() > until) throw new Error('The sweep did not run.');
        await delay(10);
      }
      expect(await sweepRuns(db)).toEqual([{ outcome: 'succeeded' }]);
      expect((await store.timeline(late.id)).map((e) => e.type)).toEqual([
        'raised',
        'sla-breached',
        'escalated',
      ]);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('does not sweep when SLA_SWEEP_INTERVAL_SECONDS is 0', async () => {
    const { app, db, store, late } = await start('0');
    try {
      await delay(100);
      expect(await sweepRuns(db)).toEqual([]);
      expect((await store.timeline(late.id)).map((e) => e.type)).toEqual(['raised']);
    } finally {
      await app.close();
    }
  }, 60_000);
});
