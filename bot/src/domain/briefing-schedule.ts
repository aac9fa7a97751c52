import { Cron } from 'croner';
import type { IsoDate } from './case';
import type { IsoMonth } from './reporting-period';
import { addMonths, monthOf } from './reporting-period';
import { isWorkingDay, londonDate, type UkRegion } from './working-days';

/**
 * When briefings are composed. `cron` (five fields, minute hour day month weekday) is read in Europe/London
 * time, so 08:00 stays 08:00 across the clocks changing. With `workingDaysOnly`, an occurrence that falls on a
 * weekend or bank holiday moves to the next working day at the same local time. The default is the first
 * working day of each month at 08:00.
 */
export interface BriefingSchedule {
  cron: string;
  workingDaysOnly: boolean;
}

export const DEFAULT_BRIEFING_SCHEDULE: BriefingSchedule = { cron: '0 8 1 * *', workingDaysOnly: true };
export const BRIEFING_TIME_ZONE = 'Europe/London';

/** Whether a cron expression is one this schedule accepts; the message says what is wrong. */
export const cronProblem = (cron: string): string | null => {
  if (cron.trim().split(/\s+/).length !== 5)
    return 'A schedule has five fields: minute, hour, day of month, month, day of week.';
  try {
    new Cron(cron, { timezone: BRIEFING_TIME_ZONE, paused: true });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'Not a schedule.';
  }
};

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: BRIEFING_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The instant in Europe/London of `date` at the wall-clock time `hh:mm`. */
const londonInstant = (date: IsoDate, hhmm: string): Date => {
  // Start from the UTC reading and correct by London's offset on that day (0 or 1 hour).
  const guess = new Date(`${date}T${hhmm}:00Z`);
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess.getTime() - offsetHours * 3_600_000);
    if (londonDate(candidate) === date && LONDON_TIME.format(candidate) === hhmm) return candidate;
  }
  return guess;
};

const nextWorkingDay = (date: IsoDate, region: UkRegion): IsoDate => {
  let d = date;
  for (let i = 0; i < 14 && !isWorkingDay(d, region); i += 1) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  return d;
};

/** The cron occurrence moved to a working day (if asked), at the same London wall-clock time. */
const adjusted = (occurrence: Date, schedule: BriefingSchedule, region: UkRegion): Date => {
  if (!schedule.workingDaysOnly) return occurrence;
  const day = londonDate(occurrence);
  const working = nextWorkingDay(day, region);
  return working === day ? occurrence : londonInstant(working, LONDON_TIME.format(occurrence));
};

/** A run of the schedule: when it is due, and which month's briefings it composes (the month before). */
export interface ScheduledRun {
  at: Date;
  period: IsoMonth;
}

const runFor = (occurrence: Date, schedule: BriefingSchedule, region: UkRegion): ScheduledRun => ({
  at: adjusted(occurrence, schedule, region),
  period: addMonths(monthOf(londonDate(occurrence)), -1),
});

/**
 * The latest run due at or before `now`, looking back at most `lookBackDays` (so a service that was down over
 * the first working day still composes that month's briefings when it starts); null when none is due.
 */
export const latestDueRun = (
  now: Date,
  schedule: BriefingSchedule,
  region: UkRegion,
  lookBackDays = 40,
): ScheduledRun | null => {
  const cron = new Cron(schedule.cron, { timezone: BRIEFING_TIME_ZONE, paused: true });
  let cursor = new Date(now.getTime() - lookBackDays * 86_400_000);
  let latest: ScheduledRun | null = null;
  for (let i = 0; i < 10_000; i += 1) {
    const next = cron.nextRun(cursor);
    if (!next || next.getTime() > now.getTime()) break;
    const run = runFor(next, schedule, region);
    if (run.at.getTime() <= now.getTime()) latest = run;
    cursor = next;
  }
  return latest;
};

/** The next `count` runs after `from`, for the admin page ("next briefings on …"). */
export const upcomingRuns = (
  from: Date,
  schedule: BriefingSchedule,
  region: UkRegion,
  count: number,
): ScheduledRun[] => {
  const cron = new Cron(schedule.cron, { timezone: BRIEFING_TIME_ZONE, paused: true });
  const runs: ScheduledRun[] = [];
  let cursor = from;
  for (let i = 0; i < count * 50 && runs.length < count; i += 1) {
    const next = cron.nextRun(cursor);
    if (!next) break;
    const run = runFor(next, schedule, region);
    if (run.at.getTime() > from.getTime()) runs.push(run);
    cursor = next;
  }
  return runs;
};
