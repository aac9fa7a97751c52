import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { LOCAL_TENANT_ID, startApp, type RunningApp } from '../src/main';
import { migrate, openPglite } from '../src/adapters/postgres';
import { expectValidCard } from './support/adaptive-card-schema';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { aCase, PEOPLE, startTestApp, type TestApp } from './support/test-app';
import { cardText } from './support/bot-harness';

const activity = (serviceUrl: string, overrides: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'incoming-1',
  timestamp: '2026-03-05T10:00:00.000Z',
  channelId: 'msteams',
  serviceUrl,
  locale: 'en-GB',
  from: { id: '29:alice-http', aadObjectId: PEOPLE.alice.oid, name: PEOPLE.alice.displayName },
  recipient: { id: '28:members-hub', name: 'Members\u2019 Hub' },
  conversation: { id: 'a:alice-http', conversationType: 'personal', tenantId: LOCAL_TENANT_ID },
  channelData: { tenant: { id: LOCAL_TENANT_ID } },
  ...overrides,
});

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: any = text === '' ? undefined : JSON.parse(text);
  return { status: response.status, body: parsed };
};

describe('POST /api/messages on the running service (local mode: Bot Framework authentication off)', () => {
  let t: TestApp;
  let connector: ConnectorServer;
  let ref: string;

  beforeAll(async () => {
    t = await startTestApp();
    connector = await startConnectorServer();
    const created = await t.call('alice', 'POST', '/api/cases', aCase());
    ref = created.body.ref as string;
  }, 120_000);
  afterAll(async () => {
    await connector?.close();
    await t?.stop();
  });

  it('answers "status <ref>" with the case card, sent to the connector as a reply', async () => {
    const response = await post(t.url, activity(connector.serviceUrl, { text: `status ${ref}` }));
    expect(response.status).toBe(200);
    const replies = connector.delivered('a:alice-http');
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.path).toBe('/v3/conversations/a%3Aalice-http/activities/incoming-1');
    expect(reply!.replyToId).toBe('incoming-1');
    expect(reply!.activity).toMatchObject({
      type: 'message',
      replyToId: 'incoming-1',
      recipient: { id: '29:alice-http' },
      conversation: { id: 'a:alice-http' },
    });
    const [attachment] = reply!.activity.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expectValidCard(attachment.content);
    expect(attachment.content.refresh).toMatchObject({
      action: { data: { ref } },
      userIds: ['29:alice-http'],
    });
    expect(cardText(attachment.content)).toContain('Blocked drain on Elm Road');
    // Authentication is off in local mode: the bot calls the connector without a token.
    expect(reply!.authorization).toBeNull();
  });

  it('returns the invoke response in the HTTP response for a card refresh', async () => {
    const response = await post(
      t.url,
      activity(connector.serviceUrl, {
        type: 'invoke',
        id: 'incoming-2',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'refreshCase', data: { ref } },
          trigger: 'automatic',
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body.statusCode).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expectValidCard(response.body.value);
    expect(cardText(response.body.value)).toContain(ref);
  });

  it('refuses a body that is not an activity, in the API\u2019s error shape', async () => {
    const response = await post(t.url, { hello: 'world' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'bad_request',
      message: 'The body must be a Bot Framework activity with a type.',
      requestId: expect.any(String),
    });
  });
});

describe('POST /api/messages in Microsoft 365 mode', () => {
  let app: RunningApp;
  let connector: ConnectorServer;

  beforeAll(async () => {
    const db = await openPglite({});
    await migrate(db);
    const config = loadConfig({
      MODE: 'm365',
      PORT: '0',
      LOG_LEVEL: 'silent',
      TENANT_ID: '11111111-2222-4333-8444-555555555555',
      CLIENT_ID: '22222222-2222-4333-8444-555555555555',
      APP_ID_URI: 'api://hub.test.example/22222222-2222-4333-8444-555555555555',
      DATABASE_URL: 'postgres://not-used.invalid/members_hub',
      BOT_APP_ID: '33333333-2222-4333-8444-555555555555',
      BOT_APP_TYPE: 'SingleTenant',
      BOT_APP_PASSWORD: 'not-a-real-secret',
      GRAPH_SITE_ID: 'hub.test.example,site-1,web-1',
      GRAPH_DRIVE_ID: 'b!test-drive',
      SLA_SWEEP_INTERVAL_SECONDS: '0',
      NOTIFICATION_POLL_INTERVAL_MS: '0',
      DIRECTORY_SYNC_INTERVAL_SECONDS: '0',
    });
    app = await startApp(config, createLogger('silent'), { db });
    connector = await startConnectorServer();
  }, 120_000);
  afterAll(async () => {
    await connector?.close();
    await app?.close();
  });

  it('refuses a request without a Bot Framework token, runs no turn and sends nothing', async () => {
    const response = await post(app.url, activity(connector.serviceUrl, { text: 'help' }));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      code: 'unauthenticated',
      message: 'The request is not from the Bot Framework service for this bot.',
      requestId: expect.any(String),
    });
    expect(connector.requests).toEqual([]);
  });
});
