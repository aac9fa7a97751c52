import type { Stats } from '../../api/types';
import {
  ANSWERED_COLUMNS,
  CATEGORY_COLUMNS,
  addMonths,
  ageRows,
  answeredRows,
  categoryRows,
  csvFileName,
  departmentShares,
  goalBand,
  monthLabel,
  monthsOf,
  monthOf,
  periodEnding,
  toCsv,
} from './figures';

const stats = (over: Partial<Stats> = {}): Stats => ({
  scope: 'all',
  from: '2026-09',
  to: '2026-11',
  generatedAt: '2026-11-23T10:00:00.000Z',
  goalPercentWithinTarget: 95,
  answeredWithinTarget: [],
  volumesByWard: [],
  volumesByCategory: [],
  byOrigin: [],
  openByAge: [],
  ...over,
});

const names: Record<string, string> = { highways: 'Highways', waste: 'Waste and Recycling' };

describe('reporting periods', () => {
  it('counts the current month as the last month of the period', () => {
    expect(periodEnding(3, new Date('2026-11-23T10:00:00Z'))).toEqual({ from: '2026-09', to: '2026-11' });
    expect(periodEnding(12, new Date('2026-11-23T10:00:00Z'))).toEqual({ from: '2025-12', to: '2026-11' });
    expect(periodEnding(6, new Date('2026-03-02T10:00:00Z'))).toEqual({ from: '2025-10', to: '2026-03' });
  });

  it('takes the month in London, where midnight on 1 July comes an hour before UTC', () => {
    expect(monthOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07');
    expect(monthOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12');
  });

  it('moves across year ends both ways', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-11', -11)).toBe('2025-12');
  });

  it('writes months as people read them', () => {
    expect(monthLabel('2026-11')).toBe('Nov 2026');
  });
});

describe('answered within target', () => {
  it('names departments, orders them by name then month, and works out the percentage', () => {
    const rows = answeredRows(
      stats({
        answeredWithinTarget: [
          { departmentId: 'waste', month: '2026-10', answered: 3, withinTarget: 3 },
          { departmentId: 'highways', month: '2026-11', answered: 8, withinTarget: 6 },
          { departmentId: 'highways', month: '2026-10', answered: 4, withinTarget: 1 },
        ],
      }),
      (id) => names[id] ?? id,
    );
    expect(rows.map((r) => [r.department, r.month, r.percentWithinTarget])).toEqual([
      ['Highways', '2026-10', 25],
      ['Highways', '2026-11', 75],
      ['Waste and Recycling', '2026-10', 100],
    ]);
  });

  it('builds a CSV with a header row, months as YYYY-MM and percentages to one decimal place', () => {
    const rows = answeredRows(
      stats({
        answeredWithinTarget: [
          { departmentId: 'highways', month: '2026-10', answered: 3, withinTarget: 1 },
          { departmentId: 'waste', month: '2026-11', answered: 0, withinTarget: 0 },
        ],
      }),
      (id) => names[id] ?? id,
    );
    expect(toCsv(ANSWERED_COLUMNS, rows)).toBe(
      [
        'Department,Month,Answered,Within target,% within target',
        'Highways,2026-10,3,1,33.3',
        'Waste and Recycling,2026-11,0,0,',
      ].join('\r\n'),
    );
  });

  it('shows the percentage as a whole number and a dash when nothing was answered', () => {
    const percent = ANSWERED_COLUMNS[4]!;
    const [some, none] = answeredRows(
      stats({
        answeredWithinTarget: [
          { departmentId: 'highways', month: '2026-10', answered: 3, withinTarget: 2 },
          { departmentId: 'highways', month: '2026-11', answered: 0, withinTarget: 0 },
        ],
      }),
      (id) => id,
    );
    expect(percent.cell(some!)).toBe('67%');
    expect(percent.cell(none!)).toBe('—');
  });
});

describe('each department month by month', () => {
  it('gives every month of the period, with no share where nothing was answered', () => {
    const [highways, ...others] = departmentShares(
      stats({
        answeredWithinTarget: [
          { departmentId: 'highways', month: '2026-09', answered: 4, withinTarget: 3 },
          { departmentId: 'highways', month: '2026-11', answered: 2, withinTarget: 2 },
          { departmentId: 'waste', month: '2026-10', answered: 0, withinTarget: 0 },
        ],
      }),
      (id) => names[id] ?? id,
    );
    // A department that answered nothing in the period has no card and no row.
    expect(others).toEqual([]);
    expect(highways?.department).toBe('Highways');
    expect(highways?.months.map((m) => m.percent)).toEqual([75, null, 100]);
    expect(highways?.headline).toEqual({ month: '2026-11', answered: 2, withinTarget: 2, percent: 100 });
  });

  it('heads with last month while this month has no responses yet, and says nothing when neither has', () => {
    const rows = departmentShares(
      stats({
        answeredWithinTarget: [
          { departmentId: 'highways', month: '2026-10', answered: 5, withinTarget: 4 },
          { departmentId: 'waste', month: '2026-09', answered: 1, withinTarget: 1 },
        ],
      }),
      (id) => names[id] ?? id,
    );
    expect(rows.map((r) => [r.department, r.headline.month, r.headline.percent])).toEqual([
      ['Highways', '2026-10', 80],
      ['Waste and Recycling', '2026-11', null],
    ]);
  });

  it('bands a share against the goal: meets it, within 10 points, further below, or none', () => {
    expect(goalBand(95, 95)).toBe('meets');
    expect(goalBand(94.6, 95)).toBe('meets');
    expect(goalBand(94.4, 95)).toBe('near');
    expect(goalBand(85, 95)).toBe('near');
    expect(goalBand(84.4, 95)).toBe('below');
    expect(goalBand(null, 95)).toBe('none');
  });

  it('lists the months of a period across a new year', () => {
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('CSV files', () => {
  it('quotes names with commas and defuses cells a spreadsheet would run as formulas', () => {
    const rows = categoryRows(
      stats({
        volumesByCategory: [
          { category: 'Roads, pavements', count: 4 },
          { category: '=HYPERLINK("http://evil.example")', count: 1 },
        ],
      }),
    );
    expect(toCsv(CATEGORY_COLUMNS, rows)).toBe(
      ['Category,Cases raised', '"Roads, pavements",4', `"'=HYPERLINK(""http://evil.example"")",1`].join(
        '\r\n',
      ),
    );
  });

  it('names the file after the figure and the period', () => {
    expect(csvFileName('answered-within-target', { from: '2026-01', to: '2026-11' })).toBe(
      'answered-within-target-2026-01-to-2026-11.csv',
    );
  });
});

describe('open cases by age', () => {
  it('lists every age band youngest first, with 0 for bands the service left out', () => {
    expect(
      ageRows(
        stats({
          openByAge: [
            { bucket: '21+', count: 2 },
            { bucket: '0-5', count: 7 },
          ],
        }),
      ),
    ).toEqual([
      { bucket: '0-5', count: 7 },
      { bucket: '6-10', count: 0 },
      { bucket: '11-20', count: 0 },
      { bucket: '21+', count: 2 },
    ]);
  });
});
