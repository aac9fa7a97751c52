import type { SlaPolicy } from '../../api/types';

/** Bank-holiday calendars by their everyday names. */
export const REGION_NAMES: Record<string, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};
export const regionName = (region: string): string => REGION_NAMES[region] ?? region;

/** About a year of working days: the service's upper bound for any target. */
export const MAX_WORKING_DAYS = 260;
const MAX_ESCALATIONS = 10;

/** The SLA form as typed: every number is text until it is checked. */
export interface SlaForm {
  region: string;
  acknowledge: string;
  stage1: string;
  stage2: string;
  followUp: string;
  warnBefore: string;
  escalation: string;
  goal: string;
}
export type SlaField = keyof SlaForm;
export type SlaErrors = Partial<Record<SlaField, string>>;

export const formFromPolicy = (p: SlaPolicy): SlaForm => ({
  region: p.region,
  acknowledge: String(p.acknowledgeWorkingDays),
  stage1: String(p.responseWorkingDays[1]),
  stage2: String(p.responseWorkingDays[2]),
  followUp: String(p.followUpWorkingDays),
  warnBefore: String(p.warnWorkingDaysBefore),
  escalation: p.escalationWorkingDaysAfterBreach.join(', '),
  goal: String(p.goalPercentWithinTarget),
});

const wholeDays = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

const daysError = (text: string, min: number): string | undefined => {
  const n = wholeDays(text);
  if (text.trim() === '') return 'Enter a number of working days.';
  if (n === null || n < min || n > MAX_WORKING_DAYS)
    return `Enter a whole number of working days from ${min} to ${MAX_WORKING_DAYS}.`;
  return undefined;
};

/** The escalation days as numbers, or the reason they cannot be. */
export const parseEscalation = (text: string): { days: number[] } | { error: string } => {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.every((s) => s === ''))
    return { error: 'Enter at least one number of working days, e.g. 0, 5, 10.' };
  if (parts.some((s) => s === ''))
    return { error: 'Separate the numbers with single commas, e.g. 0, 5, 10.' };
  const days = parts.map(wholeDays);
  const bad = parts.find((_, i) => {
    const d = days[i];
    return d === null || d === undefined || d > MAX_WORKING_DAYS;
  });
  if (bad !== undefined)
    return { error: `“${bad}” is not a whole number of working days from 0 to ${MAX_WORKING_DAYS}.` };
  const numbers = days as number[];
  if (numbers.length > MAX_ESCALATIONS) return { error: `Give at most ${MAX_ESCALATIONS} escalation steps.` };
  if (numbers.some((d, i) => i > 0 && d <= (numbers[i - 1] ?? -1)))
    return { error: 'Put the numbers in ascending order, each larger than the one before, e.g. 0, 5, 10.' };
  return { days: numbers };
};

/** Checks the form as the service will, so most mistakes are explained before anything is sent. */
export const checkSlaForm = (form: SlaForm): { policy: SlaPolicy } | { errors: SlaErrors } => {
  const errors: SlaErrors = {};
  if (!form.region) errors.region = 'Choose which bank holidays apply.';
  const ack = daysError(form.acknowledge, 0);
  if (ack) errors.acknowledge = ack;
  const s1 = daysError(form.stage1, 1);
  if (s1) errors.stage1 = s1;
  const s2 = daysError(form.stage2, 1);
  if (s2) errors.stage2 = s2;
  const follow = daysError(form.followUp, 0);
  if (follow) errors.followUp = follow;
  const warn = daysError(form.warnBefore, 0);
  if (warn) errors.warnBefore = warn;
  const escalation = parseEscalation(form.escalation);
  if ('error' in escalation) errors.escalation = escalation.error;
  const goal = wholeDays(form.goal);
  if (goal === null || goal < 1 || goal > 100) errors.goal = 'Enter a whole percentage from 1 to 100.';
  if (!ack && !s1 && Number(form.acknowledge) > Number(form.stage1))
    errors.acknowledge = 'The acknowledgement target cannot be later than the stage 1 response target.';
  if (Object.keys(errors).length > 0 || 'error' in escalation) return { errors };
  return {
    policy: {
      region: form.region,
      acknowledgeWorkingDays: Number(form.acknowledge),
      responseWorkingDays: { 1: Number(form.stage1), 2: Number(form.stage2) },
      followUpWorkingDays: Number(form.followUp),
      warnWorkingDaysBefore: Number(form.warnBefore),
      escalationWorkingDaysAfterBreach: escalation.days,
      goalPercentWithinTarget: Number(form.goal),
    },
  };
};

const FIELD_FOR_PATH: [prefix: string, field: SlaField][] = [
  ['region', 'region'],
  ['acknowledgeWorkingDays', 'acknowledge'],
  ['responseWorkingDays.1', 'stage1'],
  ['responseWorkingDays.2', 'stage2'],
  ['followUpWorkingDays', 'followUp'],
  ['warnWorkingDaysBefore', 'warnBefore'],
  ['escalationWorkingDaysAfterBreach', 'escalation'],
  ['goalPercentWithinTarget', 'goal'],
];

/** The service's validation issues (`path` like `responseWorkingDays.1`) against the form's fields. */
export const errorsFromIssues = (issues: readonly { path: string; message: string }[]): SlaErrors => {
  const errors: SlaErrors = {};
  for (const issue of issues) {
    const path = issue.path.replace(/^body\./, '');
    const match = FIELD_FOR_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
    if (match && !errors[match[1]]) errors[match[1]] = issue.message;
  }
  return errors;
};
