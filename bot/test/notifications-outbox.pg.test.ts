import { randomBytes } from 'node:crypto';
import type { Database } from '../src/app/ports';
import { openPostgres } from '../src/adapters/postgres';
import { describeNotificationOutboxContract } from './contracts/notification-outbox.contract';

const url = process.env.TEST_DATABASE_URL;
if (!url)
  throw new Error(
    'TEST_DATABASE_URL is not set. The PostgreSQL notification outbox suite needs a server, e.g. ' +
      'TEST_DATABASE_URL=postgres://members_hub:members_hub@127.0.0.1:5432/members_hub npm run test:pg (.ci/run starts one).',
  );
const connectionString = url;

// A throw-away schema, dropped at the end, so runs never see each other's data.
const schema = `mh_test_${randomBytes(4).toString('hex')}_outbox`;
let admin: Promise<Database> | undefined;

const open = async (): Promise<Database> => {
  admin ??= openPostgres({ connectionString, max: 1 });
  await (await admin).query(`CREATE SCHEMA ${schema}`);
  return openPostgres({ connectionString, schema });
};

afterAll(async () => {
  if (!admin) return;
  const db = await admin;
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.close();
});

describeNotificationOutboxContract('PostgreSQL', open);
