/**
 * `npm run bench:briefings` (also the last part of `npm run bench`): the monthly briefings of a county council of
 * 66 members and 56 divisions with 12 months of casework, each figure beside its floor from the same run.
 *
 * 1. Composing: every ward briefing (56) and the decision briefing for a month, through the use case the schedule
 *    calls (`compose`), on PGlite as in local mode (and on PostgreSQL when BENCH_DATABASE_URL is set). Floor: the
 *    one statement that counts every ward's casework for the month (`PostgresBriefingFigures`), alone. Goal:
 *    composing under 10 s.
 * 2. Sending: the 57 approved briefings, each into its own channel as a new thread (several cards make a thread),
 *    by the delivery worker with Teams' real limits, to the connector test server on 127.0.0.1. Floor: the
 *    earliest time Teams' limits let the last of those requests start (7 per second and 8 per 2 seconds per
 *    thread, 50 per second per app; platform-facts §5), plus one request's round trip measured against the same
 *    connector. Goal: within 1.2× of the floor.
 *
 *   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db  also run both against a PostgreSQL server
 */
import type { Database } from '../src/app/ports';
import type { Person } from '../src/domain/person';
import {
  PostgresAuditLog,
  PostgresBriefingDeliveries,
  PostgresBriefingFigures,
  PostgresBriefingStore,
  PostgresDecisionStore,
  PostgresDirectory,
  PostgresTeamChannels,
} from '../src/adapters/postgres';
import { makeBriefings, type Briefings } from '../src/app/briefings';
import { briefingTarget } from '../src/app/briefing-ports';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { addMonths, type IsoMonth } from '../src/domain/reporting-period';
import {
  TEAMS_PER_APP,
  TEAMS_PER_CONVERSATION,
  type RateWindow,
} from '../src/jobs/notification-rate-limiter';
import { actorFor } from '../test/support/briefing-fixtures';
import { deliveryWorker, renderBriefing } from '../test/support/briefing-delivery-setup';
import { startConnectorServer, type ConnectorServer } from '../test/support/connector-server';
import { pgliteTarget, postgresTarget, type BenchTarget } from './targets';

const WARDS = 56;
const MEMBERS = 66;
const MONTHS = 12;
/** Cases a member raises a month: about 12,000 cases a year for the council. */
const CASES_PER_MEMBER_MONTH = 15;
/** The month whose briefings are sent; composing is timed for each of the 12 months up to it. */
const LAST_PERIOD: IsoMonth = '2026-11';
const NOW = new Date('2026-12-01T08:00:00Z');
const GOAL_COMPOSE_S = 10;
const GOAL_SEND_RATIO = 1.2;

const log = (message: string) => process.stderr.write(`${message}\n`);
const pad = (n: number) => String(n).padStart(2, '0');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const wards = Array.from({ length: WARDS }, (_, i) => ({
  id: `ward-${pad(i + 1)}`,
  name: `Division ${i + 1}`,
  postcodePrefixes: [`ZZ${i + 1}`],
}));
/** 66 members for 56 divisions: the first ten divisions have two members each. */
const members: Person[] = Array.from({ length: MEMBERS }, (_, i) => ({
  id: `p-cllr-${pad(i + 1)}`,
  oid: `00000000-0000-4000-8000-0000000${String(i + 1).padStart(5, '0')}`,
  displayName: `Cllr ${i + 1}`,
  email: `cllr${i + 1}@council.example`,
  roles: ['Councillor'],
  wardIds: [wards[i % WARDS]!.id],
}));
const officer: Person = {
  id: 'p-support-01',
  oid: '00000000-0000-4000-8000-000000000501',
  displayName: 'Support officer',
  email: 'support@council.example',
  roles: ['SupportOfficer', 'Administrator'],
};

/**
 * 12 months of casework, straight into the tables: each case in its member's division, a category, a status
 * mix (about a quarter still open), and the `responded` (within target or not) and `closed` events the figures
 * count. The constituent fields hold made-up text, as the store would.
 */
const seedCasework = async (db: Database): Promise<number> => {
  const first = addMonths(LAST_PERIOD, -(MONTHS - 1));
  const total = MEMBERS * CASES_PER_MEMBER_MONTH * MONTHS;
  await db.query(
    `INSERT INTO cases (id, ref, version, member_id, department_id, ward_id, status, stage, respond_by,
                        created_at, updated_at, origin, kind, doc)
     SELECT id, ref, 1, member_id, 'dept-highways', ward_id, status, 1, (created_at + interval '14 days')::date,
            created_at, created_at, 'councillor', 'member-enquiry',
            jsonb_build_object('id', id, 'ref', ref, 'memberId', member_id, 'wardId', ward_id, 'status', status,
                               'category', category, 'title', 'Case ' || g,
                               'constituent', jsonb_build_object('name', 'Resident ' || g, 'postcode', 'ZZ1 1AA'))
       FROM (SELECT g, md5('bench-briefing-case-' || g)::uuid AS id,
                    'MH-2026-' || lpad(g::text, 5, '0') AS ref,
                    'p-cllr-' || lpad((1 + g % ${MEMBERS})::text, 2, '0') AS member_id,
                    'ward-' || lpad((1 + (g % ${MEMBERS}) % ${WARDS})::text, 2, '0') AS ward_id,
                    (ARRAY['closed', 'closed', 'closed', 'responded', 'with-department', 'new'])[1 + g % 6] AS status,
                    (ARRAY['Roads and pavements', 'Bins and recycling', 'Housing repairs', 'Parks and trees',
                           'Street lighting'])[1 + (g / 7) % 5] AS category,
                    ($2::date::timestamp AT TIME ZONE 'Europe/London')
                      + ((g * 7919) % (${MONTHS} * 30)) * interval '1 day' + (g % 480) * interval '1 minute'
                      AS created_at
               FROM generate_series(1, $1::integer) AS g) c`,
    [total, `${first}-01`],
  );
  await db.query(
    `INSERT INTO case_events (case_id, seq, at, actor_id, type, data)
     SELECT id, 1, created_at + interval '6 days', 'p-officer', 'responded',
            jsonb_build_object('withinTarget', (hashtext(ref) % 10) <> 0)
       FROM cases WHERE status IN ('closed', 'responded')
     UNION ALL
     SELECT id, 2, created_at + interval '12 days', 'p-officer', 'closed', '{}'::jsonb
       FROM cases WHERE status = 'closed'`,
  );
  await db.query('ANALYZE');
  return total;
};

const seedDecisions = async (db: Database) => {
  const store = new PostgresDecisionStore(db);
  for (let i = 0; i < 40; i += 1) {
    const period = addMonths(LAST_PERIOD, -(i % 6));
    const at = `${period}-10T09:00:00Z`;
    await store.create(
      {
        id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        title: `Decision ${i + 1}`,
        summary: 'What was decided, in a sentence or two.',
        maker: { kind: 'cabinet', name: 'Cabinet' },
        status: i % 4 === 0 ? 'forthcoming' : 'taken',
        date: i % 4 === 0 ? `${addMonths(LAST_PERIOD, 2)}-15` : `${period}-${pad(1 + (i % 27))}`,
        keyDecision: i % 3 === 0,
        callIn: { subject: false, deadline: null },
        wards: i % 5 === 0 ? 'all' : [wards[i % WARDS]!.id, wards[(i * 7) % WARDS]!.id],
        wardsConfirmed: true,
        reasons: 'The reasons given in the report to the meeting, in a paragraph. '.repeat(3),
        links: [{ title: 'Report', url: `https://democracy.council.example/ieDecisionDetails.aspx?ID=${i}` }],
        takingPart: 'The meeting is open to the public and webcast.',
        source: { kind: 'manual', key: null },
        suggestedWards: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
      { at, actorId: officer.id, action: 'decision.create', outcome: 'allowed' },
    );
  }
};

const useCases = (db: Database): Briefings => {
  const sla = createSlaClock(DEFAULT_SLA_POLICY);
  return makeBriefings({
    store: new PostgresBriefingStore(db),
    decisions: new PostgresDecisionStore(db),
    figures: new PostgresBriefingFigures(db),
    channels: new PostgresTeamChannels(db),
    deliveries: new PostgresBriefingDeliveries(db),
    directory: new PostgresDirectory(db),
    audit: new PostgresAuditLog(db),
    clock: { now: () => NOW },
    sla,
    region: () => 'england-and-wales',
    render: renderBriefing,
  });
};

/**
 * The earliest time (ms from the start) at which the last of the requests may start under Teams' limits,
 * sending greedily with zero latency: `threads[i]` requests one after another in thread i, every thread at
 * once. Written out here rather than taken from the worker's limiter, so the floor does not share its code.
 */
export const teamsFloorMs = (
  threads: number[],
  perThread: readonly RateWindow[] = TEAMS_PER_CONVERSATION,
  perApp: readonly RateWindow[] = TEAMS_PER_APP,
): number => {
  const app: number[] = [];
  const threadLog = threads.map(() => [] as number[]);
  const earliest = (log: number[], windows: readonly RateWindow[], t: number) => {
    let at = t;
    for (let moved = true; moved;) {
      moved = false;
      for (const { limit, perMs } of windows) {
        const inWindow = log.filter((x) => x > at - perMs);
        if (inWindow.length >= limit) {
          at = inWindow[inWindow.length - limit]! + perMs;
          moved = true;
        }
      }
    }
    return at;
  };
  let last = 0;
  const remaining = [...threads];
  // Round by round: each thread's next request, earliest first (a thread's parts are in order).
  for (;;) {
    const candidates = remaining
      .map((left, i) => ({ i, left }))
      .filter((c) => c.left > 0)
      .map((c) => {
        const t0 = threadLog[c.i]!.at(-1) ?? 0;
        return { i: c.i, t: earliest(threadLog[c.i]!, perThread, t0) };
      });
    if (candidates.length === 0) return last;
    candidates.sort((a, b) => a.t - b.t);
    const next = candidates[0]!;
    const t = earliest(threadLog[next.i]!, perThread, earliest(app, perApp, next.t));
    threadLog[next.i]!.push(t);
    app.push(t);
    app.sort((a, b) => a - b);
    remaining[next.i]! -= 1;
    last = Math.max(last, t);
  }
};

/** One request's round trip to the connector: a createConversation of a briefing-sized card, median of 20. */
const roundTripMs = async (connector: ConnectorServer, card: unknown): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const started = performance.now();
    const res = await fetch(`${connector.serviceUrl}v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ isGroup: true, channelData: { channel: { id: 'probe' } }, activity: card }),
    });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return median(times);
};

interface Result {
  label: string;
  cases: number;
  composeMs: number[];
  figuresMs: number[];
  briefings: number;
  requests: number;
  threads: number[];
  sendMs: number;
  floorMs: number;
  roundTrip: number;
}

const runTarget = async (target: BenchTarget): Promise<Result | null> => {
  if (!target.open) return null;
  log(`${target.label}: opening and migrating`);
  const { db, dispose } = await target.open();
  const connector = await startConnectorServer();
  try {
    await new PostgresDirectory(db).saveDirectory({
      people: [...members, officer],
      wards,
      departments: [{ id: 'dept-highways', name: 'Highways' }],
    });
    log(`${target.label}: seeding 12 months of casework`);
    const cases = await seedCasework(db);
    await seedDecisions(db);
    const briefings = useCases(db);
    const figures = new PostgresBriefingFigures(db);

    const composeMs: number[] = [];
    const figuresMs: number[] = [];
    for (let m = MONTHS - 1; m >= 0; m -= 1) {
      const period = addMonths(LAST_PERIOD, -m);
      let started = performance.now();
      await figures.wardCasework(period);
      figuresMs.push(performance.now() - started);
      started = performance.now();
      const ward = await briefings.compose('ward', period);
      const decision = await briefings.compose('decision', period);
      composeMs.push(performance.now() - started);
      if (ward.composed !== WARDS || decision.composed !== 1)
        throw new Error(`${period}: composed ${ward.composed} + ${decision.composed}`);
      log(`${target.label}: composed ${period} in ${seconds(composeMs.at(-1)!)} s`);
    }

    // Every briefing of the last month into its own channel, approved as a support officer does it.
    const actor = actorFor(officer);
    const list = (await briefings.list(actor, { period: LAST_PERIOD })).filter(
      (b) => b.period === LAST_PERIOD,
    );
    await new PostgresTeamChannels(db).save(
      list.map((b) => ({
        channelId: `19:${b.wardId ?? 'council'}@thread.tacv2`,
        teamId: '19:members@thread.tacv2',
        teamName: 'Members',
        name: b.wardId ?? 'council',
        serviceUrl: connector.serviceUrl,
        tenantId: 'tenant-1',
        botId: '28:bot',
      })),
    );
    for (const b of list)
      await briefings.mapChannel(
        actor,
        briefingTarget(b.kind, b.wardId),
        `19:${b.wardId ?? 'council'}@thread.tacv2`,
      );
    const threads: number[] = [];
    for (const b of list) {
      const approved = await briefings.approve(actor, b.id, b.version);
      threads.push(approved.parts);
    }
    const requests = threads.reduce((a, b) => a + b, 0);
    const roundTrip = await roundTripMs(
      connector,
      renderBriefing((await new PostgresBriefingStore(db).get(list[0]!.id))!)[0],
    );
    connector.reset();

    log(`${target.label}: sending ${list.length} briefings (${requests} requests)`);
    const worker = deliveryWorker(db);
    const started = performance.now();
    let sent = 0;
    while (sent < list.length) {
      await worker.poll();
      sent = Number(
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::integer AS n FROM briefing_deliveries WHERE status = 'sent'`,
          )
        ).rows[0]!.n,
      );
      if (performance.now() - started > 120_000) throw new Error('Sending took over two minutes: stopped.');
    }
    const sendMs = performance.now() - started;
    await worker.stop();
    if (connector.delivered().length !== requests)
      throw new Error(`The connector got ${connector.delivered().length} posts, expected ${requests}.`);
    const floorMs = teamsFloorMs(threads) + roundTrip;
    return {
      label: target.label,
      cases,
      composeMs,
      figuresMs,
      briefings: list.length,
      requests,
      threads,
      sendMs,
      floorMs,
      roundTrip,
    };
  } finally {
    await connector.close();
    await dispose();
  }
};

const main = async () => {
  const results: Result[] = [];
  for (const target of [pgliteTarget(), postgresTarget(process.env.BENCH_DATABASE_URL)]) {
    const r = await runTarget(target);
    if (r) results.push(r);
    else log(`${target.label}: ${target.notRun ?? 'not run'}`);
  }
  const lines = [
    `Briefings: ${WARDS} divisions, ${MEMBERS} members, ${MONTHS} months of casework`,
    '',
    '| database | cases | compose a month (p50 s) | max s | floor: figures statement p50 s | × floor | goal |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const p50 = median(r.composeMs);
      return `| ${r.label} | ${r.cases.toLocaleString('en-GB')} | ${seconds(p50)} | ${seconds(Math.max(...r.composeMs))} | ${seconds(median(r.figuresMs))} | ${(p50 / median(r.figuresMs)).toFixed(1)}× | < ${GOAL_COMPOSE_S} s: ${Math.max(...r.composeMs) < GOAL_COMPOSE_S * 1000 ? 'met' : 'NOT met'} |`;
    }),
    '',
    '| database | briefings | requests (cards) | sent in s | floor s (Teams limits + one round trip) | × floor | goal |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const ratio = r.sendMs / r.floorMs;
      return `| ${r.label} | ${r.briefings} | ${r.requests} (${Math.min(...r.threads)}–${Math.max(...r.threads)} a thread) | ${seconds(r.sendMs)} | ${seconds(r.floorMs)} (round trip ${r.roundTrip.toFixed(1)} ms) | ${ratio.toFixed(2)}× | ≤ ${GOAL_SEND_RATIO}×: ${ratio <= GOAL_SEND_RATIO ? 'met' : 'NOT met'} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
