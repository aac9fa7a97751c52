import { aCase, startTestApp, PEOPLE, type TestApp } from './support/test-app';

/** Bad input gets the documented error and changes nothing; no error body carries a stack trace. */
describe('API errors', () => {
  let t: TestApp;
  let ref: string;

  beforeAll(async () => {
    t = await startTestApp();
    ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
  });
  afterAll(async () => t.stop());

  const snapshot = async () => ({
    caseBody: (await t.call('sue', 'GET', `/api/cases/${ref}`)).body,
    timeline: (await t.call('sue', 'GET', `/api/cases/${ref}/timeline`)).body.events.length,
    total: (await t.call('sue', 'GET', '/api/cases')).body.total,
  });
  const expectOnlyCodeAndMessage = (body: Record<string, unknown>) => {
    expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['code', 'message']));
    expect(Object.keys(body).every((k) => ['code', 'message', 'requestId', 'issues'].includes(k))).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+/);
  };

  it('serves /healthz without a token', async () => {
    const res = await t.call(null, 'GET', '/healthz');
    expect(res).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('keeps an idle connection open longer than the 4 minutes Azure keeps one, so the caller always closes it first', async () => {
    // Node's default is 5 s: a client (App Service's front end, a browser, `npm run ingest`) that reuses a
    // connection after a pause of about that long sends its request into a socket the service is closing.
    const res = await fetch(`${t.url}/healthz`);
    await res.text();
    expect(res.headers.get('connection')).toBe('keep-alive');
    expect(res.headers.get('keep-alive')).toBe('timeout=245');
  });

  it('refuses an API call without a token with 401', async () => {
    const res = await t.call(null, 'GET', '/api/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
    expectOnlyCodeAndMessage(res.body);
  });

  it('refuses a forged token (valid shape, wrong signature) with 401 and changes nothing', async () => {
    const before = await snapshot();
    const good = await t.token('alice');
    const [h, p] = good.split('.');
    const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
    const res = await t.call(null, 'POST', '/api/cases', aCase(), { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a token whose roles were edited after signing', async () => {
    const [h, p, s] = (await t.token('alice')).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.roles = ['SupportOfficer'];
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const res = await t.call(null, 'GET', '/api/cases', undefined, { authorization: `Bearer ${tampered}` });
    expect(res.status).toBe(401);
  });

  it('refuses an expired token with 401 and changes nothing', async () => {
    const before = await snapshot();
    const issuer = await t.issuer({ now: () => new Date(Date.now() - 3 * 3600_000) });
    const { token } = await issuer.issue(PEOPLE.alice);
    const res = await t.call(null, 'POST', '/api/cases', aCase(), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('tells a valid but unknown person they are not set up (403)', async () => {
    const issuer = await t.issuer();
    const { token } = await issuer.issue({ ...PEOPLE.alice, oid: '00000000-0000-4000-8000-0000000000ff' });
    const res = await t.call(null, 'GET', '/api/me', undefined, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('not_registered');
  });

  it('returns the signed-in person from /api/me', async () => {
    const res = await t.call('hal', 'GET', '/api/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: PEOPLE.hal.id,
      roles: ['DepartmentOfficer'],
      departmentId: 'dept-highways',
      mode: 'local',
    });
  });

  it.each([
    ['a body that is not JSON', '{"kind": ', 400],
    ['a missing constituent', JSON.stringify({ ...aCase(), constituent: undefined }), 400],
    ['an unknown field', JSON.stringify({ ...aCase(), isAdmin: true }), 400],
    [
      'a malformed postcode',
      JSON.stringify(
        aCase({ constituent: { name: 'A', address: 'B', postcode: 'NOT A POSTCODE', consentToShare: true } }),
      ),
      400,
    ],
    ['an unknown ward', JSON.stringify(aCase({ wardId: 'ward-atlantis' })), 422],
  ])('refuses a new case with %s and stores nothing', async (_what, raw, status) => {
    const before = await snapshot();
    const res = await t.call('alice', 'POST', '/api/cases', raw);
    expect(res.status).toBe(status);
    expectOnlyCodeAndMessage(res.body);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown action with 400 unknown_action and changes nothing', async () => {
    const before = await snapshot();
    const res = await t.call('sue', 'POST', `/api/cases/${ref}/actions`, { type: 'teleport' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('unknown_action');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an action with a missing field with 400 and changes nothing', async () => {
    const before = await snapshot();
    const res = await t.call('sue', 'POST', `/api/cases/${ref}/actions`, { type: 'triage' });
    expect(res.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an illegal transition with 409 and changes nothing', async () => {
    const before = await snapshot();
    const res = await t.call('sue', 'POST', `/api/cases/${ref}/actions`, {
      type: 'respond',
      response: 'Fixed.',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('illegal_transition');
    expectOnlyCodeAndMessage(res.body);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a councillor an officer\u2019s action on their own case with 403', async () => {
    const before = await snapshot();
    const res = await t.call('alice', 'POST', `/api/cases/${ref}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a change made against an out-of-date version with 409', async () => {
    const current = (await t.call('sue', 'GET', `/api/cases/${ref}`)).body;
    const res = await t.call('sue', 'POST', `/api/cases/${ref}/actions`, {
      type: 'hold',
      reason: 'Waiting for contractor',
      expectedVersion: current.version - 1 < 1 ? current.version + 1 : current.version - 1,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
    expect((await t.call('sue', 'GET', `/api/cases/${ref}`)).body.version).toBe(current.version);
  });

  it('answers a malformed case reference as not found', async () => {
    const res = await t.call('sue', 'GET', '/api/cases/..%2F..%2Fetc');
    expect(res.status).toBe(404);
  });

  it('answers an unknown route with the same error shape', async () => {
    const res = await t.call('sue', 'GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expectOnlyCodeAndMessage(res.body);
  });

  it('runs the whole lifecycle: triage, assign, respond, follow-up, respond, close', async () => {
    const r = (await t.call('alice', 'POST', '/api/cases', aCase({ title: 'Streetlight out on Mill Lane' })))
      .body.ref;
    const steps: [string, object][] = [
      ['sue', { type: 'triage', departmentId: 'dept-highways', priority: 'high' }],
      ['hal', { type: 'assign', officerId: PEOPLE.hal.id }],
      ['hal', { type: 'respond', response: 'Repair booked for Tuesday.' }],
      ['alice', { type: 'follow-up', text: 'Which Tuesday?' }],
      ['hal', { type: 'respond', response: 'Tuesday 1 December.' }],
      ['sue', { type: 'close', reason: 'Answered' }],
    ];
    for (const [who, action] of steps) {
      const res = await t.call(who as 'sue', 'POST', `/api/cases/${r}/actions`, action);
      expect([who, res.status, res.body.code]).toEqual([who, 200, undefined]);
    }
    const timeline = await t.call('alice', 'GET', `/api/cases/${r}/timeline`);
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual([
      'raised',
      'triaged',
      'assigned',
      'responded',
      'followed-up',
      'responded',
      'closed',
    ]);
  });
});
