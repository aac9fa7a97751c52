import { expectValidCard } from './support/adaptive-card-schema';
import { actionsIn, cardText, cardsIn, startBotHarness, type BotHarness } from './support/bot-harness';

/**
 * The bot's `new case` form warns of likely duplicates as the tab's New case page does (issue 16): the same
 * constituent, or the same street and category, among the cases the councillor may see from the last 90 days.
 */
describe('the new case form and likely duplicates', () => {
  let h: BotHarness;
  let alicesRef: string;

  /** Alice's earlier case: Pat Resident of 1 Elm Road, WQ1 2AB, Drainage (the harness's `aRequest`). */
  const samePerson = {
    kind: 'member-enquiry',
    name: 'Pat Resident',
    email: '',
    phone: '',
    address: '1 Elm Road, Northtown',
    postcode: 'wq1 2ab',
    consent: 'true',
    wardId: 'ward-north',
    category: 'Parks',
    title: 'Overgrown hedge by the play area',
    description: 'The hedge blocks the path.',
  };

  const countCases = async () =>
    Number((await h.db.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);

  /** A new form for `who`, as the bot sends it: its submit action's data (with the form's idempotency key). */
  const newForm = async (who: 'alice' | 'bob') => {
    const [card] = cardsIn(await h.chat(who).send('new case'));
    return actionsIn(card).find((a) => a.verb === 'createCase')!.data as Record<string, unknown>;
  };

  const submit = async (who: 'alice' | 'bob', data: Record<string, unknown>) => {
    const response = await h.chat(who).invoke('adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'createCase', data },
    });
    expect(response.status).toBe(200);
    const card = response.body.value;
    expectValidCard(card);
    return card;
  };

  const raisedRef = (card: any): string | undefined => card.refresh?.action?.data?.ref as string | undefined;

  beforeAll(async () => {
    h = await startBotHarness({ start: '2026-03-02T10:00:00.000Z' });
    alicesRef = await h.raise('alice', { title: 'Blocked drain on Elm Road' });
    h.setNow('2026-03-20T10:00:00.000Z');
  }, 120_000);
  afterAll(() => h?.stop());

  it('raises nothing for the same constituent as the councillor’s earlier case, and names that case on the form', async () => {
    const before = await countCases();
    const key = await newForm('alice');
    const card = await submit('alice', { ...key, ...samePerson });
    expect(raisedRef(card)).toBeUndefined();
    expect(await countCases()).toBe(before);
    const text = cardText(card);
    expect(text).toContain('This may be a duplicate of a case raised in the last 90 days:');
    expect(text).toContain(
      `**${alicesRef}** \u00b7 Blocked drain on Elm Road \u00b7 New: waiting for triage \u00b7 raised 2 Mar 2026 10:00 \u00b7 same constituent`,
    );
    expect(text).toContain('Nothing has been raised.');
    // What was typed is kept, and the only button raises it anyway, with the same key.
    expect(card.body.find((e: any) => e.id === 'title').value).toBe(samePerson.title);
    expect(card.body.find((e: any) => e.id === 'name').value).toBe('Pat Resident');
    expect(actionsIn(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      [
        'Raise it anyway',
        'createCase',
        { form: 'new-case', submissionId: key.submissionId, duplicatesSeen: true },
      ],
    ]);
  });

  it('raises exactly one case with "Raise it anyway", even clicked twice', async () => {
    const key = await newForm('alice');
    const warned = await submit('alice', { ...key, ...samePerson, title: 'Hedge, raised anyway' });
    const anyway = actionsIn(warned).find((a) => a.title === 'Raise it anyway')!;
    const before = await countCases();
    const card = await submit('alice', { ...anyway.data, ...samePerson, title: 'Hedge, raised anyway' });
    const ref = raisedRef(card);
    expect(ref).toMatch(/^MH-2026-\d{5}$/);
    expect(cardText(card)).toContain(`Case ${ref} raised.`);
    expect(await countCases()).toBe(before + 1);
    const again = await submit('alice', { ...anyway.data, ...samePerson, title: 'Hedge, raised anyway' });
    expect(raisedRef(again)).toBe(ref);
    expect(await countCases()).toBe(before + 1);
  });

  it('warns of the same street and category for another constituent', async () => {
    const before = await countCases();
    const card = await submit('alice', {
      ...(await newForm('alice')),
      ...samePerson,
      name: 'Sam Neighbour',
      address: '7 Elm Road, Northtown',
      postcode: 'WQ1 2XY',
      category: 'Drainage',
    });
    expect(cardText(card)).toContain(`**${alicesRef}** \u00b7 Blocked drain on Elm Road`);
    expect(cardText(card)).toContain('same street and category');
    expect(cardText(card)).not.toContain('same constituent');
    expect(await countCases()).toBe(before);
  });

  it('raises at once when nothing matches', async () => {
    const before = await countCases();
    const card = await submit('alice', {
      ...(await newForm('alice')),
      ...samePerson,
      name: 'Lee Elsewhere',
      address: '3 Mill Lane, Southtown',
      postcode: 'WQ9 4CD',
    });
    expect(raisedRef(card)).toMatch(/^MH-2026-\d{5}$/);
    expect(cardText(card)).not.toContain('duplicate');
    expect(await countCases()).toBe(before + 1);
  });

  it('does not warn another councillor of a case they may not see, and raises theirs', async () => {
    const before = await countCases();
    const card = await submit('bob', { ...(await newForm('bob')), ...samePerson, wardId: 'ward-south' });
    const ref = raisedRef(card);
    expect(ref).toMatch(/^MH-2026-\d{5}$/);
    expect(JSON.stringify(card)).not.toContain(alicesRef);
    expect(cardText(card)).not.toContain('duplicate');
    expect(await countCases()).toBe(before + 1);
    expect((await h.casework.get(h.actor('bob'), ref!)).memberId).toBe('p-bob');
  });
});

describe('the new case form when the likely-duplicate check fails', () => {
  let h: BotHarness;
  afterAll(() => h?.stop());

  it('raises the case and logs the failure', async () => {
    h = await startBotHarness({
      caseRecord: {
        likelyDuplicates: () => Promise.reject(new Error('duplicate check unavailable')),
      },
    });
    const response = await h.chat('alice').invoke('adaptiveCard/action', {
      action: {
        type: 'Action.Execute',
        verb: 'createCase',
        data: {
          form: 'new-case',
          kind: 'member-enquiry',
          name: 'Pat Resident',
          address: '1 Elm Road, Northtown',
          postcode: 'WQ1 2AB',
          consent: 'true',
          wardId: 'ward-north',
          category: 'Drainage',
          title: 'Blocked drain on Elm Road',
          description: 'Water pools after rain.',
        },
      },
    });
    expect(response.body.value.refresh.action.data.ref).toMatch(/^MH-2026-\d{5}$/);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'new case: the likely-duplicate check failed; raising without it',
      }),
    );
  });
});
