import type { Clock } from '../src/app/ports';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY, parseSlaPolicy } from '../src/domain/sla-policy';
import { PEOPLE, aCase, startTestApp, type TestApp, type Who, auditFor } from './support/test-app';

/** Friday 20 March 2026, noon: ten working days on is Tuesday 7 April in England (Good Friday, Easter Monday). */
const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };

/** Everything an administrator can see or change, as a snapshot to prove a refusal changed nothing. */
const snapshot = async (t: TestApp) => ({
  settings: (await t.call('ada', 'GET', '/api/admin/settings')).body,
  directory: (await t.call('ada', 'GET', '/api/directory')).body,
  people: (await t.call('ada', 'GET', '/api/admin/people')).body,
  stored: (await t.app.db.query(`SELECT key, value FROM settings ORDER BY key`)).rows,
});

/** A request id the service accepts (letters, digits, dots, hyphens), made from a description of the call. */
const requestId = (...parts: string[]): string =>
  parts
    .join('-')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .slice(0, 64);

describe('the admin API in local mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.stop());

  describe('who may use it', () => {
    it.each([
      ['GET', '/api/admin/settings', undefined],
      ['GET', '/api/admin/people', undefined],
      ['PUT', '/api/admin/settings/sla', { warnWorkingDaysBefore: 5 }],
      ['POST', '/api/admin/wards', { id: 'ward-east', name: 'East', postcodePrefixes: ['WQ3'] }],
      ['PUT', '/api/admin/wards/ward-north', { name: 'Renamed', postcodePrefixes: ['WQ1'] }],
      ['POST', '/api/admin/departments', { id: 'dept-parks', name: 'Parks' }],
      ['PUT', '/api/admin/departments/dept-waste', { name: 'Renamed' }],
      [
        'POST',
        '/api/admin/people',
        { id: 'p-new', displayName: 'New', email: 'new@test.example', roles: ['Councillor'] },
      ],
      ['PUT', '/api/admin/people/p-bob', { displayName: 'Bob', email: 'bob@test.example', roles: [] }],
    ] as const)(
      'refuses a councillor and a support officer %s %s with 403, changing nothing',
      async (method, path, body) => {
        const before = await snapshot(t);
        for (const who of ['alice', 'sue'] as Who[]) {
          const res = await t.call(who, method, path, body, {
            'x-request-id': requestId('refuse', who, method, path),
          });
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('forbidden');
          expect(await auditFor(t, requestId('refuse', who, method, path))).toEqual([
            expect.objectContaining({
              actor_id: PEOPLE[who].id,
              outcome: 'denied',
              detail: expect.objectContaining({ reason: 'forbidden' }),
            }),
          ]);
        }
        expect(await snapshot(t)).toEqual(before);
      },
    );

    it('refuses a forged administrator\u2019s token with 401, changing nothing', async () => {
      const before = await snapshot(t);
      const [h, p] = (await t.token('ada')).split('.');
      const forged = `${h}.${p}.${Buffer.from('forged').toString('base64url')}`;
      const res = await t.call(
        null,
        'POST',
        '/api/admin/departments',
        { id: 'dept-forged', name: 'Forged' },
        {
          authorization: `Bearer ${forged}`,
        },
      );
      expect(res.status).toBe(401);
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('settings and the SLA policy', () => {
    it('shows the policy in force, that the directory is editable here, and the regions', async () => {
      const res = await t.call('ada', 'GET', '/api/admin/settings');
      expect(res).toEqual({
        status: 200,
        body: {
          sla: JSON.parse(JSON.stringify(DEFAULT_SLA_POLICY)),
          directoryEditable: true,
          peopleFrom: 'local',
          regions: ['england-and-wales', 'scotland', 'northern-ireland'],
        },
      });
    });

    it.each([
      [
        'an acknowledgement target later than the response target',
        { acknowledgeWorkingDays: 12 },
        'acknowledgeWorkingDays',
      ],
      ['an unknown field', { respondWithin: 10 }, ''],
      ['a negative number of days', { warnWorkingDaysBefore: -1 }, 'warnWorkingDaysBefore'],
      [
        'escalation days out of order',
        { escalationWorkingDaysAfterBreach: [5, 0] },
        'escalationWorkingDaysAfterBreach',
      ],
      ['an unknown region', { region: 'wales' }, 'region'],
      ['a goal above 100%', { goalPercentWithinTarget: 120 }, 'goalPercentWithinTarget'],
    ])('refuses %s with 422 and every problem, changing nothing', async (_what, policy, path) => {
      const before = await snapshot(t);
      const res = await t.call('ada', 'PUT', '/api/admin/settings/sla', policy, {
        'x-request-id': `bad-sla-${path}`,
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      expect(await snapshot(t)).toEqual(before);
      expect(await auditFor(t, `bad-sla-${path}`)).toEqual([
        expect.objectContaining({
          action: 'admin.sla.update',
          outcome: 'denied',
          detail: { setting: 'sla-policy', code: 'validation_failed' },
        }),
      ]);
    });

    it('refuses a body that is not JSON, or none, with 400', async () => {
      const before = await snapshot(t);
      expect((await t.call('ada', 'PUT', '/api/admin/settings/sla', '{"region":')).status).toBe(400);
      expect((await t.call('ada', 'PUT', '/api/admin/settings/sla')).status).toBe(400);
      expect(await snapshot(t)).toEqual(before);
    });

    it('applies a new policy to the next case view at once: new due dates and working days left', async () => {
      const before = await t.call('alice', 'POST', '/api/cases', aCase());
      const england = createSlaClock(DEFAULT_SLA_POLICY);
      expect(before.body.respondBy).toBe(england.respondBy(clock.now()));
      expect(before.body.sla).toMatchObject({ state: 'on-track', workingDaysLeft: 10 });

      // Scotland keeps Easter Monday as a working day; the response target doubles; the warning comes earlier.
      const policy = { region: 'scotland', responseWorkingDays: { 1: 20, 2: 10 }, warnWorkingDaysBefore: 11 };
      const saved = await t.call('ada', 'PUT', '/api/admin/settings/sla', policy, {
        'x-request-id': 'sla-save',
      });
      expect(saved.status).toBe(200);
      expect(saved.body.sla).toEqual(JSON.parse(JSON.stringify(parseSlaPolicy(policy))));

      const scotland = createSlaClock(parseSlaPolicy(policy));
      const existing = await t.call('alice', 'GET', `/api/cases/${before.body.ref}`);
      // The case keeps its due date; counted on Scotland's calendar it is one working day further off.
      expect(existing.body.respondBy).toBe(before.body.respondBy);
      expect(existing.body.sla).toMatchObject({ state: 'due-soon', workingDaysLeft: 11 });
      const raised = await t.call('alice', 'POST', '/api/cases', aCase());
      expect(raised.body.respondBy).toBe(scotland.respondBy(clock.now()));
      expect(raised.body.respondBy > before.body.respondBy).toBe(true);

      expect((await t.call('ada', 'GET', '/api/admin/settings')).body.sla).toEqual(saved.body.sla);
      const { rows } = await t.app.db.query<{ value: unknown }>(
        `SELECT value FROM settings WHERE key = 'sla-policy'`,
      );
      expect(rows).toEqual([{ value: saved.body.sla }]);
      expect(await auditFor(t, 'sla-save')).toEqual([
        {
          actor_id: PEOPLE.ada.id,
          action: 'admin.sla.update',
          outcome: 'allowed',
          detail: { setting: 'sla-policy' },
        },
      ]);
    });
  });

  describe('wards and departments', () => {
    it('adds a ward that the directory and ward suggestions show at once', async () => {
      // Read first, so the directory cache holds the old list.
      expect((await t.call('alice', 'GET', '/api/directory')).body.wards).toHaveLength(2);
      expect((await t.call('alice', 'GET', '/api/wards/suggest?postcode=WQ3%201AA')).body.ward).toBeNull();
      const res = await t.call(
        'ada',
        'POST',
        '/api/admin/wards',
        { id: 'ward-east', name: 'East Division', postcodePrefixes: [' wq3 ', 'WQ4  1'] },
        { 'x-request-id': 'ward-add' },
      );
      expect(res).toEqual({
        status: 201,
        body: { id: 'ward-east', name: 'East Division', postcodePrefixes: ['WQ3', 'WQ4 1'] },
      });
      expect((await t.call('alice', 'GET', '/api/directory')).body.wards).toContainEqual(res.body);
      expect((await t.call('alice', 'GET', '/api/wards/suggest?postcode=WQ3%201AA')).body.ward).toEqual({
        id: 'ward-east',
        name: 'East Division',
      });
      // A case can be raised in it straight away.
      expect((await t.call('alice', 'POST', '/api/cases', aCase({ wardId: 'ward-east' }))).status).toBe(201);
      expect(await auditFor(t, 'ward-add')).toEqual([
        {
          actor_id: PEOPLE.ada.id,
          action: 'admin.ward.create',
          outcome: 'allowed',
          detail: { wardId: 'ward-east' },
        },
      ]);
    });

    it('renames a ward and replaces its prefixes', async () => {
      const res = await t.call('ada', 'PUT', '/api/admin/wards/ward-south', {
        name: 'South and Mill',
        postcodePrefixes: ['WQ2', 'WQ9'],
      });
      expect(res).toEqual({
        status: 200,
        body: { id: 'ward-south', name: 'South and Mill', postcodePrefixes: ['WQ2', 'WQ9'] },
      });
      expect((await t.call('sue', 'GET', '/api/directory')).body.wards).toContainEqual(res.body);
    });

    it('adds and renames a department, shown in the directory at once', async () => {
      expect((await t.call('sue', 'GET', '/api/directory')).body.departments).toHaveLength(2);
      expect(
        (await t.call('ada', 'POST', '/api/admin/departments', { id: 'dept-parks', name: 'Parks' })).status,
      ).toBe(201);
      const renamed = await t.call('ada', 'PUT', '/api/admin/departments/dept-parks', {
        name: 'Parks and Open Spaces',
      });
      expect(renamed).toEqual({ status: 200, body: { id: 'dept-parks', name: 'Parks and Open Spaces' } });
      expect((await t.call('sue', 'GET', '/api/directory')).body.departments).toContainEqual(renamed.body);
    });

    it('refuses a duplicate id with 409 conflict, changing nothing', async () => {
      const before = await snapshot(t);
      const ward = await t.call(
        'ada',
        'POST',
        '/api/admin/wards',
        { id: 'ward-north', name: 'Taken', postcodePrefixes: [] },
        { 'x-request-id': 'ward-dup' },
      );
      expect(ward.status).toBe(409);
      expect(ward.body.code).toBe('conflict');
      const department = await t.call('ada', 'POST', '/api/admin/departments', {
        id: 'dept-waste',
        name: 'Taken',
      });
      expect(department.status).toBe(409);
      expect(await snapshot(t)).toEqual(before);
      expect(await auditFor(t, 'ward-dup')).toEqual([
        expect.objectContaining({
          action: 'admin.ward.create',
          outcome: 'denied',
          detail: { wardId: 'ward-north', code: 'conflict' },
        }),
      ]);
    });

    it('answers 404 for a ward or department that does not exist', async () => {
      expect(
        (await t.call('ada', 'PUT', '/api/admin/wards/ward-nowhere', { name: 'X', postcodePrefixes: [] }))
          .status,
      ).toBe(404);
      expect((await t.call('ada', 'PUT', '/api/admin/departments/dept-none', { name: 'X' })).status).toBe(
        404,
      );
      expect(
        (await t.call('ada', 'PUT', '/api/admin/wards/Not%20An%20Id', { name: 'X', postcodePrefixes: [] }))
          .status,
      ).toBe(404);
    });

    it.each([
      [
        'an id with capitals and spaces',
        '/api/admin/wards',
        { id: 'Ward East', name: 'East', postcodePrefixes: [] },
      ],
      ['a one-letter id', '/api/admin/departments', { id: 'd', name: 'D' }],
      ['an id over 40 characters', '/api/admin/departments', { id: 'd'.repeat(41), name: 'D' }],
      ['an unknown field', '/api/admin/departments', { id: 'dept-x', name: 'X', budget: 1 }],
      ['a missing name', '/api/admin/wards', { id: 'ward-x', postcodePrefixes: [] }],
      [
        'a postcode prefix that is not one',
        '/api/admin/wards',
        { id: 'ward-x', name: 'X', postcodePrefixes: ['Elm Road'] },
      ],
      ['a body that is not JSON', '/api/admin/departments', '{"id":'],
      ['no body', '/api/admin/departments', undefined],
    ])('refuses %s with 400, changing nothing', async (_what, path, body) => {
      const before = await snapshot(t);
      const res = await t.call('ada', 'POST', path, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad_request');
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('people', () => {
    it('lists people with their e-mail addresses for administrators', async () => {
      const res = await t.call('ada', 'GET', '/api/admin/people');
      expect(res.status).toBe(200);
      expect(res.body.people).toContainEqual({
        id: PEOPLE.hal.id,
        displayName: PEOPLE.hal.displayName,
        email: PEOPLE.hal.email,
        roles: ['DepartmentOfficer'],
        departmentId: 'dept-highways',
      });
      expect(JSON.stringify(res.body)).not.toContain(PEOPLE.hal.oid);
    });

    it('adds a person who can sign in locally at once, auditing ids only', async () => {
      const res = await t.call(
        'ada',
        'POST',
        '/api/admin/people',
        {
          id: 'p-cara',
          displayName: 'Cllr Cara New',
          email: 'cara@test.example',
          roles: ['Councillor', 'Councillor'],
          wardIds: ['ward-north'],
        },
        { 'x-request-id': 'person-add' },
      );
      expect(res).toEqual({
        status: 201,
        body: {
          id: 'p-cara',
          displayName: 'Cllr Cara New',
          email: 'cara@test.example',
          roles: ['Councillor'],
          wardIds: ['ward-north'],
        },
      });
      const signInPage = await fetch(`${t.url}/auth/local`);
      expect(await signInPage.text()).toContain('data-person="p-cara"');
      const issued = await fetch(`${t.url}/auth/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personId: 'p-cara' }),
      });
      const { token } = (await issued.json()) as { token: string };
      const me = await t.call(null, 'GET', '/api/me', undefined, { authorization: `Bearer ${token}` });
      expect(me.body).toMatchObject({ id: 'p-cara', roles: ['Councillor'], wardIds: ['ward-north'] });
      const mine = await t.call(null, 'POST', '/api/cases', aCase(), { authorization: `Bearer ${token}` });
      expect(mine.status).toBe(201);
      expect(mine.body.memberId).toBe('p-cara');

      const audit = await auditFor(t, 'person-add');
      expect(audit).toEqual([
        {
          actor_id: PEOPLE.ada.id,
          action: 'admin.person.create',
          outcome: 'allowed',
          detail: { personId: 'p-cara' },
        },
      ]);
      expect(JSON.stringify(audit)).not.toMatch(/Cara New|cara@test/);
    });

    it('moves a department officer to another department, effective on their next request', async () => {
      // Hal's department is read (and cached) on this request.
      expect((await t.call('hal', 'GET', '/api/me')).body.departmentId).toBe('dept-highways');
      const res = await t.call('ada', 'PUT', '/api/admin/people/p-hal', {
        displayName: 'Hal Highways',
        email: 'hal@test.example',
        roles: ['DepartmentOfficer'],
        departmentId: 'dept-waste',
      });
      expect(res.status).toBe(200);
      expect((await t.call('hal', 'GET', '/api/me')).body.departmentId).toBe('dept-waste');
      expect((await t.call('sue', 'GET', '/api/directory')).body.people).toContainEqual({
        id: 'p-hal',
        displayName: 'Hal Highways',
        roles: ['DepartmentOfficer'],
        departmentId: 'dept-waste',
      });
    });

    it.each([
      ['a department officer without a department', { roles: ['DepartmentOfficer'] }, 'departmentId'],
      [
        'an unknown department',
        { roles: ['DepartmentOfficer'], departmentId: 'dept-nowhere' },
        'departmentId',
      ],
      ['an unknown ward', { roles: ['Councillor'], wardIds: ['ward-north', 'ward-nowhere'] }, 'wardIds.1'],
    ])('refuses %s with 422, changing nothing', async (_what, fields, path) => {
      const before = await snapshot(t);
      const body = { displayName: 'Someone', email: 'someone@test.example', ...fields };
      const added = await t.call('ada', 'POST', '/api/admin/people', { id: 'p-someone', ...body });
      expect(added.status).toBe(422);
      expect(added.body.issues).toEqual([expect.objectContaining({ path })]);
      const updated = await t.call('ada', 'PUT', '/api/admin/people/p-bob', body);
      expect(updated.status).toBe(422);
      expect(await snapshot(t)).toEqual(before);
    });

    it.each([
      ['a malformed e-mail address', { email: 'not-an-address' }],
      ['an unknown role', { roles: ['Mayor'] }],
      ['an unknown field', { oid: '00000000-0000-4000-8000-000000000001' }],
    ])('refuses %s with 400, changing nothing', async (_what, fields) => {
      const before = await snapshot(t);
      const body = {
        displayName: 'Someone',
        email: 'someone@test.example',
        roles: ['Councillor'],
        ...fields,
      };
      expect((await t.call('ada', 'POST', '/api/admin/people', { id: 'p-someone', ...body })).status).toBe(
        400,
      );
      expect((await t.call('ada', 'PUT', '/api/admin/people/p-bob', body)).status).toBe(400);
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a duplicate person id with 409 and an unknown person with 404', async () => {
      const body = { displayName: 'Bob Again', email: 'bob2@test.example', roles: ['Councillor'] };
      const dup = await t.call('ada', 'POST', '/api/admin/people', { id: 'p-bob', ...body });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('conflict');
      expect((await t.call('ada', 'PUT', '/api/admin/people/p-nobody', body)).status).toBe(404);
      expect((await t.call('sue', 'GET', '/api/directory')).body.people).toContainEqual(
        expect.objectContaining({ id: 'p-bob', displayName: PEOPLE.bob.displayName }),
      );
    });
  });
});

describe('the admin API in Microsoft 365 mode (people from Entra ID, nothing seeded)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'm365' });
  });
  afterAll(async () => t.stop());

  it('says people come from Entra ID and are not edited here', async () => {
    const res = await t.call('ada', 'GET', '/api/admin/settings');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ directoryEditable: false, peopleFrom: 'entra' });
  });

  it('keeps wards and departments here, each department with the Entra group of its officers', async () => {
    const ward = await t.call('ada', 'POST', '/api/admin/wards', {
      id: 'ward-north',
      name: 'North Division',
      postcodePrefixes: ['WQ1'],
    });
    expect(ward.status).toBe(201);
    const group = '0b7c43a6-1c1d-4f00-9b2a-6f5d3a9c0e11';
    const created = await t.call('ada', 'POST', '/api/admin/departments', {
      id: 'dept-parks',
      name: 'Parks',
      entraGroupId: group.toUpperCase(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'dept-parks', name: 'Parks', entraGroupId: group });
    const listed = await t.call('ada', 'GET', '/api/admin/departments');
    expect(listed.body.departments).toEqual([{ id: 'dept-parks', name: 'Parks', entraGroupId: group }]);
    // Everyone else sees departments without their groups.
    expect((await t.call('alice', 'GET', '/api/directory')).body.departments).toEqual([
      { id: 'dept-parks', name: 'Parks' },
    ]);
    const unmapped = await t.call('ada', 'PUT', '/api/admin/departments/dept-parks', {
      name: 'Parks',
      entraGroupId: null,
    });
    expect(unmapped.body).toEqual({ id: 'dept-parks', name: 'Parks' });
  });

  it('refuses a department group that is not an object id with 400 naming the field, changing nothing', async () => {
    const res = await t.call('ada', 'POST', '/api/admin/departments', {
      id: 'dept-waste',
      name: 'Waste',
      entraGroupId: 'Waste officers',
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'entraGroupId' })]);
    expect((await t.call('ada', 'GET', '/api/admin/departments')).body.departments).not.toContainEqual(
      expect.objectContaining({ id: 'dept-waste' }),
    );
  });

  it('registers people from their first token, and lets an administrator set only their wards', async () => {
    expect((await t.call('alice', 'GET', '/api/me')).status).toBe(200);
    const people = (await t.call('ada', 'GET', '/api/admin/people')).body.people;
    expect(people).toContainEqual({
      id: PEOPLE.alice.oid,
      displayName: PEOPLE.alice.displayName,
      email: PEOPLE.alice.email,
      roles: ['Councillor'],
    });
    const set = await t.call('ada', 'PUT', `/api/admin/people/${PEOPLE.alice.oid}/wards`, {
      wardIds: ['ward-north'],
    });
    expect(set.status).toBe(200);
    expect(set.body.wardIds).toEqual(['ward-north']);
    expect((await t.call('alice', 'GET', '/api/me')).body.wardIds).toEqual(['ward-north']);
    const unknown = await t.call('ada', 'PUT', `/api/admin/people/${PEOPLE.alice.oid}/wards`, {
      wardIds: ['ward-nowhere'],
    });
    expect(unknown.status).toBe(422);
    expect((await t.call('alice', 'GET', '/api/me')).body.wardIds).toEqual(['ward-north']);
  });

  it.each([
    [
      'POST',
      '/api/admin/people',
      { id: 'p-new', displayName: 'New', email: 'new@test.example', roles: ['Councillor'] },
    ],
    [
      'PUT',
      `/api/admin/people/${PEOPLE.alice.oid}`,
      { displayName: 'Alice', email: 'alice@test.example', roles: ['SupportOfficer'] },
    ],
  ] as const)(
    'answers an administrator\u2019s %s %s with 409 read_only, changing nothing',
    async (method, path, body) => {
      const before = await snapshot(t);
      const res = await t.call('ada', method, path, body, {
        'x-request-id': requestId('m365', method, path),
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('read_only');
      expect(res.body.message).toMatch(/Entra ID/);
      expect(await snapshot(t)).toEqual(before);
      expect(await auditFor(t, requestId('m365', method, path))).toEqual([
        expect.objectContaining({
          actor_id: PEOPLE.ada.oid,
          outcome: 'denied',
          detail: expect.objectContaining({ reason: 'read_only' }),
        }),
      ]);
    },
  );

  it('still refuses a councillor with 403 rather than telling them the directory is read-only', async () => {
    const res = await t.call('alice', 'POST', '/api/admin/departments', { id: 'dept-parks', name: 'Parks' });
    expect(res.status).toBe(403);
    const wards = await t.call('alice', 'PUT', `/api/admin/people/${PEOPLE.alice.oid}/wards`, {
      wardIds: [],
    });
    expect(wards.status).toBe(403);
  });

  it('says the directory sync is off when there is no Entra ID to read, and refuses to run it', async () => {
    expect((await t.call('ada', 'GET', '/api/admin/directory-sync')).body).toEqual({
      enabled: false,
      last: null,
    });
    const run = await t.call('ada', 'POST', '/api/admin/directory-sync');
    expect(run.status).toBe(409);
  });

  it('lets an administrator change the SLA policy, which is the app\u2019s own setting', async () => {
    const res = await t.call('ada', 'PUT', '/api/admin/settings/sla', { warnWorkingDaysBefore: 3 });
    expect(res.status).toBe(200);
    expect(res.body.sla.warnWorkingDaysBefore).toBe(3);
  });
});
