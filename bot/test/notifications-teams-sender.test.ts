import type { DeliverableConversationReference, ProactiveMessage } from '../src/app/ports';
import { parseRetryAfter, MAX_RETRY_AFTER_MS } from '../src/adapters/teams/retry-after';
import { botFrameworkAuthentication } from '../src/adapters/teams/cloud-adapter';
import { TeamsProactiveSender } from '../src/adapters/teams/teams-proactive-sender';
import { createLogger } from '../src/logger';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';

const message: ProactiveMessage = {
  summary: 'MH-2026-00042: your case has been triaged',
  card: {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Your case has been triaged' }],
  },
};

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-20T10:00:00.000Z');

  it('reads whole and fractional seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 10 ', now)).toBe(10_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('2026', now)).toBe(2_026_000);
  });

  it('reads an HTTP date as the time left until it, and a past date as now', () => {
    expect(parseRetryAfter('Fri, 20 Mar 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Fri, 20 Mar 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('gives null for a missing or unusable value, so the caller backs off instead', () => {
    for (const value of [undefined, null, '', '   ', '-1', 'soon', '1e3', '3 seconds'])
      expect(parseRetryAfter(value, now)).toBeNull();
  });

  it('caps absurd waits at an hour', () => {
    expect(parseRetryAfter('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Sat, 20 Mar 2027 10:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('TeamsProactiveSender against a connector', () => {
  let connector: ConnectorServer;
  let sender: TeamsProactiveSender;
  const warnings: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => warnings.push(line) });
  const reference = (conversationId: string): DeliverableConversationReference => ({
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    user: { id: '29:alice', aadObjectId: '00000000-0000-4000-8000-000000000001' },
    bot: { id: '28:members-hub', name: 'Members Hub' },
  });

  beforeAll(async () => {
    connector = await startConnectorServer();
    sender = new TeamsProactiveSender({
      auth: botFrameworkAuthentication({ kind: 'disabled' }),
      botAppId: '',
      allowHttpServiceUrls: true,
      timeoutMs: 1_000,
      logger,
    });
  });
  afterAll(() => connector.close());
  beforeEach(() => {
    connector.reset();
    warnings.length = 0;
  });

  it('posts the card as a new message in the conversation, without a token when authentication is off', async () => {
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'sent',
      activityId: 'activity-1',
    });
    expect(connector.requests).toHaveLength(1);
    const [request] = connector.requests;
    expect(request).toMatchObject({
      path: '/v3/conversations/a%3Aconv-1/activities',
      conversationId: 'a:conv-1',
      replyToId: null,
      authorization: null,
    });
    expect(request?.activity).toMatchObject({
      type: 'message',
      summary: message.summary,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }],
    });
    expect(warnings).toEqual([]);
  });

  it('reports a 429 with its Retry-After after exactly one request (no hidden retries)', async () => {
    connector.failNext('a:conv-1', { status: 429, retryAfter: '3' });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'throttled',
      status: 429,
      retryAfterMs: 3_000,
    });
    expect(connector.requests).toHaveLength(1);
  });

  it('reports a 429 without Retry-After as throttled with no wait given', async () => {
    connector.failNext('a:conv-1', { status: 429 });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'throttled',
      status: 429,
      retryAfterMs: null,
    });
  });

  it('reports a 500 as retryable after exactly one request', async () => {
    connector.failNext('a:conv-1', { status: 500 });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'retryable',
      status: 500,
      code: 'ServiceError',
    });
    expect(connector.requests).toHaveLength(1);
  });

  it.each([412, 502, 503, 504] as const)('reports %i as retryable', async (status) => {
    connector.failNext('a:conv-1', { status });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toMatchObject({
      kind: 'retryable',
      status,
    });
  });

  it('reports 403 MessageWritesBlocked, by subCode or by error code, as blocked', async () => {
    connector.failNext(
      'a:conv-1',
      { status: 403, subCode: 'MessageWritesBlocked' },
      { status: 403, code: 'ConversationBlockedByUser' },
    );
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'blocked',
      status: 403,
      code: 'MessageWritesBlocked',
    });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'blocked',
      status: 403,
      code: 'ConversationBlockedByUser',
    });
  });

  it('reports any other 403 as retryable, a 404 as a conversation gone, a 400 or 413 as rejected', async () => {
    connector.failNext('a:conv-1', { status: 403 }, { status: 404 }, { status: 400 }, { status: 413 });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toMatchObject({
      kind: 'retryable',
      status: 403,
    });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toMatchObject({
      kind: 'conversation-gone',
      status: 404,
    });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toMatchObject({
      kind: 'rejected',
      status: 400,
    });
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toMatchObject({
      kind: 'rejected',
      status: 413,
    });
  });

  it('gives up on a connector that does not answer within the timeout, as retryable', async () => {
    connector.failNext('a:conv-1', { hang: true });
    // The connector never answers: only the sender's own timeout can settle this (Jest's would fail the test).
    await expect(sender.send(reference('a:conv-1'), message)).resolves.toMatchObject({
      kind: 'retryable',
      status: null,
    });
    expect(connector.requests).toHaveLength(1);
  });

  it('reports an unreachable connector as retryable', async () => {
    const gone = await startConnectorServer();
    const serviceUrl = gone.serviceUrl;
    await gone.close();
    await expect(sender.send({ ...reference('a:conv-1'), serviceUrl }, message)).resolves.toMatchObject({
      kind: 'retryable',
      status: null,
    });
  });

  it('refuses an http service URL unless allowed (local mode only)', async () => {
    const strict = new TeamsProactiveSender({
      auth: botFrameworkAuthentication({ kind: 'disabled' }),
      botAppId: '',
      logger,
    });
    await expect(strict.send(reference('a:conv-1'), message)).resolves.toEqual({
      kind: 'rejected',
      status: null,
      code: 'service-url-not-allowed',
    });
    expect(connector.requests).toHaveLength(0);
  });
});
