import type { Case } from '../src/domain/case';
import {
  NOTIFICATION_KINDS,
  type NotificationDraft,
  type NotificationKind,
} from '../src/domain/notifications';
import { notificationMessage } from '../src/bot/cards/notification-card';
import { newCase } from './fixtures/cases';
import { expectValidCard } from './support/adaptive-card-schema';

const theCase = (overrides: Partial<Case> = {}): Case => ({
  ...newCase({ status: 'triaged', departmentId: 'dept-highways', respondBy: '2026-03-30' }),
  id: '6f1d2c1e-8a54-4d4b-9d61-0c3a2b1f0a01',
  ref: 'MH-2026-00042',
  version: 2,
  ...overrides,
});

const notification = (kind: NotificationKind, facts: NotificationDraft['facts'] = {}): NotificationDraft => ({
  caseId: '6f1d2c1e-8a54-4d4b-9d61-0c3a2b1f0a01',
  caseRef: 'MH-2026-00042',
  eventSeq: 2,
  kind,
  recipient: 'p-alice',
  at: '2026-03-20T10:00:00.000Z',
  facts,
});

/** Every TextBlock's text and every fact, in order: what the member reads. */
const readable = (card: Record<string, unknown>): string[] => {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock') out.push(String(o.text));
      if (o.type === 'FactSet')
        for (const f of o.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
      Object.values(o).forEach(walk);
    }
  };
  walk(card.body);
  return out;
};

describe('notification card', () => {
  it('says what happened, with the reference, title, status and due date, and a button asking for the case', () => {
    const { card, summary } = notificationMessage(
      notification('triaged', { respondBy: '2026-03-30' }),
      theCase(),
    );
    expect(summary).toBe('MH-2026-00042: your case has been triaged');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: summary });
    expect(readable(card)).toEqual([
      'Your case has been triaged',
      'It has gone to the department. A response is due by Mon 30 Mar 2026.',
      'Pothole outside the primary school',
      'Reference: MH-2026-00042',
      'Status: Triaged',
      'Response due: Mon 30 Mar 2026',
    ]);
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Show the case',
        verb: 'showCase',
        data: { ref: 'MH-2026-00042' },
      },
    ]);
  });

  it('is a valid Adaptive Card 1.5 for every kind of notification and every status', () => {
    for (const kind of NOTIFICATION_KINDS)
      for (const status of ['new', 'triaged', 'with-department', 'responded', 'on-hold', 'closed'] as const)
        expectValidCard(notificationMessage(notification(kind), theCase({ status })).card);
  });

  it('carries nothing about the constituent, and keeps the title out of the summary shown in notifications', () => {
    const c = theCase();
    for (const kind of NOTIFICATION_KINDS) {
      const message = notificationMessage(notification(kind), c);
      const json = JSON.stringify(message);
      for (const secret of [c.constituent.name, c.constituent.address, c.constituent.postcode, c.description])
        expect(json).not.toContain(secret);
      expect(message.summary).not.toContain(c.title);
      expect(json).not.toContain('${');
    }
  });

  it('escapes the title so it cannot become a link or formatting', () => {
    const { card } = notificationMessage(
      notification('responded'),
      theCase({ title: '[Click here](https://evil.example) **now**' }),
    );
    expect(readable(card)).toContain('\\[Click here\\]\\(https://evil\\.example\\) \\*\\*now\\*\\*');
  });

  it.each<[NotificationKind, NotificationDraft['facts'], Partial<Case>, string, string]>([
    [
      'responded',
      { respondBy: '2026-03-30', withinTarget: true },
      { status: 'responded', followUpUntil: '2026-03-27' },
      'Your case has had a response',
      'Show the case to read the response. You can follow up until Fri 27 Mar 2026.',
    ],
    [
      'extension-requested',
      { respondBy: '2026-03-30', proposedRespondBy: '2026-04-15' },
      {},
      'More time is asked for on your case',
      'The department asks to extend the response date from Mon 30 Mar 2026 to Wed 15 Apr 2026. It needs your agreement: open the case to agree or decline.',
    ],
    [
      'extension-agreed',
      { respondBy: '2026-04-15', previousRespondBy: '2026-03-30' },
      { stage: 2, respondBy: '2026-04-15' },
      'An extension has been agreed on your case',
      'The response is now due by Wed 15 Apr 2026.',
    ],
    [
      'escalated',
      { toLevel: 2, automatic: true },
      {},
      'Your case has been escalated',
      'It is overdue, so it has been escalated to level 2.',
    ],
    [
      'sla-warning',
      { respondBy: '2026-03-30', workingDaysLeft: 1 },
      {},
      'A response is due soon',
      'The response is due by Mon 30 Mar 2026 (1 working day left).',
    ],
    [
      'sla-warning',
      { respondBy: '2026-03-30', workingDaysLeft: 0 },
      {},
      'A response is due soon',
      'The response is due today (Mon 30 Mar 2026).',
    ],
    [
      'sla-breached',
      { respondBy: '2026-03-10', overdueBy: 8 },
      { respondBy: '2026-03-10' },
      'A response is overdue',
      'The response was due by Tue 10 Mar 2026; it is 8 working days late.',
    ],
  ])('words a %s notification', (kind, facts, overrides, headline, detail) => {
    const [first, second] = readable(notificationMessage(notification(kind, facts), theCase(overrides)).card);
    expect([first, second]).toEqual([headline, detail]);
  });

  it('tells of a response as it happened (when, within target, the window it opened), not the status at delivery', () => {
    // Delivered after the member already followed up: the case is with the department again.
    const { card } = notificationMessage(
      notification('responded', { respondBy: '2026-03-30', withinTarget: true, followUpUntil: '2026-03-27' }),
      theCase({ status: 'with-department', followUpUntil: undefined }),
    );
    expectValidCard(card);
    expect(readable(card)).toEqual([
      'Your case has had a response',
      'Show the case to read the response. You can follow up until Fri 27 Mar 2026.',
      'Pothole outside the primary school',
      'Reference: MH-2026-00042',
      'Responded: 20 Mar 2026 10:00',
      'Target: Answered within the target',
    ]);
  });

  it('shows no due date once the case has been answered', () => {
    const { card } = notificationMessage(notification('responded'), theCase({ status: 'responded' }));
    expect(readable(card).filter((t) => t.startsWith('Response due'))).toEqual([]);
  });
});
