import type { CaseView } from '../src/app/case-view';
import { caseCard, casePreview } from '../src/bot/cards/case-card';
import { caseListCard } from '../src/bot/cards/case-list-card';
import { fileToCaseCard } from '../src/bot/cards/file-to-case-card';
import { helpCard } from '../src/bot/cards/help-card';
import { messageCard } from '../src/bot/cards/message-card';
import { escapeMarkdown } from '../src/bot/cards/render';
import { newCaseFormCard, parseForm, formValues } from '../src/bot/new-case-form';
import { CASE_STATUSES, type CaseStatus } from '../src/domain/case';
import { cardSchemaErrors, expectValidCard } from './support/adaptive-card-schema';
import { actionsIn, cardText, visibleText } from './support/bot-harness';
import { WARDS } from './support/test-app';

/** The managed list as the form is given it: active categories, in order. */
const CATEGORIES = [
  { id: 'drainage', name: 'Drainage' },
  { id: 'roads-and-pavements', name: 'Roads and pavements' },
];

/** Text a hostile or careless person might type: Markdown links, images, emphasis, HTML, template syntax. */
const HOSTILE =
  '[Click here](https://evil.example/phish) ![x](https://evil.example/x.png) **urgent** _now_ <b>bold</b> ${ref} {{DATE(x)}} # heading\n- item';
const RAW_LINK = '[Click here](https://evil.example/phish)';

const view = (overrides: Partial<CaseView> = {}): CaseView => ({
  id: '3f9c2b1e-0000-4000-8000-000000000001',
  ref: 'MH-2026-00042',
  version: 3,
  kind: 'member-enquiry',
  origin: 'councillor',
  memberId: 'p-alice',
  raisedBy: 'p-alice',
  constituent: { name: 'Pat Resident', address: '1 Elm Road', postcode: 'WQ1 2AB', consentToShare: true },
  wardId: 'ward-north',
  category: 'Drainage',
  departmentId: 'dept-highways',
  assignedOfficerId: null,
  priority: 'normal',
  title: HOSTILE,
  description: HOSTILE,
  status: 'with-department',
  stage: 1,
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-03T10:00:00.000Z',
  acknowledgeBy: '2026-03-04',
  respondBy: '2026-03-16',
  escalationLevel: 0,
  sharedWith: [],
  sla: { state: 'on-track', workingDaysLeft: 7, overdueBy: null, escalationLevelDue: 0 },
  permittedActions: ['follow-up', 'share'],
  followUpOpen: false,
  recordActions: [],
  ...overrides,
});

const caseInput = (v: CaseView) => ({
  view: v,
  departmentName: `Highways ${HOSTILE}`,
  events: [
    { at: '2026-03-03T09:00:00.000Z', type: 'triaged' as const, actorName: `Sue ${HOSTILE}` },
    { at: '2026-03-02T10:00:00.000Z', type: 'raised' as const, actorName: null },
  ],
  tabUrl: 'https://hub.test.example/tab/cases/MH-2026-00042',
  refreshUserIds: ['29:alice'],
  now: new Date('2026-03-05T12:00:00.000Z'),
});

/** Every card the bot can send, rendered with representative data and hostile text wherever a person typed. */
const everyCard = (): [string, unknown][] => {
  const statuses: [string, unknown][] = CASE_STATUSES.map((status: CaseStatus) => [
    `case card (${status})`,
    caseCard(
      caseInput(
        view({
          status,
          followUpUntil: status === 'responded' ? '2026-03-20' : undefined,
          sla:
            status === 'with-department'
              ? { state: 'overdue', workingDaysLeft: null, overdueBy: 2, escalationLevelDue: 1 }
              : { state: 'stopped', workingDaysLeft: null, overdueBy: null, escalationLevelDue: 0 },
        }),
      ),
    ),
  ]);
  return [
    ...statuses,
    [
      'case card with a notice, a kept follow-up draft and no refresh users',
      caseCard({
        ...caseInput(view({ status: 'responded', followUpUntil: '2026-03-20' })),
        refreshUserIds: [],
        notice: { text: `Refused: ${HOSTILE}`, tone: 'attention' },
        followUpDraft: HOSTILE,
      }),
    ],
    [
      'case card in search results (no events, unrouted)',
      caseCard({ ...caseInput(view()), events: [], departmentName: null }),
    ],
    ['help card', helpCard({ displayName: HOSTILE, tabUrl: 'https://hub.test.example/tab' })],
    [
      'case list with a next page',
      caseListCard({
        heading: 'Your open cases',
        summary: '1 to 2 of 9, overdue first.',
        items: [
          view(),
          view({
            ref: 'MH-2026-00043',
            sla: { state: 'due-soon', workingDaysLeft: 0, overdueBy: null, escalationLevelDue: 0 },
          }),
        ],
        nextPage: 2,
      }),
    ],
    [
      'case list, last page',
      caseListCard({ heading: 'Which case do you mean?', summary: '2 cases match.', items: [view()] }),
    ],
    ['message card', messageCard({ text: HOSTILE })],
    [
      'message card with a title',
      messageCard({ title: 'Not set up', text: 'Ask Democratic Services.', tone: 'attention' }),
    ],
    [
      'new case form',
      newCaseFormCard({
        wards: WARDS,
        categories: CATEGORIES,
        values: { wardId: 'ward-north', category: 'Drainage' },
        submissionId: 'form-1',
      }),
    ],
    [
      'new case form with errors and hostile values kept',
      newCaseFormCard({
        wards: [...WARDS, { id: 'ward-x', name: HOSTILE, postcodePrefixes: [] }],
        categories: [...CATEGORIES, { id: 'hostile', name: HOSTILE }],
        values: formValues({ name: HOSTILE, title: HOSTILE, postcode: 'nope', description: HOSTILE }),
        errors: { postcode: 'Enter a UK postcode such as WQ1 2AB.', title: 'Short title is required.' },
        submissionId: 'form-2',
      }),
    ],
    [
      'new case form with a problem',
      newCaseFormCard({
        wards: WARDS,
        categories: [],
        values: {},
        submissionId: 'form-3',
        problem: 'Raising a case in chat is for councillors.',
      }),
    ],
    [
      'file to case dialog',
      fileToCaseCard({
        senderName: HOSTILE,
        sentLabel: '5 Mar 2026 12:00',
        excerpt: HOSTILE,
        cases: [view(), view({ ref: 'MH-2026-00043', title: 'x'.repeat(300) })],
      }),
    ],
    [
      'file to case dialog with an error',
      fileToCaseCard({
        senderName: 'Sam',
        sentLabel: 'time not given',
        excerpt: 'Hello',
        cases: [view()],
        error: HOSTILE,
      }),
    ],
  ];
};

describe('Adaptive Cards the bot sends', () => {
  it.each(everyCard())('%s is a valid Adaptive Card 1.5', (_name, card) => {
    expectValidCard(card);
  });

  it.each(everyCard())('%s leaves no template expression unexpanded', (_name, card) => {
    // User text may itself contain "${...}": it must come through as text, and nothing else may be left over.
    const json = JSON.stringify(card).split(JSON.stringify(HOSTILE).slice(1, -1)).join('');
    const leftovers = (json.match(/\$\{[^}]*\}/g) ?? []).filter(
      (m) => !escapeMarkdown(HOSTILE).includes(m) && !HOSTILE.includes(m),
    );
    expect(leftovers).toEqual([]);
  });

  it.each(everyCard())(
    '%s shows hostile text as typed, never as a link, image or formatting',
    (_name, card) => {
      for (const text of visibleText(card)) {
        expect(text).not.toContain(RAW_LINK);
        expect(text).not.toContain('![x](');
        expect(text).not.toContain('**urgent**');
        // Every Markdown-significant character that came from a person is escaped.
        expect(text).not.toMatch(/(^|[^\\])\]\(/);
      }
    },
  );

  it.each(everyCard())('%s opens only absolute https links', (_name, card) => {
    for (const action of actionsIn(card).filter((a) => a.type === 'Action.OpenUrl'))
      expect(new URL(action.url as string).protocol).toBe('https:');
  });

  it('escapes hostile text so a person still reads exactly what was typed', () => {
    const card = caseCard(caseInput(view()));
    expect(cardText(card)).toContain(HOSTILE.split('\n')[0]);
  });

  it('lists the member for automatic refresh, or nobody when the member is unknown', () => {
    const withUser = caseCard(caseInput(view())) as any;
    expect(withUser.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        title: 'Refresh',
        verb: 'refreshCase',
        data: { ref: 'MH-2026-00042' },
      },
      userIds: ['29:alice'],
    });
    const manual = caseCard({ ...caseInput(view()), refreshUserIds: [] }) as any;
    expect(manual.refresh).not.toHaveProperty('userIds');
  });

  it('keeps at most 60 users for automatic refresh', () => {
    const ids = Array.from({ length: 75 }, (_, i) => `29:user-${i}`);
    const card = caseCard({ ...caseInput(view()), refreshUserIds: ids }) as any;
    expect(card.refresh.userIds).toHaveLength(60);
  });

  it('offers a follow-up only when the case view says one is possible for this person now', () => {
    const followUp = (v: CaseView) =>
      actionsIn(caseCard(caseInput(v))).some((a) => a.type === 'Action.Execute' && a.verb === 'followUp');
    expect(followUp(view({ status: 'responded', permittedActions: ['follow-up'] }))).toBe(true);
    expect(followUp(view({ status: 'with-department', permittedActions: [] }))).toBe(false);
    expect(followUp(view({ status: 'responded', permittedActions: [] }))).toBe(false);
  });

  it('never puts the constituent on a case card', () => {
    const text = JSON.stringify(caseCard(caseInput(view())));
    expect(text).not.toContain('Pat Resident');
    expect(text).not.toContain('WQ1 2AB');
  });

  it('keeps a full page of search results (25 cards with the longest titles) under 80 KB', () => {
    const longest = view({ title: '[x](y)'.repeat(34).slice(0, 200) });
    const attachment = { ...caseCard({ ...caseInput(longest), events: [] }), preview: casePreview(longest) };
    expect(JSON.stringify(Array.from({ length: 25 }, () => attachment)).length).toBeLessThan(80 * 1024);
  });

  it('gives search results a plain preview without markup', () => {
    const preview = casePreview(view());
    expect(preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(preview.content.title).not.toMatch(/[<>]/);
  });

  it('is caught by the schema when a card is not valid (the check is not vacuous)', () => {
    expect(
      cardSchemaErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] }),
    ).not.toEqual([]);
    expect(
      cardSchemaErrors({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'x', colour: 'red' }],
      }),
    ).not.toEqual([]);
  });
});

describe('the new case form', () => {
  const valid = {
    kind: 'member-enquiry',
    name: 'Pat Resident',
    email: '',
    phone: '',
    address: '1 Elm Road',
    postcode: 'wq1 2ab',
    consent: 'true',
    wardId: 'ward-north',
    category: 'Drainage',
    title: 'Blocked drain',
    description: 'Water pools after rain.',
  };

  it('turns a complete form into the API\u2019s request', () => {
    const parsed = parseForm(formValues(valid));
    expect(parsed).toEqual({
      ok: true,
      request: expect.objectContaining({
        kind: 'member-enquiry',
        origin: 'councillor',
        constituent: {
          name: 'Pat Resident',
          address: '1 Elm Road',
          postcode: 'WQ1 2AB',
          consentToShare: true,
        },
        wardId: 'ward-north',
      }),
    });
  });

  it('gives one sentence per field that needs changing', () => {
    const parsed = parseForm(formValues({ ...valid, postcode: 'nope', title: ' ', email: 'not-an-email' }));
    expect(parsed).toEqual({
      ok: false,
      errors: {
        postcode: 'Enter a UK postcode such as WQ1 2AB.',
        title: 'Short title is required.',
        email: 'Enter an email address such as name@example.com, or leave it empty.',
      },
    });
  });
});
