import type { Database } from '../src/app/ports';
import {
  migrate,
  openPglite,
  PostgresBriefingDeliveries,
  PostgresBriefingFigures,
  PostgresBriefingStore,
  PostgresDecisionStore,
  PostgresDirectory,
  PostgresAuditLog,
  PostgresTeamChannels,
} from '../src/adapters/postgres';
import { decisionBriefingPdf } from '../src/adapters/pdf/decision-briefing-pdf';
import { makeBriefings, type Briefings } from '../src/app/briefings';
import { briefingMessages } from '../src/bot/cards/briefing-card';
import type { DecisionBriefingContent, WardBriefingContent } from '../src/domain/briefing';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { seedIfEmpty } from '../src/seed/seed';
import { DEMO_COUNCIL, DEMO_COUNCIL_NAME } from '../src/seed/demo-council';
import { actorFor, constituentDetails, leakedIn, pdfText } from './support/briefing-fixtures';
import { expectValidCard } from './support/adaptive-card-schema';
import { renderSharedBriefingPage } from '../src/http/shared-briefing-page';

/** Saturday 5 December 2026: November's briefings are due (1 December was the first working day). */
const NOW = new Date('2026-12-05T10:00:00Z');
const PERIOD = '2026-11';
const sla = createSlaClock(DEFAULT_SLA_POLICY);
const officer = DEMO_COUNCIL.people.find((p) => p.roles.includes('SupportOfficer'))!;

describe('composing the monthly briefings from a seeded council (PGlite)', () => {
  let db: Database;
  let briefings: Briefings;
  let decisionsStore: PostgresDecisionStore;

  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db);
    await seedIfEmpty({ directory: new PostgresDirectory(db), db, now: NOW, sla });
    decisionsStore = new PostgresDecisionStore(db);
    const at = '2026-11-02T09:00:00Z';
    const base = {
      summary: 'Summary text.',
      maker: { kind: 'cabinet' as const, name: 'Cabinet' },
      keyDecision: true,
      callIn: { subject: true, deadline: '2026-11-12' },
      wardsConfirmed: true,
      reasons: 'Reasons given at the meeting.',
      links: [],
      takingPart: '',
      source: { kind: 'manual' as const, key: null },
      suggestedWards: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const audit = { at, actorId: officer.id, action: 'decision.create', outcome: 'allowed' as const };
    await decisionsStore.create(
      {
        ...base,
        id: '00000000-0000-4000-8000-000000000001',
        title: 'County-wide decision',
        status: 'taken',
        date: '2026-11-05',
        wards: 'all',
      },
      audit,
    );
    await decisionsStore.create(
      {
        ...base,
        id: '00000000-0000-4000-8000-000000000002',
        title: 'Tallowford decision',
        status: 'taken',
        date: '2026-11-20',
        wards: ['ward-tallowford'],
      },
      audit,
    );
    await decisionsStore.create(
      {
        ...base,
        id: '00000000-0000-4000-8000-000000000003',
        title: 'Coming key decision',
        status: 'forthcoming',
        date: '2027-01-20',
        wards: ['ward-tallowford'],
      },
      audit,
    );
    const store = new PostgresBriefingStore(db);
    briefings = makeBriefings({
      store,
      decisions: decisionsStore,
      figures: new PostgresBriefingFigures(db),
      channels: new PostgresTeamChannels(db),
      deliveries: new PostgresBriefingDeliveries(db),
      directory: new PostgresDirectory(db),
      audit: new PostgresAuditLog(db),
      clock: { now: () => NOW },
      sla,
      region: () => 'england-and-wales',
      render: (b) => briefingMessages(b, { publicUrl: 'https://hub.example' }),
    });
    expect(await briefings.composeDue()).toEqual({
      wardComposed: DEMO_COUNCIL.wards.length,
      decisionComposed: 1,
    });
  }, 120_000);
  afterAll(() => db?.close());

  /** The same figures, asked of the database one at a time and in a different way from the composer's query. */
  const direct = async (wardId: string) => {
    const one = async (sql: string) =>
      Number((await db.query<{ n: number }>(sql, [wardId, PERIOD])).rows[0]?.n ?? 0);
    const inMonth = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/London', 'YYYY-MM') = $2`;
    return {
      raised: await one(
        `SELECT count(*)::int AS n FROM cases WHERE ward_id = $1 AND ${inMonth('created_at')}`,
      ),
      closed: await one(
        `SELECT count(*)::int AS n FROM case_events e, cases c WHERE c.id = e.case_id AND c.ward_id = $1 AND e.type = 'closed' AND ${inMonth('e.at')}`,
      ),
      answered: await one(
        `SELECT count(*)::int AS n FROM case_events e, cases c WHERE c.id = e.case_id AND c.ward_id = $1 AND e.type = 'responded' AND ${inMonth('e.at')}`,
      ),
      within: await one(
        `SELECT count(*)::int AS n FROM case_events e, cases c WHERE c.id = e.case_id AND c.ward_id = $1 AND e.type = 'responded' AND (e.data->>'withinTarget')::boolean AND ${inMonth('e.at')}`,
      ),
      open: await one(
        `SELECT count(*)::int AS n FROM cases WHERE ward_id = $1 AND status IN ('new','triaged','with-department','on-hold') AND $2 = $2`,
      ),
    };
  };

  const shown = (n: number) => (n === 1 || n === 2 ? { kind: 'suppressed' } : { kind: 'count', value: n });

  it('gives each ward the figures a direct query gives, with counts under 3 suppressed', async () => {
    const all = await briefings.list(actorFor(officer), { period: PERIOD });
    const wardBriefings = all.filter((b) => b.kind === 'ward');
    expect(wardBriefings).toHaveLength(DEMO_COUNCIL.wards.length);
    let suppressedSomewhere = 0;
    let countedSomewhere = 0;
    for (const b of wardBriefings) {
      const c = (b.content as WardBriefingContent).casework;
      const d = await direct(b.wardId!);
      expect({
        ward: b.wardId,
        raised: c.raised,
        closed: c.closed,
        answered: c.answered,
        open: c.openNow,
      }).toEqual({
        ward: b.wardId,
        raised: shown(d.raised),
        closed: shown(d.closed),
        answered: shown(d.answered),
        open: shown(d.open),
      });
      expect(c.withinTargetPercent).toBe(d.answered >= 3 ? Math.round((100 * d.within) / d.answered) : null);
      for (const value of [c.raised, c.closed, c.answered, c.openNow]) {
        if (value.kind === 'suppressed') suppressedSomewhere += 1;
        else countedSomewhere += 1;
      }
      for (const category of c.topCategories) expect(category.count).toBeGreaterThanOrEqual(3);
    }
    // The seeded month exercises both paths.
    expect(countedSomewhere).toBeGreaterThan(0);
    expect(suppressedSomewhere).toBeGreaterThan(0);
  });

  it('puts decisions in the wards they affect', async () => {
    const all = await briefings.list(actorFor(officer), { period: PERIOD });
    const tallowford = all.find((b) => b.wardId === 'ward-tallowford')!.content as WardBriefingContent;
    const larkvale = all.find((b) => b.wardId === 'ward-larkvale')!.content as WardBriefingContent;
    expect(tallowford.decisionsTaken.map((d) => d.title)).toEqual([
      'County-wide decision',
      'Tallowford decision',
    ]);
    expect(tallowford.forthcoming.map((d) => d.title)).toEqual(['Coming key decision']);
    expect(larkvale.decisionsTaken.map((d) => d.title)).toEqual(['County-wide decision']);
    const council = all.find((b) => b.kind === 'decision')!.content as DecisionBriefingContent;
    expect(council.keyDecisionsComing.map((d) => d.title)).toEqual(['Coming key decision']);
  });

  it('composes each briefing once, however often the schedule runs', async () => {
    expect(await briefings.composeDue()).toEqual({ wardComposed: 0, decisionComposed: 0 });
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM briefings`);
    expect(rows[0]?.n).toBe(DEMO_COUNCIL.wards.length + 1);
  });

  it('puts no constituent\u2019s name, e-mail, phone, address or postcode in any card, PDF or page', async () => {
    const details = await constituentDetails(db);
    expect(details.length).toBeGreaterThan(300);
    const all = await briefings.list(actorFor(officer), { period: PERIOD });
    let cards = 0;
    for (const b of all) {
      for (const message of briefingMessages(b, { publicUrl: 'https://hub.example' })) {
        expectValidCard(message.card);
        cards += 1;
        expect(leakedIn(JSON.stringify(message), details)).toEqual([]);
      }
      if (b.content.kind === 'decision') {
        const pdf = await decisionBriefingPdf(b.content, { name: DEMO_COUNCIL_NAME });
        const text = await pdfText(pdf);
        expect(text).toContain('County-wide decision');
        expect(leakedIn(text, details)).toEqual([]);
        expect(leakedIn(renderSharedBriefingPage(b.content, { name: DEMO_COUNCIL_NAME }), details)).toEqual(
          [],
        );
      }
    }
    expect(cards).toBeGreaterThanOrEqual(all.length);
    // The scan finds a detail when one is there (so an empty result means something).
    expect(leakedIn(`Contact ${details[0]}`, details)).toContain(details[0]);
  });
});
