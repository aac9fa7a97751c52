import type { Migration } from './migration';

/**
 * Scheduled background work: one row per job and period. The row is the claim (its primary key lets only one
 * instance insert it) and the record of the run: who ran it, when, how it ended, and its counts.
 */
export const jobRuns: Migration = {
  version: 2,
  name: 'job-runs',
  statements: [
    `CREATE TABLE job_runs (
       job          text NOT NULL CHECK (job ~ '^[a-z][a-z0-9-]{0,62}$'),
       period_start timestamptz NOT NULL,
       attempt      integer NOT NULL CHECK (attempt >= 1),
       instance_id  text NOT NULL,
       started_at   timestamptz NOT NULL,
       finished_at  timestamptz NULL,
       outcome      text NULL CHECK (outcome IN ('succeeded', 'failed')),
       summary      jsonb NULL CHECK (summary IS NULL OR jsonb_typeof(summary) = 'object'),
       error_code   text NULL,
       PRIMARY KEY (job, period_start),
       CHECK ((finished_at IS NULL) = (outcome IS NULL))
     )`,
  ],
};
