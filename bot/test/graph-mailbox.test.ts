import { createGraphAdapters, type GraphAdapters } from '../src/adapters/graph';
import { formatSender } from '../src/adapters/graph/graph-mailbox';
import { assertAllConform } from './support/graph-schema';
import {
  SAMPLE_PDF,
  sampleMessages,
  startGraphSimulation,
  type GraphSimulation,
  type SimRequestRecord,
} from './support/graph-sim';

/**
 * GraphMailbox against the simulation: a person's own mail, read with a delegated Mail.Read token obtained on
 * their behalf (on-behalf-of through real MSAL) from the token their request came with.
 */

const APP_ID = '7a7a7a7a-0000-4000-8000-000000000001';
const NO_MAIL_APP = '7a7a7a7a-0000-4000-8000-000000000002';
const SECRET = 'test-only-secret';
const CLLR = { oid: '3c3c3c3c-0000-4000-8000-000000000001', upn: 'sam.patel@council.example.gov.uk' };
const OTHER = { oid: '3c3c3c3c-0000-4000-8000-000000000002', upn: 'ola.other@council.example.gov.uk' };

let sim: GraphSimulation;
let adapters: GraphAdapters;
const delays: number[] = [];
const allRequests: SimRequestRecord[] = [];

const adaptersFor = (clientId: string): GraphAdapters =>
  createGraphAdapters({
    tenantId: sim.tenantId,
    clientId,
    credential: { kind: 'secret', clientSecret: SECRET },
    organisation: 'Fallowmere County Council',
    driveId: 'unused',
    baseUrl: sim.graphBaseUrl,
    authorityHost: sim.loginBaseUrl,
    knownAuthorities: [new URL(sim.url).host],
    networkClient: sim.msalNetworkClient,
    fetch: sim.fetch,
    client: {
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    },
  });

/** The person's Teams SSO token for our API: what the tab sends, and the on-behalf-of assertion. */
const ssoToken = (person: { oid: string; upn: string }, audience = APP_ID) =>
  sim.issueToken({
    kind: 'user',
    oid: person.oid,
    upn: person.upn,
    audience: `api://members-hub.example/${audience}`,
    scopes: ['access_as_user'],
  });

beforeAll(async () => {
  sim = await startGraphSimulation({
    clients: [
      { clientId: APP_ID, secrets: [SECRET], delegatedPermissions: ['Mail.Read', 'User.Read'] },
      { clientId: NO_MAIL_APP, secrets: [SECRET], delegatedPermissions: ['User.Read'] },
    ],
    mailboxes: [
      { userId: CLLR.oid, userPrincipalName: CLLR.upn, messages: sampleMessages() },
      {
        userId: OTHER.oid,
        userPrincipalName: OTHER.upn,
        messages: [
          {
            subject: 'Private to Ola',
            from: { address: 'someone@example.org' },
            to: [{ address: OTHER.upn }],
            receivedDateTime: new Date().toISOString(),
            bodyText: 'Only for Ola.',
          },
        ],
      },
    ],
  });
  adapters = adaptersFor(APP_ID);
});

afterAll(async () => {
  allRequests.push(...sim.requests);
  await sim.close();
});

beforeEach(() => {
  allRequests.push(...sim.requests);
  sim.requests.clear();
  sim.faults.clear();
  delays.length = 0;
});

describe('GraphMailbox', () => {
  it('lists the person’s recent messages, newest first, with a delegated Mail.Read token got on their behalf', async () => {
    const messages = await adapters.mailbox.recent({ userAssertion: ssoToken(CLLR) }, 2);
    expect(messages).toEqual([
      {
        id: expect.any(String),
        subject: 'Pothole outside 14 Mill Lane – photos and letter attached',
        from: 'Jane Resident <jane.resident@example.org>',
        receivedAt: expect.any(String),
        preview: expect.stringContaining('Dear Cllr Patel'),
        hasAttachments: true,
      },
      expect.objectContaining({
        subject: 'RE: Bin collections on Orchard Road',
        from: 'Waste Services <waste@council.example.gov.uk>',
        hasAttachments: false,
      }),
    ]);
    const [list] = sim.requests.graph();
    expect(list?.url).toBe(
      '/v1.0/me/messages?$top=2&$select=id,subject,from,receivedDateTime,bodyPreview,hasAttachments&$orderby=receivedDateTime%20desc',
    );
    const bearer = list?.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const jti = JSON.parse(Buffer.from(bearer.split('.')[1] ?? '', 'base64url').toString('utf8'))
      .jti as string;
    expect(sim.state.tokens().find((t) => t.jti === jti)).toMatchObject({
      kind: 'user',
      oid: CLLR.oid,
      scopes: ['Mail.Read'],
      appId: APP_ID,
    });
    // The delegated token stays inside: nothing handed back carries it.
    expect(JSON.stringify(messages)).not.toContain(bearer);
  });

  it('asks for between 1 and 50 messages', async () => {
    await adapters.mailbox.recent({ userAssertion: ssoToken(CLLR) }, 500);
    await adapters.mailbox.recent({ userAssertion: ssoToken(CLLR) }, 0);
    expect(sim.requests.graph().map((r) => new URLSearchParams(r.query).get('$top'))).toEqual(['50', '1']);
  });

  it('reads only the mailbox of the person whose token it was given', async () => {
    const theirs = await adapters.mailbox.recent({ userAssertion: ssoToken(OTHER) }, 10);
    expect(theirs.map((m) => m.subject)).toEqual(['Private to Ola']);
    expect(theirs[0]?.from).toBe('someone@example.org');
    const mine = await adapters.mailbox.recent({ userAssertion: ssoToken(CLLR) }, 10);
    expect(mine.map((m) => m.subject)).not.toContain('Private to Ola');
  });

  it('gives the whole message as MIME, attachments included', async () => {
    const who = { userAssertion: ssoToken(CLLR) };
    const [first] = await adapters.mailbox.recent(who, 1);
    const mime = await adapters.mailbox.mime(who, first?.id ?? '');
    const text = mime.toString('utf8');
    expect(text).toMatch(/^From: /m);
    expect(text).toContain('Subject: ');
    expect(text).toContain(SAMPLE_PDF.toString('base64').slice(0, 60));
    expect(sim.requests.graph().at(-1)?.path).toBe(
      `/v1.0/me/messages/${encodeURIComponent(first?.id ?? '')}/$value`,
    );
  });

  it('waits out throttling like every other Graph call', async () => {
    sim.faults.inject({ kind: 'throttle', retryAfterSeconds: 4, match: { path: '/me/messages' } });
    await adapters.mailbox.recent({ userAssertion: ssoToken(CLLR) }, 3);
    expect(delays).toEqual([4000]);
  });

  it('a message that is not there is not-found, with Graph’s request id', async () => {
    const error = await adapters.mailbox
      .mime({ userAssertion: ssoToken(CLLR) }, 'AAMkNOPE')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'DocumentStoreError',
      code: 'not-found',
      details: { status: 404, requestId: sim.requests.graph().at(-1)?.requestId },
    });
  });

  it('without consent to Mail.Read the exchange is refused, typed, and Graph is never called', async () => {
    const noMail = adaptersFor(NO_MAIL_APP);
    const error = await noMail.mailbox
      .recent({ userAssertion: ssoToken(CLLR, NO_MAIL_APP) }, 5)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'DocumentStoreError',
      code: 'forbidden',
      details: { storeCode: 'invalid_grant' },
    });
    expect(sim.requests.graph()).toEqual([]);
  });

  it('formats senders as "Name <address>", or the address alone', () => {
    expect(formatSender({ emailAddress: { name: 'A B', address: 'a@b.example' } })).toBe('A B <a@b.example>');
    expect(formatSender({ emailAddress: { name: 'a@b.example', address: 'a@b.example' } })).toBe(
      'a@b.example',
    );
    expect(formatSender({ emailAddress: { address: 'a@b.example' } })).toBe('a@b.example');
    expect(formatSender(null)).toBe('');
  });

  it('every mailbox request conforms to Graph’s v1.0 schema', () => {
    allRequests.push(...sim.requests);
    expect(allRequests.filter((r) => r.target !== 'login').length).toBeGreaterThan(5);
    assertAllConform(allRequests);
  });
});
