import Holidays from 'date-holidays';
import type { IsoDate } from './case';

/** The three UK bank-holiday calendars (gov.uk publishes one list for each). */
export const UK_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type UkRegion = (typeof UK_REGIONS)[number];

/** date-holidays' ISO 3166-2 subdivision for each calendar; Wales shares England's list. */
const SUBDIVISION: Record<UkRegion, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Memo of bank holidays per region and year. It caches a pure function of its key and never changes what
 * any caller observes, so it is safe as module state (unlike the mutable singletons STYLE.md warns against).
 */
const holidayCache = new Map<string, ReadonlySet<IsoDate>>();

const bankHolidays = (year: number, region: UkRegion): ReadonlySet<IsoDate> => {
  const key = `${region}:${year}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  // Observances (Mother's Day, Easter Sunday, ...) are not days off; substitute days come back as 'public'.
  const calendar = new Holidays('GB', SUBDIVISION[region], { types: ['public', 'bank'] });
  const days = new Set(
    calendar
      .getHolidays(year)
      .filter((h) => h.type === 'public' || h.type === 'bank')
      // `date` is the local calendar date ("2026-12-28 00:00:00"); `start` is an instant and would shift in BST.
      .map((h) => h.date.slice(0, 10)),
  );
  holidayCache.set(key, days);
  return days;
};

/** Parses an ISO calendar date to midnight UTC of that date, so day arithmetic never meets a clock change. */
const toUtcMidnight = (date: IsoDate): number => {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    throw new RangeError(`Not a calendar date: ${date}`);
  return ms;
};

const fromUtcMidnight = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

const nextDay = (date: IsoDate): IsoDate => fromUtcMidnight(toUtcMidnight(date) + MS_PER_DAY);

/** The calendar date `n` days after `date` (before it when `n` is negative); weekends and holidays count. */
export const addCalendarDays = (date: IsoDate, n: number): IsoDate => {
  if (!Number.isInteger(n)) throw new RangeError(`Days to add must be a whole number: ${n}`);
  return fromUtcMidnight(toUtcMidnight(date) + n * MS_PER_DAY);
};

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at `instant` (so 23:30 UTC on a summer evening is already tomorrow). */
export const londonDate = (instant: Date): IsoDate => {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const parts = LONDON.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
};

/** Monday to Friday and not a bank holiday in `region`. */
export const isWorkingDay = (date: IsoDate, region: UkRegion): boolean => {
  const ms = toUtcMidnight(date);
  const weekday = new Date(ms).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidays(new Date(ms).getUTCFullYear(), region).has(date);
};

/**
 * The `n`-th working day after `date` (n >= 0, an integer). `date` itself never counts, as for statutory
 * deadlines ("the first working day after receipt is day one"): Friday + 1 is Monday, and Saturday + 1 is also
 * Monday. `n = 0` gives `date` itself if it is a working day, otherwise the next working day.
 */
export const addWorkingDays = (date: IsoDate, n: number, region: UkRegion): IsoDate => {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`Working days to add must be a whole number >= 0: ${n}`);
  let current = date;
  if (n === 0) {
    while (!isWorkingDay(current, region)) current = nextDay(current);
    return current;
  }
  let remaining = n;
  while (remaining > 0) {
    current = nextDay(current);
    if (isWorkingDay(current, region)) remaining -= 1;
  }
  return current;
};

/**
 * Signed count of working days from `from` to `to`: the working days after `from` up to and including `to`
 * when `to` is later, the negated count of working days after `to` up to and including `from` when it is
 * earlier, 0 when equal. So `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every n >= 1, and
 * Friday to the next Monday is 1.
 */
export const workingDaysBetween = (from: IsoDate, to: IsoDate, region: UkRegion): number => {
  const start = toUtcMidnight(from);
  const end = toUtcMidnight(to);
  if (start === end) return 0;
  const [lo, hi, sign] = start < end ? [start, end, 1] : [end, start, -1];
  // Weekdays in (lo, hi] by whole weeks and a remainder, then less the bank holidays in that span that fall
  // on a weekday: the same count as testing each day, without walking a case's whole life day by day.
  const days = Math.round((hi - lo) / MS_PER_DAY);
  let count = Math.floor(days / 7) * 5;
  for (let ms = lo + (days - (days % 7) + 1) * MS_PER_DAY; ms <= hi; ms += MS_PER_DAY) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  const [loDate, hiDate] = [fromUtcMidnight(lo), fromUtcMidnight(hi)];
  for (let year = new Date(lo).getUTCFullYear(); year <= new Date(hi).getUTCFullYear(); year += 1) {
    for (const holiday of bankHolidays(year, region)) {
      if (holiday <= loDate || holiday > hiDate) continue;
      const weekday = new Date(toUtcMidnight(holiday)).getUTCDay();
      if (weekday !== 0 && weekday !== 6) count -= 1;
    }
  }
  return sign * count;
};
