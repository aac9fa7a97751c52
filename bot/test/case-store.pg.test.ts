import { randomBytes } from 'node:crypto';
import type { Database } from '../src/app/ports';
import { openPostgres } from '../src/adapters/postgres';
import { describeAuditLogContract } from './contracts/audit-log.contract';
import { describeCaseStoreContract } from './contracts/case-store.contract';
import { describeDirectoryContract } from './contracts/directory.contract';

const url = process.env.TEST_DATABASE_URL;
if (!url)
  throw new Error(
    'TEST_DATABASE_URL is not set. The PostgreSQL contract suite needs a server, e.g. ' +
      'TEST_DATABASE_URL=postgres://members_hub:members_hub@127.0.0.1:5432/members_hub npm run test:pg (.ci/run starts one).',
  );
const connectionString = url;

// Each database this file opens is a new schema, dropped at the end, so runs never see each other's data.
const run = `mh_test_${randomBytes(4).toString('hex')}`;
const schemas: string[] = [];
let admin: Promise<Database> | undefined;

const open = async (): Promise<Database> => {
  admin ??= openPostgres({ connectionString, max: 1 });
  const schema = `${run}_${schemas.length + 1}`;
  await (await admin).query(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  return openPostgres({ connectionString, schema });
};

afterAll(async () => {
  if (!admin) return;
  const db = await admin;
  for (const schema of schemas) await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
});

describeCaseStoreContract('PostgreSQL', open);
describeAuditLogContract('PostgreSQL', open);
describeDirectoryContract('PostgreSQL', open);
