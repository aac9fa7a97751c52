import {
  AWAITING_ANSWER_STATUSES,
  type Case,
  type CaseEvent,
  type CaseEventType,
  type IsoDate,
} from './case';
import type { PersonId } from './ids';

/**
 * What is new to a councillor on their own case, and so what "open" means to everyone.
 *
 * A councillor's case is **new** to them while its timeline has an entry after the last one they saw (by
 * opening the case in the tab or asking the bot for it) that someone else made: a response above all, but
 * also triage, an assignment, a hold, an extension asked for, a closure, a filed message. The SLA clock's
 * own notices (due soon, overdue) are not news: the member is told about them in Teams and the list shows
 * where the clock stands. Only the case's own member has news: officers work from queues, not from what
 * they have read.
 *
 * A case is **open** to a person while the council owes an answer (`AWAITING_ANSWER_STATUSES`), or, for
 * the case's own member, while an answer is new to them and the follow-up window is still open: an answered
 * case stays in the member's default list until they have read it or the window ends. The tab's "Open"
 * filter, its default My cases list and the bot's `my cases` all ask the store for exactly this, so they
 * count alike.
 */

/** Timeline entries that are never news: the SLA clock's notices. */
export const QUIET_EVENT_TYPES: readonly CaseEventType[] = ['sla-warning', 'sla-breached'];

/** Whether `event` on one of `readerId`'s own cases is news to them: a change someone else made. */
export const isNewsTo = (event: Pick<CaseEvent, 'type' | 'actorId'>, readerId: PersonId): boolean =>
  !QUIET_EVENT_TYPES.includes(event.type) && event.actorId !== readerId;

/**
 * Whether the follow-up window is open on `today` (the council's date): after a response, up to and including
 * `followUpUntil`. The one rule for offering a follow-up or a reopening (cards, tab) and for accepting one.
 */
export const isWithinFollowUpWindow = (c: Pick<Case, 'followUpUntil'>, today: IsoDate): boolean =>
  c.followUpUntil !== undefined && today <= c.followUpUntil;

/**
 * Whether a case is open to a reader on `today`, given whether it has news for them (see above). The store
 * applies the same rule in SQL (`PostgresCaseStore`, `openTo`); `bot/test/open-cases.test.ts` checks it.
 */
export const isOpenTo = (
  c: Pick<Case, 'status' | 'followUpUntil' | 'memberId'>,
  readerId: PersonId,
  today: IsoDate,
  hasNews: boolean,
): boolean =>
  AWAITING_ANSWER_STATUSES.includes(c.status) ||
  (c.status === 'responded' && c.memberId === readerId && hasNews && isWithinFollowUpWindow(c, today));
