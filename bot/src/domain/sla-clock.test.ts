import type { Case } from './case';
import { createSlaClock } from './sla-clock';
import { DEFAULT_SLA_POLICY, parseSlaPolicy } from './sla-policy';

const england = createSlaClock(DEFAULT_SLA_POLICY);
const scotland = createSlaClock(parseSlaPolicy({ region: 'scotland' }));

/** Noon in London on a date (BST or GMT alike), so tests read as calendar days. */
const noon = (date: string): Date => new Date(`${date}T11:00:00Z`);

const openCase = (overrides: Partial<Case> = {}): Case => ({
  id: 'c-1',
  ref: 'MH-2026-00001',
  version: 1,
  kind: 'member-enquiry',
  origin: 'councillor',
  memberId: 'cllr-1',
  raisedBy: 'cllr-1',
  constituent: { name: 'A Resident', address: '1 High St', postcode: 'AB1 2CD', consentToShare: true },
  wardId: 'ward-1',
  category: 'Highways',
  departmentId: 'highways',
  assignedOfficerId: 'officer-1',
  priority: 'normal',
  title: 'Pothole',
  description: 'Pothole outside the school',
  status: 'with-department',
  stage: 1,
  createdAt: '2026-06-01T09:00:00.000Z',
  updatedAt: '2026-06-01T09:00:00.000Z',
  acknowledgeBy: '2026-06-03',
  respondBy: '2026-06-15',
  escalationLevel: 0,
  sharedWith: [],
  ...overrides,
});

describe('SLA due dates', () => {
  it('gives the stage-1 response date ten working days after a Monday as the Monday two weeks on', () => {
    expect(england.respondBy(noon('2026-06-01'))).toBe('2026-06-15');
  });

  it('counts an enquiry received late on a summer evening by the London date, not the UTC date', () => {
    // 22:00 UTC on Thursday is 23:00 BST Thursday; 23:30 UTC is 00:30 BST Friday.
    expect(england.respondBy(new Date('2026-06-11T22:00:00Z'))).toBe('2026-06-25');
    expect(england.respondBy(new Date('2026-06-11T23:30:00Z'))).toBe('2026-06-26');
  });

  it('acknowledges an enquiry raised before Easter later in England and Wales than in Scotland', () => {
    // Thursday 2 April 2026: Good Friday is a holiday everywhere, Easter Monday not in Scotland.
    expect(england.acknowledgeBy(noon('2026-04-02'))).toBe('2026-04-08');
    expect(scotland.acknowledgeBy(noon('2026-04-02'))).toBe('2026-04-07');
  });

  it('gives Scottish cases one more day over St Andrew\u2019s Day 2026', () => {
    expect(england.respondBy(noon('2026-11-23'))).toBe('2026-12-07');
    expect(scotland.respondBy(noon('2026-11-23'))).toBe('2026-12-08');
  });

  it('puts the stage-2 date ten working days after the stage-1 date', () => {
    expect(england.extendedRespondBy('2026-06-15')).toBe('2026-06-29');
  });

  it('keeps the follow-up window open five working days, skipping the August bank holiday where it applies', () => {
    // Wednesday 26 August 2026; Monday 31 August is a holiday in England and Wales but not Scotland.
    expect(england.followUpUntil(noon('2026-08-26'))).toBe('2026-09-03');
    expect(scotland.followUpUntil(noon('2026-08-26'))).toBe('2026-09-02');
  });

  it('pushes the response date back by the working days spent on hold', () => {
    expect(england.shiftForHold('2026-06-15', noon('2026-06-01'), noon('2026-06-08'))).toBe('2026-06-22');
  });

  it('does not count bank holidays spent on hold', () => {
    // Held Thursday 2 April, resumed Tuesday 7 April: only Tuesday is a lost working day in England.
    expect(england.workingDaysOnHold(noon('2026-04-02'), noon('2026-04-07'))).toBe(1);
    expect(england.shiftForHold('2026-04-20', noon('2026-04-02'), noon('2026-04-07'))).toBe('2026-04-21');
  });

  it('leaves the response date alone for a hold lifted the same day', () => {
    expect(england.shiftForHold('2026-06-15', noon('2026-06-01'), new Date('2026-06-01T15:00:00Z'))).toBe(
      '2026-06-15',
    );
  });
});

describe('SLA assessment', () => {
  const due = openCase({ respondBy: '2026-06-15' });

  it('is on track with more than the warning margin left', () => {
    expect(england.assess(due, noon('2026-06-10'))).toEqual({
      state: 'on-track',
      workingDaysLeft: 3,
      overdueBy: null,
      escalationLevelDue: 0,
    });
  });

  it('is due soon within the warning margin, including on the due date itself', () => {
    expect(england.assess(due, noon('2026-06-11'))).toMatchObject({ state: 'due-soon', workingDaysLeft: 2 });
    expect(england.assess(due, noon('2026-06-15'))).toMatchObject({ state: 'due-soon', workingDaysLeft: 0 });
  });

  it('counts a weekend before the due date as no working days', () => {
    expect(england.assess(due, noon('2026-06-13'))).toMatchObject({ state: 'due-soon', workingDaysLeft: 1 });
  });

  it('is overdue the day after the due date and calls for the first escalation level', () => {
    expect(england.assess(due, noon('2026-06-16'))).toEqual({
      state: 'overdue',
      workingDaysLeft: null,
      overdueBy: 1,
      escalationLevelDue: 1,
    });
  });

  it('is overdue by zero working days on the Saturday after a Friday due date', () => {
    expect(england.assess(openCase({ respondBy: '2026-06-12' }), noon('2026-06-13'))).toMatchObject({
      state: 'overdue',
      overdueBy: 0,
      escalationLevelDue: 1,
    });
  });

  it('calls for level 2 five working days after the breach and level 3 after ten, and no further', () => {
    expect(england.assess(due, noon('2026-06-19')).escalationLevelDue).toBe(1);
    expect(england.assess(due, noon('2026-06-22')).escalationLevelDue).toBe(2);
    expect(england.assess(due, noon('2026-06-29')).escalationLevelDue).toBe(3);
    expect(england.assess(due, noon('2026-09-01')).escalationLevelDue).toBe(3);
  });

  it.each(['responded', 'on-hold', 'closed'] as const)('stops the clock for a %s case', (status) => {
    expect(england.assess(openCase({ status }), noon('2026-07-01'))).toEqual({
      state: 'stopped',
      workingDaysLeft: null,
      overdueBy: null,
      escalationLevelDue: 0,
    });
  });

  it('runs the clock for a new case that nobody has triaged yet', () => {
    expect(england.assess(openCase({ status: 'new' }), noon('2026-06-16')).state).toBe('overdue');
  });

  it('uses the configured warning margin and escalation days', () => {
    const strict = createSlaClock(
      parseSlaPolicy({ warnWorkingDaysBefore: 4, escalationWorkingDaysAfterBreach: [2] }),
    );
    expect(strict.assess(due, noon('2026-06-09')).state).toBe('due-soon');
    expect(strict.assess(due, noon('2026-06-16')).escalationLevelDue).toBe(0);
    expect(strict.assess(due, noon('2026-06-17')).escalationLevelDue).toBe(1);
  });
});

describe('SLA sweep', () => {
  it('does nothing for a case on track', () => {
    expect(england.slaSweep(openCase(), noon('2026-06-05'))).toBeNull();
  });

  it('raises one warning when a case becomes due soon, and nothing on the next run', () => {
    const c = openCase();
    const first = england.slaSweep(c, noon('2026-06-11'));
    expect(first?.events).toEqual([
      {
        type: 'sla-warning',
        actorId: null,
        at: noon('2026-06-11').toISOString(),
        data: { respondBy: '2026-06-15', workingDaysLeft: 2, stage: 1 },
      },
    ]);
    expect(first?.next.slaNotice).toEqual({ kind: 'due-soon', forRespondBy: '2026-06-15' });
    expect(first?.next.updatedAt).toBe(noon('2026-06-11').toISOString());

    expect(england.slaSweep(first!.next, noon('2026-06-11'))).toBeNull();
    expect(england.slaSweep(first!.next, noon('2026-06-12'))).toBeNull();
  });

  it('raises the breach and the first escalation once when the due date passes', () => {
    const warned = england.slaSweep(openCase(), noon('2026-06-11'))!.next;
    const breached = england.slaSweep(warned, noon('2026-06-16'));
    expect(breached?.events.map((e) => e.type)).toEqual(['sla-breached', 'escalated']);
    expect(breached?.events[1]?.data).toMatchObject({ fromLevel: 0, toLevel: 1, automatic: true });
    expect(breached?.events.every((e) => e.actorId === null)).toBe(true);
    expect(breached?.next).toMatchObject({
      escalationLevel: 1,
      slaNotice: { kind: 'overdue', forRespondBy: '2026-06-15' },
    });

    expect(england.slaSweep(breached!.next, noon('2026-06-16'))).toBeNull();
    expect(england.slaSweep(breached!.next, noon('2026-06-19'))).toBeNull();
  });

  it('escalates to the next level five working days after the breach, without a second breach notice', () => {
    const breached = england.slaSweep(openCase(), noon('2026-06-16'))!.next;
    const later = england.slaSweep(breached, noon('2026-06-22'));
    expect(later?.events.map((e) => e.type)).toEqual(['escalated']);
    expect(later?.next.escalationLevel).toBe(2);
  });

  it('skips the warning for a case first seen already overdue', () => {
    const result = england.slaSweep(openCase(), noon('2026-06-17'));
    expect(result?.events.map((e) => e.type)).toEqual(['sla-breached', 'escalated']);
  });

  it('jumps straight to the level due for a case found long overdue, in one escalation event', () => {
    const result = england.slaSweep(openCase(), noon('2026-07-01'));
    expect(result?.events[1]?.data).toMatchObject({ fromLevel: 0, toLevel: 3 });
  });

  it('does not lower or repeat a level already raised by hand', () => {
    const result = england.slaSweep(openCase({ escalationLevel: 2 }), noon('2026-06-16'));
    expect(result?.events.map((e) => e.type)).toEqual(['sla-breached']);
    expect(result?.next.escalationLevel).toBe(2);
  });

  it('warns again about a new due date after an extension', () => {
    const warned = england.slaSweep(openCase(), noon('2026-06-11'))!.next;
    const extended: Case = { ...warned, stage: 2, respondBy: '2026-06-29' };
    expect(england.slaSweep(extended, noon('2026-06-12'))).toBeNull();
    expect(england.slaSweep(extended, noon('2026-06-25'))?.events.map((e) => e.type)).toEqual([
      'sla-warning',
    ]);
  });

  it.each(['responded', 'on-hold', 'closed'] as const)('never raises anything for a %s case', (status) => {
    expect(england.slaSweep(openCase({ status }), noon('2026-07-01'))).toBeNull();
  });

  it('leaves the case it was given unchanged', () => {
    const c = openCase();
    const before = structuredClone(c);
    england.slaSweep(c, noon('2026-06-16'));
    expect(c).toEqual(before);
  });
});

describe('cases at risk', () => {
  /** Every calendar date from `from` for `days` days. */
  const datesFrom = (from: string, days: number): string[] =>
    Array.from({ length: days }, (_, i) =>
      new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    );

  it('puts the at-risk date the warning margin of working days after today', () => {
    // Wednesday 3 June 2026 with the default margin of 2: due by Friday 5 June (or that weekend) is at risk.
    expect(england.atRiskUntil(noon('2026-06-03'))).toBe('2026-06-07');
    // Over the late-May bank holiday (Monday 25 May): Friday 22 May plus two working days is Wednesday 27 May.
    expect(england.atRiskUntil(noon('2026-05-22'))).toBe('2026-05-27');
  });

  it.each([
    ['England and Wales, default margin', england],
    ['Scotland, default margin', scotland],
    ['no margin', createSlaClock(parseSlaPolicy({ warnWorkingDaysBefore: 0 }))],
    ['a five-day margin', createSlaClock(parseSlaPolicy({ warnWorkingDaysBefore: 5 }))],
  ])('agrees with the assessment for every due date around Christmas (%s)', (_name, clock) => {
    for (const today of datesFrom('2026-12-18', 12)) {
      const until = clock.atRiskUntil(noon(today));
      for (const respondBy of datesFrom('2026-12-10', 40)) {
        const { state } = clock.assess(openCase({ respondBy }), noon(today));
        expect([today, respondBy, respondBy <= until]).toEqual([
          today,
          respondBy,
          state === 'due-soon' || state === 'overdue',
        ]);
      }
    }
  });

  it('counts a case’s age in working days from the day it was raised (day 0)', () => {
    expect(england.workingDaysSince('2026-06-01', noon('2026-06-01'))).toBe(0);
    expect(england.workingDaysSince('2026-06-01', noon('2026-06-08'))).toBe(5);
    expect(england.workingDaysSince('2026-05-22', noon('2026-05-26'))).toBe(1);
    expect(england.workingDaysSince('2026-06-09', noon('2026-06-08'))).toBe(0);
  });
});
