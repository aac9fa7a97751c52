import type { IsoDate, IsoInstant } from './case';
import type { WardId } from './ids';

/**
 * Decisions and forward-plan items: what the council has decided or will decide, by whom, with the reasons.
 * Public information (it is published on the council's website), kept so that members can brief their
 * communities. No personal data belongs here, and none is ever taken from casework.
 */
export const DECISION_MAKER_KINDS = ['council', 'cabinet', 'committee', 'officer'] as const;
export type DecisionMakerKind = (typeof DECISION_MAKER_KINDS)[number];

/** `forthcoming`: on the forward plan, to be decided on or by `date`; `taken`: decided on `date`. */
export const DECISION_STATUSES = ['forthcoming', 'taken'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Where a decision came from; `key` identifies it in its source, so a re-import updates rather than adds. */
export const DECISION_SOURCES = ['manual', 'csv', 'modern-gov'] as const;
export type DecisionSourceKind = (typeof DECISION_SOURCES)[number];

export interface DecisionLink {
  title: string;
  /** http(s) only. */
  url: string;
}

/** What a person (or an import) states about a decision. */
export interface DecisionDraft {
  title: string;
  summary: string;
  maker: { kind: DecisionMakerKind; name: string };
  status: DecisionStatus;
  /** The date taken, or the date it is due to be taken (Europe/London calendar date). */
  date: IsoDate;
  keyDecision: boolean;
  callIn: { subject: boolean; deadline: IsoDate | null };
  /** Electoral divisions affected, or `all` for the whole county. */
  wards: 'all' | readonly WardId[];
  /** An officer has confirmed the wards (imports only suggest them). */
  wardsConfirmed: boolean;
  reasons: string;
  links: readonly DecisionLink[];
  /** How residents can take part: the meeting, how to attend or watch, how to make representations. */
  takingPart: string;
  source: { kind: DecisionSourceKind; key: string | null };
}

export interface Decision extends DecisionDraft {
  id: string;
  version: number;
  /** Wards suggested from place names and postcodes in the text, for an officer to confirm. */
  suggestedWards: readonly WardId[];
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

export const DECISION_MAKER_LABELS: Record<DecisionMakerKind, string> = {
  council: 'Full Council',
  cabinet: 'Cabinet',
  committee: 'Committee',
  officer: 'Officer',
};

export const LIMITS = { title: 300, summary: 4000, reasons: 8000, takingPart: 2000, makerName: 200 } as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (d: string): boolean => {
  if (!ISO_DATE.test(d)) return false;
  const parsed = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
};

export const isWebLink = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    // Not an absolute URL.
    return false;
  }
};

/**
 * The rules a decision must meet beyond its shape, each as `{ path, message }` naming the field; empty when it
 * is acceptable. `knownWards` are the council's electoral divisions.
 */
export const decisionIssues = (
  d: DecisionDraft,
  knownWards: ReadonlySet<WardId>,
): { path: string; message: string }[] => {
  const issues: { path: string; message: string }[] = [];
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ path, message });
  };
  need(d.title.trim() !== '', 'title', 'A decision needs a title.');
  need(d.title.length <= LIMITS.title, 'title', `A title has at most ${LIMITS.title} characters.`);
  need(d.summary.length <= LIMITS.summary, 'summary', `A summary has at most ${LIMITS.summary} characters.`);
  need(d.reasons.length <= LIMITS.reasons, 'reasons', `Reasons have at most ${LIMITS.reasons} characters.`);
  need(
    d.takingPart.length <= LIMITS.takingPart,
    'takingPart',
    `How to take part has at most ${LIMITS.takingPart} characters.`,
  );
  need(d.maker.name.trim() !== '', 'maker.name', 'Say who takes the decision.');
  need(
    d.maker.name.length <= LIMITS.makerName,
    'maker.name',
    `A decision maker's name has at most ${LIMITS.makerName} characters.`,
  );
  need(isCalendarDate(d.date), 'date', 'The date must be a calendar date (YYYY-MM-DD).');
  if (d.callIn.deadline !== null) {
    need(
      isCalendarDate(d.callIn.deadline),
      'callIn.deadline',
      'The call-in deadline must be a calendar date.',
    );
    need(d.callIn.subject, 'callIn.deadline', 'Only a decision subject to call-in has a call-in deadline.');
    need(
      !isCalendarDate(d.date) || d.callIn.deadline >= d.date,
      'callIn.deadline',
      'The call-in deadline cannot be before the decision date.',
    );
  }
  if (d.wards !== 'all') {
    need(d.wards.length > 0 || !d.wardsConfirmed, 'wards', 'Name at least one ward, or choose all wards.');
    for (const w of d.wards) need(knownWards.has(w), 'wards', `There is no ward "${w}".`);
  }
  d.links.forEach((link, i) => {
    need(link.title.trim() !== '', `links.${i}.title`, 'A link needs a title.');
    need(isWebLink(link.url), `links.${i}.url`, 'A link must be an http or https address.');
  });
  return issues;
};

/** The fields an import compares: re-importing the same source changes nothing. */
const comparable = (d: DecisionDraft) => ({
  title: d.title,
  summary: d.summary,
  maker: d.maker,
  status: d.status,
  date: d.date,
  keyDecision: d.keyDecision,
  callIn: d.callIn,
  reasons: d.reasons,
  links: d.links,
  takingPart: d.takingPart,
});

/** JSON with object keys sorted, so two equal values compare equal however they were stored (jsonb reorders keys). */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

/** Whether an imported draft says anything the stored decision does not already say (wards aside). */
export const importChanges = (stored: DecisionDraft, incoming: DecisionDraft): boolean =>
  canonicalJson(comparable(stored)) !== canonicalJson(comparable(incoming));

/** Whether a decision concerns a ward: all wards, or the ward among its confirmed ones. */
export const affectsWard = (d: DecisionDraft, wardId: WardId): boolean =>
  d.wards === 'all' || (d.wardsConfirmed && d.wards.includes(wardId));
