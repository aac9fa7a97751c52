import { expectValidCard } from './support/adaptive-card-schema';
import {
  actionsIn,
  cardsIn,
  cardText,
  startBotHarness,
  STRANGER,
  type BotHarness,
} from './support/bot-harness';
import { notFound, REPLIES } from '../src/bot/replies';
import { escapeMarkdown } from '../src/bot/cards/render';

/** A response as JSON with a case reference (plain or Markdown-escaped) replaced, to compare two answers. */
const withoutRef = (response: unknown, ref: string): string =>
  JSON.stringify(response)
    .split(JSON.stringify(escapeMarkdown(ref)).slice(1, -1))
    .join('<ref>')
    .split(ref)
    .join('<ref>');

const execute = (verb: string, data: Record<string, unknown> = {}) => ({
  action: { type: 'Action.Execute', verb, data },
  trigger: 'manual',
});

const refresh = (ref: string) => ({
  action: { type: 'Action.Execute', verb: 'refreshCase', data: { ref } },
  trigger: 'automatic',
});

/** A Teams message as the "File to case" action hands it over. */
const messagePayload = {
  id: '1741866000000',
  createdDateTime: '2026-03-13T11:40:00.000Z',
  linkToMessage: 'https://teams.microsoft.com/l/message/19:abc@thread.v2/1741866000000',
  from: { user: { id: '29:resident-officer', displayName: 'Jo Officer' } },
  body: {
    contentType: 'html',
    content:
      '<p>Contractor booked for <b>Tuesday</b> &amp; the road will be coned off.</p><p>[link](https://x.example)</p>',
  },
};

describe('card actions and message extensions', () => {
  let h: BotHarness;
  let alices: string;
  let alicesOther: string;
  let bobs: string;

  const timelineTypes = async (ref: string) =>
    (await h.casework.timeline(h.actor('sue'), ref)).map((e) => e.type);

  beforeAll(async () => {
    h = await startBotHarness();
    alices = await h.raise('alice', { title: 'Blocked drain on Elm Road' });
    alicesOther = await h.raise('alice', { title: 'Bus shelter glass on Elm Road', category: 'Transport' });
    bobs = await h.raise('bob', { title: 'Elm Road verge parking', wardId: 'ward-south' });
  }, 120_000);
  afterAll(() => h?.stop());

  describe('refreshing a case card (adaptiveCard/action)', () => {
    it('answers the member with the case as it is now', async () => {
      const before = await h.chat('alice').invoke('adaptiveCard/action', refresh(alices));
      expect(before.status).toBe(200);
      expect(before.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(before.body.value)).toContain('Status: New: waiting for triage');

      await h.casework.act(h.actor('sue'), alices, { type: 'triage', departmentId: 'dept-highways' });
      const after = await h.chat('alice').invoke('adaptiveCard/action', refresh(alices));
      expectValidCard(after.body.value);
      expect(cardText(after.body.value)).toContain('Status: Triaged');
      expect(cardText(after.body.value)).toContain('Department: Highways');
      expect(after.body.value.refresh.userIds).toEqual(['29:alice']);
    });

    it('re-checks access: another member refreshing the card gets exactly the "not found" card', async () => {
      const byBob = await h.chat('bob').invoke('adaptiveCard/action', refresh(alices));
      const missing = await h.chat('bob').invoke('adaptiveCard/action', refresh('MH-2026-09999'));
      expect(byBob.status).toBe(200);
      expectValidCard(byBob.body.value);
      expect(cardText(byBob.body.value)).toBe(notFound(alices));
      expect(withoutRef(byBob, alices)).toBe(withoutRef(missing, 'MH-2026-09999'));
      expect(JSON.stringify(byBob)).not.toContain('Blocked drain');
    });

    it('re-checks access every time: a department officer sees the card only once the case is routed to them', async () => {
      // (A constituent on Oak Lane: search also matches the constituent's street since issue 16.)
      const ref = await h.raise('alice', {
        title: 'Fallen tree on Oak Lane',
        constituent: {
          name: 'Pat Resident',
          address: '3 Oak Lane, Northtown',
          postcode: 'WQ1 2AB',
          consentToShare: true,
        },
      });
      expect(cardText((await h.chat('hal').invoke('adaptiveCard/action', refresh(ref))).body.value)).toBe(
        notFound(ref),
      );
      await h.casework.act(h.actor('sue'), ref, { type: 'triage', departmentId: 'dept-highways' });
      const routed = await h.chat('hal').invoke('adaptiveCard/action', refresh(ref));
      expect(cardText(routed.body.value)).toContain('Fallen tree on Oak Lane');
      // The card is for the member's auto-refresh; the officer has no Follow up button.
      expect(actionsIn(routed.body.value.actions).map((a) => a.title)).toEqual(['Open in Members\u2019 Hub']);
    });

    it('treats a malformed reference as a case that does not exist', async () => {
      const response = await h.chat('alice').invoke('adaptiveCard/action', refresh("MH-2026-1' OR 1=1"));
      expect(cardText(response.body.value)).toBe(notFound("MH-2026-1' OR 1=1".toUpperCase()));
    });

    it('tells someone the directory does not know that they are not set up', async () => {
      const response = await h.chat(STRANGER).invoke('adaptiveCard/action', refresh(alices));
      expect(cardText(response.body.value)).toMatch(/^Sorry, you are not set up in Members\u2019 Hub yet/);
    });

    it('answers an unknown button with a card, not an error', async () => {
      const response = await h.chat('alice').invoke('adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'launchRockets', data: {} },
      });
      expect(response.status).toBe(200);
      expect(cardText(response.body.value)).toBe(
        'That button no longer works. Say help to see what I can do.',
      );
    });
  });

  describe('the list, help and notification buttons (adaptiveCard/action)', () => {
    it('"Show MH-…" answers with the case\u2019s status card, as `status <ref>` does', async () => {
      const response = await h
        .chat('alice')
        .invoke('adaptiveCard/action', execute('showCase', { ref: alices }));
      expect(response.status).toBe(200);
      expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expectValidCard(response.body.value);
      expect(cardText(response.body.value)).toContain('Blocked drain on Elm Road');
      expect(response.body.value.refresh.userIds).toEqual(['29:alice']);
      const typed = cardsIn(await h.chat('alice').send(`status ${alices}`))[0];
      expect(JSON.stringify(response.body.value)).toBe(JSON.stringify(typed));
    });

    it('"Show MH-…" re-checks access: another member\u2019s case gets exactly the "not found" card', async () => {
      const byBob = await h.chat('bob').invoke('adaptiveCard/action', execute('showCase', { ref: alices }));
      const missing = await h
        .chat('bob')
        .invoke('adaptiveCard/action', execute('showCase', { ref: 'MH-2026-09999' }));
      expect(byBob.status).toBe(200);
      expectValidCard(byBob.body.value);
      expect(cardText(byBob.body.value)).toBe(notFound(alices));
      expect(withoutRef(byBob, alices)).toBe(withoutRef(missing, 'MH-2026-09999'));
      expect(JSON.stringify(byBob)).not.toContain('Blocked drain');
      const malformed = await h
        .chat('bob')
        .invoke('adaptiveCard/action', execute('showCase', { ref: "MH-2026-1' OR 1=1" }));
      expect(cardText(malformed.body.value)).toBe(notFound("MH-2026-1' OR 1=1".toUpperCase()));
    });

    it('"My cases" answers with the member\u2019s case list, and "More" with the page asked for', async () => {
      const response = await h.chat('alice').invoke('adaptiveCard/action', execute('myCases'));
      expectValidCard(response.body.value);
      const text = cardText(response.body.value);
      expect(text).toContain('Your open cases');
      expect(text).toContain(alices);
      expect(text).not.toContain(bobs);
      // On track is said in words, in bold: green or amber text is too faint to carry meaning.
      expect(JSON.stringify(response.body.value)).not.toMatch(/"color":"(good|warning)"/i);
      expect(response.body.value.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            items: expect.arrayContaining([
              expect.objectContaining({ text: expect.stringMatching(/^On track/), weight: 'Bolder' }),
            ]),
          }),
        ]),
      );
      const pastTheEnd = await h.chat('alice').invoke('adaptiveCard/action', execute('myCases', { page: 9 }));
      expect(cardText(pastTheEnd.body.value)).toMatch(/^That is the end of the list/);
      const asText = await h.chat('alice').invoke('adaptiveCard/action', execute('myCases', { page: '1' }));
      expect(cardText(asText.body.value)).toContain('1 to ');
    });

    it('"New case" answers a councillor with the form, and anyone else with why not', async () => {
      const form = await h.chat('alice').invoke('adaptiveCard/action', execute('newCase'));
      expectValidCard(form.body.value);
      expect(actionsIn(form.body.value).map((a) => a.verb)).toContain('createCase');
      const officer = await h.chat('hal').invoke('adaptiveCard/action', execute('newCase'));
      expectValidCard(officer.body.value);
      expect(cardText(officer.body.value)).toBe(REPLIES.councillorsOnly);
    });

    it('answers only in the personal chat, as the typed commands do', async () => {
      for (const [verb, data] of [
        ['showCase', { ref: alices }],
        ['myCases', {}],
        ['newCase', {}],
      ] as const) {
        const response = await h
          .chat('alice', { conversationType: 'channel' })
          .invoke('adaptiveCard/action', execute(verb, data));
        expect(cardText(response.body.value)).toBe(REPLIES.personalOnly);
      }
    });

    it('tells someone the directory does not know that they are not set up', async () => {
      const response = await h.chat(STRANGER).invoke('adaptiveCard/action', execute('myCases'));
      expect(cardText(response.body.value)).toMatch(/^Sorry, you are not set up in Members\u2019 Hub yet/);
    });
  });

  describe('the search message extension (composeExtension/query)', () => {
    const search = (who: 'alice' | 'bob', text: string) =>
      h.chat(who).invoke('composeExtension/query', {
        commandId: 'searchCases',
        parameters: [{ name: 'query', value: text }],
        queryOptions: { skip: 0, count: 25 },
      });

    it('finds only the person\u2019s own cases, as cards with a preview', async () => {
      const response = await search('alice', 'Elm Road');
      expect(response.status).toBe(200);
      const { composeExtension } = response.body;
      expect(composeExtension.type).toBe('result');
      expect(composeExtension.attachmentLayout).toBe('list');
      const refs = composeExtension.attachments.map((a: any) => a.content.refresh.action.data.ref).sort();
      expect(refs).toEqual([alices, alicesOther].sort());
      for (const attachment of composeExtension.attachments) {
        expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
        expectValidCard(attachment.content);
        expect(attachment.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
        expect(attachment.preview.content.title).toMatch(/^MH-2026-\d{5} \u00b7 /);
        expect(attachment.content.refresh.userIds).toEqual(['29:alice']);
      }
      const bobsResults = (await search('bob', 'Elm Road')).body.composeExtension.attachments;
      expect(bobsResults.map((a: any) => a.content.refresh.action.data.ref)).toEqual([bobs]);
    });

    it('finds nothing of another member\u2019s, even by its exact reference', async () => {
      const response = await search('alice', bobs);
      expect(response.body.composeExtension.attachments).toEqual([]);
    });

    it('lists the person\u2019s open cases when the search box is opened', async () => {
      const response = await h.chat('alice').invoke('composeExtension/query', {
        commandId: 'searchCases',
        parameters: [{ name: 'initialRun', value: 'true' }],
      });
      const refs = response.body.composeExtension.attachments.map(
        (a: any) => a.content.refresh.action.data.ref,
      );
      expect(refs).toEqual(expect.arrayContaining([alices, alicesOther]));
      expect(refs).not.toContain(bobs);
    });

    it('tells someone the directory does not know that they are not set up', async () => {
      const response = await h.chat(STRANGER).invoke('composeExtension/query', {
        commandId: 'searchCases',
        parameters: [{ name: 'query', value: 'Elm' }],
      });
      expect(response.body).toEqual({
        composeExtension: { type: 'message', text: expect.stringMatching(/^Sorry, you are not set up/) },
      });
    });
  });

  describe('"File to case" (composeExtension/fetchTask and submitAction)', () => {
    const fetchTask = (who: 'alice' | 'bob') =>
      h.chat(who).invoke('composeExtension/fetchTask', {
        commandId: 'fileToCase',
        commandContext: 'message',
        messagePayload,
      });
    const submit = (who: 'alice' | 'bob', caseRef: string) =>
      h.chat(who).invoke('composeExtension/submitAction', {
        commandId: 'fileToCase',
        commandContext: 'message',
        messagePayload,
        data: { verb: 'fileToCase', caseRef },
      });

    it('opens a dialog with the message and the person\u2019s open cases to choose from', async () => {
      const response = await fetchTask('alice');
      expect(response.status).toBe(200);
      const { task } = response.body;
      expect(task.type).toBe('continue');
      expect(task.value.title).toBe('File to case');
      const card = task.value.card.content;
      expectValidCard(card);
      expect(cardText(card)).toContain('Jo Officer');
      expect(cardText(card)).toContain('Contractor booked for Tuesday & the road will be coned off.');
      const choices = card.body.find((e: any) => e.id === 'caseRef').choices.map((c: any) => c.value);
      expect(choices).toEqual(expect.arrayContaining([alices, alicesOther]));
      expect(choices).not.toContain(bobs);
    });

    it('files the message into the member\u2019s own case, on its timeline', async () => {
      const response = await submit('alice', alicesOther);
      expect(response.body).toEqual({
        task: {
          type: 'message',
          value: `Filed into ${alicesOther}. You will find it on the case\u2019s timeline.`,
        },
      });
      const last = (await h.casework.timeline(h.actor('alice'), alicesOther)).at(-1);
      expect(last).toMatchObject({
        type: 'message-filed',
        actorId: 'p-alice',
        data: {
          source: 'teams',
          text: 'Contractor booked for Tuesday & the road will be coned off.\n[link](https://x.example)',
          senderName: 'Jo Officer',
          sentAt: '2026-03-13T11:40:00.000Z',
          link: messagePayload.linkToMessage,
          messageId: messagePayload.id,
        },
      });
      const audit = await h.db.query<{ action: string; outcome: string }>(
        `SELECT action, outcome FROM audit_log WHERE case_ref = $1 AND action = 'case.file-message'`,
        [alicesOther],
      );
      expect(audit.rows).toEqual([{ action: 'case.file-message', outcome: 'allowed' }]);
    });

    it('refuses another member\u2019s case as if it did not exist, and files nothing', async () => {
      const before = await timelineTypes(bobs);
      const response = await submit('alice', bobs);
      expect(response.body).toEqual({
        task: { type: 'message', value: `${notFound(bobs)} Nothing was filed.` },
      });
      expect(await timelineTypes(bobs)).toEqual(before);
      const missing = await submit('alice', 'MH-2026-09999');
      expect(withoutRef(missing.body, 'MH-2026-09999')).toBe(withoutRef(response.body, bobs));
      const audit = await h.db.query<{ outcome: string; actor_id: string }>(
        `SELECT outcome, actor_id FROM audit_log WHERE case_ref = $1 AND action = 'case.file-message'`,
        [bobs],
      );
      expect(audit.rows).toEqual([{ outcome: 'denied', actor_id: 'p-alice' }]);
    });

    it('refuses a member a case only shared with them: filing adds to the owner\u2019s record', async () => {
      await h.casework.act(h.actor('bob'), bobs, { type: 'share', memberId: 'p-alice' });
      const before = await timelineTypes(bobs);
      const response = await submit('alice', bobs);
      expect(response.body).toEqual({
        task: { type: 'message', value: 'You cannot file messages into this case.' },
      });
      expect(await timelineTypes(bobs)).toEqual(before);
    });

    it('refuses an empty message without filing anything', async () => {
      const before = await timelineTypes(alices);
      const response = await h.chat('alice').invoke('composeExtension/submitAction', {
        commandId: 'fileToCase',
        messagePayload: { ...messagePayload, body: { contentType: 'html', content: '<p> </p>' } },
        data: { caseRef: alices },
      });
      expect(response.body.task.value).toBe(
        'This message cannot be filed. (the message has no text to file)',
      );
      expect(await timelineTypes(alices)).toEqual(before);
    });

    it('tells someone the directory does not know that they are not set up', async () => {
      const response = await h.chat(STRANGER).invoke('composeExtension/fetchTask', {
        commandId: 'fileToCase',
        messagePayload,
      });
      expect(response.body.task.value).toMatch(/^Sorry, you are not set up/);
    });
  });
});
