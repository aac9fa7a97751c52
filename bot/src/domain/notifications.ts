import type { Case, CaseEvent, CaseEventType, IsoDate, IsoInstant } from './case';
import type { CaseId, CaseRef, PersonId } from './ids';

/** Case events a member is told about in Teams, in the words of the council's process. */
export const NOTIFICATION_KINDS = [
  'triaged',
  'responded',
  'extension-requested',
  'extension-agreed',
  'escalated',
  'sla-warning',
  'sla-breached',
] as const satisfies readonly CaseEventType[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What a notification says beyond the case itself: dates, counts and levels copied from the event. Never
 * free text (a response, a reason, a description): those can carry a constituent's personal data, and the
 * member reads them in the case itself, where access is checked and audited.
 */
export interface NotificationFacts {
  /** The response date the event is about (for an agreed extension: the new one). */
  respondBy?: IsoDate | undefined;
  /** Extension requested: the date the department proposes. */
  proposedRespondBy?: IsoDate | undefined;
  /** Extension agreed: the response date before the extension. */
  previousRespondBy?: IsoDate | undefined;
  /** SLA warning: working days left, 0 meaning due today. */
  workingDaysLeft?: number | undefined;
  /** SLA breach: working days overdue. */
  overdueBy?: number | undefined;
  /** Escalation: the level reached, and whether the SLA clock (not a person) escalated. */
  toLevel?: number | undefined;
  automatic?: boolean | undefined;
  /** Response: whether it was sent by the due date. */
  withinTarget?: boolean | undefined;
  /** Response: the last day of the follow-up window it opened. */
  followUpUntil?: IsoDate | undefined;
}

/** One message to one person about one event on one case: a row of the notification outbox. */
export interface NotificationDraft {
  caseId: CaseId;
  caseRef: CaseRef;
  /** The event's number on the case's timeline; with the case and recipient, the notification's identity. */
  eventSeq: number;
  kind: NotificationKind;
  recipient: PersonId;
  /** When the event happened. */
  at: IsoInstant;
  facts: NotificationFacts;
}

const isNotificationKind = (type: CaseEventType): type is NotificationKind =>
  (NOTIFICATION_KINDS as readonly CaseEventType[]).includes(type);

const date = (value: unknown): IsoDate | undefined =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value) ? value : undefined;
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** Copies the allowed facts of each kind, by name and type, so nothing else in `data` can leak through. */
const factsOf = (kind: NotificationKind, data: Record<string, unknown>): NotificationFacts => {
  switch (kind) {
    case 'triaged':
      return { respondBy: date(data.respondBy) };
    case 'responded':
      return {
        respondBy: date(data.respondBy),
        withinTarget: flag(data.withinTarget),
        followUpUntil: date(data.followUpUntil),
      };
    case 'extension-requested':
      return { respondBy: date(data.respondBy), proposedRespondBy: date(data.proposedRespondBy) };
    case 'extension-agreed':
      return { respondBy: date(data.respondBy), previousRespondBy: date(data.previousRespondBy) };
    case 'escalated':
      return { toLevel: count(data.toLevel), automatic: flag(data.automatic) };
    case 'sla-warning':
      return { respondBy: date(data.respondBy), workingDaysLeft: count(data.workingDaysLeft) };
    case 'sla-breached':
      return { respondBy: date(data.respondBy), overdueBy: count(data.overdueBy) };
  }
};

/** Drops undefined facts so the stored payload holds only what is known. */
const compact = (facts: NotificationFacts): NotificationFacts =>
  Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));

/**
 * Who is told what about a change to a case: the case's member (the data controller) hears about triage, a
 * response, a request to extend (which needs their agreement), an agreed extension, an escalation, a response
 * due soon and a missed response date. MPs' enquiries have no member in Teams, so nobody is told. Nobody is
 * told about their own action (a member who agrees an extension knows they did).
 *
 * Pure: the case store calls it inside the transaction that records the events, so the notifications are
 * committed exactly when the change is, and a rolled-back change leaves none.
 *
 * @param caseAfter the case as stored by the change
 * @param events the events the change appended, numbered
 */
export const notificationsFor = (caseAfter: Case, events: readonly CaseEvent[]): NotificationDraft[] => {
  const recipient = caseAfter.memberId;
  if (recipient === null) return [];
  const drafts: NotificationDraft[] = [];
  for (const event of events) {
    if (!isNotificationKind(event.type) || event.actorId === recipient) continue;
    drafts.push({
      caseId: caseAfter.id,
      caseRef: caseAfter.ref,
      eventSeq: event.seq,
      kind: event.type,
      recipient,
      at: event.at,
      facts: compact(factsOf(event.type, event.data)),
    });
  }
  return drafts;
};
