import type { Clock } from '../src/app/ports';
import { LOCAL_TENANT_ID } from '../src/main';
import { expectValidCard } from './support/adaptive-card-schema';
import { actionsIn, cardText } from './support/bot-harness';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { aCase, PEOPLE, startTestApp, type TestApp, type Who } from './support/test-app';

/**
 * "Open" and "new since you last looked", driven through both doors a councillor uses: the tab's API and
 * the bot on POST /api/messages, on one running service with one clock.
 */
describe('open cases and news, alike in the tab and the bot', () => {
  let now = new Date('2026-11-23T10:00:00.000Z'); // Monday
  const clock: Clock = { now: () => now };
  let t: TestApp;
  let connector: ConnectorServer;
  const refs = {} as Record<'waiting' | 'routed' | 'held' | 'closed' | 'answered', string>;
  let turn = 0;

  /** An API call with a token issued now (the clock moves, so no token is kept). */
  const call = async (who: Who, method: string, path: string, body?: unknown) => {
    const { token } = await (await t.issuer(clock)).issue(PEOPLE[who]);
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  /** What Alice types to the bot, and the card it replies with. */
  const ask = async (text: string) => {
    const id = `incoming-${++turn}`;
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id,
        text,
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        locale: 'en-GB',
        from: { id: '29:alice-open', aadObjectId: PEOPLE.alice.oid, name: PEOPLE.alice.displayName },
        recipient: { id: '28:members-hub', name: 'Members\u2019 Hub' },
        conversation: { id: 'a:alice-open', conversationType: 'personal', tenantId: LOCAL_TENANT_ID },
        channelData: { tenant: { id: LOCAL_TENANT_ID } },
      }),
    });
    expect(res.status).toBe(200);
    const [reply] = connector.delivered('a:alice-open').filter((r) => r.replyToId === id);
    return reply!.activity as { text?: string; attachments?: { content: any }[] };
  };

  const botCount = async (): Promise<number> => {
    const reply = await ask('my cases');
    const card = reply.attachments?.[0]?.content;
    if (!card) return 0;
    expectValidCard(card);
    const match = /\d+ to \d+ of (\d+)/.exec(cardText(card));
    return Number(match?.[1]);
  };
  const tabList = async () => (await call('alice', 'GET', '/api/cases?mine=true&open=true&limit=100')).body;

  const raise = async (title: string) =>
    (await call('alice', 'POST', '/api/cases', aCase({ title }))).body.ref;
  const act = async (who: Who, ref: string, action: Record<string, unknown>) => {
    const res = await call(who, 'POST', `/api/cases/${ref}/actions`, action);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    connector = await startConnectorServer();
    refs.waiting = await raise('Blocked drain on Elm Road');
    refs.routed = await raise('Streetlight out on Mill Lane');
    await act('sue', refs.routed, { type: 'triage', departmentId: 'dept-highways' });
    refs.held = await raise('Overgrown verge on Station Road');
    await act('sue', refs.held, { type: 'triage', departmentId: 'dept-highways' });
    await act('hal', refs.held, { type: 'hold', reason: 'Waiting for the contractor.' });
    refs.closed = await raise('Bin not collected');
    await act('sue', refs.closed, { type: 'close', reason: 'Withdrawn.' });
    refs.answered = await raise('Pothole outside the school');
    await act('sue', refs.answered, { type: 'triage', departmentId: 'dept-highways' });
    // Friday 27 November 2026: the response opens five working days for a follow-up, to Friday 4 December.
    now = new Date('2026-11-27T10:00:00.000Z');
    await act('hal', refs.answered, {
      type: 'respond',
      response: 'Filled on Thursday; the gang returns in May.',
    });
  }, 120_000);
  afterAll(async () => {
    await connector?.close();
    await t?.stop();
  });

  it('counts the same open cases in the tab and the bot, an unread answer among them, marked new in both', async () => {
    const list = await tabList();
    const byRef = new Map(list.items.map((c: any) => [c.ref, c]));
    expect([...byRef.keys()].sort()).toEqual([refs.waiting, refs.routed, refs.held, refs.answered].sort());
    expect(byRef.get(refs.answered)).toMatchObject({ status: 'responded', news: true, followUpOpen: true });
    expect(byRef.get(refs.waiting)).toMatchObject({ news: false });
    expect(await botCount()).toBe(list.total);

    const text = cardText((await ask('my cases')).attachments![0]!.content);
    expect(text).toContain('New since you last looked\nPothole outside the school');
    // The answer, the triage of the streetlight and the hold on the verge: each a change by someone else.
    expect(text.match(/New since you last looked/g)).toHaveLength(3);
  });

  it('shows the response itself on the status card, and after that the case is no longer new nor open', async () => {
    const card = (await ask(`status ${refs.answered}`)).attachments![0]!.content;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain(
      'The response\nFrom Hal Highways, 27 Nov 2026 10:00\nFilled on Thursday; the gang returns in May.',
    );
    expect(text).toContain('Responded: you can follow up until Fri 4 Dec 2026');

    const list = await tabList();
    expect(list.items.map((c: any) => c.ref)).not.toContain(refs.answered);
    expect(await botCount()).toBe(list.total);
    expect(list.total).toBe(3);

    const reads = await t.app.db.query<{ detail: any }>(
      `SELECT detail FROM audit_log WHERE action = 'case.read' AND case_ref = $1 AND actor_id = 'p-alice'`,
      [refs.answered],
    );
    expect(reads.rows.at(-1)?.detail).toMatchObject({ seen: expect.any(Number) });
  });

  it('marks a case new again when someone else changes it, and reading it in the tab clears the mark', async () => {
    await act('hal', refs.routed, { type: 'assign', officerId: 'p-hal' });
    const before = (await tabList()).items.find((c: any) => c.ref === refs.routed);
    expect(before.news).toBe(true);
    expect((await call('alice', 'GET', `/api/cases/${refs.routed}`)).status).toBe(200);
    const after = (await tabList()).items.find((c: any) => c.ref === refs.routed);
    expect(after.news).toBe(false);
    // Her own change is not news to her.
    await act('alice', refs.routed, { type: 'share', memberId: 'p-bob' });
    expect((await tabList()).items.find((c: any) => c.ref === refs.routed).news).toBe(false);
  });

  it('offers the follow-up window the clock enforces: to the last minute of Fri 4 Dec, closed on Sat 5 Dec', async () => {
    now = new Date('2026-12-04T23:59:00.000Z'); // 23:59 in London (GMT)
    let card = (await ask(`status ${refs.answered}`)).attachments![0]!.content;
    expect(cardText(card)).toContain('Responded: you can follow up until Fri 4 Dec 2026');
    expect(actionsIn(card).map((a) => a.title)).toContain('Follow up');

    now = new Date('2026-12-05T09:00:00.000Z');
    card = (await ask(`status ${refs.answered}`)).attachments![0]!.content;
    const text = cardText(card);
    expect(text).not.toContain('you can follow up until');
    expect(text).toContain('Responded: the follow-up window closed after Fri 4 Dec 2026');
    expect(actionsIn(card).map((a) => a.title)).not.toContain('Follow up');
    const view = (await call('alice', 'GET', `/api/cases/${refs.answered}`)).body;
    expect(view.followUpOpen).toBe(false);
    const refused = await call('alice', 'POST', `/api/cases/${refs.answered}/actions`, {
      type: 'follow-up',
      text: 'Is May still the plan?',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual([{ path: 'followUpUntil', message: '2026-12-04' }]);
  });

  it('drops an unread answer from the open cases once its follow-up window has ended', async () => {
    now = new Date('2026-12-07T10:00:00.000Z');
    const late = await raise('Broken bench in the park');
    await act('sue', late, { type: 'triage', departmentId: 'dept-highways' });
    await act('hal', late, { type: 'respond', response: 'Mended.' });
    expect((await tabList()).items.find((c: any) => c.ref === late)).toMatchObject({ news: true });
    now = new Date('2026-12-15T10:00:00.000Z'); // window to Mon 14 Dec
    const list = await tabList();
    expect(list.items.map((c: any) => c.ref)).not.toContain(late);
    expect(await botCount()).toBe(list.total);
  });
});
