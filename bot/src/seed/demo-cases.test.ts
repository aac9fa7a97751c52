import { canRaise, decide, type CaseOperation } from '../domain/access-policy';
import { CASE_STATUSES } from '../domain/case';
import { createSlaClock } from '../domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../domain/sla-policy';
import { isWorkingDay, londonDate } from '../domain/working-days';
import { generateDemoCases, historyEndFor, mulberry32, type DemoCase } from './demo-cases';
import { DEMO_COUNCIL } from './demo-council';

const NOW = new Date('2026-03-18T12:00:00Z');
const sla = createSlaClock(DEFAULT_SLA_POLICY);
const councillorIds = new Set(
  DEMO_COUNCIL.people.filter((p) => p.roles.includes('Councillor')).map((p) => p.id),
);
const personIds = new Set(DEMO_COUNCIL.people.map((p) => p.id));
const supportIds = new Set(
  DEMO_COUNCIL.people.filter((p) => p.roles.includes('SupportOfficer')).map((p) => p.id),
);

const timestamps = (c: DemoCase): number[] =>
  [c.raised.at, ...c.events.map((e) => e.at)].map((at) => Date.parse(at));
const eventTypes = (cases: DemoCase[]): Set<string> =>
  new Set(cases.flatMap((c) => c.events.map((e) => e.type)));

describe('generateDemoCases', () => {
  const cases = generateDemoCases({ now: NOW });

  it('generates 300 cases by default, oldest first', () => {
    expect(cases).toHaveLength(300);
    const created = cases.map((c) => c.draft.createdAt);
    expect([...created].sort()).toEqual(created);
  });

  it('gives the same history for the same seed and a different one for another seed', () => {
    expect(generateDemoCases({ now: NOW, count: 40, seed: 7 })).toEqual(
      generateDemoCases({ now: NOW, count: 40, seed: 7 }),
    );
    expect(generateDemoCases({ now: NOW, count: 40, seed: 8 })).not.toEqual(
      generateDemoCases({ now: NOW, count: 40, seed: 7 }),
    );
  });

  it('represents every status', () => {
    const statuses = new Set(cases.map((c) => c.final.status));
    for (const s of CASE_STATUSES) expect(statuses).toContain(s);
  });

  it('includes MP enquiries recorded by support officers, with no member', () => {
    const mp = cases.filter((c) => c.final.origin === 'mp');
    expect(mp.length).toBeGreaterThan(20);
    expect(mp.length).toBeLessThan(75);
    for (const c of mp) {
      expect(c.final.memberId).toBeNull();
      expect(c.final.mpName).toMatch(/ MP$/);
      expect(supportIds.has(c.final.raisedBy)).toBe(true);
    }
  });

  it('mixes kinds, mostly members\u2019 enquiries', () => {
    const kinds = cases.map((c) => c.final.kind);
    expect(kinds.filter((k) => k === 'member-enquiry').length).toBeGreaterThan(150);
    expect(kinds).toContain('service-request');
    expect(kinds).toContain('complaint');
  });

  it('leaves a few open cases overdue by the SLA clock, escalated by its sweep', () => {
    const overdue = cases.filter((c) => sla.assess(c.final, NOW).state === 'overdue');
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    for (const c of overdue) {
      expect(c.final.escalationLevel).toBeGreaterThan(0);
      expect(c.events.some((e) => e.type === 'sla-breached' && e.actorId === null)).toBe(true);
    }
  });

  it('includes extensions agreed and declined, follow-ups, reopenings, holds and shares', () => {
    const types = eventTypes(cases);
    for (const t of [
      'extension-agreed',
      'extension-declined',
      'followed-up',
      'reopened',
      'held',
      'resumed',
      'shared',
      'escalated',
    ])
      expect(types).toContain(t);
  });

  it('keeps every timeline in order, raised on a working day, and never later than now', () => {
    for (const c of cases) {
      const times = timestamps(c);
      times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(times[i - 1] ?? t));
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(c.final.updatedAt)).toBe(Math.max(...times));
      expect(isWorkingDay(londonDate(new Date(c.draft.createdAt)), 'england-and-wales')).toBe(true);
      expect(NOW.getTime() - Date.parse(c.draft.createdAt)).toBeLessThan(550 * 86_400_000);
    }
  });

  it('belongs every councillor\u2019s case to a demo councillor of its ward, shared only with fellow councillors', () => {
    for (const c of cases.filter((x) => x.final.origin === 'councillor')) {
      const member = DEMO_COUNCIL.people.find((p) => p.id === c.final.memberId);
      expect(member && councillorIds.has(member.id)).toBe(true);
      expect(member?.wardIds).toContain(c.final.wardId);
      for (const id of c.final.sharedWith) {
        expect(councillorIds.has(id)).toBe(true);
        expect(id).not.toBe(c.final.memberId);
      }
    }
  });

  it('names only demo people as actors and officers', () => {
    for (const c of cases) {
      for (const e of [c.raised, ...c.events])
        if (e.actorId !== null) expect(personIds.has(e.actorId)).toBe(true);
      if (c.final.assignedOfficerId !== null) {
        const officer = DEMO_COUNCIL.people.find((p) => p.id === c.final.assignedOfficerId);
        expect(officer?.departmentId).toBe(c.final.departmentId);
      }
    }
  });

  it('has every step taken by someone the access policy allows to take it', () => {
    const operationFor: Record<string, CaseOperation> = {
      triaged: 'triage',
      assigned: 'assign',
      responded: 'respond',
      'followed-up': 'follow-up',
      'extension-requested': 'extend',
      'extension-agreed': 'agree-extension',
      'extension-declined': 'decline-extension',
      held: 'hold',
      resumed: 'resume',
      closed: 'close',
      reopened: 'reopen',
      escalated: 'escalate',
      shared: 'share',
    };
    const person = (id: string) => {
      const p = DEMO_COUNCIL.people.find((x) => x.id === id);
      if (!p) throw new Error(`unknown person ${id}`);
      return p;
    };
    for (const c of cases) {
      expect(canRaise(person(c.final.raisedBy), c.final.origin, c.final.memberId)).toBe(true);
      for (const e of c.events) {
        if (e.actorId === null) continue;
        const operation = operationFor[e.type];
        expect(operation).toBeDefined();
        expect(decide(person(e.actorId), operation ?? 'read', c.final)).toEqual({ allowed: true });
      }
    }
  });

  it('puts each constituent\u2019s postcode in a district of the case\u2019s ward', () => {
    for (const c of cases) {
      const ward = DEMO_COUNCIL.wards.find((w) => w.id === c.final.wardId);
      const [district, inward] = c.final.constituent.postcode.split(' ');
      expect(ward?.postcodePrefixes).toContain(district);
      expect(inward).toMatch(/^\d[A-Z]{2}$/);
    }
  });

  it('uses no e-mail domain outside .example', () => {
    const emails = [
      ...DEMO_COUNCIL.people.map((p) => p.email),
      ...cases.flatMap((c) => (c.final.constituent.email ? [c.final.constituent.email] : [])),
    ];
    expect(emails.length).toBeGreaterThan(100);
    for (const e of emails) expect(e).toMatch(/@[a-z.-]+\.example$/);
  });

  it('asks about 70% of constituents for consent to share', () => {
    const consented = cases.filter((c) => c.final.constituent.consentToShare).length / cases.length;
    expect(consented).toBeGreaterThan(0.6);
    expect(consented).toBeLessThan(0.8);
  });

  it('gives the first councillor the open "Blocked drain on Elm Road" case', () => {
    const elm = cases.filter((c) => c.final.title.includes('Blocked drain on Elm Road'));
    expect(elm).toHaveLength(1);
    expect(elm[0]?.final.memberId).toBe('p-cllr-01');
    expect(elm[0]?.final.status).toBe('with-department');
  });

  // Start days across the year: a Monday, a Saturday, Christmas Eve, a bank holiday, the day after New Year.
  it.each([
    '2026-03-16T10:00:00Z',
    '2026-12-05T12:00:00Z',
    '2026-12-24T09:00:00Z',
    '2027-05-31T20:00:00Z',
    '2026-01-02T07:00:00Z',
  ])(
    'shows a working council on the day it is started (%s): open cases mostly on track, a few due soon and overdue',
    (iso) => {
      const start = new Date(iso);
      const states = generateDemoCases({ now: start })
        .map((c) => sla.assess(c.final, start).state)
        .filter((state) => state !== 'stopped');
      const count = (state: string) => states.filter((s) => s === state).length;
      expect(states.length).toBeGreaterThan(25);
      expect(count('on-track') / states.length).toBeGreaterThanOrEqual(0.7);
      expect(count('due-soon')).toBeGreaterThanOrEqual(2);
      expect(count('overdue')).toBeGreaterThanOrEqual(2);
      expect(count('overdue') / states.length).toBeLessThanOrEqual(0.15);
    },
  );

  it('gives the same council whatever the hour it is started on a day, and ends its history before that day', () => {
    const early = new Date('2026-07-14T00:30:00+01:00');
    const late = new Date('2026-07-14T23:30:00+01:00');
    expect(generateDemoCases({ now: late, count: 60 })).toEqual(generateDemoCases({ now: early, count: 60 }));
    expect(historyEndFor(late).getTime()).toBeLessThanOrEqual(early.getTime());
    expect(generateDemoCases({ now: new Date('2026-07-15T09:00:00+01:00'), count: 60 })).not.toEqual(
      generateDemoCases({ now: early, count: 60 }),
    );
  });

  it.each(['2025-12-24T09:00:00Z', '2026-01-02T07:00:00Z', '2027-05-31T20:00:00Z'])(
    'obeys the same rules whatever the day it is run (%s)',
    (iso) => {
      const now = new Date(iso);
      const run = generateDemoCases({ now, count: 120, seed: 3 });
      for (const c of run) expect(Math.max(...timestamps(c))).toBeLessThanOrEqual(now.getTime());
      expect(new Set(run.map((c) => c.final.status)).size).toBeGreaterThanOrEqual(5);
    },
  );
});

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
