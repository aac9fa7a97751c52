import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { startApp, LOCAL_AUDIENCE, LOCAL_TENANT_ID, type RunningApp } from '../../src/main';
import {
  openPglite,
  migrate,
  PostgresAuditLog,
  PostgresCaseCategories,
  PostgresDirectory,
} from '../../src/adapters/postgres';
import { makeCaseCategories } from '../../src/app/case-categories';
import { createLocalIssuer, type LocalIssuer } from '../../src/adapters/identity/local-issuer';
import { createTokenValidator, type TokenValidator } from '../../src/adapters/identity/token-validator';
import type { Clock, Database, Department, Ward } from '../../src/app/ports';
import type { Person } from '../../src/domain/person';
import type { OcrEngine } from '../../src/app/ocr-engine';

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
  /** A token for `who` (kept and reused; `fresh` asks for a new one, e.g. after their roles changed). */
  token(who: Who, options?: { fresh?: boolean }): Promise<string>;
  /**
   * `who`'s id in Members' Hub: the test directory's id locally; in Microsoft 365 mode their Entra object id
   * (people are registered from their tokens).
   */
  personId(who: Who): string;
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

/**
 * Categories the tests raise cases with, added to the managed list beside the defaults migration 018 adds
 * (which include `Roads and pavements` and `Street lighting`).
 */
export const TEST_CATEGORIES = [
  'Drainage',
  'Roads',
  'Potholes',
  'Highways',
  'Waste',
  'Bins',
  'Bins and recycling',
  'Parks',
  'Schools',
  'Transport',
] as const;

/** Adds the test categories to the managed list, as an administrator would (each add is audited). */
export const addTestCategories = async (db: Database): Promise<void> => {
  const store = new PostgresCaseCategories(db);
  const listed = new Set((await store.list()).map((c) => c.name.toLowerCase()));
  const at = new Date('2026-01-01T00:00:00.000Z').toISOString();
  for (const name of TEST_CATEGORIES.filter((n) => !listed.has(n.toLowerCase())))
    await store.add(name, at, { at, actorId: null, action: 'test.category.create', outcome: 'allowed' });
};

/** The category use cases on `db`, for tests that build casework themselves. */
export const testCaseCategories = (db: Database, clock: Clock) =>
  makeCaseCategories({ store: new PostgresCaseCategories(db), audit: new PostgresAuditLog(db), clock });

/** Migrates `db` and stores the small test directory and test categories in it; returns that directory. */
export const prepareTestDatabase = async (db: Database): Promise<PostgresDirectory> => {
  await migrate(db);
  const directory = new PostgresDirectory(db);
  await directory.saveDirectory({ people: Object.values(PEOPLE), wards: WARDS, departments: DEPARTMENTS });
  await addTestCategories(db);
  return directory;
};

type StartOptions = NonNullable<Parameters<typeof startApp>[2]>;

export interface TestAppOptions {
  /**
   * `m365`: Microsoft 365 mode, with tokens from a test issuer standing in for Entra ID (whose keys a test
   * cannot reach); everything else is as in production. Default `local`.
   */
  mode?: 'local' | 'm365';
  /** Where the built tab is looked for (TAB_DIST_DIR); default: a folder that does not exist. */
  tabDistDir?: string;
  clock?: Clock;
  /** Default: a silent logger. */
  logger?: Logger;
  /** More configuration, e.g. `DOCUMENT_MAX_BYTES`. */
  env?: Record<string, string>;
  /** Background document work's timing (short polls and leases in tests). */
  documentWork?: StartOptions['documentWork'];
  /** Folder sharing's retry timing. */
  sharing?: StartOptions['sharing'];
  /** Check the document store once listening, as `main` does (its outcome is logged). */
  checkDocumentStore?: boolean;
  /** The OCR engine instead of the configured one (a failing or slow one, for scan-ingest's failure paths). */
  ocrEngine?: OcrEngine;
  /**
   * Microsoft 365 mode: tokens from this issuer and validator instead of the test's own (the simulated tenant's
   * Entra ID, whose tokens carry the roles assigned there).
   */
  identity?: { tokens: TokenValidator; tokenFor: (who: Who) => Promise<string> } | undefined;
  /** Microsoft 365 mode: the bot's Bot Framework authentication (a stand-in channel and the simulated Entra ID). */
  botFramework?: StartOptions['botFramework'];
  /** Microsoft 365 mode: how Graph and Entra ID are reached (the loopback Graph simulation and its CA). */
  graphNetwork?: Parameters<typeof startApp>[2] extends infer O
    ? O extends { graphNetwork?: infer G }
      ? G
      : never
    : never;
}

/** The Entra settings of Microsoft 365 mode in tests: GUIDs of nothing real. */
export const TEST_M365 = {
  TENANT_ID: '11111111-2222-4333-8444-555555555555',
  CLIENT_ID: '22222222-2222-4333-8444-555555555555',
  APP_ID_URI: 'api://hub.test.example/22222222-2222-4333-8444-555555555555',
  DATABASE_URL: 'postgres://not-used.invalid/members_hub',
  BOT_APP_ID: '33333333-2222-4333-8444-555555555555',
  BOT_APP_TYPE: 'SingleTenant',
  BOT_APP_PASSWORD: 'not-a-real-secret',
  GRAPH_SITE_ID: 'hub.test.example,site-1,web-1',
  GRAPH_DRIVE_ID: 'b!test-drive',
  GRAPH_CREDENTIAL: 'secret',
  GRAPH_CLIENT_SECRET: 'not-a-real-secret',
} as const;

export const startTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const mode = options.mode ?? 'local';
  const dataDir = mkdtempSync(join(tmpdir(), 'mh-api-'));
  const config = loadConfig({
    MODE: mode,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TAB_DIST_DIR: options.tabDistDir ?? join(dataDir, 'no-tab-here'),
    // The engine every machine has (CI installs no tesseract command), so results do not depend on the machine.
    OCR_ENGINE: 'tesseract.js',
    ...(mode === 'local'
      ? { SEED_DEMO: 'false' }
      : {
          ...TEST_M365,
          SLA_SWEEP_INTERVAL_SECONDS: '0',
          NOTIFICATION_POLL_INTERVAL_MS: '0',
          // Without the Graph simulation there is no Entra ID to read: no sync (nothing may reach the Internet).
          DIRECTORY_SYNC_INTERVAL_SECONDS: options.graphNetwork ? '600' : '0',
        }),
    ...options.env,
  });
  const db = await openPglite({});
  // Microsoft 365 mode has no seeded directory: people are registered from their tokens, as in a tenant.
  if (mode === 'local') await prepareTestDatabase(db);
  else {
    await migrate(db);
    // Categories are the council's own list, kept here in both modes (as wards and departments are).
    await addTestCategories(db);
  }
  const issuer = (clock?: Clock) =>
    createLocalIssuer({
      keyFile: join(dataDir, 'local-issuer', 'signing-key.json'),
      issuer: `${config.publicUrl}/auth/local`,
      audience: LOCAL_AUDIENCE,
      tenantId: LOCAL_TENANT_ID,
      ...(clock ? { clock } : {}),
    });
  // Microsoft 365 mode has no local issuer of its own: the test's issuer (or the simulated tenant's Entra ID)
  // signs, and its keys validate.
  const m365Issuer = mode === 'm365' && !options.identity ? await issuer() : undefined;
  const app = await startApp(config, options.logger ?? createLogger('silent'), {
    db,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(m365Issuer ? { tokens: createTokenValidator(m365Issuer.validatorOptions()) } : {}),
    ...(options.identity ? { tokens: options.identity.tokens } : {}),
    ...(options.graphNetwork ? { graphNetwork: options.graphNetwork } : {}),
    ...(options.botFramework ? { botFramework: options.botFramework } : {}),
    ...(options.documentWork ? { documentWork: options.documentWork } : {}),
    ...(options.sharing ? { sharing: options.sharing } : {}),
    ...(options.checkDocumentStore ? { checkDocumentStore: true } : {}),
    ...(options.ocrEngine ? { ocrEngine: options.ocrEngine } : {}),
  });
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
  const token = async (who: Who, { fresh = false } = {}): Promise<string> => {
    const cached = tokens.get(who);
    if (cached && !fresh) return cached;
    if (options.identity) {
      const issued = await options.identity.tokenFor(who);
      tokens.set(who, issued);
      return issued;
    }
    if (m365Issuer) {
      const { token: issued } = await m365Issuer.issue(PEOPLE[who]);
      tokens.set(who, issued);
      return issued;
    }
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
    personId: (who) => (mode === 'm365' ? PEOPLE[who].oid : PEOPLE[who].id),
    call,
    issuer,
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

/** The audit entries written under `requestId` (the `x-request-id` a test sent), oldest first. */
export const auditFor = async (t: TestApp, requestId: string) =>
  (
    await t.app.db.query<{
      actor_id: string;
      action: string;
      outcome: string;
      detail: Record<string, unknown>;
    }>(`SELECT actor_id, action, outcome, detail FROM audit_log WHERE request_id = $1 ORDER BY id`, [
      requestId,
    ])
  ).rows;
