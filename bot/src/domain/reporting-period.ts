import type { IsoDate } from './case';
import { InvalidQueryError } from './errors';

/** A calendar month, `YYYY-MM`, in the council's time zone (Europe/London). */
export type IsoMonth = string;

/** Statistics cover the 12 months up to the current one unless asked otherwise... */
export const DEFAULT_REPORTING_MONTHS = 12;
/** ...and never more than 24, which bounds the work one request can ask of the database. */
export const MAX_REPORTING_MONTHS = 24;

const ISO_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months, both ends included. */
export interface ReportingPeriod {
  from: IsoMonth;
  to: IsoMonth;
}

const parts = (month: IsoMonth): { year: number; month: number } => {
  const m = ISO_MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  return { year: Number(m[1]), month: Number(m[2]) };
};

/** The month a calendar date falls in. */
export const monthOf = (date: IsoDate): IsoMonth => date.slice(0, 7);

/** The month `n` months after `month` (before it when `n` is negative). */
export const addMonths = (month: IsoMonth, n: number): IsoMonth => {
  const { year, month: m } = parts(month);
  const index = year * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** How many months the period covers, both ends included (0 or less when `to` is before `from`). */
export const monthsCovered = (from: IsoMonth, to: IsoMonth): number => {
  const a = parts(from);
  const b = parts(to);
  return (b.year - a.year) * 12 + (b.month - a.month) + 1;
};

/** Every month of the period, oldest first. */
export const monthsOf = (period: ReportingPeriod): IsoMonth[] =>
  Array.from({ length: Math.max(0, monthsCovered(period.from, period.to)) }, (_, i) =>
    addMonths(period.from, i),
  );

/**
 * The period a statistics request asks for. `to` defaults to the current month and `from` to the
 * DEFAULT_REPORTING_MONTHS months ending at `to`.
 * @throws InvalidQueryError when a month is malformed, `from` is after `to`, or the period is longer than
 * MAX_REPORTING_MONTHS.
 */
export const reportingPeriod = (
  asked: { from?: string | undefined; to?: string | undefined },
  currentMonth: IsoMonth,
): ReportingPeriod => {
  for (const key of ['from', 'to'] as const) {
    const value = asked[key];
    if (value !== undefined && !ISO_MONTH.test(value))
      throw new InvalidQueryError('Months are written YYYY-MM, e.g. 2026-01.', [
        { path: key, message: 'must be a month, YYYY-MM' },
      ]);
  }
  const to = asked.to ?? currentMonth;
  const from = asked.from ?? addMonths(to, 1 - DEFAULT_REPORTING_MONTHS);
  const covered = monthsCovered(from, to);
  if (covered < 1)
    throw new InvalidQueryError('The period must not end before it starts.', [
      { path: 'from', message: 'must not be after to' },
    ]);
  if (covered > MAX_REPORTING_MONTHS)
    throw new InvalidQueryError(`A period covers at most ${MAX_REPORTING_MONTHS} months.`, [
      { path: 'from', message: `must be at most ${MAX_REPORTING_MONTHS} months before to, inclusive` },
    ]);
  return { from, to };
};
