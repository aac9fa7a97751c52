import type { AuditEntryDraft, Database } from '../../src/app/ports';
import type { NewCase } from '../../src/domain/case';
import { ConflictError, NotFoundError } from '../../src/domain/errors';
import {
  migrate,
  MIGRATIONS,
  PostgresCaseCategories,
  PostgresBriefingFigures,
  PostgresCaseStatistics,
  PostgresCaseStore,
} from '../../src/adapters/postgres';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';

const SETUP_TIMEOUT_MS = 120_000;
const AT = '2026-03-20T12:00:00.000Z';

/** The categories migration 018 starts every list with, in order (the demo council's). */
const DEFAULTS = [
  'Drainage and flooding',
  'Roads and pavements',
  'Street lighting',
  'Parking',
  'Bin collections',
  'Fly-tipping',
  'Grounds and verges',
  'Care assessments',
  'Adaptations',
  'Early help',
  'SEND',
  'School transport',
  'School admissions',
  'Planning applications',
  'Regeneration',
];

const adminEntry = (action: string, detail: Record<string, unknown> = {}): AuditEntryDraft => ({
  at: AT,
  actorId: 'p-ada',
  action,
  outcome: 'allowed',
  requestId: `req-${action}`,
  detail,
});

/**
 * The managed category list on a `Database` (issue 16): migration 018's mapping of the free text already on
 * cases, and the store's changes, each of which keeps every case's category on the list. `open` returns a new,
 * empty database (not yet migrated).
 */
export const describeCaseCategoriesContract = (name: string, open: () => Promise<Database>): void => {
  describe(`Case categories on ${name}`, () => {
    const createIn = (store: PostgresCaseStore, overrides: Partial<NewCase>) => {
      const draft = newCase(overrides);
      return store.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
    };

    describe('migration 018 on an install with free-text categories', () => {
      let db: Database;
      beforeAll(async () => {
        db = await open();
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.version < 18),
        );
        const store = new PostgresCaseStore(db, { queueNotifications: false });
        for (const category of [
          'Potholes',
          'Potholes',
          'potholes ',
          'roads and pavements',
          'Roads & pavements',
          'Roads, pavements',
          'Parking',
        ])
          await createIn(store, { category });
        await migrate(db);
      }, SETUP_TIMEOUT_MS);
      afterAll(() => db?.close());

      it('lists the defaults in order, then each other name typed on a case once, whatever its case', async () => {
        const listed = await new PostgresCaseCategories(db).list();
        expect(listed.map((c) => c.name)).toEqual([
          ...DEFAULTS,
          'Potholes',
          'Roads & pavements',
          'Roads, pavements',
        ]);
        expect(listed.every((c) => c.active)).toBe(true);
        expect(listed.map((c) => c.sortOrder)).toEqual(listed.map((_, i) => i + 1));
      });

      it('gives each category a slug id, and a second name with the same slug a distinct one', async () => {
        const ids = new Map((await new PostgresCaseCategories(db).list()).map((c) => [c.name, c.id]));
        expect(ids.get('Roads and pavements')).toBe('roads-and-pavements');
        expect(ids.get('Potholes')).toBe('potholes');
        expect(ids.get('Roads & pavements')).toMatch(/^roads-pavements(-[0-9a-f]{8})?$/);
        expect(ids.get('Roads, pavements')).toMatch(/^roads-pavements(-[0-9a-f]{8})?$/);
        expect(ids.get('Roads & pavements')).not.toBe(ids.get('Roads, pavements'));
      });

      it('gives every case the list\u2019s spelling of its category, and counts them under it', async () => {
        const { rows } = await db.query<{ category: string; n: number }>(
          `SELECT doc->>'category' AS category, count(*)::integer AS n FROM cases GROUP BY 1 ORDER BY 1`,
        );
        expect(rows).toEqual([
          { category: 'Parking', n: 1 },
          { category: 'Potholes', n: 3 },
          { category: 'Roads & pavements', n: 1 },
          { category: 'Roads and pavements', n: 1 },
          { category: 'Roads, pavements', n: 1 },
        ]);
        const listed = await new PostgresCaseCategories(db).listWithUse();
        expect(listed.find((c) => c.name === 'Potholes')?.cases).toBe(3);
        expect(listed.find((c) => c.name === 'Street lighting')?.cases).toBe(0);
      });

      it('refuses a second category whose name differs only in case', async () => {
        await expect(
          db.query(
            `INSERT INTO case_categories (id, name, sort_order) VALUES ('potholes-2', 'POTHOLES', 99)`,
          ),
        ).rejects.toThrow();
      });
    });

    describe('changes to the list', () => {
      let db: Database;
      let categories: PostgresCaseCategories;
      let cases: PostgresCaseStore;
      let statistics: PostgresCaseStatistics;

      beforeAll(async () => {
        db = await open();
        await migrate(db);
        categories = new PostgresCaseCategories(db);
        cases = new PostgresCaseStore(db, { queueNotifications: false });
        statistics = new PostgresCaseStatistics(db);
      }, SETUP_TIMEOUT_MS);
      afterAll(() => db?.close());
      beforeEach(async () => {
        await db.query('TRUNCATE case_events, cases, case_ref_counters');
        await db.query(`DELETE FROM case_categories WHERE sort_order > $1::integer`, [DEFAULTS.length]);
      });

      const auditOf = async (action: string) =>
        (
          await db.query<{ detail: Record<string, unknown> }>(
            `SELECT detail FROM audit_log WHERE action = $1::text ORDER BY id DESC LIMIT 1`,
            [action],
          )
        ).rows[0]?.detail;
      const byCategory = async () =>
        (await statistics.counts({ scope: { kind: 'all' }, from: '2026-03', to: '2026-03' }))
          .raisedByCategory;

      it('adds a category at the end with a slug id, and refuses one whose name differs only in case', async () => {
        const added = await categories.add('Potholes', AT, adminEntry('t.add'));
        expect(added).toMatchObject({
          id: 'potholes',
          name: 'Potholes',
          active: true,
          sortOrder: DEFAULTS.length + 1,
        });
        await expect(categories.add('potholes', AT, adminEntry('t.add'))).rejects.toBeInstanceOf(
          ConflictError,
        );
        expect((await categories.list()).filter((c) => c.name.toLowerCase() === 'potholes')).toHaveLength(1);
      });

      it('merges a category into another: moves every case, removes it, audits the count, and the report regroups', async () => {
        const potholes = await categories.add('Potholes', AT, adminEntry('t.add'));
        await createIn(cases, { category: 'Potholes' });
        await createIn(cases, { category: 'Potholes' });
        await createIn(cases, { category: 'Roads and pavements' });
        expect(await byCategory()).toEqual([
          { category: 'Potholes', count: 2 },
          { category: 'Roads and pavements', count: 1 },
        ]);

        const merged = await categories.merge(
          potholes.id,
          'roads-and-pavements',
          AT,
          ({ cases: n, from, into }) => adminEntry('t.merge', { cases: n, from: from.name, into: into.name }),
        );

        expect(merged.cases).toBe(2);
        expect(await byCategory()).toEqual([{ category: 'Roads and pavements', count: 3 }]);
        expect((await categories.list()).some((c) => c.id === potholes.id)).toBe(false);
        expect(await auditOf('t.merge')).toEqual({ cases: 2, from: 'Potholes', into: 'Roads and pavements' });
      });

      it('counts a case whose category was written around the list under the managed category, in reports and ward briefings', async () => {
        await createIn(cases, { category: 'Roads and pavements' });
        await createIn(cases, { category: ' roads AND pavements ' });
        expect(await byCategory()).toEqual([{ category: 'Roads and pavements', count: 2 }]);
        const figures = await new PostgresBriefingFigures(db).wardCasework('2026-03');
        expect(figures.get('ward-north')?.categories).toEqual([
          { category: 'Roads and pavements', count: 2 },
        ]);
      });

      it('changes nothing when a merge names an unknown category', async () => {
        await createIn(cases, { category: 'Parking' });
        await expect(
          categories.merge('parking', 'no-such-category', AT, () => adminEntry('t.merge-unknown')),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect(await byCategory()).toEqual([{ category: 'Parking', count: 1 }]);
        expect(await auditOf('t.merge-unknown')).toBeUndefined();
      });

      it('renames a category on every case that has it, keeping its id', async () => {
        await createIn(cases, { category: 'Parking' });
        const renamed = await categories.rename('parking', 'Parking and permits', AT, ({ cases: n }) =>
          adminEntry('t.rename', { cases: n }),
        );
        expect(renamed).toMatchObject({ id: 'parking', name: 'Parking and permits' });
        expect(await byCategory()).toEqual([{ category: 'Parking and permits', count: 1 }]);
        expect(await auditOf('t.rename')).toEqual({ cases: 1 });
        await categories.rename('parking', 'Parking', AT, () => adminEntry('t.rename-back'));
      });

      it('refuses a rename to another category\u2019s name', async () => {
        await expect(
          categories.rename('parking', 'street LIGHTING', AT, () => adminEntry('t.rename')),
        ).rejects.toBeInstanceOf(ConflictError);
      });

      it('retires a category, keeping it on its cases', async () => {
        await createIn(cases, { category: 'SEND' });
        const retired = await categories.setActive('send', false, AT, adminEntry('t.retire'));
        expect(retired.active).toBe(false);
        expect((await categories.listWithUse()).find((c) => c.id === 'send')).toMatchObject({
          active: false,
          cases: 1,
        });
        await categories.setActive('send', true, AT, adminEntry('t.restore'));
      });

      it('reorders the list, and refuses an order that does not name every category once', async () => {
        const ids = (await categories.list()).map((c) => c.id);
        const reversed = [...ids].reverse();
        await categories.reorder(reversed, AT, adminEntry('t.reorder'));
        expect((await categories.list()).map((c) => c.id)).toEqual(reversed);
        await expect(categories.reorder(ids.slice(1), AT, adminEntry('t.reorder'))).rejects.toBeInstanceOf(
          ConflictError,
        );
        await categories.reorder(ids, AT, adminEntry('t.reorder'));
      });
    });
  });
};
