import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Clock, Sql } from '../app/ports';
import type { Logger } from '../logger';

/** What a run did, as counts only: the run's record and its log line never carry personal data. */
export type JobSummary = Readonly<Record<string, number>>;

/** What one tick of a scheduled job did. */
export type TickOutcome =
  /** This instance claimed the period and the job succeeded. */
  | { kind: 'ran'; periodStart: Date; attempt: number; summary: JobSummary }
  /** The claim or the job failed; it has been logged, and a later tick tries again. */
  | { kind: 'failed'; periodStart: Date; error: unknown }
  /** The period's run has already been claimed, by this instance or another one. */
  | { kind: 'already-claimed'; periodStart: Date }
  | { kind: 'stopped' };

/** Scheduled work, run at most once per period across every instance sharing the database. */
export interface ScheduledJob {
  readonly name: string;
  /**
   * Claims the current period and runs the job if no instance has claimed it yet. The timer calls this;
   * tests may too. Never rejects: failures are logged and returned. A tick already in progress is shared,
   * so one instance never runs a job twice at once.
   */
  tick(): Promise<TickOutcome>;
  /** Stops the timer and resolves once a run in progress has finished. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface RunEveryOptions {
  /** Lower-case words and hyphens, e.g. `sla-sweep`: the key of the job's rows in `job_runs`. */
  name: string;
  /** Length of a period. Periods are aligned to the Unix epoch, so every instance agrees on them. */
  intervalMs: number;
  run: () => Promise<JobSummary>;
  /** Used one statement at a time, never holding a transaction open while the job runs. */
  db: Sql;
  logger: Pick<Logger, 'debug' | 'info' | 'error'>;
  clock: Clock;
  /** Recorded with each claim, for operators; default: host name, process id and a random suffix. */
  instanceId?: string | undefined;
  /** Delay before the first tick (default 0: run soon after start-up). */
  firstTickAfterMs?: number | undefined;
  /** How long finished runs are kept in `job_runs` (default 30 days). */
  keepRunsForMs?: number | undefined;
}

const JOB_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const DAY_MS = 86_400_000;

const errorCode = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
};

/**
 * Runs `run` once per period across all instances. Each instance ticks at the start of every period (and
 * once soon after start-up) and tries to claim the period by inserting the row `(job, period_start)` into
 * `job_runs`; the primary key lets exactly one insert succeed, and only that instance runs the job. A
 * failed run marks its row `failed`, so the next tick (on any instance) may claim the period again.
 *
 * Why a row rather than an advisory lock: a lock held for the run would need a session (the pool hands out
 * a different connection per query) or a transaction kept open during the run, and PGlite has a single
 * connection, so the job's own queries would wait behind that transaction for ever. One autocommitted
 * statement to claim and one to record the outcome work the same on both, and leave a record of every run.
 *
 * A run whose instance died mid-way stays unfinished and is not retried in that period; the next period
 * runs as usual, so jobs must be idempotent and catch up on everything due (the SLA sweep is and does).
 */
export const runEvery = (options: RunEveryOptions): ScheduledJob => {
  const { name, intervalMs, run, db, logger, clock } = options;
  if (!JOB_NAME.test(name)) throw new Error(`Not a valid job name: ${name}`);
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 1)
    throw new Error(`A job's interval must be a whole number of milliseconds, 1 or more: ${intervalMs}`);
  const instanceId = options.instanceId ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const keepRunsForMs = options.keepRunsForMs ?? 30 * DAY_MS;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<TickOutcome> | undefined;

  const periodStartOf = (now: Date): Date => new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);

  /** The attempt number if this instance now holds the period, null if someone else has it. */
  const claim = async (periodStart: Date, now: Date): Promise<number | null> => {
    // ON CONFLICT ... DO UPDATE ... WHERE takes over only a failed run; PostgreSQL re-checks the condition
    // on the latest row version, so two instances retrying together cannot both win.
    const { rows } = await db.query<{ attempt: number }>(
      `INSERT INTO job_runs AS r (job, period_start, attempt, instance_id, started_at)
       VALUES ($1::text, $2::timestamptz, 1, $3::text, $4::timestamptz)
       ON CONFLICT (job, period_start) DO UPDATE
         SET attempt = r.attempt + 1, instance_id = EXCLUDED.instance_id, started_at = EXCLUDED.started_at,
             finished_at = NULL, outcome = NULL, summary = NULL, error_code = NULL
         WHERE r.outcome = 'failed'
       RETURNING attempt`,
      [name, periodStart.toISOString(), instanceId, now.toISOString()],
    );
    return rows[0]?.attempt ?? null;
  };

  const finish = async (
    periodStart: Date,
    outcome: 'succeeded' | 'failed',
    summary: JobSummary | null,
    code: string | null,
  ): Promise<void> => {
    const now = clock.now();
    await db.query(
      `UPDATE job_runs SET finished_at = $4::timestamptz, outcome = $5::text, summary = $6::jsonb, error_code = $7::text
       WHERE job = $1::text AND period_start = $2::timestamptz AND instance_id = $3::text`,
      [
        name,
        periodStart.toISOString(),
        instanceId,
        now.toISOString(),
        outcome,
        summary === null ? null : JSON.stringify(summary),
        code,
      ],
    );
    await db.query(`DELETE FROM job_runs WHERE job = $1::text AND period_start < $2::timestamptz`, [
      name,
      new Date(now.getTime() - keepRunsForMs).toISOString(),
    ]);
  };

  const runTick = async (): Promise<TickOutcome> => {
    const now = clock.now();
    const periodStart = periodStartOf(now);
    const where = { job: name, periodStart: periodStart.toISOString() };
    let attempt: number | null;
    try {
      attempt = await claim(periodStart, now);
    } catch (error) {
      logger.error({ ...where, err: error }, 'scheduled job could not be claimed; the next tick tries again');
      return { kind: 'failed', periodStart, error };
    }
    if (attempt === null) {
      logger.debug(where, 'scheduled job already claimed for this period');
      return { kind: 'already-claimed', periodStart };
    }

    const started = performance.now();
    let summary: JobSummary;
    try {
      summary = await run();
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      logger.error(
        { ...where, attempt, durationMs, err: error },
        'scheduled job failed; the next tick tries again',
      );
      try {
        await finish(periodStart, 'failed', null, errorCode(error));
      } catch (recordError) {
        logger.error(
          { ...where, attempt, err: recordError },
          'could not record the scheduled job\u2019s failure',
        );
      }
      return { kind: 'failed', periodStart, error };
    }
    const durationMs = Math.round(performance.now() - started);
    logger.info({ ...where, attempt, durationMs, summary }, 'scheduled job finished');
    try {
      await finish(periodStart, 'succeeded', summary, null);
    } catch (recordError) {
      // The work is done; only its record is missing. The row stays claimed, so the period is not rerun.
      logger.error({ ...where, attempt, err: recordError }, 'could not record the scheduled job\u2019s run');
    }
    return { kind: 'ran', periodStart, attempt, summary };
  };

  const tick = (): Promise<TickOutcome> => {
    if (stopped) return Promise.resolve({ kind: 'stopped' });
    inFlight ??= runTick().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      void tick().then(() => {
        // The next tick is at the start of the next period by this instance's clock. Scheduling after the
        // tick, rather than on a fixed interval, means a slow run never overlaps the next one here.
        const now = clock.now().getTime();
        schedule(Math.max(1, periodStartOf(new Date(now)).getTime() + intervalMs - now));
      });
    }, delayMs);
    // Background work never keeps the process alive on its own.
    timer.unref();
  };
  schedule(options.firstTickAfterMs ?? 0);

  return {
    name,
    tick,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
};
