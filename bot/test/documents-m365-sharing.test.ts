import { randomUUID } from 'node:crypto';
import { PEOPLE, TEST_M365, aCase, type TestApp, type Who } from './support/test-app';
import { pdfWithText } from './support/documents-fixtures';
import { assertAllConform } from './support/graph-schema';
import type { GraphSimulation } from './support/graph-sim';
import { SUPPORT_GROUP, startSimulatedTenant } from './support/simulated-tenant';
import { createLogger } from '../src/logger';

interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/**
 * Filing that sharing cannot block (issue 12, item 3), in Microsoft 365 mode against the Graph simulation: the
 * app has only the `write` role on the casework site, which lets it file but not share (the simulation asks
 * for `fullcontrol` to invite, as SharePoint's Manage Permissions right requires). Documents are filed and
 * listed anyway; the shares are recorded, fail, are visible to administrators, and are made once the app is
 * given the role: by the background retries, or at once when an administrator asks.
 */
const LIBRARY = TEST_M365.GRAPH_DRIVE_ID;

describe('filing in Microsoft 365 mode when sharing the member\u2019s folder fails', () => {
  let sim: GraphSimulation;
  let t: TestApp;
  const logs: LogLine[] = [];

  beforeAll(async () => {
    // Sharing needs SharePoint's Manage Permissions: among the Sites.Selected roles, fullcontrol's.
    ({ sim, app: t } = await startSimulatedTenant({
      siteRoles: ['write'],
      sharingRoles: ['fullcontrol'],
      app: {
        // Quick retries, so the test sees a share fail, be retried, and be given up within a second or two.
        sharing: { retryBaseMs: 150, retryMaxMs: 300, maxAttempts: 4 },
        documentWork: { pollIntervalMs: 25 },
        checkDocumentStore: true,
        logger: createLogger('info', { write: (line: string) => logs.push(JSON.parse(line) as LogLine) }),
      },
    }));
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  const upload = async (who: Who, ref: string, name: string) => {
    const response = await fetch(`${t.url}/api/cases/${ref}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token(who)}`,
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent(name),
      },
      body: new Uint8Array(pdfWithText(`${name} ${randomUUID().slice(0, 8)}`)),
    });
    return response.status;
  };
  const shares = async () => (await t.call('ada', 'GET', '/api/admin/document-shares')).body;
  /** The shares of one member's folder (with the member, and with the group), as administrators see them. */
  const sharesOf = async (who: Who): Promise<any[]> =>
    ((await shares()).items as any[]).filter((s) => s.member?.id === t.personId(who));
  /**
   * Waits for background work to reach `check`, polling; gives up only well inside Jest's 60 s test timeout, so
   * a slow (loaded) machine waits longer instead of failing, and a check that never holds still fails.
   */
  const until = async (check: () => boolean | Promise<boolean>) => {
    const giveUpAt = Date.now() + 45_000;
    while (!(await check()) && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 25));
    return check();
  };
  const folderGrants = (who: Who) => {
    const folder = sim.state.item(
      LIBRARY,
      `/Member casework/${PEOPLE[who].displayName} (${t.personId(who)})`,
    );
    return folder ? sim.state.grants(LIBRARY, folder.id).map((g) => g.grantee.objectId) : [];
  };

  it('says at start-up that member folders cannot be shared with the role the app has, and why', async () => {
    const said = (msg: RegExp) => logs.find((l) => msg.test(l.msg));
    await until(() => said(/^document store cannot read folder permissions/) !== undefined);
    expect(said(/^document store ready/)).toBeDefined();
    expect(said(/^document store cannot read folder permissions/)).toMatchObject({
      code: 'forbidden',
      msg: expect.stringMatching(/fullcontrol role/),
    });
    expect(said(/^document store can share/)).toBeUndefined();
  });

  it('files and lists the document although the share is refused, and shows the failure to administrators', async () => {
    const ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
    expect(await upload('alice', ref, 'Letter.pdf')).toBe(201);
    const listed = await t.call('alice', 'GET', `/api/cases/${ref}/documents`);
    expect(listed.body.items.map((d: any) => d.name)).toEqual(['Letter.pdf']);

    // Tried in the background, refused, retried with backoff, then given up until someone asks again.
    expect(await until(async () => (await sharesOf('alice')).every((s) => s.status === 'failed'))).toBe(true);
    const failed = await sharesOf('alice');
    expect(failed).toHaveLength(2);
    expect(failed.map((s) => [s.grantee.kind, s.status, s.lastError, s.attempts]).sort()).toEqual([
      ['group', 'failed', 'forbidden', 4],
      ['user', 'failed', 'forbidden', 4],
    ]);
    expect(failed.every((s) => typeof s.lastRequestId === 'string')).toBe(true);
    // Names, never e-mail addresses or the grantees' object ids (a member's id in Members' Hub is their
    // object id, so member ids are left out of the check).
    const listing = (await shares()) as { items: { member: { id: string } | null }[] };
    const withoutMemberIds = listing.items.map((s) => ({ ...s, member: s.member?.id ? '(member)' : null }));
    expect(JSON.stringify(withoutMemberIds)).not.toMatch(/@|0000-4000-8000/);
    expect(folderGrants('alice')).toEqual([]);
    // Filing again is not blocked either.
    expect(await upload('alice', ref, 'Second letter.pdf')).toBe(201);
  });

  it('makes a given-up share when an administrator retries it, once the app has the role', async () => {
    sim.state.grantSite(TEST_M365.GRAPH_SITE_ID, TEST_M365.CLIENT_ID, ['fullcontrol']);
    for (const share of await sharesOf('alice')) {
      const retried = await t.call('ada', 'POST', `/api/admin/document-shares/${share.id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('pending');
    }
    expect(await until(async () => (await sharesOf('alice')).every((s) => s.status === 'shared'))).toBe(true);
    expect(folderGrants('alice').sort()).toEqual([PEOPLE.alice.oid, SUPPORT_GROUP.id].sort());
  });

  it('repairs a failed share by itself once the app can share, with no one asking', async () => {
    sim.state.grantSite(TEST_M365.GRAPH_SITE_ID, TEST_M365.CLIENT_ID, ['write']);
    const ref = (await t.call('bob', 'POST', '/api/cases', aCase({ wardId: 'ward-south' }))).body.ref;
    expect(await upload('bob', ref, 'Plan.pdf')).toBe(201);
    expect(
      await until(async () =>
        (await sharesOf('bob')).some((s) => s.lastError === 'forbidden' && s.status === 'pending'),
      ),
    ).toBe(true);
    sim.state.grantSite(TEST_M365.GRAPH_SITE_ID, TEST_M365.CLIENT_ID, ['fullcontrol']);
    expect(await until(async () => (await sharesOf('bob')).every((s) => s.status === 'shared'))).toBe(true);
    expect(folderGrants('bob').sort()).toEqual([PEOPLE.bob.oid, SUPPORT_GROUP.id].sort());
  });

  it('refuses the sharing state to anyone but administrators, and names no share it does not have', async () => {
    expect((await t.call('sue', 'GET', '/api/admin/document-shares')).status).toBe(403);
    expect((await t.call('alice', 'POST', `/api/admin/document-shares/${randomUUID()}/retry`)).status).toBe(
      403,
    );
    expect((await t.call('ada', 'POST', `/api/admin/document-shares/${randomUUID()}/retry`)).status).toBe(
      404,
    );
    expect((await t.call('ada', 'GET', '/api/admin/document-shares?status=nonsense')).status).toBe(400);
  });

  it('invites by e-mail address and issues only paths that Graph v1.0 has', () => {
    const invites = sim.requests.filter((r) => r.path.endsWith('/invite'));
    expect(invites.length).toBeGreaterThan(0);
    assertAllConform([...sim.requests]);
  });
});
