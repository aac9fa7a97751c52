import { addMonths, monthsCovered, monthsOf, reportingPeriod } from './reporting-period';

describe('reporting periods', () => {
  it('defaults to the twelve months up to the current one', () => {
    expect(reportingPeriod({}, '2026-03')).toEqual({ from: '2025-04', to: '2026-03' });
  });

  it('takes the twelve months ending at `to` when only `to` is given', () => {
    expect(reportingPeriod({ to: '2025-12' }, '2026-03')).toEqual({ from: '2025-01', to: '2025-12' });
  });

  it('runs from `from` to the current month when only `from` is given', () => {
    expect(reportingPeriod({ from: '2026-01' }, '2026-03')).toEqual({ from: '2026-01', to: '2026-03' });
  });

  it('accepts a single month and a period of exactly 24 months', () => {
    expect(reportingPeriod({ from: '2026-02', to: '2026-02' }, '2026-03')).toEqual({
      from: '2026-02',
      to: '2026-02',
    });
    expect(reportingPeriod({ from: '2024-04', to: '2026-03' }, '2026-03').from).toBe('2024-04');
  });

  it.each([
    [{ from: '2026-05', to: '2026-04' }, 'must not be after to'],
    [{ from: '2024-03', to: '2026-03' }, 'at most 24 months'],
    [{ from: '2020-01' }, 'at most 24 months'],
    [{ from: '2026-13' }, 'YYYY-MM'],
    [{ to: '2026-1' }, 'YYYY-MM'],
  ])('refuses %j as a bad request', (asked, message) => {
    expect(() => reportingPeriod(asked, '2026-03')).toThrow(
      expect.objectContaining({
        code: 'bad_request',
        issues: [expect.objectContaining({ message: expect.stringContaining(message) })],
      }),
    );
  });

  it('counts and lists months across a new year', () => {
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsCovered('2025-11', '2026-02')).toBe(4);
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
