import type { Case, CaseEvent, CaseEventType } from '../src/domain/case';
import { applyAction } from '../src/domain/case-lifecycle';
import type { CaseAction } from '../src/domain/case-actions';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { NOTIFICATION_KINDS, notificationsFor } from '../src/domain/notifications';
import { newCase } from './fixtures/cases';

const sla = createSlaClock(DEFAULT_SLA_POLICY);
const NOW = new Date('2026-03-20T10:00:00.000Z');
const CASE_ID = '6f1d2c1e-8a54-4d4b-9d61-0c3a2b1f0a01';

const stored = (overrides: Partial<Case> = {}): Case => ({
  ...newCase({ status: 'triaged', departmentId: 'dept-highways', respondBy: '2026-03-30' }),
  id: CASE_ID,
  ref: 'MH-2026-00042',
  version: 3,
  ...overrides,
});

/** Numbers a transition's events as the store would, after `lastSeq`. */
const numbered = (c: Case, events: readonly Omit<CaseEvent, 'caseId' | 'seq'>[], lastSeq = 3): CaseEvent[] =>
  events.map((e, i) => ({ ...e, caseId: c.id, seq: lastSeq + i + 1 }));

const act = (c: Case, action: CaseAction, actorId: string) => {
  const { next, events } = applyAction(c, action, { actorId, now: NOW, sla });
  return notificationsFor(next, numbered(next, events));
};

describe('notificationsFor', () => {
  it('tells the member once when a support officer triages their case, with the due date only', () => {
    const drafts = act(
      stored({ status: 'new', departmentId: null }),
      { type: 'triage', departmentId: 'dept-highways' },
      'p-sue',
    );
    expect(drafts).toEqual([
      {
        caseId: CASE_ID,
        caseRef: 'MH-2026-00042',
        eventSeq: 4,
        kind: 'triaged',
        recipient: 'p-alice',
        at: NOW.toISOString(),
        facts: { respondBy: '2026-03-30' },
      },
    ]);
  });

  it('tells the member about a response without copying the response text', () => {
    const [draft] = act(
      stored(),
      { type: 'respond', response: 'Mrs Bramblecote at 14 Mill Lane was visited.' },
      'p-hal',
    );
    expect(draft).toMatchObject({
      kind: 'responded',
      facts: { respondBy: '2026-03-30', withinTarget: true },
    });
    expect(JSON.stringify(draft)).not.toMatch(/Bramblecote|Mill Lane/);
  });

  it('asks the member about a requested extension with both dates and without the reason', () => {
    const [draft] = act(
      stored(),
      { type: 'extend', reason: 'The contractor is waiting for parts.' },
      'p-hal',
    );
    expect(draft).toMatchObject({
      kind: 'extension-requested',
      recipient: 'p-alice',
      facts: { respondBy: '2026-03-30', proposedRespondBy: '2026-04-15' },
    });
    expect(JSON.stringify(draft)).not.toMatch(/contractor/);
  });

  it('does not tell the member about their own action, but does when an officer records it for them', () => {
    const pending = stored({
      extension: { requestedBy: 'p-hal', requestedAt: NOW.toISOString(), reason: 'More time needed' },
    });
    expect(act(pending, { type: 'agree-extension' }, 'p-alice')).toEqual([]);
    expect(act(pending, { type: 'agree-extension' }, 'p-sue')).toMatchObject([
      { kind: 'extension-agreed', facts: { respondBy: '2026-04-15', previousRespondBy: '2026-03-30' } },
    ]);
  });

  it('tells the member about an escalation with its level', () => {
    expect(
      act(stored(), { type: 'escalate', reason: 'No answer from the contractor' }, 'p-hal'),
    ).toMatchObject([{ kind: 'escalated', facts: { toLevel: 1, automatic: false } }]);
  });

  it('gives one notification per SLA event of the sweep, in timeline order', () => {
    const late = stored({ respondBy: '2026-03-10' });
    const swept = sla.slaSweep(late, NOW);
    expect(swept).not.toBeNull();
    const drafts = notificationsFor(swept!.next, numbered(late, swept!.events, 7));
    expect(drafts.map((d) => [d.kind, d.eventSeq, d.facts])).toEqual([
      ['sla-breached', 8, { respondBy: '2026-03-10', overdueBy: 8 }],
      ['escalated', 9, { toLevel: 2, automatic: true }],
    ]);
  });

  it('tells the member a response is due soon, with the working days left', () => {
    const dueMonday = stored({ respondBy: '2026-03-23' });
    const swept = sla.slaSweep(dueMonday, NOW)!;
    expect(notificationsFor(swept.next, numbered(dueMonday, swept.events))).toMatchObject([
      { kind: 'sla-warning', facts: { respondBy: '2026-03-23', workingDaysLeft: 1 } },
    ]);
  });

  it('tells nobody about an MP\u2019s enquiry, which has no member', () => {
    const mp = stored({ origin: 'mp', mpName: 'Ms Ashdell MP', memberId: null });
    expect(act(mp, { type: 'respond', response: 'Done.' }, 'p-hal')).toEqual([]);
  });

  it('ignores events that are not news for the member (raised, assigned, notes, holds)', () => {
    const c = stored();
    const quiet: CaseEventType[] = [
      'raised',
      'assigned',
      'note-added',
      'held',
      'resumed',
      'shared',
      'closed',
    ];
    const events = numbered(
      c,
      quiet.map((type) => ({ type, actorId: 'p-sue', at: NOW.toISOString(), data: {} })),
    );
    expect(notificationsFor(c, events)).toEqual([]);
  });

  it('copies only known facts of the right type, whatever else the event carries', () => {
    const c = stored();
    const [draft] = notificationsFor(
      c,
      numbered(c, [
        {
          type: 'sla-breached',
          actorId: null,
          at: NOW.toISOString(),
          data: { respondBy: 'not a date', overdueBy: -1, constituent: { name: 'Janet' }, note: 'free text' },
        },
      ]),
    );
    expect(draft?.facts).toEqual({});
  });

  it('covers exactly the events the issue names', () => {
    expect([...NOTIFICATION_KINDS].sort()).toEqual(
      [
        'escalated',
        'extension-agreed',
        'extension-requested',
        'responded',
        'sla-breached',
        'sla-warning',
        'triaged',
      ].sort(),
    );
  });
});
