import { DEFAULT_BRIEFING_SCHEDULE, cronProblem, latestDueRun, upcomingRuns } from './briefing-schedule';

const at = (iso: string) => new Date(iso);
const ew = 'england-and-wales' as const;

describe('the briefing schedule (Europe/London, working days)', () => {
  it('runs at 08:00 on the first working day, for the month before', () => {
    // Tuesday 1 December 2026, GMT: 08:00 London is 08:00 UTC.
    expect(latestDueRun(at('2026-12-01T08:00:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew)).toEqual({
      at: at('2026-12-01T08:00:00Z'),
      period: '2026-11',
    });
    // A minute before, November's run has not come: the latest due is October's (run on 2 November).
    expect(latestDueRun(at('2026-12-01T07:59:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew)?.period).toBe('2026-10');
  });

  it('crosses the month boundary: late on the last day of a month is still the previous run', () => {
    const run = latestDueRun(at('2026-11-30T23:59:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew);
    expect(run?.period).toBe('2026-10');
    expect(run?.at.toISOString()).toBe('2026-11-02T08:00:00.000Z'); // 1 November 2026 is a Sunday
  });

  it('skips a bank holiday: 1 January 2027 (a Friday) moves to Monday 4 January', () => {
    expect(latestDueRun(at('2027-01-01T12:00:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew)?.period).toBe('2026-11');
    const run = latestDueRun(at('2027-01-04T08:00:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew);
    expect(run).toEqual({ at: at('2027-01-04T08:00:00Z'), period: '2026-12' });
  });

  it('skips a weekend and a bank holiday together: 2 January 2027 is a Saturday, the next working day is Monday', () => {
    const runs = upcomingRuns(at('2026-12-15T00:00:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew, 2);
    expect(runs.map((r) => r.at.toISOString())).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-02-01T08:00:00.000Z',
    ]);
  });

  it('keeps 08:00 London time across the clocks changing (BST begins 29 March, ends 25 October 2026)', () => {
    const runs = upcomingRuns(at('2026-02-15T00:00:00Z'), DEFAULT_BRIEFING_SCHEDULE, ew, 9);
    const byPeriod = Object.fromEntries(runs.map((r) => [r.period, r.at.toISOString()]));
    expect(byPeriod['2026-02']).toBe('2026-03-02T08:00:00.000Z'); // GMT
    expect(byPeriod['2026-03']).toBe('2026-04-01T07:00:00.000Z'); // BST: 08:00 London is 07:00 UTC
    expect(byPeriod['2026-09']).toBe('2026-10-01T07:00:00.000Z'); // still BST
    expect(byPeriod['2026-10']).toBe('2026-11-02T08:00:00.000Z'); // GMT again, and 1 November is a Sunday
  });

  it('moves a run off Easter Monday in BST and keeps its London time', () => {
    // A schedule on the 6th of each month; Monday 6 April 2026 is Easter Monday (England and Wales).
    const schedule = { cron: '30 9 6 * *', workingDaysOnly: true };
    const run = latestDueRun(at('2026-04-07T12:00:00Z'), schedule, ew);
    expect(run).toEqual({ at: at('2026-04-07T08:30:00Z'), period: '2026-03' });
    // Scotland has no Easter Monday holiday: the run stays on the 6th.
    expect(latestDueRun(at('2026-04-07T12:00:00Z'), schedule, 'scotland')?.at.toISOString()).toBe(
      '2026-04-06T08:30:00.000Z',
    );
  });

  it('refuses a schedule that is not five cron fields', () => {
    expect(cronProblem('0 8 1 * *')).toBeNull();
    expect(cronProblem('every month')).toMatch(/five fields/);
    expect(cronProblem('0 25 1 * *')).not.toBeNull();
  });
});
