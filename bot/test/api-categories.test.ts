import type { Clock } from '../src/app/ports';
import { aCase, startTestApp, type TestApp, auditFor } from './support/test-app';

const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };

/** The managed list and every case's category, to prove a refusal changed nothing. */
const snapshot = async (t: TestApp) => ({
  categories: (await t.app.db.query(`SELECT * FROM case_categories ORDER BY id`)).rows,
  cases: (await t.app.db.query(`SELECT ref, version, doc->>'category' AS category FROM cases ORDER BY ref`))
    .rows,
});

const categoryCounts = async (t: TestApp) =>
  (
    (await t.call('sue', 'GET', '/api/stats?from=2026-03&to=2026-03')).body as {
      volumesByCategory: { category: string; count: number }[];
    }
  ).volumesByCategory;

describe('the category API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.stop());

  describe('who may change the list', () => {
    it.each([
      ['GET', '/api/admin/categories', undefined],
      ['POST', '/api/admin/categories', { name: 'Libraries' }],
      ['POST', '/api/admin/categories', { name: '' }],
      ['PATCH', '/api/admin/categories/parking', { name: 'Car parks' }],
      ['PATCH', '/api/admin/categories/parking', { active: false }],
      ['PUT', '/api/admin/categories/order', { ids: ['parking'] }],
      ['POST', '/api/admin/categories/potholes/merge', { intoId: 'roads-and-pavements' }],
    ] as const)(
      'refuses everyone but an administrator %s %s with 403, changing nothing',
      async (method, path, body) => {
        const before = await snapshot(t);
        for (const who of ['alice', 'sue', 'hal'] as const) {
          const requestId =
            `refuse-${who}-${method}-${JSON.stringify(body ?? {}).length}-${path.replace(/\W+/g, '-')}`.slice(
              0,
              64,
            );
          const res = await t.call(who, method, path, body, { 'x-request-id': requestId });
          expect(res.status).toBe(403);
          expect(await auditFor(t, requestId)).toEqual([
            expect.objectContaining({
              outcome: 'denied',
              detail: expect.objectContaining({ reason: 'forbidden' }),
            }),
          ]);
        }
        expect(await snapshot(t)).toEqual(before);
      },
    );

    it('offers the active categories, in order, to everyone in the directory', async () => {
      const res = await t.call('alice', 'GET', '/api/directory');
      expect(res.status).toBe(200);
      expect(res.body.categories[0]).toEqual({ id: 'drainage-and-flooding', name: 'Drainage and flooding' });
      expect(res.body.categories.map((c: { name: string }) => c.name)).toEqual(
        expect.arrayContaining(['Roads and pavements', 'Potholes', 'Drainage']),
      );
    });
  });

  describe('an administrator', () => {
    it('adds a category, audited, and refuses a second of the same name whatever its case', async () => {
      const added = await t.call(
        'ada',
        'POST',
        '/api/admin/categories',
        { name: ' Libraries ' },
        {
          'x-request-id': 'cat-add',
        },
      );
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ id: 'libraries', name: 'Libraries', active: true });
      expect(await auditFor(t, 'cat-add')).toEqual([
        expect.objectContaining({ actor_id: 'p-ada', action: 'admin.category.create', outcome: 'allowed' }),
      ]);
      const again = await t.call('ada', 'POST', '/api/admin/categories', { name: 'LIBRARIES' });
      expect(again.status).toBe(409);
    });

    it.each([
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'Bad\u0007name' }, 'name'],
      [{ name: 'Fine', colour: 'red' }, ''],
    ])('answers 400 naming the field for %j, adding nothing', async (body, field) => {
      const before = await snapshot(t);
      const res = await t.call('ada', 'POST', '/api/admin/categories', body);
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers 400 for an update that changes nothing, and 404 for an unknown category', async () => {
      expect((await t.call('ada', 'PATCH', '/api/admin/categories/parking', {})).status).toBe(400);
      expect((await t.call('ada', 'PATCH', '/api/admin/categories/no-such', { name: 'X' })).status).toBe(404);
      expect(
        (await t.call('ada', 'PATCH', '/api/admin/categories/NOT%20AN%20ID', { name: 'X' })).status,
      ).toBe(404);
    });

    it('merges Potholes into Roads and pavements: every case moves, the count is audited, the report regroups', async () => {
      const potholes = await t.call('alice', 'POST', '/api/cases', aCase({ category: 'potholes' }));
      expect(potholes.status).toBe(201);
      expect(potholes.body.category).toBe('Potholes');
      await t.call('alice', 'POST', '/api/cases', aCase({ category: 'Potholes' }));
      await t.call('alice', 'POST', '/api/cases', aCase({ category: 'Roads and pavements' }));
      expect(await categoryCounts(t)).toEqual(
        expect.arrayContaining([
          { category: 'Potholes', count: 2 },
          { category: 'Roads and pavements', count: 1 },
        ]),
      );

      const merged = await t.call(
        'ada',
        'POST',
        '/api/admin/categories/potholes/merge',
        {
          intoId: 'roads-and-pavements',
        },
        { 'x-request-id': 'cat-merge' },
      );

      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ into: { id: 'roads-and-pavements' }, cases: 2 });
      expect(await auditFor(t, 'cat-merge')).toEqual([
        expect.objectContaining({
          action: 'admin.category.merge',
          outcome: 'allowed',
          detail: expect.objectContaining({
            categoryId: 'potholes',
            intoId: 'roads-and-pavements',
            cases: 2,
          }),
        }),
      ]);
      const counts = await categoryCounts(t);
      expect(counts).toContainEqual({ category: 'Roads and pavements', count: 3 });
      expect(counts.some((c) => c.category === 'Potholes')).toBe(false);
      const moved = await t.call('alice', 'GET', `/api/cases/${potholes.body.ref}`);
      expect(moved.body.category).toBe('Roads and pavements');
      const offered = (await t.call('alice', 'GET', '/api/directory')).body.categories;
      expect(offered.some((c: { name: string }) => c.name === 'Potholes')).toBe(false);
    });

    it('refuses to merge a category into itself with 400 naming intoId', async () => {
      const res = await t.call('ada', 'POST', '/api/admin/categories/parking/merge', { intoId: 'parking' });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([expect.objectContaining({ path: 'intoId' })]);
    });

    it('renames a category on its cases, so no case keeps a name that is not on the list', async () => {
      const raised = await t.call('alice', 'POST', '/api/cases', aCase({ category: 'Parks' }));
      const renamed = await t.call(
        'ada',
        'PATCH',
        '/api/admin/categories/parks',
        { name: 'Parks and open spaces' },
        {
          'x-request-id': 'cat-rename',
        },
      );
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: 'parks', name: 'Parks and open spaces' });
      expect((await t.call('alice', 'GET', `/api/cases/${raised.body.ref}`)).body.category).toBe(
        'Parks and open spaces',
      );
      expect(await auditFor(t, 'cat-rename')).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ change: 'rename', cases: 1 }) }),
      ]);
    });

    it('retires a category: no longer offered nor accepted for a new case, kept on the cases that have it', async () => {
      const raised = await t.call('alice', 'POST', '/api/cases', aCase({ category: 'Schools' }));
      const retired = await t.call('ada', 'PATCH', '/api/admin/categories/schools', { active: false });
      expect(retired.body.active).toBe(false);
      const offered = (await t.call('alice', 'GET', '/api/directory')).body.categories;
      expect(offered.some((c: { name: string }) => c.name === 'Schools')).toBe(false);
      const refused = await t.call('alice', 'POST', '/api/cases', aCase({ category: 'Schools' }));
      expect(refused.status).toBe(400);
      expect((await t.call('alice', 'GET', `/api/cases/${raised.body.ref}`)).body.category).toBe('Schools');
      const all = (await t.call('ada', 'GET', '/api/admin/categories')).body.categories;
      expect(all.find((c: { id: string }) => c.id === 'schools')).toMatchObject({ active: false, cases: 1 });
    });

    it('puts the list in a new order, and refuses an order that leaves one out', async () => {
      const ids = (await t.call('ada', 'GET', '/api/admin/categories')).body.categories.map(
        (c: { id: string }) => c.id,
      );
      const reordered = [ids[1], ids[0], ...ids.slice(2)];
      const res = await t.call('ada', 'PUT', '/api/admin/categories/order', { ids: reordered });
      expect(res.status).toBe(200);
      expect(res.body.categories.map((c: { id: string }) => c.id)).toEqual(reordered);
      expect((await t.call('ada', 'PUT', '/api/admin/categories/order', { ids: ids.slice(1) })).status).toBe(
        409,
      );
    });
  });

  describe('a case takes only an active category from the list', () => {
    it('refuses to raise a case with a category not on the list: 400 naming category, nothing raised', async () => {
      const before = await snapshot(t);
      const res = await t.call('alice', 'POST', '/api/cases', aCase({ category: 'Unicorns' }));
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([expect.objectContaining({ path: 'category' })]);
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses triage and correction to a category not on the list, changing nothing', async () => {
      const raised = await t.call('alice', 'POST', '/api/cases', aCase());
      const before = await snapshot(t);
      const triage = await t.call('sue', 'POST', `/api/cases/${raised.body.ref}/actions`, {
        type: 'triage',
        departmentId: 'dept-highways',
        category: 'Unicorns',
      });
      expect(triage.status).toBe(400);
      expect(triage.body.issues).toEqual([expect.objectContaining({ path: 'category' })]);
      const correct = await t.call('alice', 'POST', `/api/cases/${raised.body.ref}/actions`, {
        type: 'correct',
        category: 'Unicorns',
      });
      expect(correct.status).toBe(400);
      expect(await snapshot(t)).toEqual(before);
    });

    it('triages and corrects to an active category, stored as the list spells it', async () => {
      const raised = await t.call('alice', 'POST', '/api/cases', aCase());
      const triaged = await t.call('sue', 'POST', `/api/cases/${raised.body.ref}/actions`, {
        type: 'triage',
        departmentId: 'dept-highways',
        category: 'street lighting',
      });
      expect(triaged.status).toBe(200);
      expect(triaged.body.category).toBe('Street lighting');
      const corrected = await t.call('alice', 'POST', `/api/cases/${raised.body.ref}/actions`, {
        type: 'correct',
        category: 'Drainage',
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body.category).toBe('Drainage');
    });

    it('answers a case the person may not see with 404 whatever category they name', async () => {
      const raised = await t.call('alice', 'POST', '/api/cases', aCase());
      const res = await t.call('bob', 'POST', `/api/cases/${raised.body.ref}/actions`, {
        type: 'correct',
        category: 'Unicorns',
      });
      expect(res.status).toBe(404);
    });
  });
});
