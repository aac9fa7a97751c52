import type { ProactiveMessage } from '../../app/ports';
import type { Case, CaseStatus } from '../../domain/case';
import type { NotificationDraft } from '../../domain/notifications';
import { STATUS_LABELS, formatDate, formatInstant } from './format';
import { escapeMarkdown, renderCard } from './render';
import notificationTemplate from './templates/notification.json';

/** Statuses in which a response date means something to the member. */
const AWAITING_RESPONSE: readonly CaseStatus[] = ['new', 'triaged', 'with-department', 'on-hold'];

const days = (n: number): string => `${n} working day${n === 1 ? '' : 's'}`;

/** The headline and one sentence for each kind of notification, from the event's facts. */
const wording = (n: NotificationDraft, c: Case): { headline: string; detail: string } => {
  const f = n.facts;
  const due = f.respondBy !== undefined ? formatDate(f.respondBy) : undefined;
  switch (n.kind) {
    case 'triaged':
      return {
        headline: 'Your case has been triaged',
        detail: due
          ? `It has gone to the department. A response is due by ${due}.`
          : 'It has gone to the department.',
      };
    case 'responded': {
      // What happened, from the event: the case may have moved on by the time this is delivered.
      const until = f.followUpUntil ?? c.followUpUntil;
      return {
        headline: 'Your case has had a response',
        detail:
          until !== undefined
            ? `Show the case to read the response. You can follow up until ${formatDate(until)}.`
            : 'Show the case to read the response.',
      };
    }
    case 'extension-requested':
      return {
        headline: 'More time is asked for on your case',
        detail:
          `The department asks to extend the response date` +
          (due && f.proposedRespondBy !== undefined
            ? ` from ${due} to ${formatDate(f.proposedRespondBy)}`
            : '') +
          '. It needs your agreement: open the case to agree or decline.',
      };
    case 'extension-agreed':
      return {
        headline: 'An extension has been agreed on your case',
        detail: due ? `The response is now due by ${due}.` : 'The response date has moved.',
      };
    case 'escalated': {
      const level = f.toLevel !== undefined ? ` to level ${f.toLevel}` : '';
      return {
        headline: 'Your case has been escalated',
        detail: f.automatic
          ? `It is overdue, so it has been escalated${level}.`
          : `It has been escalated${level}.`,
      };
    }
    case 'sla-warning':
      return {
        headline: 'A response is due soon',
        detail:
          f.workingDaysLeft === 0
            ? `The response is due today${due ? ` (${due})` : ''}.`
            : `The response is due by ${due ?? 'the due date'}` +
              (f.workingDaysLeft !== undefined ? ` (${days(f.workingDaysLeft)} left).` : '.'),
      };
    case 'sla-breached':
      return {
        headline: 'A response is overdue',
        detail:
          `The response was due by ${due ?? 'the due date'}` +
          (f.overdueBy ? `; it is ${days(f.overdueBy)} late.` : '.'),
      };
  }
};

/**
 * The card a member receives about one of their cases: what happened, the case's reference, title, current
 * status and due date (for a response: when it was sent and whether within target, not the status now, which
 * may have moved on by delivery), and a button that asks the bot for the case
 * (Universal Action, verb `showCase`, answered as `status <ref>` is). It carries nothing
 * about the constituent beyond the title the member's own case already has; the summary (shown in Teams'
 * notifications, possibly on a lock screen) carries only the reference and the headline.
 *
 * @param n the notification, as queued when the event happened
 * @param c the case as it is now (re-read at delivery)
 */
export const notificationMessage = (n: NotificationDraft, c: Case): ProactiveMessage => {
  const { headline, detail } = wording(n, c);
  const summary = `${c.ref}: ${headline.charAt(0).toLowerCase()}${headline.slice(1)}`;
  const facts =
    n.kind === 'responded'
      ? [
          { label: 'Reference', value: c.ref },
          { label: 'Responded', value: formatInstant(n.at) },
          ...(n.facts.withinTarget === undefined
            ? []
            : [
                {
                  label: 'Target',
                  value: n.facts.withinTarget
                    ? 'Answered within the target'
                    : `Answered after the target date${n.facts.respondBy ? ` (${formatDate(n.facts.respondBy)})` : ''}`,
                },
              ]),
        ]
      : [
          { label: 'Reference', value: c.ref },
          { label: 'Status', value: STATUS_LABELS[c.status] },
          ...(AWAITING_RESPONSE.includes(c.status)
            ? [{ label: 'Response due', value: formatDate(c.respondBy) }]
            : []),
        ];
  const card = renderCard(notificationTemplate, {
    summary,
    headline,
    detail,
    title: escapeMarkdown(c.title),
    facts,
    ref: c.ref,
  });
  return { card, summary };
};
