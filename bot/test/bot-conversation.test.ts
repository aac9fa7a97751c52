import { expectValidCard } from './support/adaptive-card-schema';
import {
  actionsIn,
  cardText,
  cardsIn,
  startBotHarness,
  STRANGER,
  TENANT_ID,
  type BotHarness,
} from './support/bot-harness';
import { notFound } from '../src/bot/replies';

/** Monday 2 March 2026: the first cases are raised; four weeks later (when the tests run) they are overdue. */
const FIRST_DAY = '2026-03-02T10:00:00.000Z';
const TODAY = '2026-03-30T10:00:00.000Z';

describe('the bot in a personal chat', () => {
  let h: BotHarness;
  const refs: Record<string, string> = {};

  /** A case the department has responded to: the member may follow it up. */
  const respondedCase = async (title: string): Promise<string> => {
    const ref = await h.raise('alice', { title, category: 'Street lighting', description: 'Dark at night.' });
    await h.casework.act(h.actor('sue'), ref, { type: 'triage', departmentId: 'dept-highways' });
    await h.casework.act(h.actor('hal'), ref, { type: 'respond', response: 'A new lamp is fitted.' });
    return ref;
  };

  const auditRows = async (where: string, params: unknown[]) =>
    (
      await h.db.query<{ action: string; outcome: string; case_ref: string | null; actor_id: string }>(
        `SELECT action, outcome, case_ref, actor_id FROM audit_log WHERE ${where} ORDER BY id`,
        params,
      )
    ).rows;

  beforeAll(async () => {
    h = await startBotHarness({ start: FIRST_DAY, tenantId: TENANT_ID });
    refs.overdue = await h.raise('alice', {
      title: 'Potholes on Elm Road',
      category: 'Highways',
      description: 'Deep potholes near number 12.',
    });
    h.setNow(TODAY);
    refs.drain = await h.raise('alice', { title: 'Blocked drain on Elm Road' });
    refs.responded = await respondedCase('Broken streetlight on Mill Lane');
    refs.bobs = await h.raise('bob', {
      title: 'Fly-tipping behind the Elm Road shops',
      category: 'Waste',
      wardId: 'ward-south',
      description: 'Mattresses dumped again.',
    });
  }, 120_000);
  afterAll(() => h?.stop());

  const statusCardOf = async (text: string, who: 'alice' | 'bob' = 'alice') => {
    const replies = await h.chat(who).send(text);
    const [card] = cardsIn(replies);
    return { replies, card };
  };

  it('answers help with a card of commands and buttons', async () => {
    const replies = await h.chat('alice').send('help');
    expect(replies).toHaveLength(1);
    const [card] = cardsIn(replies);
    expectValidCard(card);
    expect(cardText(card)).toContain('my cases');
    const buttons = actionsIn(card).map((a) => a.title);
    expect(buttons).toEqual(['My cases', 'New case', 'Open Members\u2019 Hub']);
    expect(actionsIn(card).slice(0, 2)).toEqual([
      { type: 'Action.Execute', title: 'My cases', verb: 'myCases' },
      { type: 'Action.Execute', title: 'New case', verb: 'newCase' },
    ]);
  });

  it('tells someone the directory does not know that they are not set up, and does nothing else', async () => {
    const auditBefore = await auditRows('true', []);
    const replies = await h.chat(STRANGER).send('my cases');
    expect(replies.map((r) => r.text)).toEqual([
      'Sorry, you are not set up in Members\u2019 Hub yet, so I cannot show you any casework. If you have just been given a role in it, open the Members\u2019 Hub tab once or try again in ten minutes; otherwise ask your IT team for one.',
    ]);
    expect(cardsIn(replies)).toEqual([]);
    expect(await auditRows('true', [])).toHaveLength(auditBefore.length);
    const saved = await h.db.query(`SELECT 1 FROM conversation_references WHERE user_id = $1`, [STRANGER.id]);
    expect(saved.rows).toEqual([]);
  });

  it('lists the member\u2019s open cases, overdue first, with status and due date, and none of another member\u2019s', async () => {
    const replies = await h.chat('alice').send('my cases');
    const [card] = cardsIn(replies);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Your open cases');
    expect(text.indexOf(refs.overdue!)).toBeGreaterThan(-1);
    expect(text.indexOf(refs.overdue!)).toBeLessThan(text.indexOf(refs.drain!));
    expect(text).toMatch(/Overdue by \d+ working days/);
    expect(text).toContain(`${refs.drain} \u00b7 New: waiting for triage \u00b7 due `);
    expect(text).not.toContain(refs.bobs!);
    const show = actionsIn(card).find((a) => a.title === `Show ${refs.drain}`);
    expect(show).toMatchObject({ type: 'Action.Execute', verb: 'showCase', data: { ref: refs.drain } });
    expect(actionsIn(card).find((a) => a.title === 'New case')).toMatchObject({
      type: 'Action.Execute',
      verb: 'newCase',
    });
  });

  it('pages a long list with a "More" button that asks for the next page', async () => {
    for (let i = 0; i < 9; i++)
      await h.raise('bob', { title: `Bob\u2019s case ${i}`, wardId: 'ward-south', description: 'Paging.' });
    const first = cardsIn(await h.chat('bob').send('my cases'))[0];
    expectValidCard(first);
    expect(cardText(first)).toContain('1 to 8 of 10, overdue first.');
    const more = actionsIn(first).find((a) => a.title === 'More');
    expect(more).toMatchObject({ type: 'Action.Execute', verb: 'myCases' });
    expect(Number(more?.data?.page)).toBe(2);
    const second = cardsIn(await h.chat('bob').send('my cases 2'))[0];
    expect(cardText(second)).toContain('9 to 10 of 10, overdue first.');
    expect(actionsIn(second).some((a) => a.title === 'More')).toBe(false);
    expect((await h.chat('bob').send('my cases 7')).map((r) => r.text)).toEqual([
      'That is the end of the list: you have 10 open cases. Say my cases to start again.',
    ]);
  });

  it('shows one case as a card: status, stage, department, due date, latest events, follow-up and tab buttons', async () => {
    const { replies, card } = await statusCardOf(`status ${refs.responded}`);
    expect(replies).toHaveLength(1);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Broken streetlight on Mill Lane');
    expect(text).toContain('Status: Responded');
    expect(text).toContain('Stage: Stage 1');
    expect(text).toContain('Department: Highways');
    expect(text).toMatch(/Response due: \w{3} \d{1,2} \w{3} 2026/);
    expect(text).toMatch(/Responded: you can follow up until/);
    expect(text).toContain('The department responded by Hal Highways');
    expect(text).toContain('Triaged and sent to the department by Sue Support');
    expect(text).toContain('Case raised by Cllr Alice Test');
    expect(actionsIn(card.actions).map((a) => `${a.type}:${a.title}`)).toEqual([
      'Action.ShowCard:Follow up',
      'Action.Execute:Send follow-up',
      'Action.OpenUrl:Open in Members\u2019 Hub',
    ]);
    expect(actionsIn(card).find((a) => a.type === 'Action.OpenUrl')?.url).toBe(
      `https://hub.test.example/tab/cases/${refs.responded}`,
    );
    expect(card.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        title: 'Refresh',
        verb: 'refreshCase',
        data: { ref: refs.responded },
      },
      userIds: ['29:alice'],
    });
  });

  it('shows working days left on an open case and "overdue by" on a late one', async () => {
    expect(cardText((await statusCardOf(`status ${refs.drain}`)).card)).toMatch(
      /On track: \d+ working days left/,
    );
    expect(cardText((await statusCardOf(`status ${refs.overdue}`)).card)).toMatch(
      /Overdue by \d+ working days/,
    );
  });

  it('finds a reference anywhere in a sentence, in any case', async () => {
    const { card } = await statusCardOf(`any news on ${refs.drain!.toLowerCase()}?`);
    expect(cardText(card)).toContain('Blocked drain on Elm Road');
  });

  it('answers a member asking for another member\u2019s case exactly as for a case that does not exist', async () => {
    const missing = 'MH-2026-09999';
    const asked = await h.chat('alice').send(`status ${refs.bobs}`);
    const absent = await h.chat('alice').send(`status ${missing}`);
    const strip = (replies: typeof asked, ref: string) =>
      replies.map(({ type, text, attachments }) => ({
        type,
        text: text?.split(ref).join('<ref>'),
        attachments,
      }));
    expect(strip(asked, refs.bobs!)).toEqual(strip(absent, missing));
    expect(asked.map((r) => r.text)).toEqual([notFound(refs.bobs!)]);
    const denied = await auditRows(`actor_id = 'p-alice' AND outcome = 'denied' AND case_ref = ANY($1)`, [
      [refs.bobs, missing],
    ]);
    expect(denied.map((r) => [r.action, r.case_ref])).toEqual([
      ['case.read', refs.bobs],
      ['case.read', missing],
    ]);
  });

  it('answers plain words with the one matching case', async () => {
    const { replies, card } = await statusCardOf('What\u2019s happening with the Elm Road drain?');
    expect(replies).toHaveLength(1);
    expectValidCard(card);
    expect(cardText(card)).toContain(refs.drain);
    expect(cardText(card)).toContain('Blocked drain on Elm Road');
  });

  it('asks which case is meant, with buttons, when several of the member\u2019s cases match', async () => {
    const [card] = cardsIn(await h.chat('alice').send('what about Elm Road?'));
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Which case do you mean?');
    expect(text).toContain(refs.drain);
    expect(text).toContain(refs.overdue);
    expect(text).not.toContain(refs.bobs);
    const shows = actionsIn(card).filter((a) => a.verb === 'showCase');
    expect(shows.every((a) => a.type === 'Action.Execute')).toBe(true);
    expect(shows.map((a) => a.data?.ref)).toEqual(expect.arrayContaining([refs.drain, refs.overdue]));
  });

  it('says so when nothing of the member\u2019s matches', async () => {
    const replies = await h.chat('alice').send('what\u2019s happening with the zebra crossing?');
    expect(replies.map((r) => r.text)).toEqual([
      'I could not find a case of yours about \u201czebra crossing\u201d. Say my cases to see them all.',
    ]);
  });

  it('does not find another member\u2019s case by its words', async () => {
    const replies = await h.chat('alice').send('fly-tipping mattresses');
    expect(replies.map((r) => r.text)).toEqual([
      'I could not find a case of yours about \u201cfly tipping mattresses\u201d. Say my cases to see them all.',
    ]);
  });

  it('sends the new case form with the member\u2019s division chosen', async () => {
    const [card] = cardsIn(await h.chat('alice').send('new case'));
    expectValidCard(card);
    const ward = JSON.stringify(card);
    expect(ward).toContain('"id":"wardId"');
    expect(card.body.find((e: any) => e.id === 'wardId').value).toBe('ward-north');
    expect(card.body.find((e: any) => e.id === 'wardId').choices).toEqual([
      { title: 'North Division', value: 'ward-north' },
      { title: 'South Division', value: 'ward-south' },
    ]);
    expect(actionsIn(card).map((a) => [a.type, a.verb])).toEqual([['Action.Execute', 'createCase']]);
  });

  const form = {
    kind: 'complaint',
    name: 'Robin Resident',
    email: '',
    phone: '01632 960123',
    address: '4 Mill Lane, Northtown',
    postcode: 'wq1 9zz',
    consent: 'false',
    wardId: 'ward-north',
    category: 'Parks',
    title: 'Broken swings in Mill Lane park',
    description: 'Two swings have been broken for a month.',
  };
  const submit = (data: Record<string, unknown>, who: 'alice' | 'hal' = 'alice') =>
    h.chat(who).invoke('adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'createCase', data: { form: 'new-case', ...data } },
    });
  const countCases = async () =>
    Number((await h.db.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);

  it('shows validation errors on the form, keeps what was typed, and creates nothing', async () => {
    const before = await countCases();
    const response = await submit({ ...form, postcode: 'nowhere', title: '   ', wardId: 'ward-atlantis' });
    expect(response.status).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = response.body.value;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('2 things need changing before the case can be raised.');
    expect(text).toContain('Enter a UK postcode such as WQ1 2AB.');
    expect(text).toContain('Short title is required.');
    expect(card.body.find((e: any) => e.id === 'postcode').value).toBe('nowhere');
    expect(card.body.find((e: any) => e.id === 'name').value).toBe('Robin Resident');
    expect(await countCases()).toBe(before);
  });

  it('shows the use case\u2019s refusal on the form (a division that does not exist)', async () => {
    const before = await countCases();
    const response = await submit({ ...form, wardId: 'ward-atlantis' });
    expect(cardText(response.body.value)).toContain('Choose the electoral division.');
    expect(await countCases()).toBe(before);
  });

  it('offers the managed list\u2019s active categories as a choice, in its order, and no retired one', async () => {
    await h.categories.update(h.actor('ada'), 'bins', () => ({ active: false }));
    const offered = (await h.categories.offered()).map((c) => c.name);
    const [card] = cardsIn(await h.chat('alice').send('new case'));
    expectValidCard(card);
    const category = card.body.find((e: any) => e.id === 'category');
    expect(category).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', isRequired: true });
    expect(category.choices).toEqual(offered.map((name) => ({ title: name, value: name })));
    expect(offered).toContain('Parks');
    expect(offered).not.toContain('Bins');
  });

  it('refuses a category not on the list on the form, keeping what was typed, and creates nothing', async () => {
    const before = await countCases();
    const response = await submit({ ...form, category: 'Unicorn sightings' });
    const card = response.body.value;
    expectValidCard(card);
    expect(cardText(card)).toContain('Choose a category from the list.');
    expect(card.body.find((e: any) => e.id === 'name').value).toBe('Robin Resident');
    expect(await countCases()).toBe(before);
  });

  it('creates the case from a valid form and replaces the form with the new case\u2019s card', async () => {
    const before = await countCases();
    const response = await submit(form);
    const card = response.body.value;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toMatch(/Case MH-2026-\d{5} raised\. Democratic Services will acknowledge it by /);
    expect(text).toContain('Broken swings in Mill Lane park');
    expect(text).toContain('Formal complaint');
    expect(await countCases()).toBe(before + 1);
    const ref = card.refresh.action.data.ref as string;
    const stored = await h.casework.get(h.actor('alice'), ref);
    expect(stored).toMatchObject({
      kind: 'complaint',
      memberId: 'p-alice',
      constituent: {
        name: 'Robin Resident',
        phone: '01632 960123',
        postcode: 'WQ1 9ZZ',
        consentToShare: false,
      },
    });
  });

  it('raises one case when the form is submitted twice (a double click), answering both with it', async () => {
    const [card] = cardsIn(await h.chat('alice').send('new case'));
    const submissionId = actionsIn(card).find((a) => a.verb === 'createCase')!.data.submissionId as string;
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);
    // Another constituent than the case raised above, so the likely-duplicate check finds nothing.
    const other = { ...form, name: 'Jo Neighbour', phone: '01632 960777', address: '9 Oak Close, Northtown' };
    const before = await countCases();
    const clicks = await Promise.all([
      submit({ ...other, submissionId }),
      submit({ ...other, submissionId }),
    ]);
    const refs = clicks.map((c) => c.body.value.refresh.action.data.ref as string);
    expect(refs[0]).toBe(refs[1]);
    expect(await countCases()).toBe(before + 1);
    // A later click on the same form still answers with that case.
    const late = await submit({ ...other, submissionId });
    expect(late.body.value.refresh.action.data.ref).toBe(refs[0]);
    expect(await countCases()).toBe(before + 1);
  });

  it('keeps the form’s key when it comes back with errors, and a new form gets a new key', async () => {
    const [card] = cardsIn(await h.chat('alice').send('new case'));
    const keyOf = (c: unknown) => actionsIn(c).find((a) => a.verb === 'createCase')!.data.submissionId;
    const submissionId = keyOf(card);
    const corrected = await submit({ ...form, title: '', submissionId });
    expect(keyOf(corrected.body.value)).toBe(submissionId);
    const [another] = cardsIn(await h.chat('alice').send('new case'));
    expect(keyOf(another)).not.toBe(submissionId);
  });

  it('does not let an officer raise a case from the chat form', async () => {
    const before = await countCases();
    expect((await h.chat('hal').send('new case')).map((r) => r.text)).toEqual([
      'Raising a case in chat is for councillors. Officers raise cases for members and MPs in the Members\u2019 Hub tab.',
    ]);
    const response = await submit(form, 'hal');
    expect(cardText(response.body.value)).toContain('Raising a case in chat is for councillors.');
    expect(await countCases()).toBe(before);
  });

  it('adds a follow-up from "follow up <ref> <text>"', async () => {
    const ref = await respondedCase('Faded road markings on Station Road');
    const replies = await h.chat('alice').send(`follow up ${ref} When will the lines be repainted?`);
    expect(replies[0]?.text).toBe(`Your follow-up question has gone to the department. (${ref})`);
    expect(cardText(cardsIn(replies)[0])).toContain('Status: With the department');
    const timeline = await h.casework.timeline(h.actor('alice'), ref);
    expect(timeline.at(-1)).toMatchObject({
      type: 'followed-up',
      actorId: 'p-alice',
      data: expect.objectContaining({ text: 'When will the lines be repainted?' }),
    });
  });

  it('adds a follow-up from the card\u2019s button and answers with the updated card', async () => {
    const ref = await respondedCase('Flooded underpass');
    const response = await h.chat('alice').invoke('adaptiveCard/action', {
      action: {
        type: 'Action.Execute',
        verb: 'followUp',
        data: { ref, followUpText: 'Is it pumped out yet?' },
      },
    });
    const card = response.body.value;
    expectValidCard(card);
    expect(cardText(card)).toContain('Your follow-up question has gone to the department.');
    expect(cardText(card)).toContain('Status: With the department');
    expect((await h.casework.get(h.actor('alice'), ref)).status).toBe('with-department');
  });

  it('says the follow-up window has closed and offers no follow-up form any more', async () => {
    const ref = await respondedCase('Overhanging tree on Church Walk');
    h.setNow('2026-04-30T10:00:00.000Z');
    try {
      const response = await h.chat('alice').invoke('adaptiveCard/action', {
        action: {
          type: 'Action.Execute',
          verb: 'followUp',
          data: { ref, followUpText: 'Still not cut back.' },
        },
      });
      const card = response.body.value;
      expectValidCard(card);
      expect(cardText(card)).toContain('The follow-up window for this case has closed.');
      expect(JSON.stringify(card)).not.toContain('followUpText');
      expect((await h.casework.get(h.actor('alice'), ref)).status).toBe('responded');
    } finally {
      h.setNow(TODAY);
    }
  });

  it('explains on the card why a follow-up is refused and changes nothing', async () => {
    const response = await h.chat('alice').invoke('adaptiveCard/action', {
      action: {
        type: 'Action.Execute',
        verb: 'followUp',
        data: { ref: refs.drain, followUpText: 'Any news?' },
      },
    });
    const card = response.body.value;
    expectValidCard(card);
    expect(cardText(card)).toContain(
      'You can follow up once the department has responded, within the follow-up window.',
    );
    expect((await h.casework.get(h.actor('alice'), refs.drain!)).status).toBe('new');
    expect((await statusCardOf(`follow up ${refs.drain} Any news?`)).replies.map((r) => r.text)).toEqual([
      'You can follow up once the department has responded, within the follow-up window.',
    ]);
  });

  it('refuses a follow-up on another member\u2019s case as if it did not exist', async () => {
    const replies = await h.chat('alice').send(`follow up ${refs.bobs} Hello?`);
    expect(replies.map((r) => r.text)).toEqual([notFound(refs.bobs!)]);
  });

  it('explains how to use a command given without what it needs', async () => {
    expect((await h.chat('alice').send('status')).map((r) => r.text)).toEqual([
      'Tell me the case reference, for example: status MH-2026-00042',
    ]);
    expect((await h.chat('alice').send('follow up')).map((r) => r.text)[0]).toMatch(
      /^To follow up, say follow up/,
    );
  });

  it('answers anything else with a short useful reply', async () => {
    expect((await h.chat('alice').send('--- ...')).map((r) => r.text)).toEqual([
      'Sorry, I did not follow that. Say help to see what I can do, or ask about a case in your own words.',
    ]);
  });

  it('answers thanks briefly', async () => {
    expect((await h.chat('alice').send('Thanks!')).map((r) => r.text)).toEqual([
      'You are welcome. Say help whenever you need me.',
    ]);
  });

  it('serves only people of the council\u2019s tenant in Microsoft 365 mode', async () => {
    const elsewhere = await h
      .chat('alice', { tenantId: '99999999-2222-4333-8444-555555555555' })
      .send('help');
    expect(elsewhere.map((r) => r.text)).toEqual([
      'Sorry, you are not set up in Members\u2019 Hub yet, so I cannot show you any casework. If you have just been given a role in it, open the Members\u2019 Hub tab once or try again in ten minutes; otherwise ask your IT team for one.',
    ]);
  });

  it('keeps casework out of group chats and channels', async () => {
    for (const conversationType of ['groupChat', 'channel'] as const) {
      const replies = await h.chat('alice', { conversationType }).send(`status ${refs.drain}`);
      expect(replies.map((r) => r.text)).toEqual([
        'I talk about casework only in a personal chat, so that case details stay private. Open a chat with Members\u2019 Hub and ask me there.',
      ]);
    }
  });

  it('saves where the member can be reached on their first message', async () => {
    await h.chat('bob').send('help');
    const saved = await h.references.forPerson('p-bob');
    expect(saved.find((r) => r.scope === 'personal')?.reference).toMatchObject({
      channelId: 'msteams',
      serviceUrl: 'https://smba.test.example/uk/',
      user: { id: '29:bob' },
      conversation: { id: 'a:personal-29:bob' },
    });
  });

  it('stops sending to a personal chat when the app is removed from it', async () => {
    await h.chat('wes').send({ type: 'installationUpdate', action: 'add' });
    expect((await h.references.forPerson('p-wes')).map((r) => r.conversationId)).toEqual([
      'a:personal-29:wes',
    ]);
    await h.chat('wes').send({ type: 'installationUpdate', action: 'remove' });
    expect(await h.references.forPerson('p-wes')).toEqual([]);
  });

  it('saves the reference and welcomes the member when the app is installed', async () => {
    const replies = await h.chat('sue').send({
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:members-hub', name: 'Members\u2019 Hub' }],
    });
    expect(cardText(cardsIn(replies)[0])).toContain('Hello Sue Support.');
    expect((await h.references.forPerson('p-sue')).map((r) => r.scope)).toEqual(['personal']);
  });
});

describe('a turn that fails', () => {
  it('logs the error with a correlation id and tells the person one fixed sentence with that id', async () => {
    const h = await startBotHarness();
    await h.stop(); // the database is gone: every query fails
    const replies = await h.chat('alice').send('my cases');
    expect(replies).toHaveLength(1);
    const text = replies[0]!.text!;
    const id = /the reference (bt-[0-9a-f]{12})\.$/.exec(text)?.[1];
    expect(text).toBe(
      `Sorry, something went wrong on our side. Please try again; if it keeps happening, tell Democratic Services the reference ${id}.`,
    );
    expect(text).not.toMatch(/PGlite|Error|at /);
    const logged = h.logs.find((l) => l.msg === 'bot turn failed');
    expect(logged).toMatchObject({ turnId: id, level: 50, activityType: 'message' });
    expect((logged?.err as { message?: string }).message).toBe('PGlite is closed');
  });
});
