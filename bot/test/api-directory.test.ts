import { DEPARTMENTS, PEOPLE, WARDS, startTestApp, type TestApp } from './support/test-app';

/** The council's structure for the tab: wards, departments and people, and a ward suggested from a postcode. */
describe('GET /api/directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  it.each(['alice', 'hal', 'sue', 'ada'] as const)(
    'gives %s the wards, departments and people, naming them without e-mail addresses or object ids',
    async (who) => {
      const res = await t.call(who, 'GET', '/api/directory');
      expect(res.status).toBe(200);
      expect(res.body.wards).toEqual(
        [...WARDS].sort((a, b) => a.name.localeCompare(b.name)).map((w) => ({ ...w })),
      );
      expect(res.body.departments).toEqual(DEPARTMENTS);
      expect(res.body.people).toHaveLength(Object.keys(PEOPLE).length);
      expect(res.body.people).toContainEqual({
        id: PEOPLE.hal.id,
        displayName: PEOPLE.hal.displayName,
        roles: ['DepartmentOfficer'],
        departmentId: 'dept-highways',
      });
      expect(res.body.people).toContainEqual({
        id: PEOPLE.alice.id,
        displayName: PEOPLE.alice.displayName,
        roles: ['Councillor'],
        wardIds: ['ward-north'],
      });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('@test.example');
      for (const p of Object.values(PEOPLE)) expect(text).not.toContain(p.oid);
    },
  );

  it('refuses a forged token with 401 and no token with 401', async () => {
    const [h, p] = (await t.token('alice')).split('.');
    const forged = `${h}.${p}.${Buffer.from('forged').toString('base64url')}`;
    const res = await t.call(null, 'GET', '/api/directory', undefined, { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
    expect((await t.call(null, 'GET', '/api/directory')).status).toBe(401);
  });

  it('tells a valid but unknown person they are not set up (403)', async () => {
    const { token } = await (
      await t.issuer()
    ).issue({ ...PEOPLE.alice, oid: '00000000-0000-4000-8000-0000000000ee' });
    const res = await t.call(null, 'GET', '/api/directory', undefined, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_registered');
  });

  it('records each read in the audit log with counts only', async () => {
    const res = await t.call('hal', 'GET', '/api/directory', undefined, { 'x-request-id': 'dir-read-hal' });
    expect(res.status).toBe(200);
    const { rows } = await t.app.db.query(
      `SELECT actor_id, action, outcome, detail FROM audit_log WHERE request_id = 'dir-read-hal'`,
    );
    expect(rows).toEqual([
      {
        actor_id: PEOPLE.hal.id,
        action: 'directory.read',
        outcome: 'allowed',
        detail: { wards: WARDS.length, departments: DEPARTMENTS.length, people: Object.keys(PEOPLE).length },
      },
    ]);
  });
});

describe('GET /api/wards/suggest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  it('suggests the ward for a postcode, normalising the postcode it echoes', async () => {
    const res = await t.call('alice', 'GET', '/api/wards/suggest?postcode=wq1%202ab');
    expect(res).toEqual({
      status: 200,
      body: { postcode: 'WQ1 2AB', ward: { id: 'ward-north', name: 'North Division' } },
    });
    const unspaced = await t.call('sue', 'GET', '/api/wards/suggest?postcode=WQ22AB');
    expect(unspaced.body).toEqual({
      postcode: 'WQ2 2AB',
      ward: { id: 'ward-south', name: 'South Division' },
    });
  });

  it('answers null for a UK postcode that no ward claims', async () => {
    const res = await t.call('alice', 'GET', '/api/wards/suggest?postcode=AB1%202CD');
    expect(res).toEqual({ status: 200, body: { postcode: 'AB1 2CD', ward: null } });
  });

  it.each([
    ['a postcode that is not UK-shaped', '?postcode=12345'],
    ['text that is not a postcode', '?postcode=Elm%20Road'],
    ['no postcode', ''],
    ['an unknown parameter', '?postcode=WQ1%202AB&ward=ward-north'],
  ])('refuses %s with 400', async (_what, query) => {
    const res = await t.call('alice', 'GET', `/api/wards/suggest${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
  });

  it('audits the suggestion without the postcode, which is a constituent\u2019s', async () => {
    await t.call('alice', 'GET', '/api/wards/suggest?postcode=WQ1%209XY', undefined, {
      'x-request-id': 'suggest-alice',
    });
    const { rows } = await t.app.db.query<{ action: string; detail: unknown }>(
      `SELECT action, detail FROM audit_log WHERE request_id = 'suggest-alice'`,
    );
    expect(rows).toEqual([{ action: 'ward.suggest', detail: { wardId: 'ward-north' } }]);
    expect(JSON.stringify(rows)).not.toContain('9XY');
  });

  it('refuses a caller without a token', async () => {
    expect((await t.call(null, 'GET', '/api/wards/suggest?postcode=WQ1%202AB')).status).toBe(401);
  });
});
