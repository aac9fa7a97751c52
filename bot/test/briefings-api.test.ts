import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { startTestApp, type TestApp, PEOPLE } from './support/test-app';
import { expectValidCard } from './support/adaptive-card-schema';
import { pdfText } from './support/briefing-fixtures';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, done: () => boolean | Promise<boolean>, limitMs = 20_000) => {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await pause(25);
  }
};

const CSV = [
  'reference,title,summary,decision_maker_type,decision_maker,status,date,key_decision,subject_to_call_in,call_in_deadline,wards,reasons,links,taking_part',
  'CAB-1,Northtown library *extension*,Extend the library.,cabinet,Cabinet,taken,2026-11-05,yes,yes,2026-11-12,North Division,The building is too small.,Report|https://democracy.test.example/r1.pdf,',
  'CAB-2,Southtown bus shelters,Replace shelters.,cabinet,Cabinet,forthcoming,2027-02-10,yes,no,,South Division,,,Cabinet meets at County Hall; the meeting is webcast.',
  'CAB-3,County budget consultation,Consult on next year\u2019s budget.,council,Full Council,taken,2026-11-20,yes,no,,all,A balanced budget is required by law.,,',
].join('\n');

const TEAM = { id: '19:team-general@thread.tacv2', name: 'Members' };
const CHANNEL = { id: '19:north-news@thread.tacv2', name: 'North news' };

/** The briefings API end to end through HTTP: the real service, PGlite, and the test connector for Teams. */
describe('the briefings API', () => {
  let t: TestApp;
  let connector: ConnectorServer;

  beforeAll(async () => {
    connector = await startConnectorServer();
    t = await startTestApp({
      env: { BRIEFING_POLL_INTERVAL_MS: '20', BRIEFING_SCHEDULE_INTERVAL_SECONDS: '0' },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await connector?.close();
  });

  /** An activity from Teams to the bot (local mode: no Bot Framework token). */
  const activity = (body: Record<string, unknown>) =>
    fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        id: `act-${Math.random()}`,
        recipient: { id: '28:bot', name: 'Members\u2019 Hub' },
        ...body,
      }),
    });

  it('records a team\u2019s channels when the app is installed, and marks a deleted one inactive', async () => {
    connector.setTeamChannels(TEAM.id, [
      { id: TEAM.id },
      CHANNEL,
      { id: '19:old@thread.tacv2', name: 'Old' },
    ]);
    const teamData = { tenant: { id: 'tenant-1' }, team: { id: TEAM.id, name: TEAM.name } };
    const install = await activity({
      type: 'installationUpdate',
      action: 'add',
      from: { id: '29:ada', aadObjectId: PEOPLE.ada.oid },
      conversation: { id: TEAM.id, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      channelData: { ...teamData, channel: { id: TEAM.id } },
    });
    expect(install.status).toBeLessThan(300);
    await activity({
      type: 'conversationUpdate',
      from: { id: '29:ada', aadObjectId: PEOPLE.ada.oid },
      conversation: { id: TEAM.id, conversationType: 'channel', isGroup: true },
      channelData: {
        ...teamData,
        eventType: 'channelDeleted',
        channel: { id: '19:old@thread.tacv2', name: 'Old' },
      },
    });
    const { status, body } = await t.call('ada', 'GET', '/api/briefings/channels');
    expect(status).toBe(200);
    expect(body.channels.map((c: any) => [c.name, c.active])).toEqual([
      ['General', true],
      ['North news', true],
      ['Old', false],
    ]);
    expect(body.targets.map((x: any) => x.target)).toEqual(['council', 'ward:ward-north', 'ward:ward-south']);
  });

  it('lets an administrator map briefings to channels, and nobody else', async () => {
    expect(
      (await t.call('bob', 'PUT', '/api/briefings/channels', { target: 'council', channelId: CHANNEL.id }))
        .status,
    ).toBe(403);
    const bad = await t.call('ada', 'PUT', '/api/briefings/channels', {
      target: 'parish',
      channelId: CHANNEL.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('target');
    const unknown = await t.call('ada', 'PUT', '/api/briefings/channels', {
      target: 'council',
      channelId: '19:nope',
    });
    expect(unknown.body).toMatchObject({ code: 'validation_failed', issues: [{ path: 'channelId' }] });
    for (const target of ['council', 'ward:ward-north'])
      expect(
        (await t.call('ada', 'PUT', '/api/briefings/channels', { target, channelId: CHANNEL.id })).status,
      ).toBe(200);
  });

  it('imports decisions from CSV for officers only, and refuses a bad decision naming the field', async () => {
    expect((await t.call('alice', 'POST', '/api/decisions/import/csv', { csv: CSV })).status).toBe(403);
    const missing = await t.call('sue', 'POST', '/api/decisions/import/csv', { csv: 'title\nx' });
    expect(missing.body).toMatchObject({ code: 'validation_failed', issues: [{ path: 'file' }] });
    const report = await t.call('sue', 'POST', '/api/decisions/import/csv', { csv: CSV });
    expect(report.body).toMatchObject({ added: 3, refused: 0 });
    const badLink = await t.call('sue', 'POST', '/api/decisions', {
      title: 'A decision',
      maker: { kind: 'officer', name: 'Director' },
      status: 'taken',
      date: '2026-11-10',
      keyDecision: false,
      callIn: { subject: false, deadline: null },
      wards: 'all',
      wardsConfirmed: true,
      links: [{ title: 'Papers', url: 'javascript:alert(1)' }],
    });
    expect(badLink.status).toBe(400);
    expect(badLink.body.issues[0].path).toBe('links.0.url');
    const list = await t.call('alice', 'GET', '/api/decisions');
    expect(list.body.decisions).toHaveLength(3);
  });

  it('reads an import\u2019s file only for an officer, as UTF-8 JSON up to its own limit, and says why not', async () => {
    const row = CSV.split('\n')[1]!.replace('CAB-1', 'CAB-BIG');
    // Larger than the API's usual 256 KiB, smaller than an import's 2 MiB: accepted.
    const big = [CSV.split('\n')[0], row.replace('Extend the library.', 'x'.repeat(400_000))].join('\n');
    const accepted = await t.call('sue', 'POST', '/api/decisions/import/csv', { csv: big });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ refused: 1 });
    // A councillor is refused before the body is read, however large it is.
    const tooBig = { csv: 'y'.repeat(3 * 1024 * 1024) };
    expect((await t.call('alice', 'POST', '/api/decisions/import/csv', tooBig)).status).toBe(403);
    const over = await t.call('sue', 'POST', '/api/decisions/import/csv', tooBig);
    expect(over.status).toBe(413);
    const nul = await t.call('sue', 'POST', '/api/decisions/import/csv', { csv: `${CSV}\u0000` });
    expect(nul.status).toBe(400);
    expect(nul.body.issues[0].path).toBe('csv');
    for (const path of ['/api/decisions/import/csv', '/api/decisions/import/modern-gov/pages']) {
      const plain = await fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.token('sue')}`, 'content-type': 'text/csv' },
        body: CSV,
      });
      expect(plain.status).toBe(415);
    }
    const list = await t.call('sue', 'GET', '/api/decisions');
    expect(list.body.decisions).toHaveLength(3);
  });

  it('composes drafts, takes an introduction, approves, and posts each briefing once into its channel', async () => {
    expect((await t.call('alice', 'POST', '/api/briefings/compose', { period: '2026-11' })).status).toBe(403);
    expect(
      (await t.call('sue', 'POST', '/api/briefings/compose', { period: '2026-13' })).body.issues[0].path,
    ).toBe('period');
    expect((await t.call('sue', 'POST', '/api/briefings/compose', { period: '2026-11' })).body).toEqual({
      composed: 3,
      existing: 0,
    });
    expect((await t.call('sue', 'POST', '/api/briefings/compose', { period: '2026-11' })).body).toEqual({
      composed: 0,
      existing: 3,
    });
    const { body } = await t.call('sue', 'GET', '/api/briefings?period=2026-11');
    const north = body.briefings.find((b: any) => b.wardId === 'ward-north');
    const council = body.briefings.find((b: any) => b.kind === 'decision');
    expect(north.channel).toMatchObject({ name: 'North news' });
    expect(north.content.decisionsTaken.map((d: any) => d.title)).toEqual([
      'Northtown library *extension*',
      'County budget consultation',
    ]);
    // A draft is the officers' only: a councillor of the ward gets the same answer as for no briefing.
    expect((await t.call('alice', 'GET', `/api/briefings/${north.id}`)).status).toBe(404);

    const stale = await t.call('sue', 'PUT', `/api/briefings/${north.id}/introduction`, {
      introduction: 'x',
      version: 99,
    });
    expect(stale.status).toBe(409);
    const intro = await t.call('sue', 'PUT', `/api/briefings/${north.id}/introduction`, {
      introduction: 'Welcome to [your](https://evil.example) briefing.',
      version: north.version,
    });
    expect(intro.status).toBe(200);
    const cards = await t.call('sue', 'GET', `/api/briefings/${north.id}/cards`);
    for (const c of cards.body.cards) expectValidCard(c.card);
    const text = JSON.stringify(cards.body.cards);
    expect(text).toContain('Welcome to \\\\[your\\\\]\\\\(https://evil\\\\.example\\\\) briefing\\\\.');
    expect(text).toContain('Northtown library \\\\*extension\\\\*');

    for (const b of [intro.body, council])
      expect(
        (await t.call('sue', 'POST', `/api/briefings/${b.id}/approve`, { version: b.version })).status,
      ).toBe(200);
    await until('both posts to reach the channel', () => connector.delivered(CHANNEL.id).length >= 2);
    await until('the deliveries to be recorded', async () =>
      (await t.call('sue', 'GET', '/api/briefings?period=2026-11')).body.briefings
        .filter((b: any) => b.status === 'approved')
        .every((b: any) => b.deliveries[0]?.status === 'sent'),
    );
    const posts = connector.delivered(CHANNEL.id);
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(p.path).toBe('/v3/conversations');
    // Approving again changes nothing and posts nothing more.
    expect((await t.call('sue', 'POST', `/api/briefings/${north.id}/approve`, { version: 1 })).status).toBe(
      200,
    );
    await pause(200);
    expect(connector.delivered(CHANNEL.id)).toHaveLength(2);

    // Approved: the ward's own councillor may read it, another ward's may not.
    expect((await t.call('alice', 'GET', `/api/briefings/${north.id}`)).status).toBe(200);
    expect((await t.call('bob', 'GET', `/api/briefings/${north.id}`)).status).toBe(404);
  });

  it('shares the approved decision briefing as a PDF and a public page with nothing internal in them', async () => {
    const { body } = await t.call('sue', 'GET', '/api/briefings?period=2026-11');
    const council = body.briefings.find((b: any) => b.kind === 'decision');
    expect(council.shareToken).toEqual(expect.any(String));
    const pdf = await fetch(`${t.url}/api/briefings/${council.id}/pdf`, {
      headers: { authorization: `Bearer ${await t.token('alice')}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const pdfTextContent = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(pdfTextContent).toContain('County budget consultation');
    const page = await fetch(`${t.url}/briefings/shared/${council.shareToken}`);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    expect(html).toContain('Northtown library *extension*');
    for (const internal of ['/tab', '/api', 'Welcome to']) expect(html).not.toContain(internal);
    expect((await fetch(`${t.url}/briefings/shared/not-a-real-token-at-all`)).status).toBe(404);
    const ward = body.briefings.find((b: any) => b.wardId === 'ward-north');
    expect((await t.call('sue', 'GET', `/api/briefings/${ward.id}/pdf`)).status).toBe(404);
  });

  it('answers `briefing` in a personal chat with the member\u2019s own ward\u2019s latest briefing', async () => {
    const before = connector.requests.length;
    await activity({
      type: 'message',
      text: 'briefing',
      from: { id: '29:alice', aadObjectId: PEOPLE.alice.oid },
      conversation: { id: 'a:alice-personal', conversationType: 'personal', tenantId: 'tenant-1' },
    });
    await until('the reply', () => connector.requests.length > before);
    const reply = connector.requests[before]!;
    expect(reply.conversationId).toBe('a:alice-personal');
    const card = reply.activity.attachments[0].content;
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('North Division: ward briefing for November 2026');
  });
});
