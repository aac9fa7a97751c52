import type { CaseView } from '../../app/case-view';
import type { CaseEventType, IsoInstant } from '../../domain/case';
import { EVENT_LABELS, KIND_LABELS, STATUS_LABELS, formatDate, formatInstant, slaSummary } from './format';
import { escapeMarkdown, renderCard, type AdaptiveCard } from './render';
import caseTemplate from './templates/case-status.json';

/** The verb of the case card's refresh action, and of its buttons. */
export const CASE_VERBS = { refresh: 'refreshCase', followUp: 'followUp' } as const;

/** Teams refreshes a card automatically for at most 60 listed users; beyond that only by hand. */
export const MAX_REFRESH_USER_IDS = 60;

/** How many timeline entries the card shows, newest first. */
export const CARD_EVENT_COUNT = 3;

export interface CaseCardEvent {
  at: IsoInstant;
  type: CaseEventType;
  /** Who did it, as the directory names them; null for the system (SLA clock). */
  actorName: string | null;
}

export interface CaseCardInput {
  view: CaseView;
  /** The department the case is routed to, by name; null before triage. */
  departmentName: string | null;
  /** The latest timeline entries, newest first (only the first three are shown); empty in search results. */
  events: readonly CaseCardEvent[];
  /** The case in the Members' Hub tab. */
  tabUrl: string;
  /** Teams user ids (MRIs) whose clients refresh the card when it is shown; empty: refreshed by hand. */
  refreshUserIds: readonly string[];
  now: Date;
  /** A line above the card: what the last button did, or why it did not work. */
  notice?: { text: string; tone: 'good' | 'attention' } | undefined;
  /** The follow-up text the member typed, kept when sending it failed. */
  followUpDraft?: string | undefined;
  /**
   * The latest response, shown in full: only on a card in the reader's personal chat (the status command or a
   * refresh there), never on one inserted into a shared conversation.
   */
  response?: { text: string; byName: string | null; at: IsoInstant } | undefined;
}

/**
 * One case as an Adaptive Card: reference, kind, title, status, stage, department, response date, where the
 * clock stands, the latest response (in a personal chat), the latest timeline entries, and the buttons this
 * person may use. It never carries the constituent's name, contact details or address: a card can be inserted
 * into any chat and forwarded; those details stay in the tab, where access is checked and audited on every
 * read.
 *
 * `refresh` (Universal Actions) asks the bot for the case again whenever a listed user views the card, so a
 * card shown days ago shows today's status; the bot re-checks access on every refresh.
 */
export const caseCard = (input: CaseCardInput): AdaptiveCard => {
  const { view } = input;
  const sla = slaSummary(view);
  const events = input.events.slice(0, CARD_EVENT_COUNT).map((e) => ({
    when: formatInstant(e.at),
    label: EVENT_LABELS[e.type],
    by: e.actorName ? ` by ${escapeMarkdown(e.actorName)}` : '',
  }));
  const title = escapeMarkdown(view.title);
  const statusLabel = STATUS_LABELS[view.status];
  // permittedActions holds only what would work now: a follow-up only while the window is open.
  const canFollowUp = view.permittedActions.includes('follow-up');
  const userIds = [...new Set(input.refreshUserIds)].slice(0, MAX_REFRESH_USER_IDS);
  const card = renderCard(caseTemplate, {
    ref: view.ref,
    fallbackText: `${view.ref}: ${title} (${statusLabel})`,
    kindLabel: KIND_LABELS[view.kind],
    title,
    statusLabel,
    stageLabel: view.stage === 2 ? 'Stage 2 (extended)' : 'Stage 1',
    departmentName: input.departmentName ? escapeMarkdown(input.departmentName) : 'Not routed yet',
    dueLabel: formatDate(view.respondBy),
    slaText: sla.text,
    slaColor: sla.color,
    hasResponse: input.response !== undefined,
    responseFrom: input.response
      ? `From ${input.response.byName ? escapeMarkdown(input.response.byName) : 'the department'}, ${formatInstant(input.response.at)}`
      : '',
    responseText: input.response ? escapeMarkdown(input.response.text) : '',
    hasEvents: events.length > 0,
    events,
    updatedLabel: formatInstant(input.now),
    hasNotice: input.notice !== undefined,
    noticeText: input.notice ? escapeMarkdown(input.notice.text) : '',
    noticeStyle: input.notice?.tone ?? 'default',
    canFollowUp,
    followUpDraft: input.followUpDraft ?? '',
    tabUrl: input.tabUrl,
    refreshUserIds: userIds,
  });
  // An empty list would mean "nobody"; without the property, everyone who sees the card can refresh it by hand.
  if (userIds.length === 0) delete (card.refresh as { userIds?: unknown }).userIds;
  return card;
};

/** The one-line preview Teams shows for a case in message-extension search results (a thumbnail card). */
export const casePreview = (view: CaseView) => ({
  contentType: 'application/vnd.microsoft.card.thumbnail',
  content: {
    title: plainText(`${view.ref} \u00b7 ${view.title}`),
    text: plainText(`${STATUS_LABELS[view.status]} \u00b7 ${slaSummary(view).text}`),
  },
});

/** Thumbnail cards may render a little HTML: angle brackets are dropped so user text cannot become markup. */
const plainText = (text: string): string => text.replace(/[<>]/g, '').slice(0, 200);
