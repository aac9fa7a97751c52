import type { Actor } from '../src/app/actor';
import { makeCasework } from '../src/app/casework';
import type { Clock, Database } from '../src/app/ports';
import {
  openPglite,
  PostgresAuditLog,
  PostgresCaseStore,
  PostgresConversationReferences,
  PostgresDirectory,
  PostgresNotificationOutbox,
} from '../src/adapters/postgres';
import { botFrameworkAuthentication } from '../src/adapters/teams/cloud-adapter';
import { TeamsProactiveSender } from '../src/adapters/teams/teams-proactive-sender';
import { notificationMessage } from '../src/bot/cards/notification-card';
import type { Case } from '../src/domain/case';
import type { Person } from '../src/domain/person';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import {
  startNotificationDelivery,
  type NotificationDelivery,
  type NotificationDeliveryOptions,
} from '../src/jobs/notification-delivery';
import { createLogger } from '../src/logger';
import { auditEntry, delay, newCase, raisedEvent } from './fixtures/cases';
import { personalReference } from './contracts/notification-outbox.contract';
import {
  startConnectorServer,
  type ConnectorRequest,
  type ConnectorServer,
} from './support/connector-server';
import { PEOPLE, prepareTestDatabase, testCaseCategories } from './support/test-app';

const NOW = '2026-03-20T10:00:00.000Z';
const clock: Clock = { now: () => new Date(NOW) };
const sla = createSlaClock(DEFAULT_SLA_POLICY);
const actor = (person: Person): Actor => ({ person, requestId: 'req-test' });
const ALICE_CHAT = 'a:alice-personal';

/** Resolves once `check` passes, polling; a guard against hangs, not a performance assertion. */
const eventually = async (check: () => boolean | Promise<boolean>, withinMs = 20_000): Promise<void> => {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('The condition did not hold in time.');
    await delay(10);
  }
};

/** The largest number of requests in any window [t, t + perMs) that starts at a request. */
const busiest = (times: readonly number[], perMs: number): number =>
  Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + perMs).length));

/** The card's text blocks, in order. */
const texts = (request: ConnectorRequest | undefined): string[] =>
  ((request?.activity?.attachments?.[0]?.content?.body ?? []) as { type: string; text?: string }[])
    .filter((b) => b.type === 'TextBlock')
    .map((b) => b.text ?? '');
/** The case reference a delivered card is about. */
const refOf = (request: ConnectorRequest): string => String(request.activity?.summary).split(':')[0] ?? '';

describe('Notification delivery to Teams (PGlite, test connector)', () => {
  let db: Database;
  let store: PostgresCaseStore;
  let outbox: PostgresNotificationOutbox;
  let references: PostgresConversationReferences;
  let connector: ConnectorServer;
  const workers: NotificationDelivery[] = [];
  const logger = createLogger('silent');

  beforeAll(async () => {
    db = await openPglite({});
    await prepareTestDatabase(db);
    store = new PostgresCaseStore(db, { clock });
    outbox = new PostgresNotificationOutbox(db, { clock });
    references = new PostgresConversationReferences(db);
    connector = await startConnectorServer();
  }, 120_000);
  afterAll(async () => {
    await connector?.close();
    await db?.close();
  });
  beforeEach(async () => {
    connector.reset();
    await db.query(
      'TRUNCATE notification_outbox, conversation_references, case_events, cases, case_ref_counters',
    );
    await references.save('p-alice', personalReference(connector.serviceUrl, ALICE_CHAT), 'personal');
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  const sender = new TeamsProactiveSender({
    auth: botFrameworkAuthentication({ kind: 'disabled' }),
    botAppId: '',
    allowHttpServiceUrls: true,
    timeoutMs: 1_000,
    logger,
  });
  const startWorker = (options: Partial<NotificationDeliveryOptions> = {}): NotificationDelivery => {
    const worker = startNotificationDelivery({
      outbox,
      references,
      cases: store,
      sender,
      render: notificationMessage,
      logger,
      options: { pollIntervalMs: 20, backoffBaseMs: 100, backoffMaxMs: 1_000, ...options },
    });
    workers.push(worker);
    return worker;
  };
  const casework = () =>
    makeCasework({
      categories: testCaseCategories(db, clock),
      cases: store,
      audit: new PostgresAuditLog(db),
      directory: new PostgresDirectory(db),
      clock,
      sla,
    });
  const create = (overrides: Partial<Parameters<typeof newCase>[0]> = {}): Promise<Case> => {
    const draft = newCase(overrides);
    return store.create(
      draft,
      raisedEvent(draft),
      auditEntry('case.create', draft.raisedBy, draft.createdAt),
    );
  };
  /** A case of Alice's triaged by Sue: one notification for Alice. */
  const triaged = async (overrides: Partial<Parameters<typeof newCase>[0]> = {}): Promise<Case> => {
    const c = await create(overrides);
    await casework().act(actor(PEOPLE.sue), c.ref, { type: 'triage', departmentId: 'dept-highways' });
    return c;
  };
  const outboxRows = async () =>
    (
      await db.query<{
        case_ref: string;
        status: string;
        attempts: number;
        last_error: string | null;
        leased: boolean;
      }>(
        `SELECT case_ref, status, attempts, last_error, lease_until IS NOT NULL AS leased
         FROM notification_outbox ORDER BY id`,
      )
    ).rows;
  const statuses = async () => (await outboxRows()).map((r) => r.status);

  it('sends the member a card when their case is triaged, and records it as sent and audited', async () => {
    const c = await triaged({ title: 'Blocked drain [see photo](https://evil.example)' });
    startWorker();
    await eventually(async () => (await statuses()).join() === 'sent');

    expect(connector.requests).toHaveLength(1);
    const [request] = connector.requests;
    expect(request).toMatchObject({ conversationId: ALICE_CHAT, replyToId: null, status: 201 });
    expect(request?.activity.summary).toBe(`${c.ref}: your case has been triaged`);
    expect(texts(request)).toEqual([
      'Your case has been triaged',
      'It has gone to the department. A response is due by Mon 16 Mar 2026.',
      'Blocked drain \\[see photo\\]\\(https://evil\\.example\\)',
    ]);
    expect(JSON.stringify(request?.activity)).not.toMatch(
      /Bramblecote|Mill Lane|WQ1 4AB|pothole by the school/,
    );
    const { rows } = await db.query(
      `SELECT status, attempts, conversation_id, activity_id FROM notification_outbox WHERE case_ref = $1`,
      [c.ref],
    );
    expect(rows).toEqual([
      { status: 'sent', attempts: 1, conversation_id: ALICE_CHAT, activity_id: 'activity-1' },
    ]);
    const { rows: audit } = await db.query(
      `SELECT action, detail FROM audit_log WHERE case_id = $1 AND action = 'case.notification.sent'`,
      [c.id],
    );
    expect(audit).toEqual([
      { action: 'case.notification.sent', detail: { recipient: 'p-alice', kind: 'triaged', eventSeq: 2 } },
    ]);
  });

  it('waits out a 429\u2019s Retry-After before sending again, and delivers once', async () => {
    connector.failNext(ALICE_CHAT, { status: 429, retryAfter: '1' });
    await triaged();
    startWorker();
    await eventually(async () => (await statuses()).join() === 'sent');

    const [throttled, accepted] = connector.requests;
    expect(connector.requests.map((r) => r.status)).toEqual([429, 201]);
    // The retry was scheduled a second after the 429 arrived back, by the database's clock.
    expect(accepted!.at - throttled!.at).toBeGreaterThanOrEqual(1_000);
    expect(await outboxRows()).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
  });

  it('retries a 500 with growing backoff, then delivers', async () => {
    connector.failNext(ALICE_CHAT, { status: 500 }, { status: 500 });
    await triaged();
    startWorker({ backoffBaseMs: 200 });
    await eventually(async () => (await statuses()).join() === 'sent');

    expect(connector.requests.map((r) => r.status)).toEqual([500, 500, 201]);
    const [a, b, c] = connector.requests.map((r) => r.at);
    // Equal jitter: at least half of 200 ms, then at least half of 400 ms.
    expect(b! - a!).toBeGreaterThanOrEqual(100);
    expect(c! - b!).toBeGreaterThanOrEqual(200);
    expect(await outboxRows()).toEqual([expect.objectContaining({ status: 'sent', attempts: 3 })]);
  });

  it('gives up after the last attempt of a failure that keeps coming back', async () => {
    connector.block(ALICE_CHAT, { status: 503 });
    await triaged();
    startWorker({ backoffBaseMs: 10, backoffMaxMs: 20, maxAttempts: 3 });
    await eventually(async () => (await statuses()).join() === 'failed');
    expect(connector.requests.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(await outboxRows()).toEqual([
      expect.objectContaining({ attempts: 3, last_error: 'ServiceError' }),
    ]);
  });

  it('stops at 403 MessageWritesBlocked: the chat is marked inactive and the notification undeliverable', async () => {
    connector.block(ALICE_CHAT);
    await triaged();
    startWorker();
    await eventually(async () => (await statuses()).join() === 'undeliverable');
    expect(connector.requests.map((r) => r.status)).toEqual([403]);
    expect(await references.forPerson('p-alice')).toEqual([]);
    const { rows } = await db.query(
      `SELECT active, inactive_reason FROM conversation_references WHERE conversation_id = $1`,
      [ALICE_CHAT],
    );
    expect(rows).toEqual([{ active: false, inactive_reason: 'MessageWritesBlocked' }]);

    // Nothing more is tried there: the next notification waits for the member to come back.
    await triaged();
    await eventually(async () => (await statuses()).join() === 'undeliverable,no-reference');
    await delay(200);
    expect(connector.requests).toHaveLength(1);

    // The member unblocks the bot and messages it: the bot saves the reference, and the waiting card goes.
    connector.unblock(ALICE_CHAT);
    await references.save('p-alice', personalReference(connector.serviceUrl, ALICE_CHAT), 'personal');
    await eventually(async () => (await statuses()).join() === 'undeliverable,sent');
    expect(connector.requests.map((r) => r.status)).toEqual([403, 201]);
  });

  it('keeps a notification waiting while the member has no personal chat with the bot', async () => {
    await db.query('TRUNCATE conversation_references');
    await references.save('p-alice', personalReference(connector.serviceUrl, '19:ward-team@thread'), 'team');
    await triaged();
    startWorker();
    await eventually(async () => (await statuses()).join() === 'no-reference');
    expect(connector.requests).toEqual([]);
    await references.save('p-alice', personalReference(connector.serviceUrl, ALICE_CHAT), 'personal');
    await eventually(async () => (await statuses()).join() === 'sent');
    expect(connector.delivered().map((r) => r.conversationId)).toEqual([ALICE_CHAT]);
  });

  it('cancels a notification whose case has been deleted or handed to another member', async () => {
    const deleted = await triaged();
    const handedOver = await triaged();
    await db.query('DELETE FROM case_events WHERE case_id = $1', [deleted.id]);
    await db.query('DELETE FROM cases WHERE id = $1', [deleted.id]);
    await store.change(handedOver.ref, (current) => ({
      next: { ...current, memberId: 'p-bob', updatedAt: NOW },
      events: [{ type: 'note-added', actorId: 'p-sue', at: NOW, data: { handover: true } }],
      audit: [auditEntry('case.handover', 'p-sue', NOW)],
    }));
    startWorker();
    await eventually(async () => (await statuses()).every((s) => s === 'cancelled'));
    expect((await outboxRows()).map((r) => r.last_error)).toEqual(['case-gone', 'not-the-member']);
    expect(connector.requests).toEqual([]);
  });

  it('never sends to one conversation faster than 7 per second or 8 per 2 seconds', async () => {
    for (let i = 0; i < 20; i += 1) await triaged();
    startWorker();
    await eventually(async () => (await statuses()).every((s) => s === 'sent'));

    const times = connector.requests.map((r) => r.at);
    expect(times).toHaveLength(20);
    expect(busiest(times, 1_000)).toBeLessThanOrEqual(7);
    expect(busiest(times, 2_000)).toBeLessThanOrEqual(8);
  });

  it('delivers every notification exactly once when the worker is stopped mid-batch and another starts', async () => {
    const cases: Case[] = [];
    for (let i = 0; i < 20; i += 1) cases.push(await triaged());
    const first = startWorker();
    await eventually(() => connector.delivered().length >= 5);
    await first.stop();

    // Stopped cleanly: every card that reached Teams is recorded as sent, and nothing is left claimed.
    const afterStop = await outboxRows();
    expect(afterStop.filter((r) => r.status === 'sent')).toHaveLength(connector.delivered().length);
    expect(afterStop.filter((r) => r.leased)).toEqual([]);
    expect(connector.delivered().length).toBeLessThan(20);

    startWorker();
    await eventually(async () => (await statuses()).every((s) => s === 'sent'), 30_000);
    const refs = connector.delivered().map(refOf);
    expect(refs).toHaveLength(20);
    expect([...refs].sort()).toEqual(cases.map((c) => c.ref).sort());
    // Each member's notifications go in queue order.
    expect(refs).toEqual(cases.map((c) => c.ref));
  });

  it('delivers a crashed worker\u2019s notifications once their lease has run out, and not before', async () => {
    const a = await triaged();
    const b = await triaged();
    // A worker claims both and dies without sending.
    expect(await outbox.claim(10, 60_000)).toHaveLength(2);
    startWorker();
    await delay(300);
    expect(connector.requests).toEqual([]);

    await db.query(`UPDATE notification_outbox SET lease_until = now() - interval '1 second'`);
    await eventually(async () => (await statuses()).every((s) => s === 'sent'));
    expect(connector.delivered().map(refOf)).toEqual([a.ref, b.ref]);
  });

  it('lets a send in flight finish when stopped, records it, and hands the rest back', async () => {
    connector.failNext(ALICE_CHAT, { hang: true });
    await triaged();
    await triaged();
    const worker = startWorker();
    await eventually(() => connector.requests.length === 1);
    await worker.stop();

    // The hung send timed out (1 s) and was recorded as a failed attempt; its sibling was never tried.
    expect(await outboxRows()).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, leased: false }),
      expect.objectContaining({ status: 'pending', attempts: 0, leased: false }),
    ]);
    startWorker({ backoffBaseMs: 10 });
    await eventually(async () => (await statuses()).every((s) => s === 'sent'));
    expect(connector.delivered()).toHaveLength(2);
  });
});
