import type { Database } from '../src/app/ports';
import {
  migrate,
  openPglite,
  PostgresBriefingDeliveries,
  PostgresTeamChannels,
} from '../src/adapters/postgres';
import { expectValidCard } from './support/adaptive-card-schema';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { deliveryStatuses, deliveryWorker, queueBriefings } from './support/briefing-delivery-setup';

describe('posting approved briefings into channels (PGlite, test connector)', () => {
  let db: Database;
  let connector: ConnectorServer;

  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db);
    connector = await startConnectorServer();
  }, 60_000);
  afterAll(async () => {
    await connector?.close();
    await db?.close();
  });
  beforeEach(async () => {
    connector.reset();
    await db.query('TRUNCATE briefing_deliveries, briefings, team_channels');
  });

  it('starts one new thread per channel with the briefing card, and a second poll sends nothing', async () => {
    const { channelIds, briefingIds } = await queueBriefings(db, {
      channels: 3,
      serviceUrl: connector.serviceUrl,
    });
    const worker = deliveryWorker(db);
    expect(await worker.poll()).toMatchObject({ claimed: 3, partsSent: 3, finished: 3 });
    expect(await worker.poll()).toMatchObject({ claimed: 0, partsSent: 0 });
    await worker.stop();
    for (const channelId of channelIds) {
      const posts = connector.delivered(channelId);
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({ path: '/v3/conversations', replyToId: null });
      expectValidCard(posts[0]!.activity.attachments[0].content);
    }
    expect((await deliveryStatuses(db)).map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    const audited = await db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'briefing.delivery.sent' AND detail->>'briefingId' = ANY($1)`,
      [briefingIds],
    );
    expect(audited.rows[0]).toEqual({ n: 3 });
  });

  it('sends a long briefing as a thread: the first card starts it, the rest reply in it', async () => {
    const [channelId] = (
      await queueBriefings(db, {
        channels: 1,
        serviceUrl: connector.serviceUrl,
        decisions: 30,
        reasonsLength: 2_000,
      })
    ).channelIds;
    const worker = deliveryWorker(db);
    await worker.poll();
    await worker.stop();
    const [row] = await deliveryStatuses(db);
    expect(row!.parts).toBeGreaterThan(1);
    expect(row).toMatchObject({ status: 'sent', parts_sent: row!.parts });
    const requests = connector.requests;
    expect(requests[0]).toMatchObject({ path: '/v3/conversations', conversationId: channelId });
    // Every later part replies in the thread the first one started (`<channel>;messageid=<its id>`).
    const threads = new Set(requests.slice(1).map((r) => r.conversationId));
    expect([...threads]).toEqual([
      expect.stringMatching(new RegExp(`^${channelId!};messageid=activity-\\d+$`)),
    ]);
    expect(requests.length).toBe(row!.parts);
    for (const r of requests) {
      expectValidCard(r.activity.attachments[0].content);
      expect(Buffer.byteLength(JSON.stringify(r.activity))).toBeLessThan(80_000);
    }
  });

  it('waits out a 429 for its Retry-After without counting it as an attempt, then posts once', async () => {
    const [channelId] = (await queueBriefings(db, { channels: 1, serviceUrl: connector.serviceUrl }))
      .channelIds;
    connector.failNext(channelId!, { status: 429, retryAfter: '30' });
    const worker = deliveryWorker(db);
    expect(await worker.poll()).toMatchObject({ retried: 1, partsSent: 0 });
    const { rows } = await db.query<{ wait_s: number; attempts: number; last_error: string }>(
      `SELECT extract(epoch FROM next_attempt_at - now())::float AS wait_s, attempts, last_error FROM briefing_deliveries`,
    );
    expect(rows[0]!.wait_s).toBeGreaterThan(28);
    expect(rows[0]!.wait_s).toBeLessThanOrEqual(31);
    expect(rows[0]).toMatchObject({ attempts: 0, last_error: 'throttled-429' });
    expect(await worker.poll()).toMatchObject({ claimed: 0 }); // not before its time
    await db.query(`UPDATE briefing_deliveries SET next_attempt_at = now()`); // the 30 s have passed
    expect(await worker.poll()).toMatchObject({ partsSent: 1 });
    await worker.stop();
    expect(connector.delivered(channelId)).toHaveLength(1);
  });

  it('stops posting to a channel whose team removed the app (403 MessageWritesBlocked) and reports why', async () => {
    const { channelIds } = await queueBriefings(db, { channels: 2, serviceUrl: connector.serviceUrl });
    connector.block(channelIds[0]!);
    const worker = deliveryWorker(db);
    await worker.poll();
    const statuses = await deliveryStatuses(db);
    expect(statuses[0]).toMatchObject({
      status: 'undeliverable',
      last_error: 'app removed from the team (MessageWritesBlocked)',
    });
    expect(statuses[1]).toMatchObject({ status: 'sent' });
    expect(await new PostgresTeamChannels(db).get(channelIds[0]!)).toMatchObject({ active: false });

    // A later briefing for that channel is not even attempted.
    const before = connector.requests.length;
    await db.query(
      `UPDATE briefing_deliveries SET status = 'pending', finished_at = NULL WHERE channel_id = $1`,
      [channelIds[0]],
    );
    await worker.poll();
    await worker.stop();
    expect(connector.requests.length).toBe(before);
    expect((await deliveryStatuses(db))[0]).toMatchObject({
      status: 'undeliverable',
      last_error: expect.stringMatching(/^channel unavailable/),
    });
  });

  it('retries a 503 with backoff, and fails a delivery for good after its last attempt', async () => {
    const [channelId] = (await queueBriefings(db, { channels: 1, serviceUrl: connector.serviceUrl }))
      .channelIds;
    connector.block(channelId!, { status: 503 });
    const worker = deliveryWorker(db, { maxAttempts: 2, backoffBaseMs: 1 });
    await worker.poll();
    expect((await deliveryStatuses(db))[0]).toMatchObject({ status: 'pending' });
    await db.query(`UPDATE briefing_deliveries SET next_attempt_at = now()`);
    await worker.poll();
    await worker.stop();
    expect((await deliveryStatuses(db))[0]).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/^gave up after 2 attempts/),
    });
  });

  it('never resends a post that timed out: it is in doubt until an officer says what to do', async () => {
    const [channelId] = (await queueBriefings(db, { channels: 1, serviceUrl: connector.serviceUrl }))
      .channelIds;
    connector.failNext(channelId!, { hang: true });
    const worker = deliveryWorker(db, { sendTimeoutMs: 200 });
    expect(await worker.poll()).toMatchObject({ inDoubt: 1 });
    await worker.poll();
    expect(connector.requests).toHaveLength(1);
    const [row] = await db
      .query<{ id: number; status: string }>(`SELECT id, status FROM briefing_deliveries`)
      .then((r) => r.rows);
    expect(row!.status).toBe('in-doubt');
    await new PostgresBriefingDeliveries(db).resolve(row!.id, 'send-again', {
      at: new Date().toISOString(),
      actorId: 'p-officer',
      action: 'briefing.delivery.resolve',
      outcome: 'allowed',
    });
    await worker.poll();
    await worker.stop();
    expect(connector.delivered(channelId)).toHaveLength(1);
    expect((await deliveryStatuses(db))[0]).toMatchObject({ status: 'sent' });
  });

  it('marks a post left mid-send by a worker that died as in doubt once its lease has run out, and sends the rest', async () => {
    const { channelIds } = await queueBriefings(db, { channels: 2, serviceUrl: connector.serviceUrl });
    const queue = new PostgresBriefingDeliveries(db);
    // A worker claims both, marks the first as being sent, and dies (its lease is short).
    const claimed = await queue.claim(10, 50);
    expect(claimed).toHaveLength(2);
    expect(await queue.beginSend(claimed[0]!, 50)).toBe(true);
    await db.query(`UPDATE briefing_deliveries SET lease_until = now() - interval '1 second'`);
    const worker = deliveryWorker(db);
    expect(await worker.poll()).toMatchObject({ inDoubt: 1, partsSent: 1 });
    await worker.stop();
    expect((await deliveryStatuses(db)).map((d) => d.status)).toEqual(['in-doubt', 'sent']);
    expect(connector.delivered(channelIds[0])).toHaveLength(0);
    expect(connector.delivered(channelIds[1])).toHaveLength(1);
  });
});
