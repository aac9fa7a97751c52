import { PostgresCaseStore, PostgresDirectory, migrate, openPglite } from '../src/adapters/postgres';
import type { Database } from '../src/app/ports';
import { DEMO_COUNCIL } from '../src/seed/demo-council';
import { seedIfEmpty, type SeedResult } from '../src/seed/seed';

const NOW = new Date('2026-03-18T12:00:00Z');
/** Seeding 300 cases takes about 2 s on PGlite, several times that under jest's VM modules. */
const SEEDING_TIMEOUT_MS = 60_000;

const count = async (db: Database, sql: string): Promise<number> => {
  const { rows } = await db.query<{ n: number }>(sql);
  return Number(rows[0]?.n);
};
const casesIn = (db: Database) => count(db, 'SELECT count(*)::integer AS n FROM cases');

describe('seedIfEmpty on an empty PGlite database', () => {
  let db: Database;
  let first: SeedResult;

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    first = await seedIfEmpty({ directory: new PostgresDirectory(db), db, now: NOW });
  }, SEEDING_TIMEOUT_MS);
  afterAll(async () => db.close());

  it('seeds the demo directory and 300 cases', async () => {
    expect(first).toEqual({ seeded: true, cases: 300 });
    const directory = new PostgresDirectory(db);
    expect((await directory.people()).length).toBe(DEMO_COUNCIL.people.length);
    expect((await directory.wards()).length).toBe(DEMO_COUNCIL.wards.length);
    expect((await directory.departments()).length).toBe(DEMO_COUNCIL.departments.length);
    expect(await casesIn(db)).toBe(300);
  });

  it('gives every demo case an active category from the managed list that migration 018 starts with', async () => {
    const unlisted = await count(
      db,
      `SELECT count(*)::integer AS n FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM case_categories k WHERE k.name = c.doc->>'category' AND k.active)`,
    );
    expect(unlisted).toBe(0);
    expect(await count(db, `SELECT count(DISTINCT doc->>'category')::integer AS n FROM cases`)).toBe(15);
  });

  it('numbers references by the year each case was raised', async () => {
    const { rows } = await db.query<{ ref: string; year: number }>(
      `SELECT ref, extract(year FROM created_at AT TIME ZONE 'UTC')::integer AS year FROM cases`,
    );
    for (const r of rows) expect(r.ref).toMatch(new RegExp(`^MH-${r.year}-\\d{5}$`));
  });

  it('stores whole timelines, so the first councillor finds "Blocked drain on Elm Road" with its history', async () => {
    const store = new PostgresCaseStore(db, { clock: { now: () => NOW } });
    const found = await store.list(
      { kind: 'member', memberId: 'p-cllr-01' },
      { text: 'blocked drain Elm Road' },
      { limit: 10, offset: 0 },
    );
    const elm = found.items.find((c) => c.title.startsWith('Blocked drain on Elm Road'));
    expect(elm?.status).toBe('with-department');
    const timeline = await store.timeline(elm?.id ?? '');
    expect(timeline.map((e) => e.type).slice(0, 3)).toEqual(['raised', 'triaged', 'assigned']);
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
    expect(await count(db, 'SELECT count(*)::integer AS n FROM case_events')).toBeGreaterThan(1000);
  });

  it('writes one system "seed" audit entry per case and nothing else', async () => {
    expect(
      await count(
        db,
        `SELECT count(*)::integer AS n FROM audit_log WHERE action = 'seed' AND actor_id IS NULL`,
      ),
    ).toBe(300);
    expect(await count(db, `SELECT count(*)::integer AS n FROM audit_log WHERE action <> 'seed'`)).toBe(0);
  });

  it('does nothing when called again', async () => {
    const events = await count(db, 'SELECT count(*)::integer AS n FROM case_events');
    const again = await seedIfEmpty({
      directory: new PostgresDirectory(db),
      db,
      now: new Date('2026-04-01T12:00:00Z'),
    });
    expect(again).toEqual({ seeded: false, cases: 0 });
    expect(await casesIn(db)).toBe(300);
    expect(await count(db, 'SELECT count(*)::integer AS n FROM case_events')).toBe(events);
  });
});

describe('seedIfEmpty after a start that stopped half-way', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(async () => db.close());

  it(
    'saves the directory without seeding the cases twice',
    async () => {
      const failing = { saveDirectory: () => Promise.reject(new Error('stopped')) };
      await expect(seedIfEmpty({ directory: failing, db, now: NOW })).rejects.toThrow('stopped');
      expect(await casesIn(db)).toBe(300);

      const again = await seedIfEmpty({ directory: new PostgresDirectory(db), db, now: NOW });
      expect(again).toEqual({ seeded: true, cases: 0 });
      expect(await casesIn(db)).toBe(300);
      expect(await count(db, 'SELECT count(*)::integer AS n FROM people')).toBe(DEMO_COUNCIL.people.length);
    },
    SEEDING_TIMEOUT_MS,
  );
});
