import { createHash } from 'node:crypto';
import { PEOPLE, TEST_M365, aCase, startTestApp, type TestApp } from './support/test-app';
import { pdfWithText } from './support/documents-fixtures';
import { assertAllConform } from './support/graph-schema';
import { startGraphSimulation, type GraphSimulation } from './support/graph-sim';

/**
 * Microsoft 365 mode end to end through the API: the service as composed by `startApp` (config → Graph
 * adapters → documents use case → routes), filing into the SharePoint library of the Graph simulation over
 * HTTPS, with real MSAL and the Graph SDK. What lands in the simulated library is read from its own state.
 */
const SUPPORT_GROUP = '44444444-2222-4333-8444-555555555555';
const LIBRARY = TEST_M365.GRAPH_DRIVE_ID;

describe('case documents in Microsoft 365 mode, through the Graph simulation', () => {
  let sim: GraphSimulation;
  let t: TestApp;
  let aliceRef: string;

  beforeAll(async () => {
    sim = await startGraphSimulation({
      clients: [
        {
          clientId: TEST_M365.CLIENT_ID,
          secrets: [TEST_M365.GRAPH_CLIENT_SECRET],
          applicationPermissions: ['Sites.Selected'],
        },
      ],
      sites: [
        {
          id: TEST_M365.GRAPH_SITE_ID,
          drives: [{ id: LIBRARY }],
          grants: [{ appId: TEST_M365.CLIENT_ID, roles: ['fullcontrol'] }],
        },
      ],
      directory: {
        users: Object.values(PEOPLE).map((p) => ({ id: p.oid, email: p.email, displayName: p.displayName })),
        groups: [{ id: SUPPORT_GROUP, displayName: 'Democratic Services' }],
      },
    });
    t = await startTestApp({
      mode: 'm365',
      env: {
        TENANT_ID: sim.tenantId,
        GRAPH_BASE_URL: sim.graphBaseUrl,
        GRAPH_AUTHORITY_HOST: sim.loginBaseUrl,
        SUPPORT_OFFICERS_GROUP_ID: SUPPORT_GROUP,
        ORGANISATION_NAME: 'Fallowmere County Council',
      },
      graphNetwork: {
        fetch: sim.fetch,
        networkClient: sim.msalNetworkClient,
        knownAuthorities: [new URL(sim.url).host],
      },
    });
    aliceRef = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  const upload = async (name: string, bytes: Buffer, who: 'alice' | 'bob' = 'alice') => {
    const response = await fetch(`${t.url}/api/cases/${aliceRef}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token(who)}`,
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent(name),
      },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('files into Member casework/<member>/<case>, shares the member folder, and serves it back', async () => {
    const pdf = pdfWithText('Gully silted up outside number twelve');
    const first = await upload('Site visit: notes.pdf', pdf);
    expect(first.status).toBe(201);
    expect(first.body.document.name).toBe('Site visit- notes.pdf');

    const memberFolder = `/Member casework/${PEOPLE.alice.displayName} (${PEOPLE.alice.id})`;
    const caseFolder = sim.state
      .items(LIBRARY)
      .find((item) => item.path.startsWith(`${memberFolder}/${aliceRef} - `) && item.kind === 'folder');
    expect(caseFolder).toBeDefined();
    const files = sim.state.listPath(LIBRARY, caseFolder!.path).filter((item) => item.kind === 'file');
    expect(files.map((f) => f.name)).toEqual(['Site visit- notes.pdf']);
    expect(createHash('sha256').update(sim.state.fileContent(LIBRARY, files[0]!.id)).digest('hex')).toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );

    // The member's folder is shared with the member and the support officers' group, nobody else.
    const member = sim.state.item(LIBRARY, memberFolder)!;
    const grantees = sim.state
      .grants(LIBRARY, member.id)
      .map((g) => JSON.stringify(g))
      .join('\n');
    expect(grantees).toContain(PEOPLE.alice.oid);
    expect(grantees).toContain(SUPPORT_GROUP);
    expect(grantees).not.toContain(PEOPLE.bob.oid);

    const download = await fetch(`${t.url}/api/documents/${first.body.document.id}/content`, {
      headers: { authorization: `Bearer ${await t.token('alice')}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    const other = await fetch(`${t.url}/api/documents/${first.body.document.id}/content`, {
      headers: { authorization: `Bearer ${await t.token('bob')}` },
    });
    expect(other.status).toBe(404);
  });

  it('files the same content once, even when the first answer was lost', async () => {
    const pdf = pdfWithText('Second visit, grating cleared');
    const lost = sim.faults.inject({ kind: 'dropResponse', match: { method: 'PUT', target: 'graph' } });
    const first = await upload('Second visit.pdf', pdf);
    const again = await upload('Second visit.pdf', pdf);
    expect(lost.hits).toBe(1);
    expect([first.status, again.status].sort()).toEqual([200, 201]);
    const named = sim.state.items(LIBRARY).filter((item) => item.name.startsWith('Second visit'));
    expect(named).toHaveLength(1);
  });

  it('decorates every Graph request and issues only paths that Graph v1.0 has', () => {
    const graph = sim.requests.filter((r) => r.target === 'graph');
    expect(graph.length).toBeGreaterThan(0);
    for (const r of graph)
      expect(r.headers['user-agent']).toMatch(
        /^NONISV\|Fallowmere County Council\|MembersHub\/\d+\.\d+\.\d+/,
      );
    assertAllConform([...sim.requests]);
  });
});
