import { ValidationError } from './errors';
import { DEFAULT_SLA_POLICY, parseSlaPolicy } from './sla-policy';

describe('SLA policy', () => {
  it('defaults to the targets in the design: 2 to acknowledge, 10 + 10 to respond, 5 to follow up, a 95% goal', () => {
    expect(DEFAULT_SLA_POLICY).toEqual({
      region: 'england-and-wales',
      acknowledgeWorkingDays: 2,
      responseWorkingDays: { 1: 10, 2: 10 },
      followUpWorkingDays: 5,
      warnWorkingDaysBefore: 2,
      escalationWorkingDaysAfterBreach: [0, 5, 10],
      goalPercentWithinTarget: 95,
    });
  });

  it('takes a goal for responses within target as a whole percentage from 1 to 100', () => {
    expect(parseSlaPolicy({ goalPercentWithinTarget: 85 }).goalPercentWithinTarget).toBe(85);
    for (const goal of [0, 101, 92.5, '95'])
      expect(() => parseSlaPolicy({ goalPercentWithinTarget: goal })).toThrow(ValidationError);
  });

  it('fills in defaults for the fields an administrator left out', () => {
    const policy = parseSlaPolicy({ region: 'scotland', responseWorkingDays: { 1: 20, 2: 10 } });
    expect(policy.region).toBe('scotland');
    expect(policy.responseWorkingDays[1]).toBe(20);
    expect(policy.acknowledgeWorkingDays).toBe(2);
    expect(policy.escalationWorkingDaysAfterBreach).toEqual([0, 5, 10]);
  });

  it('treats a missing policy as the defaults', () => {
    expect(parseSlaPolicy(undefined)).toEqual(DEFAULT_SLA_POLICY);
  });

  it('refuses an unknown region', () => {
    expect(() => parseSlaPolicy({ region: 'wales' })).toThrow(ValidationError);
  });

  it('refuses negative, fractional or absurdly long targets', () => {
    expect(() => parseSlaPolicy({ followUpWorkingDays: -1 })).toThrow(ValidationError);
    expect(() => parseSlaPolicy({ acknowledgeWorkingDays: 1.5 })).toThrow(ValidationError);
    expect(() => parseSlaPolicy({ responseWorkingDays: { 1: 1000, 2: 10 } })).toThrow(ValidationError);
  });

  it('refuses a zero-day response target, which would make every case due on the day it is raised', () => {
    expect(() => parseSlaPolicy({ responseWorkingDays: { 1: 0, 2: 10 } })).toThrow(ValidationError);
  });

  it('refuses escalation levels that are not in ascending order', () => {
    expect(() => parseSlaPolicy({ escalationWorkingDaysAfterBreach: [0, 10, 5] })).toThrow(ValidationError);
    expect(() => parseSlaPolicy({ escalationWorkingDaysAfterBreach: [] })).toThrow(ValidationError);
  });

  it('refuses an acknowledgement target later than the response target', () => {
    expect(() => parseSlaPolicy({ acknowledgeWorkingDays: 12 })).toThrow(ValidationError);
  });

  it('refuses misspelt settings rather than silently ignoring them', () => {
    expect(() => parseSlaPolicy({ followupWorkingDays: 3 })).toThrow(ValidationError);
  });

  it('names each problem and where it is, for the admin page', () => {
    let caught: unknown;
    try {
      parseSlaPolicy({ region: 'mars', warnWorkingDaysBefore: -2 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const paths = (caught as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['region', 'warnWorkingDaysBefore']);
  });

  it('gives a policy that cannot be changed by accident once parsed', () => {
    const policy = parseSlaPolicy({});
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.escalationWorkingDaysAfterBreach)).toBe(true);
    expect(Object.isFrozen(policy.responseWorkingDays)).toBe(true);
  });
});
