import type { IsoDate } from './case';
import { affectsWard, DECISION_MAKER_LABELS, type Decision, type DecisionLink } from './decision';
import type { WardId } from './ids';
import type { IsoMonth } from './reporting-period';
import { isShowable, showCount, type ShownCount } from './small-counts';

/**
 * Monthly briefings. A ward briefing (one per electoral division per month) tells the division's members
 * about casework in it, as counts only, and about decisions that affect it; the decision briefing (one per
 * month for the council) lists decisions taken with their reasons and key decisions coming up. Composition
 * is pure: the use case gathers figures and decisions, these functions decide what may be shown.
 */
export const BRIEFING_KINDS = ['ward', 'decision'] as const;
export type BriefingKind = (typeof BRIEFING_KINDS)[number];

/** A ward's casework figures for a month, as the database counts them (before suppression). */
export interface WardCaseworkFigures {
  /** Cases raised in the month. */
  raised: number;
  /** Cases closed in the month. */
  closed: number;
  /** Responses sent in the month, and how many of those met their due date. */
  answered: number;
  answeredWithinTarget: number;
  /** Cases raised in the month per category. */
  categories: readonly { category: string; count: number }[];
  /** Cases awaiting a response now, and when the oldest of them was raised (Europe/London date). */
  openNow: number;
  oldestOpenRaisedOn: IsoDate | null;
}

/** The same, as a briefing may show them: small counts suppressed, percentages and ages only over shown counts. */
export interface WardCasework {
  raised: ShownCount;
  closed: ShownCount;
  answered: ShownCount;
  /** Whole per cent of responses sent within target; null when fewer than 3 were answered. */
  withinTargetPercent: number | null;
  /** At most three categories, each with 3 or more cases; smaller ones are not named. */
  topCategories: { category: string; count: number }[];
  openNow: ShownCount;
  /** Working days since the oldest open case was raised; null when fewer than 3 are open. */
  oldestOpenWorkingDays: number | null;
}

/** A decision as a briefing shows it: public information only. */
export interface BriefingDecision {
  id: string;
  title: string;
  summary: string;
  maker: string;
  date: IsoDate;
  keyDecision: boolean;
  callInDeadline: IsoDate | null;
  subjectToCallIn: boolean;
  reasons: string;
  links: readonly DecisionLink[];
  takingPart: string;
}

export interface WardBriefingContent {
  kind: 'ward';
  wardId: WardId;
  wardName: string;
  period: IsoMonth;
  casework: WardCasework;
  decisionsTaken: BriefingDecision[];
  forthcoming: BriefingDecision[];
  /** Decisions in the period that may concern the ward but whose wards no officer has confirmed yet. */
  awaitingWardConfirmation: number;
}

export interface DecisionBriefingContent {
  kind: 'decision';
  period: IsoMonth;
  decisionsTaken: BriefingDecision[];
  keyDecisionsComing: BriefingDecision[];
}

export type BriefingContent = WardBriefingContent | DecisionBriefingContent;

/** How many forthcoming decisions a briefing lists; the rest are in the register. */
export const FORTHCOMING_SHOWN = 10;
export const TOP_CATEGORIES = 3;

export const toBriefingDecision = (d: Decision): BriefingDecision => ({
  id: d.id,
  title: d.title,
  summary: d.summary,
  maker: d.maker.name.trim() || DECISION_MAKER_LABELS[d.maker.kind],
  date: d.date,
  keyDecision: d.keyDecision,
  subjectToCallIn: d.callIn.subject,
  callInDeadline: d.callIn.deadline,
  reasons: d.reasons,
  links: d.links,
  takingPart: d.takingPart,
});

const byDateThenTitle = (a: Decision, b: Decision) =>
  a.date.localeCompare(b.date) || a.title.localeCompare(b.title);

const inMonth = (date: IsoDate, month: IsoMonth) => date.startsWith(`${month}-`);

/** Casework figures as a channel may see them. `workingDaysSince` turns the oldest open date into an age. */
export const suppressCasework = (
  f: WardCaseworkFigures,
  workingDaysSince: (date: IsoDate) => number,
): WardCasework => ({
  raised: showCount(f.raised),
  closed: showCount(f.closed),
  answered: showCount(f.answered),
  withinTargetPercent: f.answered >= 3 ? Math.round((100 * f.answeredWithinTarget) / f.answered) : null,
  topCategories: [...f.categories]
    .filter((c) => c.count >= 3 && isShowable(c.count))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
    .slice(0, TOP_CATEGORIES)
    .map((c) => ({ category: c.category, count: c.count })),
  openNow: showCount(f.openNow),
  oldestOpenWorkingDays:
    f.openNow >= 3 && f.oldestOpenRaisedOn !== null ? workingDaysSince(f.oldestOpenRaisedOn) : null,
});

/**
 * One ward's briefing for `period`: its casework (suppressed), decisions taken in the period that affect it,
 * and forthcoming decisions for it from `today` on.
 */
export const composeWardBriefing = (input: {
  ward: { id: WardId; name: string };
  period: IsoMonth;
  today: IsoDate;
  casework: WardCasework;
  decisions: readonly Decision[];
}): WardBriefingContent => {
  const { ward, period, today, decisions } = input;
  const taken = decisions
    .filter((d) => d.status === 'taken' && inMonth(d.date, period))
    .sort(byDateThenTitle);
  const coming = decisions.filter((d) => d.status === 'forthcoming' && d.date >= today).sort(byDateThenTitle);
  return {
    kind: 'ward',
    wardId: ward.id,
    wardName: ward.name,
    period,
    casework: input.casework,
    decisionsTaken: taken.filter((d) => affectsWard(d, ward.id)).map(toBriefingDecision),
    forthcoming: coming
      .filter((d) => affectsWard(d, ward.id))
      .slice(0, FORTHCOMING_SHOWN)
      .map(toBriefingDecision),
    awaitingWardConfirmation: [...taken, ...coming].filter(
      (d) => d.wards !== 'all' && !d.wardsConfirmed && d.wards.includes(ward.id),
    ).length,
  };
};

/** The council-wide decision briefing: every decision taken in the period, and key decisions from `today` on. */
export const composeDecisionBriefing = (input: {
  period: IsoMonth;
  today: IsoDate;
  decisions: readonly Decision[];
}): DecisionBriefingContent => ({
  kind: 'decision',
  period: input.period,
  decisionsTaken: input.decisions
    .filter((d) => d.status === 'taken' && inMonth(d.date, input.period))
    .sort(byDateThenTitle)
    .map(toBriefingDecision),
  keyDecisionsComing: input.decisions
    .filter((d) => d.status === 'forthcoming' && d.keyDecision && d.date >= input.today)
    .sort(byDateThenTitle)
    .slice(0, FORTHCOMING_SHOWN * 2)
    .map(toBriefingDecision),
});

const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "November 2026" for `2026-11`. */
export const monthName = (period: IsoMonth): string => MONTH_YEAR.format(new Date(`${period}-01T00:00:00Z`));

export const briefingTitle = (content: BriefingContent): string =>
  content.kind === 'ward'
    ? `${content.wardName}: ward briefing for ${monthName(content.period)}`
    : `Decision briefing for ${monthName(content.period)}`;
