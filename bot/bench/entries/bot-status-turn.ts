import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type { Server as RestifyServer } from 'restify';
import { botFrameworkAuthentication, createCloudAdapter } from '../../src/adapters/teams/cloud-adapter';
import {
  PostgresAuditLog,
  PostgresCaseCategories,
  PostgresCaseStore,
  PostgresDirectory,
} from '../../src/adapters/postgres';
import type { Database } from '../../src/app/ports';
import { makeCasework } from '../../src/app/casework';
import { makeCaseCategories } from '../../src/app/case-categories';
import { botMessagesRoute, type MessagesRouteDeps } from '../../src/bot/messages-route';
import { makeTurnErrorHandler } from '../../src/bot/turn-error';
import { loadConfig } from '../../src/config';
import { createSlaClock } from '../../src/domain/sla-clock';
import { parseSlaPolicy } from '../../src/domain/sla-policy';
import { makeAuthenticator } from '../../src/http/auth';
import { createHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { LOCAL_TENANT_ID, startApp } from '../../src/main';
import { demoOid } from '../../src/seed/demo-council';
import { seededRandom, type BenchContext, type BenchEntry, type BenchRow } from '../harness';
import { COUNCILLORS, seedSyntheticCases, syntheticRef } from '../synthetic-cases';

/**
 * Server-side latency of one bot turn through `POST /api/messages`, at 1, 10 and 50 conversations at once:
 *
 * - `status <ref>`: the real service (startApp: restify, CloudAdapter, the Members' Hub bot, access check,
 *   audit entry, timeline, the case card) over 100,000 stored cases;
 * - echo: the same restify server and CloudAdapter with a handler that only echoes the text (the floor the
 *   framework itself costs).
 *
 * A turn is timed from the request's arrival at the service's HTTP server to the bot's reply arriving, whole,
 * at a connector server on 127.0.0.1 in this process (Teams' connector, stood in for). Each conversation sends
 * its next message once its last reply has arrived (a closed loop), as a person chatting would.
 */
export const CONCURRENCY = [1, 10, 50] as const;
const TURNS: Record<(typeof CONCURRENCY)[number], number> = { 1: 300, 10: 1_000, 50: 2_000 };
const WARMUP_TURNS = 100;
const MAX_SECONDS = 20;
/** The synthetic council's people, wards and departments (bot/bench/synthetic-cases.ts), for the directory. */
const DEPARTMENTS = ['highways', 'waste', 'housing', 'planning', 'parks', 'social-care'];

type TurnContextOf = Parameters<MessagesRouteDeps['bot']['run']>[0];

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

/** Log lines are formatted as in production and then dropped, so the table stays readable. */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** Borrows the runner's database: the service must not close it when it stops. */
const borrowed = (db: Database): Database => ({
  kind: db.kind,
  query: <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) =>
    db.query<R>(text, params),
  transaction: (fn) => db.transaction(fn),
  close: () => Promise.resolve(),
});

const listen = async (server: Server | RestifyServer): Promise<string> => {
  server.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
};

const close = (server: Server | RestifyServer) =>
  new Promise<void>((ok) => {
    server.close(() => ok());
  });

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The connector: takes the bot's replies (`POST /v3/conversations/:id/activities/:replyToId`), notes when
 * each arrived whole, and answers 201 as Teams does. `expect(id)` resolves with that time.
 */
const startConnector = async () => {
  const waiting = new Map<string, (at: number) => void>();
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const at = performance.now();
        const replyTo = /\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '')?.[1];
        const activity = JSON.parse(body || '{}') as { type?: string };
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${Math.random().toString(36).slice(2)}` }));
        const done = replyTo ? waiting.get(decodeURIComponent(replyTo)) : undefined;
        if (done && activity.type === 'message') {
          waiting.delete(decodeURIComponent(replyTo!));
          done(at);
        }
      },
      (error: unknown) => {
        res.writeHead(500).end();
        process.stderr.write(`connector: ${String(error)}\n`);
      },
    );
  });
  const url = await listen(server);
  return {
    serviceUrl: `${url}/`,
    expect: (activityId: string) => new Promise<number>((ok) => waiting.set(activityId, ok)),
    close: () => close(server),
  };
};

/** Notes when each request reaches the service (before restify parses it), by the bench's turn id header. */
const arrivals = (server: RestifyServer) => {
  const seen = new Map<string, number>();
  server.server.prependListener('request', (req: IncomingMessage) => {
    const id = req.headers['x-bench-turn'];
    if (typeof id === 'string') seen.set(id, performance.now());
  });
  return {
    /** When the request with this turn id arrived (and forgets it). */
    take: (id: string): number => {
      const at = seen.get(id) ?? Number.NaN;
      seen.delete(id);
      return at;
    },
  };
};

interface Target {
  name: string;
  url: string;
  arrival: ReturnType<typeof arrivals>;
  /** The message text for this conversation's next turn. */
  text: (conversation: number) => string;
}

/** The synthetic council's councillors as directory entries (ids as in synthetic-cases.ts). */
const saveSyntheticDirectory = (db: Database) =>
  new PostgresDirectory(db).saveDirectory({
    departments: DEPARTMENTS.map((d) => ({ id: `dept-${d}`, name: d.replace('-', ' ') })),
    wards: COUNCILLORS.map((_, i) => ({
      id: `ward-${String(i + 1).padStart(2, '0')}`,
      name: `Division ${i + 1}`,
      postcodePrefixes: [`WQ${i + 1}`],
    })),
    people: COUNCILLORS.map((id, i) => ({
      id,
      oid: demoOid(`bench-${id}`),
      displayName: `Cllr Synthetic ${i + 1}`,
      email: `${id}@bench.example`,
      roles: ['Councillor' as const],
      wardIds: [`ward-${String(i + 1).padStart(2, '0')}`],
    })),
  });

export const botStatusTurnEntry = (caseCount: number): BenchEntry => ({
  title: `Bot turn: status <ref> and echo, 1/10/50 conversations, ${caseCount.toLocaleString('en-GB')} cases`,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    await ctx.dataset(`cases-${caseCount}`, (db) => seedSyntheticCases(db, caseCount, ctx.log));
    await ctx.dataset('synthetic-directory', saveSyntheticDirectory);
    const random = seededRandom(7);
    const dataDir = await mkdtemp(join(tmpdir(), 'mh-bench-bot-'));
    const logger = createLogger('info', discard());
    const connector = await startConnector();
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });

    // The real service, over the runner's database: no seeding, no background jobs.
    const app = await startApp(
      loadConfig({
        MODE: 'local',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        SLA_SWEEP_INTERVAL_SECONDS: '0',
        NOTIFICATION_POLL_INTERVAL_MS: '0',
      }),
      logger,
      { db: borrowed(ctx.db) },
    );

    // The floor: the same HTTP server and adapter, a handler that only echoes.
    const directory = new PostgresDirectory(ctx.db);
    const echo = createHttpServer({
      mode: 'local',
      casework: makeCasework({
        cases: new PostgresCaseStore(ctx.db),
        audit: new PostgresAuditLog(ctx.db),
        directory,
        clock: { now: () => new Date() },
        sla: createSlaClock(parseSlaPolicy({ region: 'england-and-wales' })),
        categories: makeCaseCategories({
          store: new PostgresCaseCategories(ctx.db),
          audit: new PostgresAuditLog(ctx.db),
          clock: { now: () => new Date() },
        }),
      }),
      authenticator: makeAuthenticator({
        tokens: { validate: () => Promise.reject(new Error('The echo server serves no API.')) },
        directory,
      }),
      logger,
      healthy: () => Promise.resolve(true),
      extraRoutes: [
        botMessagesRoute({
          adapter: createCloudAdapter(
            botFrameworkAuthentication({ kind: 'disabled' }),
            makeTurnErrorHandler(logger),
          ),
          bot: {
            run: async (context: TurnContextOf) => {
              await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
            },
          },
        }),
      ],
    });
    const echoUrl = await listen(echo);

    /** A case of this conversation's councillor: the n-th synthetic case is p-cllr-(1 + n % 14)'s, unless n % 33 = 0. */
    const refFor = (conversation: number): string => {
      const c = conversation % COUNCILLORS.length;
      for (;;) {
        const k = Math.floor(random() * (caseCount / COUNCILLORS.length));
        const n = k * COUNCILLORS.length + c;
        if (n >= 1 && n <= caseCount && n % 33 !== 0) return syntheticRef(n);
      }
    };
    const targets: Target[] = [
      {
        name: 'status <ref>',
        url: app.url,
        arrival: arrivals(app.server),
        text: (conversation) => `status ${refFor(conversation)}`,
      },
      { name: 'echo (framework floor)', url: echoUrl, arrival: arrivals(echo), text: () => 'hello' },
    ];

    let sequence = 0;
    /** One turn: posts the activity, waits for the reply at the connector; returns the server-side time. */
    const turn = async (target: Target, conversation: number): Promise<number> => {
      const id = `turn-${(sequence += 1)}`;
      const councillor = COUNCILLORS[conversation % COUNCILLORS.length]!;
      const body = JSON.stringify({
        type: 'message',
        id,
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: { id: `29:bench-${councillor}`, name: councillor, aadObjectId: demoOid(`bench-${councillor}`) },
        recipient: { id: '28:bench-bot', name: "Members' Hub" },
        conversation: {
          id: `bench-${conversation}`,
          conversationType: 'personal',
          tenantId: LOCAL_TENANT_ID,
        },
        channelData: { tenant: { id: LOCAL_TENANT_ID } },
        locale: 'en-GB',
        text: target.text(conversation),
      });
      const replied = connector.expect(id);
      const status = await new Promise<number>((ok, fail) => {
        const req = request(
          `${target.url}/api/messages`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'x-bench-turn': id },
          },
          (res) => {
            res.resume();
            res.once('end', () => ok(res.statusCode ?? 0));
          },
        );
        req.once('error', fail);
        req.end(body);
      });
      if (status !== 200) throw new Error(`${target.name}: /api/messages answered ${status}.`);
      const at = await replied;
      return at - target.arrival.take(id);
    };

    /** `conversations` loops in parallel until `turns` replies are in (or time is up). */
    const load = async (target: Target, conversations: number, turns: number): Promise<number[]> => {
      const samples: number[] = [];
      const deadline = performance.now() + MAX_SECONDS * 1000;
      let started = 0;
      await Promise.all(
        Array.from({ length: conversations }, async (_, conversation) => {
          while (started < turns && (performance.now() < deadline || samples.length < 20)) {
            started += 1;
            samples.push(await turn(target, conversation));
          }
        }),
      );
      return samples.sort((a, b) => a - b);
    };

    const rows: BenchRow[] = [];
    const p95s = new Map<string, number>();
    try {
      for (const target of targets) await load(target, 50, WARMUP_TURNS); // caches, plans, JIT, references
      for (const conversations of CONCURRENCY) {
        for (const target of targets) {
          const samples = await load(target, conversations, TURNS[conversations]);
          const row = {
            name: `bot turn, ${target.name}: ${conversations} conversation${conversations > 1 ? 's' : ''} at once`,
            p50: percentile(samples, 50),
            p95: percentile(samples, 95),
            iterations: samples.length,
          };
          rows.push(row);
          p95s.set(`${target.name}/${conversations}`, row.p95);
        }
        const ratio =
          (p95s.get(`status <ref>/${conversations}`) ?? NaN) /
          (p95s.get(`echo (framework floor)/${conversations}`) ?? NaN);
        ctx.log(
          `bot turn at ${conversations} conversation(s): status p95 / echo p95 = ${ratio.toFixed(2)}× (goal ≤ 1.5×)`,
        );
      }
    } finally {
      agent.destroy();
      await close(echo);
      await app.close();
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    return rows;
  },
});
