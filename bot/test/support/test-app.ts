import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp, LOCAL_AUDIENCE, LOCAL_TENANT_ID, type RunningApp } from '../../src/main';
import { openPglite, migrate, PostgresDirectory } from '../../src/adapters/postgres';
import { createLocalIssuer, type LocalIssuer } from '../../src/adapters/identity/local-issuer';
import type { Clock, Database, Department, Ward } from '../../src/app/ports';
import type { Person } from '../../src/domain/person';

/** A small, fixed directory: enough people to test every role and ownership case. */
export const WARDS: Ward[] = [
  { id: 'ward-north', name: 'North Division', postcodePrefixes: ['WQ1'] },
  { id: 'ward-south', name: 'South Division', postcodePrefixes: ['WQ2'] },
];
export const DEPARTMENTS: Department[] = [
  { id: 'dept-highways', name: 'Highways' },
  { id: 'dept-waste', name: 'Waste' },
];
const oid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const PEOPLE = {
  alice: {
    id: 'p-alice',
    oid: oid(1),
    displayName: 'Cllr Alice Test',
    email: 'alice@test.example',
    roles: ['Councillor'],
    wardIds: ['ward-north'],
  },
  bob: {
    id: 'p-bob',
    oid: oid(2),
    displayName: 'Cllr Bob Test',
    email: 'bob@test.example',
    roles: ['Councillor'],
    wardIds: ['ward-south'],
  },
  sue: {
    id: 'p-sue',
    oid: oid(3),
    displayName: 'Sue Support',
    email: 'sue@test.example',
    roles: ['SupportOfficer'],
  },
  hal: {
    id: 'p-hal',
    oid: oid(4),
    displayName: 'Hal Highways',
    email: 'hal@test.example',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-highways',
  },
  wes: {
    id: 'p-wes',
    oid: oid(5),
    displayName: 'Wes Waste',
    email: 'wes@test.example',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-waste',
  },
  ada: {
    id: 'p-ada',
    oid: oid(6),
    displayName: 'Ada Admin',
    email: 'ada@test.example',
    roles: ['Administrator'],
  },
} satisfies Record<string, Person>;
export type Who = keyof typeof PEOPLE;

export interface TestApp {
  app: RunningApp;
  url: string;
  dataDir: string;
  token(who: Who): Promise<string>;
  /** An issuer with the same signing key, for crafting unusual tokens (expired, unknown person). */
  issuer(clock?: Clock): Promise<LocalIssuer>;
  call(
    who: Who | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** Migrates `db` and stores the small test directory in it; returns that directory. */
export const prepareTestDatabase = async (db: Database): Promise<PostgresDirectory> => {
  await migrate(db);
  const directory = new PostgresDirectory(db);
  await directory.saveDirectory({ people: Object.values(PEOPLE), wards: WARDS, departments: DEPARTMENTS });
  return directory;
};

export const startTestApp = async (): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mh-api-'));
  const config = loadConfig({
    MODE: 'local',
    PORT: '0',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
  });
  const db = await openPglite({});
  await prepareTestDatabase(db);
  const app = await startApp(config, createLogger('silent'), { db });
  const tokens = new Map<Who, string>();
  const call: TestApp['call'] = async (who, method, path, body, headers = {}) => {
    const all: Record<string, string> = { ...headers };
    if (who) all.authorization = `Bearer ${await token(who)}`;
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: all,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const textBody = await response.text();
    let parsed: unknown = textBody;
    try {
      parsed = JSON.parse(textBody);
    } catch {
      // Non-JSON bodies (HTML pages) are returned as text for the test to inspect.
    }
    return { status: response.status, body: parsed };
  };
  const token = async (who: Who): Promise<string> => {
    const cached = tokens.get(who);
    if (cached) return cached;
    const res = await fetch(`${app.url}/auth/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: PEOPLE[who].id }),
    });
    const { token: issued } = (await res.json()) as { token: string };
    tokens.set(who, issued);
    return issued;
  };
  return {
    app,
    url: app.url,
    dataDir,
    token,
    call,
    issuer: (clock) =>
      createLocalIssuer({
        keyFile: join(dataDir, 'local-issuer', 'signing-key.json'),
        issuer: `${config.publicUrl}/auth/local`,
        audience: LOCAL_AUDIENCE,
        tenantId: LOCAL_TENANT_ID,
        ...(clock ? { clock } : {}),
      }),
    stop: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const aCase = (overrides: Record<string, unknown> = {}) => ({
  kind: 'member-enquiry',
  constituent: {
    name: 'Pat Resident',
    address: '1 Elm Road, Northtown',
    postcode: 'wq1 2ab',
    consentToShare: true,
  },
  wardId: 'ward-north',
  category: 'Drainage',
  title: 'Blocked drain on Elm Road',
  description: 'Water pools across the footway after rain.',
  ...overrides,
});
