import type { SlaPolicy } from '../../api/types';
import { checkSlaForm, errorsFromIssues, formFromPolicy, parseEscalation, regionName } from './sla-policy';

const POLICY: SlaPolicy = {
  region: 'england-and-wales',
  acknowledgeWorkingDays: 2,
  responseWorkingDays: { 1: 10, 2: 10 },
  followUpWorkingDays: 5,
  warnWorkingDaysBefore: 2,
  escalationWorkingDaysAfterBreach: [0, 5, 10],
  goalPercentWithinTarget: 95,
};

describe('SLA policy form', () => {
  it('turns a policy into the form and back unchanged', () => {
    expect(checkSlaForm(formFromPolicy(POLICY))).toEqual({ policy: POLICY });
  });

  it('names bank-holiday regions in words, and keeps an unknown one as it is', () => {
    expect(regionName('england-and-wales')).toBe('England and Wales');
    expect(regionName('northern-ireland')).toBe('Northern Ireland');
    expect(regionName('isle-of-man')).toBe('isle-of-man');
  });

  it('explains numbers that are missing, fractional, negative or too large', () => {
    const result = checkSlaForm({
      ...formFromPolicy(POLICY),
      acknowledge: '',
      stage1: '2.5',
      stage2: '0',
      followUp: '-1',
      warnBefore: '261',
    });
    expect(result).toEqual({
      errors: {
        acknowledge: 'Enter a number of working days.',
        stage1: 'Enter a whole number of working days from 1 to 260.',
        stage2: 'Enter a whole number of working days from 1 to 260.',
        followUp: 'Enter a whole number of working days from 0 to 260.',
        warnBefore: 'Enter a whole number of working days from 0 to 260.',
      },
    });
  });

  it('asks for the goal as a whole percentage from 1 to 100', () => {
    for (const goal of ['', '0', '101', '92.5', 'most'])
      expect(checkSlaForm({ ...formFromPolicy(POLICY), goal })).toEqual({
        errors: { goal: 'Enter a whole percentage from 1 to 100.' },
      });
    expect(checkSlaForm({ ...formFromPolicy(POLICY), goal: '90' })).toEqual({
      policy: { ...POLICY, goalPercentWithinTarget: 90 },
    });
  });

  it('refuses an acknowledgement target later than the stage 1 target', () => {
    expect(checkSlaForm({ ...formFromPolicy(POLICY), acknowledge: '12' })).toEqual({
      errors: { acknowledge: 'The acknowledgement target cannot be later than the stage 1 response target.' },
    });
  });
});

describe('escalation days', () => {
  it('reads a comma-separated list with any spacing', () => {
    expect(parseEscalation(' 0,5 ,  10 ')).toEqual({ days: [0, 5, 10] });
  });

  it('asks for ascending order, with each number larger than the one before', () => {
    expect(parseEscalation('0, 5, 5')).toEqual({
      error: 'Put the numbers in ascending order, each larger than the one before, e.g. 0, 5, 10.',
    });
    expect(parseEscalation('10, 5')).toHaveProperty('error');
  });

  it('says which entry is not a number of days', () => {
    expect(parseEscalation('0, five')).toEqual({
      error: '“five” is not a whole number of working days from 0 to 260.',
    });
  });

  it('asks for at least one number, and no empty entries', () => {
    expect(parseEscalation('  ')).toEqual({
      error: 'Enter at least one number of working days, e.g. 0, 5, 10.',
    });
    expect(parseEscalation('0,,5')).toEqual({
      error: 'Separate the numbers with single commas, e.g. 0, 5, 10.',
    });
  });
});

describe('the service’s validation issues', () => {
  it('go against the field they concern, first message first', () => {
    expect(
      errorsFromIssues([
        { path: 'responseWorkingDays.1', message: 'Too short.' },
        { path: 'escalationWorkingDaysAfterBreach.2', message: 'Too long.' },
        { path: 'escalationWorkingDaysAfterBreach', message: 'Not ascending.' },
        { path: 'somethingElse', message: 'Ignored here: the problem bar lists it.' },
      ]),
    ).toEqual({ stage1: 'Too short.', escalation: 'Too long.' });
  });
});
