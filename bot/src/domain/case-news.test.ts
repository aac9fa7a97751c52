import { isNewsTo, isOpenTo, isWithinFollowUpWindow } from './case-news';
import { createSlaClock } from './sla-clock';
import { DEFAULT_SLA_POLICY } from './sla-policy';

const sla = createSlaClock(DEFAULT_SLA_POLICY);

describe('the follow-up window', () => {
  it('runs five working days after the response and closes with the last one, in London time', () => {
    // Responded on Friday 27 November 2026 (GMT): the window is Monday 30 November to Friday 4 December.
    const until = sla.followUpUntil(new Date('2026-11-27T10:00:00Z'));
    expect(until).toBe('2026-12-04');
    const open = (iso: string) => isWithinFollowUpWindow({ followUpUntil: until }, sla.today(new Date(iso)));
    expect(open('2026-12-04T23:59:59Z')).toBe(true);
    expect(open('2026-12-05T00:00:00Z')).toBe(false);
  });

  it('closes at midnight in London in summer time, an hour before midnight UTC', () => {
    // Responded on Monday 1 June 2026 (BST): the window ends on Monday 8 June.
    const until = sla.followUpUntil(new Date('2026-06-01T09:00:00Z'));
    expect(until).toBe('2026-06-08');
    const open = (iso: string) => isWithinFollowUpWindow({ followUpUntil: until }, sla.today(new Date(iso)));
    expect(open('2026-06-08T22:59:59Z')).toBe(true);
    expect(open('2026-06-08T23:00:00Z')).toBe(false);
  });

  it('is closed when there has been no response', () => {
    expect(isWithinFollowUpWindow({ followUpUntil: undefined }, '2026-01-01')).toBe(false);
  });
});

describe('news and open cases', () => {
  it('counts a change by someone else, or by the system, as news; not the reader\u2019s own, nor the SLA clock\u2019s notices', () => {
    expect(isNewsTo({ type: 'responded', actorId: 'p-hal' }, 'p-alice')).toBe(true);
    expect(isNewsTo({ type: 'escalated', actorId: null }, 'p-alice')).toBe(true);
    expect(isNewsTo({ type: 'followed-up', actorId: 'p-alice' }, 'p-alice')).toBe(false);
    expect(isNewsTo({ type: 'sla-warning', actorId: null }, 'p-alice')).toBe(false);
    expect(isNewsTo({ type: 'sla-breached', actorId: null }, 'p-alice')).toBe(false);
  });

  it('keeps cases awaiting an answer open, and an answer only while it is new to its member and the window lasts', () => {
    const c = (status: 'new' | 'on-hold' | 'responded' | 'closed', memberId = 'p-alice') => ({
      status,
      memberId,
      followUpUntil: '2026-12-04',
    });
    expect(isOpenTo(c('new'), 'p-alice', '2026-12-01', false)).toBe(true);
    expect(isOpenTo(c('on-hold'), 'p-alice', '2026-12-01', false)).toBe(true);
    expect(isOpenTo(c('responded'), 'p-alice', '2026-12-01', true)).toBe(true);
    expect(isOpenTo(c('responded'), 'p-alice', '2026-12-01', false)).toBe(false);
    expect(isOpenTo(c('responded'), 'p-alice', '2026-12-05', true)).toBe(false);
    expect(isOpenTo(c('responded', 'p-bob'), 'p-alice', '2026-12-01', true)).toBe(false);
    expect(isOpenTo(c('closed'), 'p-alice', '2026-12-01', true)).toBe(false);
  });
});
