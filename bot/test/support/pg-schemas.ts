import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/app/ports';
import { openPostgres } from '../../src/adapters/postgres';

/**
 * For the PostgreSQL suites (`npm run test:pg`): opens databases on TEST_DATABASE_URL in uniquely named
 * schemas that are dropped after the file's tests, so runs never see each other's data. `each`: every open
 * gets a new schema; `shared`: every open is another pool on one schema (several instances, one database).
 * Fails (never skips) when no server is configured.
 */
export const throwAwaySchemas = (
  suite: string,
  mode: 'each' | 'shared' = 'each',
): (() => Promise<Database>) => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      `TEST_DATABASE_URL is not set. The PostgreSQL ${suite} suite needs a server, e.g. ` +
        'TEST_DATABASE_URL=postgres://members_hub:members_hub@127.0.0.1:5432/members_hub npm run test:pg (.ci/run starts one).',
    );
  const run = `mh_test_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  let admin: Promise<Database> | undefined;

  afterAll(async () => {
    if (!admin) return;
    const db = await admin;
    for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });

  return async () => {
    admin ??= openPostgres({ connectionString: url, max: 1 });
    if (mode === 'each' || schemas.length === 0) {
      const schema = `${run}_${schemas.length + 1}`;
      await (await admin).query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
    }
    return openPostgres({ connectionString: url, schema: schemas[schemas.length - 1] });
  };
};
