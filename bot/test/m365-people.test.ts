import { PEOPLE, TEST_M365, aCase, type TestApp, type Who } from './support/test-app';
import { cardText } from './support/bot-harness';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { assertAllConform } from './support/graph-schema';
import { GROUPS, startSimulatedTenant, type SimulatedTenant } from './support/simulated-tenant';

/**
 * People from Entra ID, through the whole service in Microsoft 365 mode (issue 12): an empty database, Entra
 * ID and Graph simulated (Teams SSO tokens whose `roles` claim Entra works out from the app role assignments),
 * the Bot Framework's side stood in for (botbuilder's own request checks run against a stand-in channel's
 * keys; the bot's replies go to a simulated connector with a token from the simulated Entra ID). Nothing about
 * people is seeded or typed in: roles are assigned in the simulated tenant, as an IT team would.
 */
describe('Microsoft 365 mode: people from Entra ID, from an empty directory', () => {
  let tenant: SimulatedTenant;
  let t: TestApp;
  let connector: ConnectorServer;
  const app = TEST_M365.CLIENT_ID;

  beforeAll(async () => {
    tenant = await startSimulatedTenant({ roles: false, council: false });
    t = tenant.app;
    connector = await startConnectorServer();
    // The scheduled sync runs once at start-up; let it finish (finding nobody) before roles are assigned.
    const finished = async () =>
      (await t.app.db.query(`SELECT 1 FROM job_runs WHERE job = 'directory-sync' AND outcome IS NOT NULL`))
        .rows.length > 0;
    const giveUpAt = Date.now() + 45_000;
    while (!(await finished()) && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 20));
    expect(await finished()).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await connector?.close();
    await tenant?.stop();
  });

  let turn = 0;
  /** Sends `text` to the bot as `who` in their personal chat, signed as the channel signs it; the replies. */
  const chat = async (who: Who, text: string) => {
    turn += 1;
    const conversation = `a:personal-${who}`;
    const before = connector.delivered(conversation).length;
    const activity = {
      type: 'message',
      id: `incoming-${turn}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      locale: 'en-GB',
      text,
      from: { id: `29:${who}`, aadObjectId: PEOPLE[who].oid, name: PEOPLE[who].displayName },
      recipient: { id: `28:${TEST_M365.BOT_APP_ID}`, name: 'Members\u2019 Hub' },
      conversation: { id: conversation, conversationType: 'personal', tenantId: tenant.sim.tenantId },
      channelData: { tenant: { id: tenant.sim.tenantId } },
    };
    const token = await tenant.channel.token({
      appId: TEST_M365.BOT_APP_ID,
      serviceUrl: connector.serviceUrl,
    });
    const response = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
    return connector.delivered(conversation).slice(before);
  };
  const replyText = (replies: { activity: any }[]) =>
    replies
      .map((r) =>
        [r.activity.text ?? '', ...(r.activity.attachments ?? []).map((a: any) => cardText(a.content))].join(
          '\n',
        ),
      )
      .join('\n');
  const sync = async () => {
    const res = await t.call('ada', 'POST', '/api/admin/directory-sync');
    expect(res.status).toBe(200);
    expect(res.body.last.outcome).toBe('succeeded');
    return res.body.last;
  };

  it('starts with nobody: the directory is empty and an unassigned person is refused', async () => {
    expect((await t.app.db.query(`SELECT count(*)::int AS n FROM people`)).rows).toEqual([{ n: 0 }]);
    const res = await t.call('alice', 'GET', '/api/me');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'not_registered', message: expect.stringMatching(/no role/) });
    expect((await t.app.db.query(`SELECT count(*)::int AS n FROM people`)).rows).toEqual([{ n: 0 }]);
  });

  it('lets a councillor with only an app role assignment sign in to the tab and chat with the bot at once', async () => {
    tenant.sim.entra.assign(app, PEOPLE.alice.oid, 'Councillor');
    const me = await t.call('alice', 'GET', '/api/me', undefined);
    expect(me.status).toBe(403); // the token issued before the assignment says no role, as Entra's would
    await t.token('alice', { fresh: true });
    const signedIn = await t.call('alice', 'GET', '/api/me');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({
      id: PEOPLE.alice.oid,
      displayName: PEOPLE.alice.displayName,
      email: PEOPLE.alice.email,
      roles: ['Councillor'],
      mode: 'm365',
    });

    // Ada the administrator, likewise from her assignment alone, sets up a ward for cases to be raised in.
    tenant.sim.entra.assign(app, PEOPLE.ada.oid, 'Administrator');
    const ward = await t.call('ada', 'POST', '/api/admin/wards', {
      id: 'ward-north',
      name: 'North Division',
      postcodePrefixes: ['WQ1'],
    });
    expect(ward.status).toBe(201);
    const raised = await t.call('alice', 'POST', '/api/cases', aCase());
    expect(raised.status).toBe(201);

    const replies = await chat('alice', 'my cases');
    expect(replies).toHaveLength(1);
    expect(replyText(replies)).toContain(raised.body.ref);
    // botbuilder checked the channel's token, and sent its reply with its own token from Entra ID.
    expect(replies[0]?.authorization).toMatch(/^Bearer ey/);
  });

  it('knows a councillor assigned through a group from the directory sync, before they ever open the tab', async () => {
    expect(replyText(await chat('bob', 'my cases'))).toMatch(/not set up/i);
    tenant.sim.entra.assign(app, GROUPS.councillors, 'Councillor');
    const last = await sync();
    expect(last.summary).toMatchObject({ registered: 1 });
    expect(replyText(await chat('bob', 'my cases'))).toMatch(/no open cases/i);
  });

  it('gives a department officer the department whose mapped Entra group holds them (through a nested group)', async () => {
    tenant.sim.entra.assign(app, GROUPS.departmentOfficers, 'DepartmentOfficer');
    const department = await t.call('ada', 'POST', '/api/admin/departments', {
      id: 'dept-highways',
      name: 'Highways',
      entraGroupId: GROUPS.highways,
    });
    expect(department.status).toBe(201);
    await sync();
    const hal = await t.call('hal', 'GET', '/api/me');
    expect(hal.body).toMatchObject({ roles: ['DepartmentOfficer'], departmentId: 'dept-highways' });
    // Wes holds the role but is in no mapped group: no department, so no department's cases.
    expect((await t.call('wes', 'GET', '/api/me')).body.departmentId).toBeUndefined();
    // Taken out of the nested group, Hal has no department after the next sync.
    tenant.sim.entra.removeMember(GROUPS.highwaysInspectors, PEOPLE.hal.oid);
    await sync();
    expect((await t.call('hal', 'GET', '/api/me')).body.departmentId).toBeUndefined();
  });

  it('takes access away at the next token when the assignment is removed, in the tab and in the bot', async () => {
    tenant.sim.entra.unassign(app, PEOPLE.alice.oid);
    // Her token from before the removal is still Entra's word until something newer is known …
    expect((await t.call('alice', 'GET', '/api/me')).status).toBe(200);
    // … and her next token, without the role, is.
    await t.token('alice', { fresh: true });
    const refused = await t.call('alice', 'GET', '/api/me');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_registered');
    expect(replyText(await chat('alice', 'my cases'))).toMatch(/not set up/i);
  });

  it('takes access away at the next sync when that comes first, even from a token that has not expired', async () => {
    const token = await t.token('bob', { fresh: true });
    expect((await t.call('bob', 'GET', '/api/me')).status).toBe(200);
    tenant.sim.entra.removeMember(GROUPS.councillors, PEOPLE.bob.oid);
    expect((await t.call('bob', 'GET', '/api/me')).status).toBe(200);
    await sync();
    expect(await t.token('bob')).toBe(token);
    expect((await t.call('bob', 'GET', '/api/me')).status).toBe(403);
    expect(replyText(await chat('bob', 'my cases'))).toMatch(/not set up/i);
  });

  it('records each registration and change of roles in the audit log, with ids and roles only', async () => {
    const { rows } = await t.app.db.query<{ action: string; detail: Record<string, unknown> }>(
      `SELECT action, detail FROM audit_log WHERE action LIKE 'directory.person.%' ORDER BY id`,
    );
    expect(rows).toContainEqual({
      action: 'directory.person.register',
      detail: { personId: PEOPLE.alice.oid, source: 'token', roles: ['Councillor'] },
    });
    expect(rows).toContainEqual({
      action: 'directory.person.roles',
      detail: { personId: PEOPLE.bob.oid, source: 'sync', from: ['Councillor'], to: [] },
    });
    expect(JSON.stringify(rows)).not.toMatch(/@|Cllr|Alice|Bob/);
  });

  it('reads Entra ID only with paths Graph v1.0 has', () => {
    assertAllConform([...tenant.sim.requests]);
    expect(tenant.sim.state.unexpectedErrors()).toEqual([]);
  });
});
