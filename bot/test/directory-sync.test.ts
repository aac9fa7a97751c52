import { createGraphAdapters, type GraphRetryEvent } from '../src/adapters/graph';
import { openPglite, migrate, PostgresDirectory, PostgresEntraPeople } from '../src/adapters/postgres';
import { cachedDirectory } from '../src/app/cached-directory';
import { makeDirectorySync, type DirectorySync } from '../src/app/directory-sync';
import { makeEntraSignIn } from '../src/app/entra-sign-in';
import type { Database } from '../src/app/ports';
import { runEvery } from '../src/jobs/scheduler';
import { createLogger } from '../src/logger';
import { assertAllConform } from './support/graph-schema';
import { startGraphSimulation, type GraphSimulation, type SimRequestRecord } from './support/graph-sim';
import { APP_PERMISSIONS, APP_ROLES } from './support/simulated-tenant';

/**
 * The directory sync against the Graph simulation, with the real Graph client (MSAL, retries) and the real
 * store on PGlite: who holds Members' Hub's app roles in Entra ID, paged, throttled, tracked with the groups
 * delta query (and read again when Graph refuses a delta link), and departments from mapped groups.
 */

const APP_ID = '7a1e0c55-2f4b-4c1d-9e8f-000000000abc';
const SECRET = 'test-only-client-secret';
const uid = (n: number) => `5b9c6d1e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const gid = (n: number) => `6c0d7e2f-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DEPARTMENT_GROUP = gid(90);
const NESTED_GROUP = gid(91);
const logger = createLogger('silent');

/** Every request any simulation here received, for the conformance check at the end. */
const allRequests: SimRequestRecord[] = [];

interface Harness {
  sim: GraphSimulation;
  db: Database;
  directory: PostgresDirectory;
  people: PostgresEntraPeople;
  sync: DirectorySync;
  delays: number[];
  retries: GraphRetryEvent[];
  roles(oid: string): Promise<string[] | null>;
  stop(): Promise<void>;
}

/** One database for the file (migrating is the slow part), emptied of people and sync state per test. */
let shared: Database | undefined;
const database = async (): Promise<Database> => {
  if (!shared) {
    shared = await openPglite({});
    await migrate(shared);
  }
  for (const table of ['people', 'departments', 'entra_group_members', 'entra_sync_state', 'job_runs'])
    await shared.query(`DELETE FROM ${table}`);
  return shared;
};
afterAll(async () => shared?.close());

const start = async (
  options: { users?: number; deltaPageSize?: number; directoryPageSize?: number } = {},
): Promise<Harness> => {
  const count = options.users ?? 4;
  const users = Array.from({ length: count }, (_, i) => ({
    id: uid(i + 1),
    displayName: `Person ${i + 1}`,
    userPrincipalName: `person${i + 1}@council.example`,
    mail: `person${i + 1}@council.example`,
  }));
  const sim = await startGraphSimulation({
    clients: [{ clientId: APP_ID, secrets: [SECRET], applicationPermissions: APP_PERMISSIONS }],
    applications: [{ appId: APP_ID, appRoles: APP_ROLES }],
    directory: {
      users,
      groups: [
        { id: gid(1), displayName: 'Councillors', members: users.slice(1).map((u) => u.id) },
        { id: NESTED_GROUP, displayName: 'Highways inspectors', members: [uid(2)] },
        { id: DEPARTMENT_GROUP, displayName: 'Highways', members: [NESTED_GROUP, uid(3)] },
      ],
    },
    ...(options.deltaPageSize ? { deltaPageSize: options.deltaPageSize } : {}),
    ...(options.directoryPageSize ? { directoryPageSize: options.directoryPageSize } : {}),
  });
  const db = await database();
  const directory = new PostgresDirectory(db);
  const people = new PostgresEntraPeople(db);
  const delays: number[] = [];
  const retries: GraphRetryEvent[] = [];
  const graph = createGraphAdapters({
    tenantId: sim.tenantId,
    clientId: APP_ID,
    credential: { kind: 'secret', clientSecret: SECRET },
    organisation: 'Test Council',
    driveId: 'unused',
    baseUrl: sim.graphBaseUrl,
    authorityHost: sim.loginBaseUrl,
    knownAuthorities: [new URL(sim.url).host],
    networkClient: sim.msalNetworkClient,
    fetch: sim.fetch,
    client: {
      backoffBaseMs: 20,
      // The client believes it waited what it asked for; the test waits a few milliseconds.
      sleep: async (ms) => {
        delays.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
      },
      onRetry: (event) => retries.push(event),
    },
  });
  const clock = { now: () => new Date() };
  const sync = makeDirectorySync({
    entra: graph.entra,
    store: people,
    directory,
    cache: cachedDirectory(directory, clock),
    clock,
    clientId: APP_ID,
    logger,
  });
  return {
    sim,
    db,
    directory,
    people,
    sync,
    delays,
    retries,
    roles: async (oid) => (await directory.personByOid(oid))?.roles.slice() ?? null,
    stop: async () => {
      allRequests.push(...sim.requests);
      await sim.close();
    },
  };
};

const requestsTo = (h: Harness, path: string) => h.sim.requests.filter((r) => r.path.includes(path));

describe('the directory sync', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start();
  });
  afterEach(async () => h.stop());

  it('registers everyone holding a role, assigned to them or to a group they are directly in, and no one else', async () => {
    h.sim.entra.assign(APP_ID, uid(1), 'Administrator');
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    // A group inside a group assigned a role gives its members nothing: Entra's roles do not cascade.
    h.sim.entra.addGroup({ id: gid(2), displayName: 'Outer', members: [gid(3)] });
    h.sim.entra.addGroup({ id: gid(3), displayName: 'Inner', members: [uid(1)] });
    h.sim.entra.assign(APP_ID, gid(2), 'SupportOfficer');
    const summary = await h.sync.run();
    expect(summary).toMatchObject({
      people: 4,
      registered: 4,
      changed: 0,
      removed: 0,
      roleGroups: 2,
      full: 1,
    });
    expect(await h.roles(uid(1))).toEqual(['Administrator']);
    expect(await h.roles(uid(2))).toEqual(['Councillor']);
    expect(await h.directory.personByOid(uid(4))).toMatchObject({
      id: uid(4),
      displayName: 'Person 4',
      email: 'person4@council.example',
      source: 'entra',
    });
    // The roles in a token for the app agree with what the sync stored.
    for (const n of [1, 2, 3, 4])
      expect(h.sim.entra.rolesFor(APP_ID, uid(n)).sort()).toEqual((await h.roles(uid(n)))?.sort());
  });

  it('gives people the department whose mapped group holds them, through nested groups too', async () => {
    h.sim.entra.assign(APP_ID, gid(1), 'DepartmentOfficer');
    await h.db.query(
      `INSERT INTO departments (id, name, entra_group_id) VALUES ('dept-highways', 'Highways', $1)`,
      [DEPARTMENT_GROUP],
    );
    await h.db.query(
      `INSERT INTO departments (id, name, entra_group_id) VALUES ('dept-waste', 'Waste', $1)`,
      [gid(99)],
    );
    const summary = await h.sync.run();
    expect(summary).toMatchObject({ departmentGroups: 1, missingDepartmentGroups: 1 });
    expect((await h.directory.personByOid(uid(2)))?.departmentId).toBe('dept-highways');
    expect((await h.directory.personByOid(uid(3)))?.departmentId).toBe('dept-highways');
    expect((await h.directory.personByOid(uid(4)))?.departmentId).toBeUndefined();
    expect((await h.sync.status())?.missingDepartmentGroups).toEqual(['dept-waste']);
  });

  it('follows the groups delta: the next run asks only for changes, and applies them', async () => {
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    await h.sync.run();
    h.sim.requests.clear();
    h.sim.entra.removeMember(gid(1), uid(2));
    h.sim.entra.addMember(gid(1), uid(1));
    const summary = await h.sync.run();
    expect(summary).toMatchObject({ full: 0, registered: 1, removed: 1 });
    expect(await h.roles(uid(2))).toEqual([]);
    expect(await h.roles(uid(1))).toEqual(['Councillor']);
    const delta = requestsTo(h, '/groups/delta');
    expect(delta.length).toBeGreaterThan(0);
    expect(delta.every((r) => r.query.startsWith('$deltatoken='))).toBe(true);
    // Only the newcomer's details are read; people already known are not read again until the daily full run.
    expect(requestsTo(h, '/users/').map((r) => r.path)).toEqual([`/v1.0/users/${uid(1)}`]);
  });

  it.each(['gone', 'expired'] as const)(
    'reads the groups again when Graph no longer accepts the delta link (%s)',
    async (how) => {
      h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
      await h.sync.run();
      h.sim.entra.removeMember(gid(1), uid(3));
      h.sim.entra.resetDeltaTokens(how);
      h.sim.requests.clear();
      await h.sync.run();
      expect(await h.roles(uid(3))).toEqual([]);
      expect(await h.roles(uid(2))).toEqual(['Councillor']);
      const delta = requestsTo(h, '/groups/delta');
      expect(delta.map((r) => r.status)).toEqual([how === 'gone' ? 410 : 400, 200]);
      expect(delta[1]?.query).toMatch(/^\$filter=/);
    },
  );

  it('takes roles away from someone whose assignment was removed, and from a disabled or deleted account', async () => {
    h.sim.entra.assign(APP_ID, uid(1), 'Administrator');
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    await h.sync.run();
    h.sim.entra.unassign(APP_ID, uid(1));
    h.sim.entra.removeUser(uid(4));
    await h.db.query(`DELETE FROM entra_sync_state WHERE key = 'full'`); // the daily full read is due
    h.sim.entra.setAccountEnabled(uid(3), false);
    const summary = await h.sync.run();
    expect(summary).toMatchObject({ removed: 3, full: 1 });
    expect(await h.roles(uid(1))).toEqual([]);
    expect(await h.roles(uid(3))).toEqual([]);
    expect(await h.roles(uid(4))).toEqual([]);
    expect(await h.roles(uid(2))).toEqual(['Councillor']);
    // They stay known (their cases name them) but hold nothing.
    expect(await h.directory.personByOid(uid(1))).toMatchObject({ displayName: 'Person 1', roles: [] });
  });

  it('keeps a newer token\u2019s roles over the run\u2019s, and a run\u2019s over an older token\u2019s', async () => {
    h.sim.entra.assign(APP_ID, uid(1), 'Councillor');
    await h.sync.run();
    const signIn = makeEntraSignIn({
      people: h.people,
      cache: { invalidate: () => undefined },
      clock: { now: () => new Date() },
    });
    const stored = await h.directory.personByOid(uid(1));
    // A token from a minute before the run, when Person 1 was an administrator, does not bring that back.
    const older = await signIn.person(
      stored,
      { oid: uid(1), roles: ['Administrator'], issuedAt: new Date(Date.now() - 60_000) },
      'r1',
    );
    expect(older?.roles).toEqual(['Councillor']);
    // A token from a minute after it (the role was assigned since) is the newer word.
    const newer = await signIn.person(
      stored,
      { oid: uid(1), roles: ['Councillor', 'SupportOfficer'], issuedAt: new Date(Date.now() + 60_000) },
      'r2',
    );
    expect(newer?.roles).toEqual(['Councillor', 'SupportOfficer']);
    expect(await h.roles(uid(1))).toEqual(['Councillor', 'SupportOfficer']);
  });

  it('waits out throttling for exactly the Retry-After Graph gives', async () => {
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    h.sim.faults.inject({ kind: 'throttle', match: { path: '/appRoleAssignedTo' }, retryAfterSeconds: 7 });
    h.sim.faults.inject({ kind: 'throttle', match: { path: '/groups/delta' }, retryAfterSeconds: 3 });
    await h.sync.run();
    expect(h.retries.map((r) => [r.reason, r.delayMs, r.retryAfter])).toEqual([
      [429, 7000, true],
      [429, 3000, true],
    ]);
    expect(await h.roles(uid(2))).toEqual(['Councillor']);
  });

  it('records a failed run, changes nothing, and does not move its delta links on', async () => {
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    await h.sync.run();
    const before = (
      await h.db.query(`SELECT key, value FROM entra_sync_state WHERE key LIKE 'groups-delta:%'`)
    ).rows;
    h.sim.entra.removeMember(gid(1), uid(2));
    h.sim.faults.inject({
      kind: 'throttle',
      match: { path: `/users/` },
      times: Infinity,
      retryAfterSeconds: 10_000,
    });
    h.sim.entra.addMember(gid(1), uid(1));
    await expect(h.sync.run()).rejects.toThrow(/throttled|429/i);
    expect(await h.roles(uid(2))).toEqual(['Councillor']);
    expect(
      (await h.db.query(`SELECT key, value FROM entra_sync_state WHERE key LIKE 'groups-delta:%'`)).rows,
    ).toEqual(before);
    expect(await h.sync.status()).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/429/) });
    h.sim.faults.clear();
    await h.sync.run();
    expect(await h.roles(uid(2))).toEqual([]);
    expect(await h.roles(uid(1))).toEqual(['Councillor']);
  });

  it('runs once at a time: a second run while one holds the lease does nothing', async () => {
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    h.sim.faults.inject({ kind: 'slow', match: { path: '/appRoleAssignedTo' }, delayMs: 300 });
    const [first, second] = await Promise.all([h.sync.run(), h.sync.run()]);
    expect([first, second].filter((s) => s.skipped === 1)).toHaveLength(1);
    // An administrator's run waits for the one in progress, then reads again.
    h.sim.faults.inject({ kind: 'slow', match: { path: '/appRoleAssignedTo' }, delayMs: 300 });
    const [scheduled, asked] = await Promise.all([h.sync.run(), h.sync.run({ waitMs: 10_000 })]);
    expect(scheduled.skipped).toBeUndefined();
    expect(asked.skipped).toBeUndefined();
  });

  it('runs once per period across instances, through the scheduler', async () => {
    h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
    const clock = { now: () => new Date('2026-03-02T10:00:00.000Z') };
    const jobs = [1, 2].map((n) =>
      runEvery({
        name: 'directory-sync',
        intervalMs: 600_000,
        run: () => h.sync.run(),
        db: h.db,
        logger,
        clock,
        instanceId: `instance-${n}`,
        firstTickAfterMs: 60_000,
      }),
    );
    const outcomes = await Promise.all(jobs.map((j) => j.tick()));
    await Promise.all(jobs.map((j) => j.stop()));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-claimed', 'ran']);
    expect(requestsTo(h, '/appRoleAssignedTo')).toHaveLength(1);
  });
});

describe('the directory sync over many people', () => {
  it('pages through assignments, group members and delta rounds by their nextLinks', async () => {
    const h = await start({ users: 250, deltaPageSize: 40, directoryPageSize: 50 });
    try {
      for (let n = 1; n <= 120; n++) h.sim.entra.assign(APP_ID, uid(n), 'Councillor');
      h.sim.entra.assign(APP_ID, gid(1), 'Councillor');
      await h.db.query(`INSERT INTO departments (id, name, entra_group_id) VALUES ('d', 'All', $1)`, [
        gid(1),
      ]);
      const summary = await h.sync.run();
      expect(summary).toMatchObject({ people: 250, registered: 250 });
      const pages = (path: string) =>
        requestsTo(h, path).filter((r) => r.query.includes('$skiptoken')).length;
      expect(pages('/appRoleAssignedTo')).toBeGreaterThan(0);
      expect(pages('/transitiveMembers')).toBeGreaterThan(0);
      expect(pages('/groups/delta')).toBeGreaterThan(0);
      expect((await h.directory.personByOid(uid(250)))?.departmentId).toBe('d');
    } finally {
      await h.stop();
    }
  });
});

describe('the directory sync\u2019s Graph requests', () => {
  it('are all paths Graph v1.0 has', () => {
    expect(allRequests.length).toBeGreaterThan(0);
    assertAllConform(allRequests);
  });
});
