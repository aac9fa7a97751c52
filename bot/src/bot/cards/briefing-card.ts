import type { ProactiveMessage } from '../../app/ports';
import {
  briefingTitle,
  monthName,
  type BriefingContent,
  type BriefingDecision,
  type WardCasework,
} from '../../domain/briefing';
import { countText } from '../../domain/small-counts';
import { formatDate } from './format';
import { escapeMarkdown, type AdaptiveCard } from './render';

/**
 * Briefings as Adaptive Cards 1.5 for a channel post. Everything a person typed (titles, reasons, the
 * introduction) is escaped so it is shown as typed and never becomes a link or formatting; links are buttons
 * to http(s) addresses checked when the decision was saved.
 *
 * Teams refuses bot messages over about 100 KB and advises staying under 80 KB (platform-facts §5). A briefing
 * is packed into cards of at most CARD_BYTE_BUDGET bytes of JSON; a longer one becomes a thread: the first
 * card starts it, the others are replies, each saying which part it is.
 */
export const CARD_BYTE_BUDGET = 28_000;

type Element = Record<string, unknown>;

export interface BriefingToRender {
  content: BriefingContent;
  introduction: string;
}

export interface BriefingLinks {
  /** The service's public base URL (the tab's links are built from it). */
  publicUrl: string;
}

const text = (value: string, extra: Element = {}): Element => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
});
const heading = (value: string): Element =>
  text(value, { weight: 'Bolder', size: 'Medium', style: 'heading', spacing: 'Large' });

const facts = (rows: [string, string][]): Element => ({
  type: 'FactSet',
  facts: rows.map(([title, value]) => ({ title, value })),
});

const casework = (c: WardCasework): Element[] => {
  const rows: [string, string][] = [
    ['Cases raised', countText(c.raised)],
    ['Cases closed', countText(c.closed)],
    ['Responses sent', countText(c.answered)],
    [
      'Answered within target',
      c.withinTargetPercent === null ? 'not shown (too few)' : `${c.withinTargetPercent}%`,
    ],
    ['Open now', countText(c.openNow)],
    [
      'Oldest open case',
      c.oldestOpenWorkingDays === null ? 'not shown (too few)' : `${c.oldestOpenWorkingDays} working days`,
    ],
  ];
  const elements: Element[] = [heading('Casework in the division'), facts(rows)];
  if (c.topCategories.length > 0)
    elements.push(
      text(
        `Most raised about: ${c.topCategories.map((t) => `${escapeMarkdown(t.category)} (${t.count})`).join(', ')}`,
      ),
    );
  elements.push(
    text('Counts only: no constituent is named, and counts under 3 are shown as "fewer than 3".', {
      isSubtle: true,
      size: 'Small',
    }),
  );
  return elements;
};

const decisionBlock = (d: BriefingDecision, forthcoming: boolean): Element[] => {
  const meta = [
    `${escapeMarkdown(d.maker)}, ${forthcoming ? 'due' : 'taken'} ${formatDate(d.date)}`,
    d.keyDecision ? 'key decision' : null,
    d.subjectToCallIn
      ? d.callInDeadline
        ? `call-in until ${formatDate(d.callInDeadline)}`
        : 'subject to call-in'
      : null,
  ].filter((s): s is string => s !== null);
  const body: Element[] = [
    text(escapeMarkdown(d.title), { weight: 'Bolder' }),
    text(meta.join(' \u00b7 '), { isSubtle: true, spacing: 'None' }),
  ];
  if (d.summary.trim()) body.push(text(escapeMarkdown(d.summary)));
  if (!forthcoming)
    body.push(
      text(d.reasons.trim() ? `Reasons: ${escapeMarkdown(d.reasons)}` : 'Reasons: not yet published.'),
    );
  if (forthcoming && d.takingPart.trim())
    body.push(text(`How to take part: ${escapeMarkdown(d.takingPart)}`));
  if (d.links.length > 0)
    body.push({
      type: 'ActionSet',
      actions: d.links
        .slice(0, 5)
        .map((l) => ({ type: 'Action.OpenUrl', title: l.title.slice(0, 80), url: l.url })),
    });
  return [{ type: 'Container', separator: true, spacing: 'Medium', items: body }];
};

/** The briefing's sections as blocks that are never split across cards. */
const blocks = (b: BriefingToRender, links: BriefingLinks): Element[][] => {
  const c = b.content;
  const out: Element[][] = [];
  const intro = b.introduction.trim();
  if (intro) out.push([text(escapeMarkdown(intro))]);
  if (c.kind === 'ward') {
    out.push(casework(c.casework));
    out.push([heading(`Decisions taken in ${monthName(c.period)}`)]);
    if (c.decisionsTaken.length === 0) out.push([text('No decisions affecting the division were taken.')]);
    for (const d of c.decisionsTaken) out.push(decisionBlock(d, false));
    out.push([heading('Decisions coming up')]);
    if (c.forthcoming.length === 0) out.push([text('Nothing on the forward plan for the division yet.')]);
    for (const d of c.forthcoming) out.push(decisionBlock(d, true));
    out.push([
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.OpenUrl',
            title: 'Open the division in Members\u2019 Hub',
            url: `${links.publicUrl}/tab/ward/${encodeURIComponent(c.wardId)}`,
          },
        ],
      },
    ]);
  } else {
    out.push([heading(`Decisions taken in ${monthName(c.period)}`)]);
    if (c.decisionsTaken.length === 0) out.push([text('No decisions were recorded as taken.')]);
    for (const d of c.decisionsTaken) out.push(decisionBlock(d, false));
    out.push([heading('Key decisions coming up')]);
    if (c.keyDecisionsComing.length === 0) out.push([text('No key decisions are on the forward plan yet.')]);
    for (const d of c.keyDecisionsComing) out.push(decisionBlock(d, true));
    out.push([
      heading('Attending and watching meetings'),
      text(
        'Council, Cabinet and committee meetings are open to the public, except for confidential items. ' +
          'Most are webcast live and can be watched afterwards; each decision above says how to take part.',
      ),
    ]);
  }
  return out;
};

const card = (title: string, part: number, parts: number | null, body: Element[]): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    text(part === 1 ? escapeMarkdown(title) : `${escapeMarkdown(title)} (continued)`, {
      weight: 'Bolder',
      size: 'Large',
      style: 'heading',
    }),
    ...(parts !== null && parts > 1
      ? [text(`Part ${part} of ${parts}`, { isSubtle: true, spacing: 'None' })]
      : []),
    ...body,
  ],
});

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The briefing as one card, or several in order when one would be too large. */
export const briefingCards = (
  b: BriefingToRender,
  links: BriefingLinks,
  budget = CARD_BYTE_BUDGET,
): AdaptiveCard[] => {
  const title = briefingTitle(b.content);
  const groups: Element[][] = [[]];
  for (const block of blocks(b, links)) {
    const current = groups[groups.length - 1] as Element[];
    // "Part 99 of 99" is allowed for, so numbering the parts afterwards cannot push a card over the budget.
    if (current.length > 0 && bytes(card(title, 99, 99, [...current, ...block])) > budget)
      groups.push([...block]);
    else current.push(...block);
  }
  return groups.map((body, i) => card(title, i + 1, groups.length, body));
};

/** The briefing's posts: cards with the summary Teams shows in notifications (the title only). */
export const briefingMessages = (b: BriefingToRender, links: BriefingLinks): ProactiveMessage[] =>
  briefingCards(b, links).map((c, i, all) => ({
    card: c,
    summary:
      all.length > 1 ? `${briefingTitle(b.content)} (${i + 1}/${all.length})` : briefingTitle(b.content),
  }));
