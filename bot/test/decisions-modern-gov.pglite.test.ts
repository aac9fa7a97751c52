import type { Database } from '../src/app/ports';
import {
  migrate,
  openPglite,
  PostgresAuditLog,
  PostgresDecisionStore,
  PostgresDirectory,
} from '../src/adapters/postgres';
import { readModernGovSite, readSavedPages } from '../src/adapters/decisions/modern-gov-site';
import { makeDecisionsRegister, type DecisionsRegister } from '../src/app/decisions-register';
import type { Decision } from '../src/domain/decision';
import { DEMO_COUNCIL } from '../src/seed/demo-council';
import { actorFor } from './support/briefing-fixtures';
import { createTrustingFetch } from './support/graph-sim/client';
import { savedPages, startFakeModernGovSite, type FakeModernGovSite } from './support/modern-gov-site';

const officer = actorFor(DEMO_COUNCIL.people.find((p) => p.roles.includes('SupportOfficer'))!);
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

describe('importing decisions from modern.gov (saved pages and a local HTTPS site)', () => {
  let db: Database;
  let register: DecisionsRegister;
  let site: FakeModernGovSite;

  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db);
    await new PostgresDirectory(db).saveDirectory(DEMO_COUNCIL);
    register = makeDecisionsRegister({
      decisions: new PostgresDecisionStore(db),
      directory: new PostgresDirectory(db),
      audit: new PostgresAuditLog(db),
      clock: { now: () => new Date('2026-12-05T10:00:00Z') },
    });
    site = await startFakeModernGovSite();
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await db?.close();
  });
  beforeEach(() => db.query('TRUNCATE decisions'));

  const byKey = async () =>
    Object.fromEntries((await register.list(officer, {})).map((d) => [d.source.key, d])) as Record<
      string,
      Decision
    >;

  it('reads both installs\u2019 labels, skips list pages and refuses a page that is not a decision', async () => {
    const report = await register.importRows(
      officer,
      'modern-gov',
      readSavedPages(savedPages('install-a', 'install-b')),
    );
    expect(report).toMatchObject({ added: 5, refused: 1, skipped: 3, updated: 0, unchanged: 0 });
    expect(report.rows.find((r) => r.outcome === 'refused')).toEqual({
      label: 'ieListDocuments-7731.html',
      outcome: 'refused',
      reason: 'This is not a modern.gov decision page: it has no decision maker, status or decision.',
    });
    const d = await byKey();
    // Install A: "Decision Maker:" in mgLabel spans, sections under headings.
    expect(d['democracy.fallowmere.example:4121']).toMatchObject({
      title: 'Sorrelby village 20mph zone',
      maker: { kind: 'cabinet', name: 'Cabinet Member for Highways' },
      status: 'taken',
      date: '2026-11-19',
      keyDecision: true,
      callIn: { subject: true, deadline: null },
      reasons: expect.stringMatching(/^Speed surveys show/),
      wards: ['ward-greyhallow'],
      wardsConfirmed: false,
    });
    expect(d['democracy.fallowmere.example:4121']!.links).toEqual([
      {
        title: 'Decision on the council website',
        url: 'https://democracy.fallowmere.example/ieDecisionDetails.aspx?ID=4121',
      },
      {
        title: 'Report',
        url: 'https://democracy.fallowmere.example/documents/s41210/Sorrelby%2020mph%20report.pdf',
      },
      {
        title: 'Consultation summary',
        url: 'https://democracy.fallowmere.example/documents/s41211/Consultation%20summary.pdf',
      },
    ]);
    expect(d['democracy.fallowmere.example:4125']).toMatchObject({
      status: 'forthcoming',
      date: '2027-01-21',
    });
    // Install B: a table with "Decision taker:" and a long date; a list with "Decided at meeting:".
    expect(d['modgov.fallowmere.example:88']).toMatchObject({
      maker: { kind: 'officer', name: 'Head of Highways Network' },
      date: '2026-11-24',
      callIn: { subject: true, deadline: '2026-12-01' },
      wards: ['ward-larkvale'],
    });
    expect(d['modgov.fallowmere.example:89']).toMatchObject({
      maker: { kind: 'committee', name: 'Planning & Regulation Committee' },
      date: '2026-11-26',
      wards: 'all',
      wardsConfirmed: true,
    });
  });

  it('changes nothing on a second import of the same pages, or of the same decisions from the site', async () => {
    const pages = readSavedPages(savedPages('install-a', 'install-b'));
    await register.importRows(officer, 'modern-gov', pages);
    const before = (await db.query(`SELECT id, version, doc FROM decisions ORDER BY id`)).rows;
    expect(await register.importRows(officer, 'modern-gov', pages)).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 5,
    });
    const fromSite = await readModernGovSite(site.url, NOVEMBER, {
      fetch: createTrustingFetch(site.ca),
      allowLoopback: true,
    });
    expect(await register.importRows(officer, 'modern-gov', fromSite)).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 5,
    });
    expect((await db.query(`SELECT id, version, doc FROM decisions ORDER BY id`)).rows).toEqual(before);
  });

  it('reads the site\u2019s lists for the dates asked, waits out a 429, and reports a page it could not read', async () => {
    site.requests.length = 0;
    site.failNext('4120', { status: 429, retryAfter: '0' });
    site.failNext('4121', { status: 500 }, { status: 500 }, { status: 500 });
    const rows = await readModernGovSite(site.url, NOVEMBER, {
      fetch: createTrustingFetch(site.ca),
      allowLoopback: true,
    });
    expect(site.requests[0]).toBe('/mgDelegatedDecisions.aspx?DS=2&DR=01%2F11%2F2026-30%2F11%2F2026');
    expect(site.requests[1]).toBe('/mgListOfficerDecisions.aspx?DR=01%2F11%2F2026-30%2F11%2F2026');
    const report = await register.importRows(officer, 'modern-gov', rows);
    expect(report).toMatchObject({ added: 4, refused: 1 });
    expect(report.rows.find((r) => r.outcome === 'refused')?.reason).toBe(
      'The page could not be read: the site answered 500.',
    );
    expect(site.requests.filter((r) => r.endsWith('ID=4120'))).toHaveLength(2);
  });

  it('refuses a site address that is not https or not public', async () => {
    await expect(readModernGovSite('http://democracy.example', NOVEMBER)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(readModernGovSite('https://127.0.0.1/', NOVEMBER)).rejects.toMatchObject({
      issues: [{ path: 'url', message: 'Use the council\u2019s public modern.gov address.' }],
    });
  });

  it('reads only the site it was given: follows a redirect within it, but no link or redirect off it', async () => {
    site.requests.length = 0;
    site.addToList('<a href="https://elsewhere.example/ieDecisionDetails.aspx?ID=999">Elsewhere</a>');
    site.failNext('4120', { status: 302, location: '/ieDecisionDetails.aspx?ID=4120&moved=1' });
    site.failNext('88', { status: 302, location: 'http://169.254.169.254/latest/meta-data/' });
    const rows = await readModernGovSite(site.url, NOVEMBER, {
      fetch: createTrustingFetch(site.ca),
      allowLoopback: true,
    });
    const host = new URL(site.url).host;
    const problems = rows.flatMap((r) => ('problem' in r ? [[r.label, r.problem]] : []));
    expect(problems).toEqual(
      expect.arrayContaining([
        ['https://elsewhere.example/ieDecisionDetails.aspx?ID=999', `Not read: the page is not on ${host}.`],
        [
          expect.stringContaining('ID=88'),
          `The page could not be read: the site redirected away from ${host}.`,
        ],
      ]),
    );
    expect(site.requests).toContain('/ieDecisionDetails.aspx?ID=4120&moved=1');
    expect(rows.some((r) => 'draft' in r && r.draft.source.key?.endsWith(':4120'))).toBe(true);
  });
});
