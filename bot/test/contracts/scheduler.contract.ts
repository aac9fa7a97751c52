import type { Clock, Database, Sql } from '../../src/app/ports';
import { migrate } from '../../src/adapters/postgres';
import { createLogger } from '../../src/logger';
import { runEvery, type JobSummary, type RunEveryOptions, type ScheduledJob } from '../../src/jobs/scheduler';
import { delay } from '../fixtures/cases';

const SETUP_TIMEOUT_MS = 120_000;
const FIFTEEN_MINUTES = 15 * 60_000;
/** Keeps the timer out of the way of tests that tick by hand. */
const NOT_BY_TIMER = 3_600_000;

interface LogLine {
  level: number;
  msg: string;
  job?: string;
  periodStart?: string;
  attempt?: number;
  summary?: JobSummary;
  err?: { message: string };
}

/** A real pino logger writing into an array. */
const capturingLogger = () => {
  const lines: LogLine[] = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
};

/** Resolves once `check` passes, polling; fails after `withinMs`. */
const eventually = async (check: () => boolean, withinMs = 5_000): Promise<void> => {
  const until = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('The condition did not hold in time.');
    await delay(5);
  }
};

/** A controllable clock. */
const testClock = (start: string) => {
  let now = new Date(start);
  const clock: Clock = { now: () => now };
  return {
    clock,
    set: (iso: string) => {
      now = new Date(iso);
    },
  };
};

/**
 * The behaviour of the scheduler on every database it supports. `open` returns a new, empty database (not
 * yet migrated).
 */
export const describeSchedulerContract = (name: string, open: () => Promise<Database>): void => {
  describe(`Scheduled jobs on ${name}`, () => {
    let db: Database;
    const started: ScheduledJob[] = [];

    beforeAll(async () => {
      db = await open();
      await migrate(db);
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    beforeEach(() => db.query('TRUNCATE job_runs'));
    afterEach(async () => {
      await Promise.all(started.splice(0).map((job) => job.stop()));
    });

    const job = (options: Partial<RunEveryOptions> & Pick<RunEveryOptions, 'run' | 'clock'>) => {
      const scheduled = runEvery({
        name: 'test-job',
        intervalMs: FIFTEEN_MINUTES,
        db,
        logger: createLogger('silent'),
        firstTickAfterMs: NOT_BY_TIMER,
        ...options,
      });
      started.push(scheduled);
      return scheduled;
    };
    const runsOf = async (job = 'test-job') =>
      (
        await db.query<{
          period_start: string;
          attempt: number;
          outcome: string | null;
          summary: JobSummary | null;
          error_code: string | null;
          instance_id: string;
        }>(
          `SELECT period_start, attempt, outcome, summary, error_code, instance_id
           FROM job_runs WHERE job = $1 ORDER BY period_start`,
          [job],
        )
      ).rows;

    it('runs the job once per period when two instances tick at the same moment', async () => {
      const time = testClock('2026-03-20T09:00:00.000Z');
      let runs = 0;
      const run = async () => {
        runs += 1;
        await delay(20);
        return { examined: 3 };
      };
      const a = job({ run, clock: time.clock, instanceId: 'instance-a' });
      const b = job({ run, clock: time.clock, instanceId: 'instance-b' });

      const first = await Promise.all([a.tick(), b.tick()]);
      expect(first.map((o) => o.kind).sort()).toEqual(['already-claimed', 'ran']);
      expect(runs).toBe(1);

      // Later in the same period: still nothing to do.
      time.set('2026-03-20T09:14:59.999Z');
      expect((await Promise.all([a.tick(), b.tick()])).map((o) => o.kind)).toEqual([
        'already-claimed',
        'already-claimed',
      ]);

      time.set('2026-03-20T09:15:00.000Z');
      const second = await Promise.all([b.tick(), a.tick()]);
      expect(second.map((o) => o.kind).sort()).toEqual(['already-claimed', 'ran']);
      expect(runs).toBe(2);

      const rows = await runsOf();
      expect(rows.map((r) => [r.period_start, r.attempt, r.outcome, r.summary])).toEqual([
        ['2026-03-20T09:00:00.000Z', 1, 'succeeded', { examined: 3 }],
        ['2026-03-20T09:15:00.000Z', 1, 'succeeded', { examined: 3 }],
      ]);
      expect(rows.every((r) => ['instance-a', 'instance-b'].includes(r.instance_id))).toBe(true);
    });

    it('claims each job separately: two jobs due in the same period both run', async () => {
      const time = testClock('2026-03-20T09:05:00.000Z');
      const ran: string[] = [];
      const sweep = job({
        name: 'sla-sweep',
        clock: time.clock,
        run: () => (ran.push('sla'), Promise.resolve({})),
      });
      const other = job({
        name: 'briefings',
        clock: time.clock,
        run: () => (ran.push('b'), Promise.resolve({})),
      });
      await Promise.all([sweep.tick(), other.tick()]);
      expect(ran.sort()).toEqual(['b', 'sla']);
    });

    it('never runs the job twice at once on one instance: a tick during a run shares it', async () => {
      const time = testClock('2026-03-20T09:00:00.000Z');
      let runs = 0;
      const a = job({
        clock: time.clock,
        run: async () => {
          runs += 1;
          await delay(20);
          return {};
        },
      });
      const [one, two] = await Promise.all([a.tick(), a.tick()]);
      expect(one).toBe(two);
      expect(runs).toBe(1);
    });

    it('logs a failed run, records it as failed, and runs the job again on the next tick', async () => {
      const time = testClock('2026-03-20T09:00:00.000Z');
      const { logger, lines } = capturingLogger();
      let calls = 0;
      const a = job({
        clock: time.clock,
        logger,
        run: () => {
          calls += 1;
          if (calls === 1)
            return Promise.reject(Object.assign(new Error('database went away'), { code: '57P01' }));
          return Promise.resolve({ examined: 4, changed: 1 });
        },
      });

      const failed = await a.tick();
      expect(failed).toMatchObject({ kind: 'failed' });
      expect(lines.filter((l) => l.level >= 50)).toEqual([
        expect.objectContaining({
          msg: expect.stringMatching(/scheduled job failed/),
          job: 'test-job',
          periodStart: '2026-03-20T09:00:00.000Z',
          attempt: 1,
          err: expect.objectContaining({ message: 'database went away' }),
        }),
      ]);
      expect((await runsOf()).map((r) => [r.attempt, r.outcome, r.error_code])).toEqual([
        [1, 'failed', '57P01'],
      ]);

      // The next tick, still in the same period, takes the failed run over.
      await expect(a.tick()).resolves.toMatchObject({
        kind: 'ran',
        attempt: 2,
        summary: { examined: 4, changed: 1 },
      });
      expect((await runsOf()).map((r) => [r.attempt, r.outcome, r.error_code, r.summary])).toEqual([
        [2, 'succeeded', null, { examined: 4, changed: 1 }],
      ]);
      expect(lines.at(-1)).toMatchObject({
        level: 30,
        msg: 'scheduled job finished',
        summary: { examined: 4, changed: 1 },
      });
    });

    it('lets only one of two instances take over a failed run', async () => {
      const time = testClock('2026-03-20T09:00:00.000Z');
      let runs = 0;
      const failing = job({ clock: time.clock, run: () => Promise.reject(new Error('boom')) });
      await failing.tick();
      const run = async () => {
        runs += 1;
        await delay(20);
        return {};
      };
      const a = job({ clock: time.clock, run, instanceId: 'instance-a' });
      const b = job({ clock: time.clock, run, instanceId: 'instance-b' });
      const outcomes = await Promise.all([a.tick(), b.tick()]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-claimed', 'ran']);
      expect(runs).toBe(1);
      expect((await runsOf()).map((r) => [r.attempt, r.outcome])).toEqual([[2, 'succeeded']]);
    });

    it('logs a claim that fails (the database is unreachable) and never throws', async () => {
      const time = testClock('2026-03-20T09:00:00.000Z');
      const { logger, lines } = capturingLogger();
      const unreachable: Sql = { query: () => Promise.reject(new Error('connect ECONNREFUSED')) };
      let runs = 0;
      const a = job({
        db: unreachable,
        clock: time.clock,
        logger,
        run: () => ((runs += 1), Promise.resolve({})),
      });
      await expect(a.tick()).resolves.toMatchObject({ kind: 'failed' });
      expect(runs).toBe(0);
      expect(lines).toEqual([
        expect.objectContaining({ level: 50, msg: expect.stringMatching(/could not be claimed/) }),
      ]);
    });

    it('ticks by itself at the start of each period, and a failing run is retried by a later tick', async () => {
      // The system clock and 40 ms periods: the timers run for real.
      const { logger, lines } = capturingLogger();
      let calls = 0;
      const a = job({
        intervalMs: 40,
        firstTickAfterMs: 0,
        clock: { now: () => new Date() },
        logger,
        run: () => {
          calls += 1;
          return calls === 1 ? Promise.reject(new Error('first run fails')) : Promise.resolve({ run: calls });
        },
      });
      await eventually(() => calls >= 3);
      await a.stop();
      expect(lines.filter((l) => l.msg.startsWith('scheduled job failed'))).toHaveLength(1);
      expect(lines.filter((l) => l.msg === 'scheduled job finished').length).toBeGreaterThanOrEqual(2);
      // Every call is one attempt on one period's row. The first period failed; it stays failed, unless a
      // timer fired a millisecond early (Node's timers and the wall clock drift apart) and the retry landed
      // in the same period, which then records attempt 2. Each later period was claimed and run once.
      const rows = await runsOf();
      expect(rows.reduce((sum, r) => sum + r.attempt, 0)).toBe(calls);
      expect([
        [1, 'failed'],
        [2, 'succeeded'],
      ]).toContainEqual([rows[0]?.attempt, rows[0]?.outcome]);
      expect(rows.slice(1).map((r) => [r.attempt, r.outcome])).toEqual(
        rows.slice(1).map(() => [1, 'succeeded']),
      );
    });

    it('stop() waits for the run in progress, records it, and no tick runs afterwards', async () => {
      const time = testClock('2026-03-20T09:00:00.000Z');
      let release: () => void = () => undefined;
      let finished = false;
      let runs = 0;
      const a = job({
        clock: time.clock,
        run: async () => {
          runs += 1;
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          finished = true;
          return { examined: 1 };
        },
      });
      const ticking = a.tick();
      await eventually(() => runs === 1);

      let stopped = false;
      const stopping = a.stop().then(() => {
        stopped = true;
      });
      await delay(30);
      expect(stopped).toBe(false);

      release();
      await stopping;
      expect(finished).toBe(true);
      await expect(ticking).resolves.toMatchObject({ kind: 'ran' });
      expect((await runsOf()).map((r) => r.outcome)).toEqual(['succeeded']);

      time.set('2026-03-20T09:30:00.000Z');
      await expect(a.tick()).resolves.toEqual({ kind: 'stopped' });
      expect(runs).toBe(1);
    });

    it('keeps the record of runs for the configured time only', async () => {
      const time = testClock('2026-03-01T09:00:00.000Z');
      const a = job({ clock: time.clock, keepRunsForMs: 7 * 86_400_000, run: () => Promise.resolve({}) });
      await a.tick();
      time.set('2026-03-05T09:00:00.000Z');
      await a.tick();
      time.set('2026-03-10T09:00:00.000Z');
      await a.tick();
      expect((await runsOf()).map((r) => r.period_start)).toEqual([
        '2026-03-05T09:00:00.000Z',
        '2026-03-10T09:00:00.000Z',
      ]);
    });

    it('refuses a job name or interval it cannot key runs by', () => {
      const clock = testClock('2026-03-20T09:00:00.000Z').clock;
      const run = () => Promise.resolve({});
      expect(() =>
        runEvery({ name: 'SLA sweep', intervalMs: 1000, run, db, clock, logger: createLogger('silent') }),
      ).toThrow(/job name/);
      expect(() =>
        runEvery({ name: 'sla-sweep', intervalMs: 0, run, db, clock, logger: createLogger('silent') }),
      ).toThrow(/interval/);
    });
  });
};
