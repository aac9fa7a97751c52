import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/app/ports';
import { migrate, openPglite, openPostgres } from '../src/adapters/postgres';

/** A database to benchmark: opened fresh and migrated, removed again by `dispose`. */
export interface BenchTarget {
  label: string;
  /** Why this database was not benchmarked, if it was not. */
  notRun?: string;
  open?: () => Promise<{ db: Database; dispose: () => Promise<void> }>;
}

/** PGlite persisted to a temporary directory, as in local mode (`./data`). */
export const pgliteTarget = (): BenchTarget => ({
  label: 'PGlite',
  async open() {
    const dataDir = await mkdtemp(join(tmpdir(), 'mh-bench-'));
    const db = await openPglite({ dataDir });
    await migrate(db);
    return {
      db,
      async dispose() {
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
});

/** A PostgreSQL server, in a throw-away schema so the benchmark never touches real data. */
export const postgresTarget = (connectionString: string | undefined): BenchTarget => {
  if (!connectionString) return { label: 'PostgreSQL', notRun: 'not run: set BENCH_DATABASE_URL' };
  return {
    label: 'PostgreSQL',
    async open() {
      const schema = `mh_bench_${randomBytes(4).toString('hex')}`;
      const admin = await openPostgres({ connectionString, max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      const db = await openPostgres({ connectionString, schema });
      await migrate(db);
      return {
        db,
        async dispose() {
          await db.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.close();
        },
      };
    },
  };
};
