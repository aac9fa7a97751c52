import type { CaseView } from '../../app/case-view';
import type { CaseEventType, CaseKind, CaseStatus, IsoDate, IsoInstant } from '../../domain/case';

/** How cards name things: the council's words, in British English, dates in the council's time zone. */

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  new: 'New: waiting for triage',
  triaged: 'Triaged',
  'with-department': 'With the department',
  responded: 'Responded',
  'on-hold': 'On hold',
  closed: 'Closed',
};

export const KIND_LABELS: Readonly<Record<CaseKind, string>> = {
  'member-enquiry': 'Member\u2019s enquiry',
  'service-request': 'Service request (tracked for you)',
  complaint: 'Formal complaint',
};

export const EVENT_LABELS: Readonly<Record<CaseEventType, string>> = {
  raised: 'Case raised',
  triaged: 'Triaged and sent to the department',
  assigned: 'Given to an officer',
  responded: 'The department responded',
  'followed-up': 'Follow-up question sent',
  'extension-requested': 'Stage 2 extension proposed',
  'extension-agreed': 'Stage 2 extension agreed',
  'extension-declined': 'Stage 2 extension declined',
  held: 'Put on hold',
  resumed: 'Resumed',
  closed: 'Closed',
  reopened: 'Reopened',
  escalated: 'Escalated',
  'sla-warning': 'Response due soon',
  'sla-breached': 'Response date missed',
  shared: 'Shared with another member',
  'note-added': 'Note added',
  'message-filed': 'Teams message filed',
  'document-added': 'Document added',
  'document-removed': 'Document removed',
  'returned-to-triage': 'Sent back to triage',
  'details-corrected': 'Details corrected',
};

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const instantFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: LONDON,
});

/**
 * A calendar date (`YYYY-MM-DD`, already in the council's time zone), e.g. "Fri 13 Mar 2026". Formatted as
 * UTC (a date has no time zone) and joined from its parts, because ICU versions differ on the comma.
 */
export const formatDate = (date: IsoDate): string => {
  const parsed = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  const parts = dateFormat.formatToParts(parsed);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
};

/** An instant in the council's time zone, e.g. "13 Mar 2026 14:05". */
export const formatInstant = (at: IsoInstant | Date): string => {
  const parsed = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(parsed.getTime())) return String(at);
  const parts = instantFormat.formatToParts(parsed);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} ${part('hour')}:${part('minute')}`;
};

const days = (n: number): string => `${n} working day${n === 1 ? '' : 's'}`;

/**
 * Adaptive Card TextBlock colours. Only "Attention" (overdue) is used besides the default: "Good" and
 * "Warning" text has too little contrast (about 2.1:1 and 1.5:1), so those states are told in words, in bold.
 */
export type TextColor = 'Default' | 'Attention';
/** Adaptive Card TextBlock weights. */
export type TextWeight = 'Default' | 'Bolder';

/**
 * Where the response clock stands, in words, with a colour and weight for them: "3 working days left",
 * "Overdue by 2 working days". The words carry the meaning; colour is never the only cue.
 */
export const slaSummary = (
  view: Pick<CaseView, 'sla' | 'status' | 'followUpUntil' | 'followUpOpen'>,
): { text: string; color: TextColor; weight: TextWeight } => {
  const { sla } = view;
  switch (sla.state) {
    case 'overdue':
      return {
        text: sla.overdueBy ? `Overdue by ${days(sla.overdueBy)}` : 'Overdue: the response date has passed',
        color: 'Attention',
        weight: 'Bolder',
      };
    case 'due-soon':
      return {
        text: sla.workingDaysLeft ? `Due soon: ${days(sla.workingDaysLeft)} left` : 'Due today',
        color: 'Default',
        weight: 'Bolder',
      };
    case 'on-track':
      return { text: `On track: ${days(sla.workingDaysLeft ?? 0)} left`, color: 'Default', weight: 'Bolder' };
    case 'stopped':
      // The window is offered only while the rule that accepts a follow-up would (CaseView.followUpOpen):
      // a date that has passed is told as closed, never as "until".
      if (view.status === 'responded')
        return {
          text: !view.followUpUntil
            ? 'Responded'
            : view.followUpOpen
              ? `Responded: you can follow up until ${formatDate(view.followUpUntil)}`
              : `Responded: the follow-up window closed after ${formatDate(view.followUpUntil)}`,
          color: 'Default',
          weight: 'Bolder',
        };
      if (view.status === 'on-hold')
        return { text: 'On hold: the response clock is stopped', color: 'Default', weight: 'Default' };
      return { text: 'Closed', color: 'Default', weight: 'Default' };
  }
};
