import { createHash } from 'node:crypto';
import { PEOPLE, TEST_M365, aCase, type TestApp } from './support/test-app';
import { pdfWithText } from './support/documents-fixtures';
import { assertAllConform } from './support/graph-schema';
import type { GraphSimulation } from './support/graph-sim';
import { SUPPORT_GROUP, startSimulatedTenant } from './support/simulated-tenant';

/**
 * Microsoft 365 mode end to end through the API: the service as composed by `startApp` (config → Graph
 * adapters → documents use case → routes), filing into the SharePoint library of the Graph simulation over
 * HTTPS, with real MSAL and the Graph SDK. What lands in the simulated library is read from its own state.
 */
const LIBRARY = TEST_M365.GRAPH_DRIVE_ID;

describe('case documents in Microsoft 365 mode, through the Graph simulation', () => {
  let sim: GraphSimulation;
  let t: TestApp;
  let aliceRef: string;

  beforeAll(async () => {
    ({ sim, app: t } = await startSimulatedTenant({
      env: { ORGANISATION_NAME: 'Fallowmere County Council' },
      app: { documentWork: { pollIntervalMs: 25 } },
    }));
    aliceRef = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  const upload = async (name: string, bytes: Buffer, who: 'alice' | 'bob' = 'alice', ref = aliceRef) => {
    const response = await fetch(`${t.url}/api/cases/${ref}/documents`, {
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

    const memberFolder = `/Member casework/${PEOPLE.alice.displayName} (${PEOPLE.alice.oid})`;
    const caseFolder = sim.state
      .items(LIBRARY)
      .find((item) => item.path.startsWith(`${memberFolder}/${aliceRef} - `) && item.kind === 'folder');
    expect(caseFolder).toBeDefined();
    const files = sim.state.listPath(LIBRARY, caseFolder!.path).filter((item) => item.kind === 'file');
    expect(files.map((f) => f.name)).toEqual(['Site visit- notes.pdf']);
    expect(createHash('sha256').update(sim.state.fileContent(LIBRARY, files[0]!.id)).digest('hex')).toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );

    // The member's folder is shared with the member and the support officers' group, nobody else: after the
    // filing, in the background.
    const member = sim.state.item(LIBRARY, memberFolder)!;
    for (let i = 0; i < 200 && sim.state.grants(LIBRARY, member.id).length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const grantees = sim.state
      .grants(LIBRARY, member.id)
      .map((g) => JSON.stringify(g))
      .join('\n');
    expect(grantees).toContain(PEOPLE.alice.oid);
    expect(grantees).toContain(SUPPORT_GROUP.id);
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

  describe('a filing a stopped instance left part-way in SharePoint', () => {
    /**
     * What an instance killed after its upload reached SharePoint leaves: the file in the case folder, and its
     * filing pending in the journal with a lease that has run out. Its spool file was on that instance.
     */
    const leftBy = async (name: string, bytes: Buffer, recordedFileId: boolean) => {
      const ref = (await t.call('alice', 'POST', '/api/cases', aCase({ title: `Left part-way ${name}` })))
        .body.ref;
      // The case folder exists (its first document made it), as it would for the stopped instance.
      await upload('Cover note.pdf', pdfWithText(`Cover note ${name}`), 'alice', ref);
      const { rows } = await t.app.db.query<{ id: string; folder_path: string }>(
        `SELECT c.id, f.folder_path FROM cases c JOIN case_folders f ON f.case_id = c.id WHERE c.ref = $1`,
        [ref],
      );
      const [row] = rows;
      const landed = sim.state.seedFile(LIBRARY, `/${row!.folder_path}/${name}`, bytes);
      await t.app.db.query(
        `INSERT INTO document_filings (id, case_id, case_ref, actor_id, name, content_type, kind, source, size,
                                       sha256, store_file_id, attempts, lease_until, lease_token)
         VALUES (gen_random_uuid(), $1, $2, 'p-alice', $3, 'application/pdf', 'file',
                 jsonb_build_object('kind', 'spool', 'path', '/elsewhere/upload-gone'), $4, $5, $6, 1,
                 now() - interval '1 minute', gen_random_uuid())`,
        [
          row!.id,
          ref,
          name,
          bytes.length,
          createHash('sha256').update(bytes).digest('hex'),
          recordedFileId ? landed.id : null,
        ],
      );
      return ref;
    };
    const listedNames = async (ref: string) =>
      ((await t.call('alice', 'GET', `/api/cases/${ref}/documents`)).body.items as any[])
        .map((d) => d.name)
        .sort();
    const waitForListed = async (ref: string, count: number) => {
      // Up to 30 s, so a loaded machine waits rather than fails; a document never listed fails the test.
      const giveUpAt = Date.now() + 30_000;
      while ((await listedNames(ref)).length < count && Date.now() < giveUpAt)
        await new Promise((r) => setTimeout(r, 10));
      return listedNames(ref);
    };

    it.each([
      ['whose file id was recorded', true],
      ['found by its content (it stopped before recording the file id)', false],
    ])('lists the file once, %s', async (_how, recorded) => {
      const bytes = pdfWithText(`Landed before the crash ${String(recorded)}`);
      const ref = await leftBy('Landed.pdf', bytes, recorded);
      expect(await waitForListed(ref, 2)).toEqual(['Cover note.pdf', 'Landed.pdf']);
      const named = sim.state
        .items(LIBRARY)
        .filter((i) => i.path.includes(ref) && i.name.startsWith('Landed'));
      expect(named).toHaveLength(1);
      const { rows } = await t.app.db.query<{ status: string }>(
        `SELECT status FROM document_filings WHERE case_ref = $1 AND name = 'Landed.pdf'`,
        [ref],
      );
      expect(rows.map((r) => r.status)).toEqual(['done']);
    });

    it('gives up, leaving nothing, a filing whose file never reached SharePoint and whose bytes are gone', async () => {
      const ref = (await t.call('alice', 'POST', '/api/cases', aCase({ title: 'Never landed' }))).body.ref;
      await upload('Cover note.pdf', pdfWithText('Cover note never landed'), 'alice', ref);
      const { rows } = await t.app.db.query<{ id: string }>(`SELECT id FROM cases WHERE ref = $1`, [ref]);
      const bytes = pdfWithText('Never landed');
      await t.app.db.query(
        `INSERT INTO document_filings (id, case_id, case_ref, actor_id, name, content_type, kind, source, size,
                                       sha256, attempts, lease_until, lease_token)
         VALUES (gen_random_uuid(), $1, $2, 'p-alice', 'Never.pdf', 'application/pdf', 'file',
                 jsonb_build_object('kind', 'spool', 'path', '/elsewhere/upload-gone'), $3, $4, 1,
                 now() - interval '1 minute', gen_random_uuid())`,
        [rows[0]!.id, ref, bytes.length, createHash('sha256').update(bytes).digest('hex')],
      );
      for (let i = 0; i < 400; i++) {
        const { rows: left } = await t.app.db.query<{ status: string }>(
          `SELECT status FROM document_filings WHERE case_ref = $1 AND name = 'Never.pdf'`,
          [ref],
        );
        if (left[0]?.status !== 'pending') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const { rows: ended } = await t.app.db.query<{ status: string; last_error: string }>(
        `SELECT status, last_error FROM document_filings WHERE case_ref = $1 AND name = 'Never.pdf'`,
        [ref],
      );
      expect(ended).toEqual([{ status: 'failed', last_error: 'content-gone' }]);
      expect(await listedNames(ref)).toEqual(['Cover note.pdf']);
    });
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
