import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/app/ports';
import {
  migrate,
  openPglite,
  PostgresAuditLog,
  PostgresDecisionStore,
  PostgresDirectory,
} from '../src/adapters/postgres';
import { readDecisionsCsv } from '../src/adapters/decisions/csv-decisions';
import { makeDecisionsRegister, type DecisionsRegister } from '../src/app/decisions-register';
import { ValidationError } from '../src/domain/errors';
import { DEMO_COUNCIL } from '../src/seed/demo-council';
import { actorFor } from './support/briefing-fixtures';

const SAMPLE = join(__dirname, '..', '..', 'samples', 'briefings', 'decisions.csv');
const officer = actorFor(DEMO_COUNCIL.people.find((p) => p.roles.includes('SupportOfficer'))!);
const councillor = actorFor(DEMO_COUNCIL.people.find((p) => p.roles.includes('Councillor'))!);

describe('importing decisions from CSV (PGlite)', () => {
  let db: Database;
  let register: DecisionsRegister;
  const wards = DEMO_COUNCIL.wards;

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
  }, 60_000);
  afterAll(() => db?.close());
  beforeEach(() => db.query('TRUNCATE decisions'));

  it('adds every row of the sample, then a re-import of the same file changes nothing', async () => {
    const csv = readFileSync(SAMPLE, 'utf8');
    const first = await register.importRows(officer, 'csv', readDecisionsCsv(csv, wards));
    expect(first).toMatchObject({ added: 7, updated: 0, unchanged: 0, refused: 0 });
    const before = await db.query(`SELECT id, version, doc FROM decisions ORDER BY id`);

    const again = await register.importRows(officer, 'csv', readDecisionsCsv(csv, wards));
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 7, refused: 0 });
    expect((await db.query(`SELECT id, version, doc FROM decisions ORDER BY id`)).rows).toEqual(before.rows);
  });

  it('suggests wards for a row that names none, and keeps stated wards as confirmed', async () => {
    await register.importRows(officer, 'csv', readDecisionsCsv(readFileSync(SAMPLE, 'utf8'), wards));
    const all = await register.list(officer, {});
    const flood = all.find((d) => d.source.key === 'FP-2027-005')!;
    expect(flood).toMatchObject({ wards: ['ward-thistlebury'], wardsConfirmed: false });
    const road = all.find((d) => d.source.key === 'CAB-2026-041')!;
    expect(road).toMatchObject({ wards: ['ward-tallowford'], wardsConfirmed: true });
    expect(road.links[0]).toEqual({
      title: 'Cabinet report',
      url: 'https://democracy.fallowmere.example/ieListDocuments.aspx?MId=4102',
    });
  });

  it('updates a row whose content changed and keeps an officer\u2019s ward confirmation', async () => {
    const csv = readFileSync(SAMPLE, 'utf8');
    await register.importRows(officer, 'csv', readDecisionsCsv(csv, wards));
    const flood = (await register.list(officer, {})).find((d) => d.source.key === 'FP-2027-005')!;
    await register.update(
      officer,
      flood.id,
      { ...flood, wards: ['ward-thistlebury', 'ward-quillbrook'], wardsConfirmed: true },
      flood.version,
    );
    const changed = csv.replace('Whether to build the Thistlebury', 'Whether to fund the Thistlebury');
    const report = await register.importRows(officer, 'csv', readDecisionsCsv(changed, wards));
    expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 6 });
    expect(report.rows.find((r) => r.outcome === 'updated')?.label).toBe('Row 8 (FP-2027-005)');
    const after = await register.get(officer, flood.id);
    expect(after.summary).toMatch(/^Whether to fund/);
    expect(after).toMatchObject({ wards: ['ward-thistlebury', 'ward-quillbrook'], wardsConfirmed: true });
  });

  it('refuses bad rows one by one, naming the field, and adds the good ones', async () => {
    const csv = [
      'reference,title,decision_maker,status,date,key_decision,wards,links,call_in_deadline,subject_to_call_in',
      'OK-1,Good decision,Cabinet,taken,03/11/2026,yes,Tallowford,,,',
      'BAD-1,Bad date,Cabinet,taken,31/02/2026,no,,,,',
      'BAD-2,Bad status,Cabinet,decided,2026-11-03,no,,,,',
      'BAD-3,Unknown ward,Cabinet,taken,2026-11-03,no,Atlantis,,,',
      'BAD-4,Bad link,Cabinet,taken,2026-11-03,no,all,Papers|javascript:alert(1),,',
      ',No reference,Cabinet,taken,2026-11-03,no,all,,,',
      'BAD-5,,Cabinet,taken,2026-11-03,no,all,,,',
      'BAD-6,Deadline without call-in,Cabinet,taken,2026-11-03,no,all,,2026-11-10,no',
      'BAD-7,Too few cells,Cabinet',
      'OK-1,Same reference twice,Cabinet,taken,2026-11-03,no,all,,,',
    ].join('\n');
    const report = await register.importRows(officer, 'csv', readDecisionsCsv(csv, wards));
    expect(report).toMatchObject({ added: 1, refused: 9 });
    const reasons = Object.fromEntries(report.rows.map((r) => [r.label, r.reason ?? r.outcome]));
    expect(reasons).toEqual({
      'Row 2 (OK-1)': 'added',
      'Row 3 (BAD-1)': expect.stringMatching(/^date: "31\/02\/2026" is not a date/),
      'Row 4 (BAD-2)': expect.stringMatching(/^status: "decided"/),
      'Row 5 (BAD-3)': 'wards: there is no ward "Atlantis".',
      'Row 6 (BAD-4)': expect.stringMatching(/^links: "javascript:alert\(1\)" is not an http/),
      'Row 7': 'reference: every decision needs a reference.',
      'Row 8 (BAD-5)': 'title: A decision needs a title.',
      'Row 9 (BAD-6)': expect.stringMatching(/^callIn.deadline: Only a decision subject to call-in/),
      'Row 10 (BAD-7)': 'It has 3 cells where the header has 10.',
      'Row 11 (OK-1)': 'Its reference OK-1 appears more than once in this import.',
    });
    expect((await register.list(officer, {})).map((d) => d.source.key)).toEqual(['OK-1']);
  });

  it('refuses a file without the required columns whole, and changes nothing', () => {
    expect(() => readDecisionsCsv('title,date\nA,2026-11-03\n', wards)).toThrow(ValidationError);
    try {
      readDecisionsCsv('title,date\nA,2026-11-03\n', wards);
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: 'file', message: 'Missing columns: reference, decision_maker, status.' },
      ]);
    }
  });

  it('refuses a file whose quoted field is never closed, as not CSV, naming the row', () => {
    const csv = 'reference,title,date,decision_maker,status\nOK-1,"Road repairs,2026-11-03,Cabinet,taken\n';
    expect(() => readDecisionsCsv(csv, wards)).toThrow(
      expect.objectContaining({
        message: 'The file is not a CSV file that can be read.',
        issues: [{ path: 'file', message: expect.stringMatching(/quote.*\(row 2\)/i) as string }],
      }),
    );
  });

  it('lets a councillor read the register but not import into it', async () => {
    await expect(register.importRows(councillor, 'csv', [])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(register.list(councillor, {})).resolves.toEqual([]);
  });
});
