import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/app/ports';
import {
  migrate,
  PostgresAuditLog,
  PostgresBriefingDeliveries,
  PostgresBriefingFigures,
  PostgresBriefingStore,
  PostgresDecisionStore,
  PostgresDirectory,
  PostgresTeamChannels,
} from '../src/adapters/postgres';
import { makeBriefings } from '../src/app/briefings';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { DEMO_COUNCIL } from '../src/seed/demo-council';
import { actorFor } from './support/briefing-fixtures';
import { deliveryStatuses, queueBriefings, renderBriefing } from './support/briefing-delivery-setup';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { throwAwaySchemas } from './support/pg-schemas';

const ROOT = join(__dirname, '..', '..');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (polling, bounded) until `done` holds; fails with `what` if it never does. */
const until = async (what: string, done: () => Promise<boolean> | boolean, limitMs = 60_000) => {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await pause(25);
  }
};

/**
 * Exactly once per (briefing, channel, period), with the real service: `bot/src/main.ts` run as its own
 * process (tsx), on a PostgreSQL schema shared with the test, posting to the test connector. One instance is
 * killed with SIGKILL while posts are on the wire and another started; two instances run side by side.
 */
describe('briefings are posted exactly once per channel (PostgreSQL, real processes)', () => {
  const openShared = throwAwaySchemas('briefings exactly-once', 'shared');
  let db: Database;
  let url: string;
  let connector: ConnectorServer;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    db = await openShared();
    await migrate(db);
    const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const base = new URL(process.env.TEST_DATABASE_URL!);
    base.searchParams.set('options', `-c search_path=${schema}`);
    url = base.toString();
    connector = await startConnectorServer();
  }, 60_000);
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await connector?.close();
    await db?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    connector.reset();
    connector.setLatency(0);
    await db.query('TRUNCATE briefing_deliveries, briefings, team_channels');
  });

  /** The service as its own process, posting briefings every 50 ms and doing nothing else in the background. */
  const startService = async (): Promise<ChildProcess> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mh-once-'));
    dirs.push(dataDir);
    // One process (tsx's require hook, not its CLI, which would run the service in a grandchild a kill misses).
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'bot', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        MODE: 'local',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: url,
        DATABASE_POOL_MAX: '3',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        SLA_SWEEP_INTERVAL_SECONDS: '0',
        NOTIFICATION_POLL_INTERVAL_MS: '0',
        BRIEFING_SCHEDULE_INTERVAL_SECONDS: '0',
        BRIEFING_POLL_INTERVAL_MS: '50',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await until(
      `the service to start\n${output}`,
      () => output.includes('is running') || child.exitCode !== null,
    );
    if (child.exitCode !== null) throw new Error(`The service stopped at start:\n${output}`);
    return child;
  };

  const finished = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM briefing_deliveries WHERE status IN ('pending','sending')`,
      )
    ).rows[0]!.n === 0;

  it('survives a kill -9 mid-send: nothing is posted twice, and what was in flight is resolved to exactly one', async () => {
    const { channelIds } = await queueBriefings(db, { channels: 12, serviceUrl: connector.serviceUrl });
    // Every post is accepted at once but answered only after 300 ms: the window the process dies in.
    connector.setLatency(300);
    const first = await startService();
    await until('some posts to reach the connector', () => connector.requests.length >= 4);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = connector.requests.length;
    expect(atKill).toBeLessThan(12);

    // A minute later the dead instance's leases have run out (the clock is moved rather than waited for).
    await db.query(
      `UPDATE briefing_deliveries SET lease_until = now() - interval '1 second' WHERE lease_until IS NOT NULL`,
    );
    connector.setLatency(0);
    const second = await startService();
    await until('every delivery to finish', finished);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    // Nothing was posted twice; every post not in doubt arrived exactly once.
    const rows = await deliveryStatuses(db);
    for (const channelId of channelIds) expect(connector.delivered(channelId).length).toBeLessThanOrEqual(1);
    for (const row of rows.filter((r) => r.status === 'sent'))
      expect(connector.delivered(row.channel_id)).toHaveLength(1);
    const inDoubt = rows.filter((r) => r.status === 'in-doubt');
    expect(inDoubt.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'in-doubt')).toEqual([]);

    // The officer checks each channel in doubt, as the delivery report asks: posted → mark sent, else send again.
    const queue = new PostgresBriefingDeliveries(db);
    const ids = await db.query<{ id: number; channel_id: string }>(
      `SELECT id, channel_id FROM briefing_deliveries WHERE status = 'in-doubt'`,
    );
    for (const { id, channel_id } of ids.rows)
      await queue.resolve(id, connector.delivered(channel_id).length === 1 ? 'mark-sent' : 'send-again', {
        at: new Date().toISOString(),
        actorId: 'p-support-01',
        action: 'briefing.delivery.resolve',
        outcome: 'allowed',
      });
    const third = await startService();
    await until('the resent deliveries to finish', finished);
    third.kill('SIGTERM');
    await new Promise((r) => third.once('exit', r));
    for (const channelId of channelIds) expect(connector.delivered(channelId)).toHaveLength(1);
    expect((await deliveryStatuses(db)).every((r) => r.status === 'sent')).toBe(true);
  }, 120_000);

  it('posts each briefing once with two instances running against one database', async () => {
    const { channelIds } = await queueBriefings(db, { channels: 30, serviceUrl: connector.serviceUrl });
    connector.setLatency(20);
    const [a, b] = await Promise.all([startService(), startService()]);
    await until('every delivery to finish', finished);
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([a, b].map((c) => new Promise((r) => c.once('exit', r))));
    for (const channelId of channelIds) expect(connector.delivered(channelId)).toHaveLength(1);
    expect((await deliveryStatuses(db)).map((r) => r.status)).toEqual(channelIds.map(() => 'sent'));
  }, 120_000);

  it('composes each month\u2019s briefings once when two instances compose at the same moment', async () => {
    await new PostgresDirectory(db).saveDirectory(DEMO_COUNCIL);
    const officer = actorFor(DEMO_COUNCIL.people.find((p) => p.roles.includes('SupportOfficer'))!);
    const instance = async () => {
      const own = await openShared();
      return {
        own,
        briefings: makeBriefings({
          store: new PostgresBriefingStore(own),
          decisions: new PostgresDecisionStore(own),
          figures: new PostgresBriefingFigures(own),
          channels: new PostgresTeamChannels(own),
          deliveries: new PostgresBriefingDeliveries(own),
          directory: new PostgresDirectory(own),
          audit: new PostgresAuditLog(own),
          clock: { now: () => new Date('2026-12-01T08:00:00Z') },
          sla: createSlaClock(DEFAULT_SLA_POLICY),
          region: () => 'england-and-wales',
          render: renderBriefing,
        }),
      };
    };
    const [one, two] = await Promise.all([instance(), instance()]);
    const results = await Promise.all([
      one.briefings.composeNow(officer, '2026-11'),
      two.briefings.composeNow(officer, '2026-11'),
    ]);
    expect(results[0].composed + results[1].composed).toBe(DEMO_COUNCIL.wards.length + 1);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM briefings WHERE period = '2026-11'`,
    );
    expect(rows[0]!.n).toBe(DEMO_COUNCIL.wards.length + 1);
    await one.own.close();
    await two.own.close();
  }, 60_000);
});
