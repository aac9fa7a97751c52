import { PEOPLE, aCase, startTestApp, type TestApp } from './support/test-app';

/**
 * A councillor's token must not read, list, search or act on another councillor's case through any route,
 * and the answer for someone else's case is indistinguishable from the answer for a case that does not exist.
 */
describe('access to casework through the API', () => {
  let t: TestApp;
  let aliceRef: string;

  beforeAll(async () => {
    t = await startTestApp();
    const raised = await t.call('alice', 'POST', '/api/cases', aCase());
    expect(raised.status).toBe(201);
    aliceRef = raised.body.ref;
  });
  afterAll(async () => t.stop());

  const notFoundShape = (body: any) => ({ code: body.code, message: body.message });
  const missingRef = 'MH-2019-99999';

  it('answers another councillor reading the case exactly as for a case that does not exist', async () => {
    const other = await t.call('bob', 'GET', `/api/cases/${aliceRef}`);
    const missing = await t.call('bob', 'GET', `/api/cases/${missingRef}`);
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(notFoundShape(other.body)).toEqual(notFoundShape(missing.body));
  });

  it('hides the timeline of another councillor\u2019s case', async () => {
    const other = await t.call('bob', 'GET', `/api/cases/${aliceRef}/timeline`);
    const missing = await t.call('bob', 'GET', `/api/cases/${missingRef}/timeline`);
    expect(other.status).toBe(404);
    expect(notFoundShape(other.body)).toEqual(notFoundShape(missing.body));
  });

  it.each([
    ['follow-up', { type: 'follow-up', text: 'Any news?' }],
    ['share', { type: 'share', memberId: PEOPLE.bob.id }],
    ['reopen', { type: 'reopen', reason: 'Not fixed' }],
    ['agree-extension', { type: 'agree-extension' }],
    ['close', { type: 'close', reason: 'Withdrawn' }],
    ['correct', { type: 'correct', constituent: { postcode: 'WQ9 9ZZ' } }],
  ])(
    'refuses another councillor the %s action as if the case did not exist, and changes nothing',
    async (_name, action) => {
      const before = await t.call('sue', 'GET', `/api/cases/${aliceRef}`);
      const other = await t.call('bob', 'POST', `/api/cases/${aliceRef}/actions`, action);
      const missing = await t.call('bob', 'POST', `/api/cases/${missingRef}/actions`, action);
      expect(other.status).toBe(404);
      expect(notFoundShape(other.body)).toEqual(notFoundShape(missing.body));
      const after = await t.call('sue', 'GET', `/api/cases/${aliceRef}`);
      expect(after.body.version).toBe(before.body.version);
    },
  );

  it('leaves another councillor\u2019s case out of every list, filter and text search', async () => {
    const queries = [
      '',
      '?mine=true',
      '?text=Elm%20Road',
      `?text=${aliceRef}`,
      '?ward=ward-north',
      '?status=new',
      '?overdue=false',
    ];
    for (const q of queries) {
      const res = await t.call('bob', 'GET', `/api/cases${q}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { ref: string }) => c.ref)).not.toContain(aliceRef);
    }
    const own = await t.call('alice', 'GET', '/api/cases?text=Elm%20Road');
    expect(own.body.items.map((c: { ref: string }) => c.ref)).toContain(aliceRef);
  });

  it('refuses a councillor raising a case in another member\u2019s name', async () => {
    const res = await t.call('bob', 'POST', '/api/cases', aCase({ memberId: PEOPLE.alice.id }));
    expect(res.status).toBe(403);
    const list = await t.call('sue', 'GET', '/api/cases');
    expect(list.body.total).toBe(1);
  });

  it('lets the department the case is routed to see it, and no other department', async () => {
    expect((await t.call('hal', 'GET', `/api/cases/${aliceRef}`)).status).toBe(404);
    const triaged = await t.call('sue', 'POST', `/api/cases/${aliceRef}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    expect(triaged.status).toBe(200);
    expect((await t.call('hal', 'GET', `/api/cases/${aliceRef}`)).status).toBe(200);
    expect((await t.call('wes', 'GET', `/api/cases/${aliceRef}`)).status).toBe(404);
    const wesList = await t.call('wes', 'GET', '/api/cases');
    expect(wesList.body.items).toHaveLength(0);
  });

  it('gives an administrator who is not a support officer no casework', async () => {
    expect((await t.call('ada', 'GET', `/api/cases/${aliceRef}`)).status).toBe(404);
    const list = await t.call('ada', 'GET', '/api/cases');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(0);
  });

  it('lets the case\u2019s own member see it, with the actions open to them', async () => {
    const res = await t.call('alice', 'GET', `/api/cases/${aliceRef}`);
    expect(res.status).toBe(200);
    expect(res.body.constituent.name).toBe('Pat Resident');
    expect(res.body.permittedActions).toEqual(expect.arrayContaining(['share']));
    expect(res.body.permittedActions).not.toContain('triage');
  });

  it('withholds the constituent from a department officer when they did not consent to sharing', async () => {
    const raised = await t.call(
      'alice',
      'POST',
      '/api/cases',
      aCase({
        constituent: {
          name: 'Sam Private',
          address: '2 Elm Road',
          postcode: 'WQ1 2AB',
          consentToShare: false,
        },
      }),
    );
    await t.call('sue', 'POST', `/api/cases/${raised.body.ref}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    const seen = await t.call('hal', 'GET', `/api/cases/${raised.body.ref}`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain('Sam Private');
    expect(JSON.stringify(seen.body)).not.toContain('2 Elm Road');
  });

  it('records reads and refusals in the audit log', async () => {
    await t.call('bob', 'GET', `/api/cases/${aliceRef}`);
    const { rows } = await t.app.db.query<{ actor_id: string; action: string; outcome: string }>(
      `SELECT actor_id, action, outcome FROM audit_log WHERE case_ref = $1 ORDER BY id`,
      [aliceRef],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor_id: PEOPLE.bob.id, action: 'case.read', outcome: 'denied' }),
        expect.objectContaining({ actor_id: PEOPLE.alice.id, action: 'case.read', outcome: 'allowed' }),
        expect.objectContaining({
          actor_id: PEOPLE.sue.id,
          action: 'case.action.triage',
          outcome: 'allowed',
        }),
      ]),
    );
  });

  it('lets a councillor withdraw (close) their own case, with a reason, audited', async () => {
    const raised = await t.call('alice', 'POST', '/api/cases', aCase({ title: 'Raised by mistake' }));
    const ref = raised.body.ref;
    const empty = await t.call('alice', 'POST', `/api/cases/${ref}/actions`, { type: 'close', reason: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'reason' })]));
    expect((await t.call('alice', 'GET', `/api/cases/${ref}`)).body.status).toBe('new');

    const closed = await t.call('alice', 'POST', `/api/cases/${ref}/actions`, {
      type: 'close',
      reason: 'The resident sorted it out with the school directly.',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const history = await t.call('alice', 'GET', `/api/cases/${ref}/timeline`);
    expect(history.body.events.at(-1)).toMatchObject({
      type: 'closed',
      actorId: PEOPLE.alice.id,
      data: { reason: 'The resident sorted it out with the school directly.' },
    });
    const { rows } = await t.app.db.query<{ actor_id: string; outcome: string }>(
      `SELECT actor_id, outcome FROM audit_log WHERE case_ref = $1 AND action = 'case.action.close'`,
      [ref],
    );
    expect(rows).toEqual([{ actor_id: PEOPLE.alice.id, outcome: 'allowed' }]);
  });

  it('lets the department send a case that is not theirs back to triage: audited, and then out of their sight', async () => {
    const raised = await t.call('alice', 'POST', '/api/cases', aCase({ title: 'Routed to the wrong place' }));
    const ref = raised.body.ref;
    await t.call('sue', 'POST', `/api/cases/${ref}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    // Bad input: 400 naming the field, nothing changed. Not the department's case: as if it did not exist.
    const bad = await t.call('hal', 'POST', `/api/cases/${ref}/actions`, { type: 'return-to-triage' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'reason' })]));
    const elsewhere = await t.call('wes', 'POST', `/api/cases/${ref}/actions`, {
      type: 'return-to-triage',
      reason: 'Not ours',
    });
    expect(elsewhere.status).toBe(404);
    // The member sees the case but may not do this.
    const member = await t.call('alice', 'POST', `/api/cases/${ref}/actions`, {
      type: 'return-to-triage',
      reason: 'Not theirs',
    });
    expect(member.status).toBe(403);
    expect((await t.call('sue', 'GET', `/api/cases/${ref}`)).body).toMatchObject({
      status: 'triaged',
      departmentId: 'dept-highways',
    });

    const sent = await t.call('hal', 'POST', `/api/cases/${ref}/actions`, {
      type: 'return-to-triage',
      reason: 'A private road: not the highway authority\u2019s.',
    });
    expect(sent.status).toBe(200);
    expect((await t.call('sue', 'GET', `/api/cases/${ref}`)).body).toMatchObject({
      status: 'new',
      departmentId: null,
      assignedOfficerId: null,
    });
    expect((await t.call('hal', 'GET', `/api/cases/${ref}`)).status).toBe(404);
    const queue = await t.call('sue', 'GET', '/api/cases?status=new&unassigned=true');
    expect(queue.body.items.map((c: any) => c.ref)).toContain(ref);
    const { rows } = await t.app.db.query<{ actor_id: string; outcome: string }>(
      `SELECT actor_id, outcome FROM audit_log WHERE case_ref = $1 AND action = 'case.action.return-to-triage'
        ORDER BY id`,
      [ref],
    );
    expect(rows.at(-1)).toEqual({ actor_id: PEOPLE.hal.id, outcome: 'allowed' });
  });

  it('lets a councillor correct their own case\u2019s postcode: a bad one is refused naming the field, the change is audited by field name', async () => {
    const raised = await t.call('alice', 'POST', '/api/cases', aCase({ title: 'Wrong postcode' }));
    const ref = raised.body.ref;
    const bad = await t.call('alice', 'POST', `/api/cases/${ref}/actions`, {
      type: 'correct',
      constituent: { postcode: 'not a postcode' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'constituent.postcode' })]),
    );
    const unchanged = await t.call('alice', 'GET', `/api/cases/${ref}`);
    expect(unchanged.body.version).toBe(raised.body.version);

    const fixed = await t.call('alice', 'POST', `/api/cases/${ref}/actions`, {
      type: 'correct',
      constituent: { postcode: 'wq1 4xy' },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.constituent.postcode).toBe('WQ1 4XY');
    const history = await t.call('alice', 'GET', `/api/cases/${ref}/timeline`);
    expect(history.body.events.at(-1)).toMatchObject({
      type: 'details-corrected',
      actorId: PEOPLE.alice.id,
      data: { fields: ['constituent.postcode'] },
    });
    const { rows } = await t.app.db.query<{ actor_id: string; detail: unknown }>(
      `SELECT actor_id, detail FROM audit_log WHERE case_ref = $1 AND action = 'case.action.correct'`,
      [ref],
    );
    expect(rows.map((r) => r.actor_id)).toEqual([PEOPLE.alice.id]);
    expect(JSON.stringify(rows)).not.toContain('4XY');
  });
});
