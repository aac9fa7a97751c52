import { ConfigError, loadConfig } from '../src/config';
import { PostgresConversationReferences } from '../src/adapters/postgres';
import { delay } from './fixtures/cases';
import { personalReference } from './contracts/notification-outbox.contract';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { aCase, startTestApp, type TestApp } from './support/test-app';

describe('Notifications in the running service (local mode)', () => {
  let t: TestApp;
  let connector: ConnectorServer;

  beforeAll(async () => {
    connector = await startConnectorServer();
    t = await startTestApp();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await connector?.close();
  });

  it('sends the member a card in Teams when a support officer triages their case through the API', async () => {
    // What the bot does when Alice first messages it from her personal chat.
    await new PostgresConversationReferences(t.app.db).save(
      'p-alice',
      personalReference(connector.serviceUrl, 'a:alice-chat'),
      'personal',
    );
    const raised = await t.call('alice', 'POST', '/api/cases', aCase());
    expect(raised.status).toBe(201);
    const ref = raised.body.ref as string;
    const triaged = await t.call('sue', 'POST', `/api/cases/${ref}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    expect(triaged.status).toBe(200);

    // Delivered by the worker that startApp started (it polls every 2 s by default).
    const until = Date.now() + 20_000;
    while (connector.delivered().length === 0 && Date.now() < until) await delay(25);
    expect(connector.delivered().map((r) => [r.conversationId, r.activity.summary])).toEqual([
      ['a:alice-chat', `${ref}: your case has been triaged`],
    ]);
    // Raising her own case told Alice nothing.
    expect(connector.requests).toHaveLength(1);
  });
});

describe('NOTIFICATION_POLL_INTERVAL_MS', () => {
  it('defaults to 2 seconds, allows 0 to turn delivery off on this instance, and refuses a busy loop', () => {
    expect(loadConfig({}).NOTIFICATION_POLL_INTERVAL_MS).toBe(2_000);
    expect(loadConfig({ NOTIFICATION_POLL_INTERVAL_MS: '0' }).NOTIFICATION_POLL_INTERVAL_MS).toBe(0);
    expect(() => loadConfig({ NOTIFICATION_POLL_INTERVAL_MS: '50' })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTIFICATION_POLL_INTERVAL_MS: '50' })).toThrow(
      /NOTIFICATION_POLL_INTERVAL_MS/,
    );
  });
});
