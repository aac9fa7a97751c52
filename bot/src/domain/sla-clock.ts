import { OPEN_STATUSES, type Case, type CaseEventDraft, type IsoDate } from './case';
import type { SlaPolicy } from './sla-policy';
import { addCalendarDays, addWorkingDays, londonDate, workingDaysBetween } from './working-days';

/** Where a case stands against its response date. */
export interface SlaAssessment {
  /**
   * `stopped`: the response clock is not running (responded, closed or on hold). `due-soon`: open with at
   * most the policy's warning margin of working days left (0 = due today). `overdue`: today is after the due date.
   */
  state: 'on-track' | 'due-soon' | 'overdue' | 'stopped';
  /** Working days after today up to and including the due date; null when overdue or stopped. */
  workingDaysLeft: number | null;
  /**
   * Working days after the due date up to and including today; null unless overdue. It is 0 on a weekend or
   * bank holiday straight after the due date: the date has passed but no working day has been lost yet.
   */
  overdueBy: number | null;
  /** The escalation level the policy calls for now (0 = none); the case's own level may already be higher. */
  escalationLevelDue: number;
}

/** The SLA clock for one policy: due dates in working days of the policy's region, and the state of a case. */
export interface SlaClock {
  readonly policy: SlaPolicy;
  /** The council's calendar date (Europe/London) at `now`. */
  today(now: Date): IsoDate;
  /** Acknowledgement due date for an enquiry received at `createdAt`. */
  acknowledgeBy(createdAt: Date): IsoDate;
  /** Stage-1 response due date for an enquiry received (or followed up, or reopened) at `receivedAt`. */
  respondBy(receivedAt: Date): IsoDate;
  /** Stage-2 due date: the stage-2 allowance of working days after the stage-1 due date. */
  extendedRespondBy(currentRespondBy: IsoDate): IsoDate;
  /** Last day of the follow-up window after a response sent at `respondedAt`. */
  followUpUntil(respondedAt: Date): IsoDate;
  /** Working days the response clock was stopped: those after the hold's date up to and including the resume date. */
  workingDaysOnHold(heldAt: Date, resumedAt: Date): number;
  /** The response due date pushed back by the working days spent on hold. */
  shiftForHold(respondBy: IsoDate, heldAt: Date, resumedAt: Date): IsoDate;
  assess(c: Pick<Case, 'status' | 'respondBy'>, now: Date): SlaAssessment;
  /**
   * The latest response date that is at risk at `now`: an open case due on or before it is due soon or
   * overdue by `assess`, and one due after it is on track. For listing cases at risk with one date comparison.
   */
  atRiskUntil(now: Date): IsoDate;
  /** Working days from `date` (day 0) to today at `now`: the age of a case raised on `date`; never negative. */
  workingDaysSince(date: IsoDate, now: Date): number;
  /**
   * What the background SLA job should record for a case at `now`: an `sla-warning` when due soon, an
   * `sla-breached` when overdue (each once per response date, tracked in `slaNotice`), and `escalated` when
   * the level due exceeds the case's level. Null when there is nothing to do, so a second run at the same
   * moment is always null. Never touches stopped cases. Events are the system's (actorId null).
   */
  slaSweep(c: Case, now: Date): { next: Case; events: CaseEventDraft[] } | null;
}

const isOpen = (c: Pick<Case, 'status'>): boolean => OPEN_STATUSES.includes(c.status);

export const createSlaClock = (policy: SlaPolicy): SlaClock => {
  const { region } = policy;
  const today = (now: Date): IsoDate => londonDate(now);

  const escalationLevelFor = (overdueBy: number): number =>
    policy.escalationWorkingDaysAfterBreach.filter((after) => overdueBy >= after).length;

  const assess = (c: Pick<Case, 'status' | 'respondBy'>, now: Date): SlaAssessment => {
    if (!isOpen(c))
      return { state: 'stopped', workingDaysLeft: null, overdueBy: null, escalationLevelDue: 0 };
    const date = today(now);
    if (date > c.respondBy) {
      const overdueBy = workingDaysBetween(c.respondBy, date, region);
      return {
        state: 'overdue',
        workingDaysLeft: null,
        overdueBy,
        escalationLevelDue: escalationLevelFor(overdueBy),
      };
    }
    const workingDaysLeft = workingDaysBetween(date, c.respondBy, region);
    const state = workingDaysLeft <= policy.warnWorkingDaysBefore ? 'due-soon' : 'on-track';
    return { state, workingDaysLeft, overdueBy: null, escalationLevelDue: 0 };
  };

  const workingDaysOnHold = (heldAt: Date, resumedAt: Date): number =>
    Math.max(0, workingDaysBetween(londonDate(heldAt), londonDate(resumedAt), region));

  const slaSweep = (c: Case, now: Date): { next: Case; events: CaseEventDraft[] } | null => {
    const a = assess(c, now);
    if (a.state === 'stopped' || a.state === 'on-track') return null;
    const at = now.toISOString();
    const events: CaseEventDraft[] = [];
    let next: Case = c;
    const noticed = c.slaNotice?.forRespondBy === c.respondBy ? c.slaNotice.kind : undefined;

    if (a.state === 'due-soon' && noticed === undefined) {
      events.push({
        type: 'sla-warning',
        actorId: null,
        at,
        data: { respondBy: c.respondBy, workingDaysLeft: a.workingDaysLeft, stage: c.stage },
      });
      next = { ...next, slaNotice: { kind: 'due-soon', forRespondBy: c.respondBy } };
    }
    if (a.state === 'overdue' && noticed !== 'overdue') {
      events.push({
        type: 'sla-breached',
        actorId: null,
        at,
        data: { respondBy: c.respondBy, overdueBy: a.overdueBy, stage: c.stage },
      });
      next = { ...next, slaNotice: { kind: 'overdue', forRespondBy: c.respondBy } };
    }
    // The level only ever rises: a case escalated by hand, or for an earlier due date, keeps its level.
    if (a.escalationLevelDue > c.escalationLevel) {
      events.push({
        type: 'escalated',
        actorId: null,
        at,
        data: {
          fromLevel: c.escalationLevel,
          toLevel: a.escalationLevelDue,
          respondBy: c.respondBy,
          overdueBy: a.overdueBy,
          automatic: true,
        },
      });
      next = { ...next, escalationLevel: a.escalationLevelDue };
    }
    if (events.length === 0) return null;
    return { next: { ...next, updatedAt: at }, events };
  };

  return {
    policy,
    today,
    acknowledgeBy: (createdAt) =>
      addWorkingDays(londonDate(createdAt), policy.acknowledgeWorkingDays, region),
    respondBy: (receivedAt) => addWorkingDays(londonDate(receivedAt), policy.responseWorkingDays[1], region),
    extendedRespondBy: (currentRespondBy) =>
      addWorkingDays(currentRespondBy, policy.responseWorkingDays[2], region),
    followUpUntil: (respondedAt) =>
      addWorkingDays(londonDate(respondedAt), policy.followUpWorkingDays, region),
    workingDaysOnHold,
    shiftForHold: (respondBy, heldAt, resumedAt) => {
      const days = workingDaysOnHold(heldAt, resumedAt);
      return days === 0 ? respondBy : addWorkingDays(respondBy, days, region);
    },
    assess,
    // `assess` calls a case due soon while at most `warnWorkingDaysBefore` working days are left after today:
    // every date before the next working day after that margin. Counting back one calendar day from it (rather
    // than taking the margin's last working day) keeps a due date on a weekend or holiday in step with assess.
    atRiskUntil: (now) =>
      addCalendarDays(addWorkingDays(today(now), policy.warnWorkingDaysBefore + 1, region), -1),
    workingDaysSince: (date, now) => Math.max(0, workingDaysBetween(date, today(now), region)),
    slaSweep,
  };
};
