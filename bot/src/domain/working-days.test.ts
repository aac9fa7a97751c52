import { addWorkingDays, isWorkingDay, londonDate, workingDaysBetween, type UkRegion } from './working-days';

/** Every weekday in `year` that is not a working day in `region`: its bank holidays falling Monday to Friday. */
const weekdayHolidays = (year: number, region: UkRegion): string[] => {
  const days: string[] = [];
  for (
    let d = new Date(Date.UTC(year, 0, 1));
    d.getUTCFullYear() === year;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const iso = d.toISOString().slice(0, 10);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !isWorkingDay(iso, region)) days.push(iso);
  }
  return days;
};

// Expected lists are gov.uk's published bank holidays (https://www.gov.uk/bank-holidays).
describe('bank holidays by UK region', () => {
  it('matches gov.uk for England and Wales 2026, including the substitute Boxing Day on 28 December', () => {
    expect(weekdayHolidays(2026, 'england-and-wales')).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('matches gov.uk for Scotland 2026: 2 January, no Easter Monday, August on the 3rd, St Andrew\u2019s Day', () => {
    expect(weekdayHolidays(2026, 'scotland')).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('matches gov.uk for Northern Ireland 2026, adding St Patrick\u2019s Day and the substitute Twelfth', () => {
    expect(weekdayHolidays(2026, 'northern-ireland')).toEqual([
      '2026-01-01',
      '2026-03-17',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-07-13',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('matches gov.uk for England and Wales 2025', () => {
    expect(weekdayHolidays(2025, 'england-and-wales')).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('matches gov.uk for England and Wales 2027, with both Christmas substitute days', () => {
    expect(weekdayHolidays(2027, 'england-and-wales')).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('moves St Andrew\u2019s Day 2025 (a Sunday) to Monday 1 December in Scotland only', () => {
    expect(isWorkingDay('2025-12-01', 'scotland')).toBe(false);
    expect(isWorkingDay('2025-12-01', 'england-and-wales')).toBe(true);
  });

  it('moves 2 January 2027 (a Saturday) to Monday 4 January in Scotland only', () => {
    expect(isWorkingDay('2027-01-04', 'scotland')).toBe(false);
    expect(isWorkingDay('2027-01-04', 'england-and-wales')).toBe(true);
  });

  it('treats observances such as Mother\u2019s Day and Easter Sunday as ordinary days, not holidays', () => {
    // Both fall on Sundays, so a weekday check cannot tell; the working-day count across them shows no gap.
    expect(workingDaysBetween('2026-03-13', '2026-03-16', 'england-and-wales')).toBe(1);
    expect(weekdayHolidays(2026, 'england-and-wales')).not.toContain('2026-03-15');
  });

  it('counts one-off bank holidays such as the 2023 coronation', () => {
    expect(isWorkingDay('2023-05-08', 'england-and-wales')).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it('treats Saturdays and Sundays as non-working days', () => {
    expect(isWorkingDay('2026-06-13', 'england-and-wales')).toBe(false);
    expect(isWorkingDay('2026-06-14', 'england-and-wales')).toBe(false);
    expect(isWorkingDay('2026-06-15', 'england-and-wales')).toBe(true);
  });

  it('rejects text that is not an ISO calendar date', () => {
    expect(() => isWorkingDay('15/06/2026', 'england-and-wales')).toThrow(RangeError);
    expect(() => isWorkingDay('2026-02-30', 'england-and-wales')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('skips the weekend: Friday plus one working day is Monday', () => {
    expect(addWorkingDays('2026-06-12', 1, 'england-and-wales')).toBe('2026-06-15');
  });

  it('gives ten working days from a Monday as the Monday two weeks later', () => {
    expect(addWorkingDays('2026-06-01', 10, 'england-and-wales')).toBe('2026-06-15');
  });

  it('counts a Saturday\u2019s first working day as the Monday after it', () => {
    expect(addWorkingDays('2026-06-13', 1, 'england-and-wales')).toBe('2026-06-15');
    expect(addWorkingDays('2026-06-13', 2, 'england-and-wales')).toBe('2026-06-16');
  });

  it('returns a working day itself when adding zero', () => {
    expect(addWorkingDays('2026-06-12', 0, 'england-and-wales')).toBe('2026-06-12');
  });

  it('moves a non-working day to the next working day when adding zero', () => {
    expect(addWorkingDays('2026-06-13', 0, 'england-and-wales')).toBe('2026-06-15');
    expect(addWorkingDays('2026-12-25', 0, 'england-and-wales')).toBe('2026-12-29');
  });

  it('skips Good Friday and Easter Monday in England and Wales', () => {
    expect(addWorkingDays('2026-04-02', 1, 'england-and-wales')).toBe('2026-04-07');
  });

  it('skips Good Friday but not Easter Monday in Scotland', () => {
    expect(addWorkingDays('2026-04-02', 1, 'scotland')).toBe('2026-04-06');
  });

  it('skips Easter 2025 and 2027 in England and Wales', () => {
    expect(addWorkingDays('2025-04-17', 1, 'england-and-wales')).toBe('2025-04-22');
    expect(addWorkingDays('2027-03-25', 1, 'england-and-wales')).toBe('2027-03-30');
  });

  it('skips Christmas, Boxing Day and their substitute days across the year boundary', () => {
    // 2026: 24 Dec Thu; 25 Fri, 28 Mon (substitute) off; 29-31 work; 1 Jan 2027 off.
    expect(addWorkingDays('2026-12-24', 1, 'england-and-wales')).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 4, 'england-and-wales')).toBe('2027-01-04');
    // 2027: 24 Dec Fri; 27 and 28 are substitutes.
    expect(addWorkingDays('2027-12-24', 1, 'england-and-wales')).toBe('2027-12-29');
  });

  it('skips 2 January in Scotland when crossing the new year', () => {
    expect(addWorkingDays('2025-12-31', 1, 'england-and-wales')).toBe('2026-01-02');
    expect(addWorkingDays('2025-12-31', 1, 'scotland')).toBe('2026-01-05');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays('2026-06-12', -1, 'england-and-wales')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-12', 1.5, 'england-and-wales')).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('is zero for the same day', () => {
    expect(workingDaysBetween('2026-06-10', '2026-06-10', 'england-and-wales')).toBe(0);
  });

  it('counts working days after the start up to and including the end', () => {
    expect(workingDaysBetween('2026-06-12', '2026-06-15', 'england-and-wales')).toBe(1);
    expect(workingDaysBetween('2026-06-01', '2026-06-15', 'england-and-wales')).toBe(10);
    expect(workingDaysBetween('2026-06-12', '2026-06-14', 'england-and-wales')).toBe(0);
  });

  it('is negative when the end is before the start', () => {
    expect(workingDaysBetween('2026-06-15', '2026-06-12', 'england-and-wales')).toBe(-1);
    expect(workingDaysBetween('2026-06-15', '2026-06-01', 'england-and-wales')).toBe(-10);
  });

  it('undoes addWorkingDays for any positive number of days', () => {
    for (const start of ['2026-12-23', '2026-04-01', '2026-06-13']) {
      for (const n of [1, 2, 5, 10, 20]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n, 'scotland'), 'scotland')).toBe(n);
      }
    }
  });

  it('counts fewer working days over Christmas 2026 than an ordinary fortnight', () => {
    expect(workingDaysBetween('2026-12-18', '2027-01-01', 'england-and-wales')).toBe(7);
  });
});

describe('londonDate', () => {
  it('uses GMT in winter: 23:30 UTC on 31 December is still 31 December in London', () => {
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('uses BST in summer: 23:30 UTC is already the next day in London', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('changes to BST at 01:00 UTC on the last Sunday of March', () => {
    expect(londonDate(new Date('2026-03-28T23:59:00Z'))).toBe('2026-03-28');
    expect(londonDate(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
    expect(londonDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
  });

  it('changes back to GMT at 01:00 UTC on the last Sunday of October', () => {
    expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });

  it('rejects an invalid date', () => {
    expect(() => londonDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('workingDaysBetween against counting day by day', () => {
  const naive = (from: string, to: string, region: UkRegion): number => {
    const day = 86_400_000;
    const [a, b] = [Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`)];
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let ms = lo + day; ms <= hi; ms += day)
      if (isWorkingDay(new Date(ms).toISOString().slice(0, 10), region)) count += 1;
    return sign * count;
  };

  it('agrees for spans from a day to three years, in every region, both ways round', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const base = Date.parse('2023-01-01T00:00:00Z');
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const regions: UkRegion[] = ['england-and-wales', 'scotland', 'northern-ireland'];
    for (let i = 0; i < 400; i += 1) {
      const from = iso(base + Math.floor(random() * 1_400) * 86_400_000);
      const to = iso(Date.parse(`${from}T00:00:00Z`) + Math.floor(random() * 1_100) * 86_400_000);
      const region = regions[i % 3]!;
      expect([from, to, workingDaysBetween(from, to, region)]).toEqual([from, to, naive(from, to, region)]);
      expect(workingDaysBetween(to, from, region)).toBe(naive(to, from, region));
    }
  });
});
