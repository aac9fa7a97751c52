import { unparse } from 'papaparse';
import { AGE_BUCKETS, type AgeBucket, type Stats } from '../../api/types';

/** A calendar month, `YYYY-MM`, in the council's time zone (Europe/London), as the statistics API takes it. */
export type IsoMonth = string;

/** Months, both ends included. */
export interface Period {
  from: IsoMonth;
  to: IsoMonth;
}

export const PERIOD_CHOICES = [3, 6, 12] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

const londonMonth = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: '2-digit',
  timeZone: 'Europe/London',
});
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The month `n` months after `month` (before it when `n` is negative). */
export const addMonths = (month: IsoMonth, n: number): IsoMonth => {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** The month `now` falls in, in London: just after midnight on 1 December in London is already December. */
export const monthOf = (now: Date): IsoMonth => {
  const parts = londonMonth.formatToParts(now);
  const part = (type: 'year' | 'month') => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
};

/** The last `months` months, the current month included. */
export const periodEnding = (months: number, now: Date): Period => {
  const to = monthOf(now);
  return { from: addMonths(to, -(months - 1)), to };
};

/** A month as people read it: Nov 2026. */
export const monthLabel = (month: IsoMonth): string => monthFormat.format(new Date(`${month}-01T12:00:00Z`));

/** One column of a figure's table and CSV: the table shows `cell`, the CSV gets `csv` (default: `cell`). */
export interface Column<R> {
  header: string;
  cell: (row: R) => string;
  csv?: (row: R) => string | number;
  numeric?: boolean;
}

/**
 * The CSV of a table: a header row, then one line per row. Cells that a spreadsheet would run as a formula
 * (a category typed as `=HYPERLINK(…)`) are escaped, since category names are free text.
 */
export const toCsv = <R>(columns: readonly Column<R>[], rows: readonly R[]): string =>
  unparse(
    {
      fields: columns.map((c) => c.header),
      data: rows.map((row) => columns.map((c) => (c.csv ?? c.cell)(row))),
    },
    { escapeFormulae: true, newline: '\r\n' },
  );

/** `answered-within-target-2026-01-to-2026-11.csv` */
export const csvFileName = (name: string, period: Period): string =>
  `${name}-${period.from}-to-${period.to}.csv`;

const count = (n: number) => n.toLocaleString('en-GB');
const byName = (a: string, b: string) => a.localeCompare(b, 'en-GB');

// a. Answered within target, by department and month.

export interface AnsweredRow {
  departmentId: string;
  department: string;
  month: IsoMonth;
  answered: number;
  withinTarget: number;
  /** Null when nothing was answered, so there is no percentage to give. */
  percentWithinTarget: number | null;
}

export const answeredRows = (stats: Stats, departmentName: (id: string) => string): AnsweredRow[] =>
  stats.answeredWithinTarget
    .map((r) => ({
      departmentId: r.departmentId,
      department: departmentName(r.departmentId),
      month: r.month,
      answered: r.answered,
      withinTarget: r.withinTarget,
      percentWithinTarget: r.answered > 0 ? (r.withinTarget / r.answered) * 100 : null,
    }))
    .sort((a, b) => byName(a.department, b.department) || a.month.localeCompare(b.month));

export const ANSWERED_COLUMNS: readonly Column<AnsweredRow>[] = [
  { header: 'Department', cell: (r) => r.department },
  { header: 'Month', cell: (r) => monthLabel(r.month), csv: (r) => r.month },
  { header: 'Answered', cell: (r) => count(r.answered), csv: (r) => r.answered, numeric: true },
  { header: 'Within target', cell: (r) => count(r.withinTarget), csv: (r) => r.withinTarget, numeric: true },
  {
    header: '% within target',
    cell: (r) => percentText(r.percentWithinTarget),
    csv: (r) => (r.percentWithinTarget === null ? '' : Math.round(r.percentWithinTarget * 10) / 10),
    numeric: true,
  },
];

/** Every month from `from` to `to`, both included, oldest first. */
export const monthsOf = (period: Period): IsoMonth[] => {
  const months: IsoMonth[] = [];
  for (let m = period.from; m <= period.to && months.length < 120; m = addMonths(m, 1)) months.push(m);
  return months;
};

/** A share of responses within target, or null when none were sent (there is no share to give). */
export interface Share {
  answered: number;
  withinTarget: number;
  percent: number | null;
}

const shareOf = (answered: number, withinTarget: number): Share => ({
  answered,
  withinTarget,
  percent: answered > 0 ? (withinTarget / answered) * 100 : null,
});

/** Where a share stands against the council's goal: the heat map's bands and the headline's words. */
export type GoalBand = 'meets' | 'near' | 'below' | 'none';

/** Within this many percentage points under the goal counts as near it. */
export const NEAR_GOAL_POINTS = 10;

export const goalBand = (percent: number | null, goal: number): GoalBand =>
  percent === null
    ? 'none'
    : Math.round(percent) >= goal
      ? 'meets'
      : Math.round(percent) >= goal - NEAR_GOAL_POINTS
        ? 'near'
        : 'below';

/** One department's responses, month by month over the period: a headline card and a row of the heat map. */
export interface DepartmentShares {
  departmentId: string;
  department: string;
  /** One per month of the period, oldest first. */
  months: (Share & { month: IsoMonth })[];
  /**
   * The month the headline gives: the period's last (this month, for the default period), or the one before
   * it while the last has no responses yet (early in a month).
   */
  headline: Share & { month: IsoMonth };
}

/**
 * The departments that answered anything in the period, by name, each with every month of the period (months
 * with no responses included, as a share of none).
 */
export const departmentShares = (
  stats: Stats,
  departmentName: (id: string) => string,
): DepartmentShares[] => {
  const months = monthsOf(stats);
  const ids = [
    ...new Set(stats.answeredWithinTarget.filter((r) => r.answered > 0).map((r) => r.departmentId)),
  ];
  return ids
    .map((departmentId) => {
      const row = months.map((month) => {
        const found = stats.answeredWithinTarget.find(
          (r) => r.departmentId === departmentId && r.month === month,
        );
        return { month, ...shareOf(found?.answered ?? 0, found?.withinTarget ?? 0) };
      });
      const last = row[row.length - 1] ?? { month: stats.to, ...shareOf(0, 0) };
      const before = row[row.length - 2];
      return {
        departmentId,
        department: departmentName(departmentId),
        months: row,
        headline: last.answered === 0 && before && before.answered > 0 ? before : last,
      };
    })
    .sort((a, b) => byName(a.department, b.department));
};

/** A share as people read it: 82%, or a dash when nothing was answered. */
export const percentText = (percent: number | null): string =>
  percent === null ? '—' : `${Math.round(percent)}%`;

// b. Volumes by ward and by category.

export interface VolumeRow {
  key: string;
  name: string;
  count: number;
}

const byCountThenName = (a: VolumeRow, b: VolumeRow) => b.count - a.count || byName(a.name, b.name);

export const wardRows = (stats: Stats, wardName: (id: string) => string): VolumeRow[] =>
  stats.volumesByWard
    .map((r) => ({ key: r.wardId, name: wardName(r.wardId), count: r.count }))
    .sort(byCountThenName);

export const categoryRows = (stats: Stats): VolumeRow[] =>
  stats.volumesByCategory
    .map((r) => ({ key: r.category, name: r.category, count: r.count }))
    .sort(byCountThenName);

const volumeColumns = (nameHeader: string): readonly Column<VolumeRow>[] => [
  { header: nameHeader, cell: (r) => r.name },
  { header: 'Cases raised', cell: (r) => count(r.count), csv: (r) => r.count, numeric: true },
];
export const WARD_COLUMNS = volumeColumns('Electoral division');
export const CATEGORY_COLUMNS = volumeColumns('Category');

// c. Councillor and MP enquiries per month.

export interface OriginRow {
  month: IsoMonth;
  councillor: number;
  mp: number;
}

export const originRows = (stats: Stats): OriginRow[] =>
  [...stats.byOrigin].sort((a, b) => a.month.localeCompare(b.month));

export const ORIGIN_COLUMNS: readonly Column<OriginRow>[] = [
  { header: 'Month', cell: (r) => monthLabel(r.month), csv: (r) => r.month },
  { header: 'From councillors', cell: (r) => count(r.councillor), csv: (r) => r.councillor, numeric: true },
  { header: 'From MPs', cell: (r) => count(r.mp), csv: (r) => r.mp, numeric: true },
];

// d. Open cases by age in working days.

export const AGE_LABELS: Record<AgeBucket, string> = {
  '0-5': '0 to 5 working days',
  '6-10': '6 to 10 working days',
  '11-20': '11 to 20 working days',
  '21+': '21 working days or more',
};

export interface AgeRow {
  bucket: AgeBucket;
  count: number;
}

/** Every bucket, youngest first, so a bucket with no cases still shows as 0. */
export const ageRows = (stats: Stats): AgeRow[] =>
  AGE_BUCKETS.map((bucket) => ({
    bucket,
    count: stats.openByAge.find((r) => r.bucket === bucket)?.count ?? 0,
  }));

export const AGE_COLUMNS: readonly Column<AgeRow>[] = [
  { header: 'Open for', cell: (r) => AGE_LABELS[r.bucket], csv: (r) => r.bucket },
  { header: 'Open cases', cell: (r) => count(r.count), csv: (r) => r.count, numeric: true },
];

export const total = <R>(rows: readonly R[], value: (row: R) => number): number =>
  rows.reduce((sum, row) => sum + value(row), 0);
