import {
  composeDecisionBriefing,
  composeWardBriefing,
  suppressCasework,
  type WardCaseworkFigures,
} from './briefing';
import type { Decision } from './decision';
import { showCount } from './small-counts';
import { suggestWardsFromText } from './ward-mentions';

const figures = (over: Partial<WardCaseworkFigures> = {}): WardCaseworkFigures => ({
  raised: 10,
  closed: 4,
  answered: 8,
  answeredWithinTarget: 6,
  categories: [
    { category: 'Highways', count: 5 },
    { category: 'Waste', count: 3 },
    { category: 'Care home', count: 2 },
  ],
  openNow: 5,
  oldestOpenRaisedOn: '2026-10-01',
  ...over,
});

const decision = (over: Partial<Decision>): Decision => ({
  id: 'd1',
  version: 1,
  title: 'A decision',
  summary: '',
  maker: { kind: 'cabinet', name: 'Cabinet' },
  status: 'taken',
  date: '2026-11-05',
  keyDecision: false,
  callIn: { subject: false, deadline: null },
  wards: 'all',
  wardsConfirmed: true,
  reasons: 'Because.',
  links: [],
  takingPart: '',
  source: { kind: 'manual', key: null },
  suggestedWards: [],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...over,
});

describe('small-count suppression', () => {
  it('shows 0 and counts of 3 or more, and hides 1 and 2', () => {
    expect([0, 1, 2, 3, 17].map(showCount)).toEqual([
      { kind: 'count', value: 0 },
      { kind: 'suppressed' },
      { kind: 'suppressed' },
      { kind: 'count', value: 3 },
      { kind: 'count', value: 17 },
    ]);
  });

  it('names only categories with 3 or more cases, and bases percentages and ages on shown counts only', () => {
    const shown = suppressCasework(figures(), () => 40);
    expect(shown.topCategories).toEqual([
      { category: 'Highways', count: 5 },
      { category: 'Waste', count: 3 },
    ]);
    expect(shown.withinTargetPercent).toBe(75);
    expect(shown.oldestOpenWorkingDays).toBe(40);

    const few = suppressCasework(figures({ answered: 2, answeredWithinTarget: 1, openNow: 1 }), () => 40);
    expect(few.answered).toEqual({ kind: 'suppressed' });
    expect(few.withinTargetPercent).toBeNull();
    expect(few.openNow).toEqual({ kind: 'suppressed' });
    expect(few.oldestOpenWorkingDays).toBeNull();
  });
});

describe('composing briefings', () => {
  const ward = { id: 'ward-a', name: 'Tallowford' };
  const decisions = [
    decision({ id: 'taken-all', date: '2026-11-05' }),
    decision({ id: 'taken-here', wards: ['ward-a'], date: '2026-11-20' }),
    decision({ id: 'taken-elsewhere', wards: ['ward-b'] }),
    decision({ id: 'taken-unconfirmed', wards: ['ward-a'], wardsConfirmed: false }),
    decision({ id: 'taken-october', date: '2026-10-30' }),
    decision({
      id: 'coming-key',
      status: 'forthcoming',
      date: '2027-01-14',
      keyDecision: true,
      wards: ['ward-a'],
    }),
    decision({ id: 'coming-past', status: 'forthcoming', date: '2026-11-30' }),
    decision({ id: 'coming-minor', status: 'forthcoming', date: '2027-01-10', wards: ['ward-b'] }),
  ];

  it('gives a ward the decisions of the month that affect it, and what is coming for it', () => {
    const b = composeWardBriefing({
      ward,
      period: '2026-11',
      today: '2026-12-01',
      casework: suppressCasework(figures(), () => 1),
      decisions,
    });
    expect(b.decisionsTaken.map((d) => d.id)).toEqual(['taken-all', 'taken-here']);
    expect(b.forthcoming.map((d) => d.id)).toEqual(['coming-key']);
    expect(b.awaitingWardConfirmation).toBe(1);
  });

  it('gives the council every decision of the month and the key decisions coming up', () => {
    const b = composeDecisionBriefing({ period: '2026-11', today: '2026-12-01', decisions });
    expect(b.decisionsTaken.map((d) => d.id)).toEqual([
      'taken-all',
      'taken-elsewhere',
      'taken-unconfirmed',
      'taken-here',
    ]);
    expect(b.keyDecisionsComing.map((d) => d.id)).toEqual(['coming-key']);
  });
});

describe('suggesting wards from a decision\u2019s text', () => {
  const wards = [
    { id: 'w-green', name: 'Greyhallow & Sorrelby', postcodePrefixes: ['WQ4', 'WQ5'] },
    { id: 'w-tall', name: 'Tallowford', postcodePrefixes: ['WQ3'] },
    { id: 'w-lark', name: 'Larkvale', postcodePrefixes: ['WQ10'] },
  ];
  it('finds ward names, places within combined names and postcodes, as whole words', () => {
    expect(suggestWardsFromText('Resurfacing near Sorrelby church', wards)).toEqual(['w-green']);
    expect(suggestWardsFromText('A new crossing at WQ10 4AB and on Tallowford Road', wards)).toEqual([
      'w-tall',
      'w-lark',
    ]);
    expect(suggestWardsFromText('Tallowfordshire and WQ1 2AB are elsewhere', wards)).toEqual([]);
  });
});
