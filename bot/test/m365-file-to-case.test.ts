import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE, TEST_M365, aCase, type TestApp } from './support/test-app';
import { pdfWithText } from './support/documents-fixtures';
import { assertAllConform } from './support/graph-schema';
import { startSimulatedTenant, type SimulatedTenant } from './support/simulated-tenant';

/**
 * "File to case" on a Teams message carrying files shared from OneDrive (issue 12, item 4), through the whole
 * service in Microsoft 365 mode: the message extension's invoke as Teams sends it (signed by the stand-in
 * channel), the tab's dialog API with the person's Teams SSO token, and Graph's `/shares` through the
 * simulated tenant with the person's delegated permission (on-behalf-of). In a tenant such attachments arrive
 * as `contentType: reference` with a SharePoint `contentUrl` and nothing to download.
 */

const SUE_ONEDRIVE = {
  id: 'hub-my.sharepoint.com,onedrive-sue,web-sue',
  hostname: 'hub-my.sharepoint.com',
  path: '/personal/sue_hub_test_example',
  drives: [
    {
      id: 'b!onedrive-sue',
      libraryPath: 'Documents',
      // Sue's OneDrive: Sue may open everything in it; others what she shared with them.
      readers: [PEOPLE.sue.oid],
    },
  ],
};
const CHAT_FILES =
  'https://hub-my.sharepoint.com/personal/sue_hub_test_example/Documents/Microsoft Teams Chat Files';
const MINUTES = pdfWithText('Minutes of the drainage meeting');
/** The service's DOCUMENT_MAX_BYTES here: ample for the minutes, too small for the survey below. */
const MAX_BYTES = 100_000;

describe('File to case on a message with files shared from OneDrive, in Microsoft 365 mode', () => {
  let tenant: SimulatedTenant;
  let t: TestApp;
  let ref: string;

  beforeAll(async () => {
    tenant = await startSimulatedTenant({
      extraSites: [SUE_ONEDRIVE],
      env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) },
      // A download that keeps breaking is retried with backoff before it is given up: milliseconds here.
      graphRetries: { backoffBaseMs: 10 },
    });
    t = tenant.app;
    tenant.sim.state.seedFile('b!onedrive-sue', '/Microsoft Teams Chat Files/Minutes.pdf', MINUTES);
    // Sharing a file in a chat shares it with the chat's members.
    tenant.sim.state.shareWith('b!onedrive-sue', '/Microsoft Teams Chat Files/Minutes.pdf', PEOPLE.alice.oid);
    // Shared with Alice too, for the faults below: too large, a folder, one whose download breaks.
    tenant.sim.state.seedFile(
      'b!onedrive-sue',
      '/Microsoft Teams Chat Files/Survey.tif',
      Buffer.alloc(MAX_BYTES + 1),
    );
    tenant.sim.state.seedFolder('b!onedrive-sue', '/Microsoft Teams Chat Files/Photos');
    tenant.sim.state.seedFile(
      'b!onedrive-sue',
      '/Microsoft Teams Chat Files/Notes.pdf',
      pdfWithText('Site notes'),
    );
    for (const shared of ['Survey.tif', 'Photos', 'Notes.pdf'])
      tenant.sim.state.shareWith('b!onedrive-sue', `/Microsoft Teams Chat Files/${shared}`, PEOPLE.alice.oid);
    // Sue never shared this one with Alice.
    tenant.sim.state.seedFile('b!onedrive-sue', '/Private/Appraisal.pdf', 'private');
    ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref as string;
  }, 60_000);
  afterAll(async () => tenant?.stop());

  /** An invoke of the message extension, as Teams sends it to the bot. */
  const invoke = async (name: string, value: unknown) => {
    const serviceUrl = 'https://smba.trafficmanager.net/uk/';
    const activity = {
      type: 'invoke',
      name,
      id: `invoke-${name}`,
      channelId: 'msteams',
      serviceUrl,
      from: { id: '29:alice', aadObjectId: PEOPLE.alice.oid, name: PEOPLE.alice.displayName },
      recipient: { id: `28:${TEST_M365.BOT_APP_ID}`, name: 'Members\u2019 Hub' },
      conversation: { id: '19:chat-with-sue', conversationType: 'groupChat', tenantId: tenant.sim.tenantId },
      channelData: { tenant: { id: tenant.sim.tenantId } },
      value,
    };
    const token = await tenant.channel.token({ appId: TEST_M365.BOT_APP_ID, serviceUrl });
    const response = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
    return await response.json();
  };

  const messagePayload = {
    id: '1712345678901',
    createdDateTime: '2026-03-04T09:15:00.000Z',
    body: { contentType: 'html', content: '<p>Here are the minutes, and my appraisal by mistake.</p>' },
    from: { user: { displayName: 'Sue Support' } },
    attachments: [
      {
        id: 'a1',
        contentType: 'reference',
        contentUrl: `${CHAT_FILES}/Minutes.pdf`,
        content: null,
        name: 'Minutes.pdf',
        thumbnailUrl: null,
      },
      {
        id: 'a2',
        contentType: 'reference',
        contentUrl:
          'https://hub-my.sharepoint.com/personal/sue_hub_test_example/Documents/Private/Appraisal.pdf',
        content: null,
        name: 'Appraisal.pdf',
        thumbnailUrl: null,
      },
    ],
  };

  let dialogId = '';

  it('opens the tab\u2019s dialog with the message waiting for Alice, and for no one else', async () => {
    const opened = await invoke('composeExtension/fetchTask', {
      commandId: 'fileToCase',
      commandContext: 'message',
      messagePayload,
    });
    const url = new URL(opened.task.value.url as string);
    expect(opened.task.type).toBe('continue');
    expect(url.pathname).toMatch(/^\/tab\/file-message\/[0-9a-f-]{36}$/);
    dialogId = url.pathname.split('/').pop() as string;

    const waiting = await t.call('alice', 'GET', `/api/message-filings/${dialogId}`);
    expect(waiting.status).toBe(200);
    expect(waiting.body.message).toMatchObject({
      senderName: 'Sue Support',
      text: 'Here are the minutes, and my appraisal by mistake.',
      attachments: [
        { name: 'Minutes.pdf', kind: 'shared' },
        { name: 'Appraisal.pdf', kind: 'shared' },
      ],
    });
    expect((await t.call('bob', 'GET', `/api/message-filings/${dialogId}`)).status).toBe(404);
    expect((await t.call('bob', 'POST', `/api/message-filings/${dialogId}`, { ref })).status).toBe(404);
  });

  it('copies the file Alice may open into the case folder with her permission, and links the one she may not', async () => {
    const filed = await t.call('alice', 'POST', `/api/message-filings/${dialogId}`, { ref });
    expect(filed.status).toBe(200);
    expect(filed.body.documents).toEqual({
      record: 'filed',
      attachments: { stored: 1, failed: 0, linked: 1 },
      notCopied: [{ name: 'Appraisal.pdf', reason: 'no-access' }],
    });
    const listed = await t.call('alice', 'GET', `/api/cases/${ref}/documents`);
    const names = (listed.body.items as { name: string }[]).map((d) => d.name).sort();
    expect(names).toEqual(['2026-03-04 Sue Support message.json', 'Minutes.pdf']);
    const caseFolder = tenant.sim.state
      .items(TEST_M365.GRAPH_DRIVE_ID)
      .find((i) => i.path.endsWith('/Minutes.pdf'));
    expect(caseFolder?.path).toMatch(new RegExp(`^/Member casework/.+/${ref} - `));
    expect(tenant.sim.state.fileContent(TEST_M365.GRAPH_DRIVE_ID, caseFolder?.id ?? '').equals(MINUTES)).toBe(
      true,
    );
    // The copy was made with Alice's delegated token, never the application's.
    const shares = tenant.sim.requests.filter((r) => r.path.startsWith('/v1.0/shares/'));
    expect(shares.length).toBeGreaterThan(0);
    const tokens = tenant.sim.state.tokens();
    for (const request of shares) {
      const jti = JSON.parse(
        Buffer.from((request.headers.authorization ?? '').split('.')[1] ?? '', 'base64url').toString(),
      ).jti as string;
      expect(tokens.find((tk) => tk.jti === jti)).toMatchObject({
        kind: 'user',
        oid: PEOPLE.alice.oid,
        scopes: ['Files.ReadWrite'],
      });
    }
  });

  it('answers in Teams when the dialog closes, saying which file was only linked and why', async () => {
    const closed = await invoke('composeExtension/submitAction', {
      commandId: 'fileToCase',
      commandContext: 'message',
      data: { messageFiling: dialogId },
    });
    expect(closed.task.type).toBe('message');
    expect(closed.task.value).toMatch(new RegExp(`^Filed into ${ref}`));
    expect(closed.task.value).toContain('Appraisal.pdf was not copied because you do not have access to it');
  });

  it('refuses to file into a case Alice may not see, as if it did not exist, copying nothing', async () => {
    const other = (await t.call('bob', 'POST', '/api/cases', aCase({ wardId: 'ward-south' }))).body
      .ref as string;
    const before = tenant.sim.requests.filter((r) => r.path.startsWith('/v1.0/shares/')).length;
    const refused = await t.call('alice', 'POST', `/api/message-filings/${dialogId}`, { ref: other });
    expect(refused.status).toBe(404);
    expect(tenant.sim.requests.filter((r) => r.path.startsWith('/v1.0/shares/')).length).toBe(before);
  });

  /** A reference attachment as Teams sends it for a file shared in a chat. */
  const shared = (name: string, contentUrl = `${CHAT_FILES}/${name}`) => ({
    id: name,
    contentType: 'reference',
    contentUrl,
    content: null,
    name,
    thumbnailUrl: null,
  });

  /** Opens the dialog for `attachments` and answers the waiting message's id. */
  const openDialog = async (attachments: unknown[]) => {
    const opened = await invoke('composeExtension/fetchTask', {
      commandId: 'fileToCase',
      commandContext: 'message',
      messagePayload: { ...messagePayload, id: `${Date.now()}`, attachments },
    });
    return new URL(opened.task.value.url as string).pathname.split('/').pop() as string;
  };

  const spooled = () => {
    const dir = join(t.dataDir, 'tmp');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('shared-')) : [];
  };

  const caseFiles = () =>
    tenant.sim.state
      .items(TEST_M365.GRAPH_DRIVE_ID)
      .filter((i) => i.path.includes(`/${ref} - `))
      .map((i) => i.path.split('/').pop());

  it('links, with the reason, a shared file that is gone, too large, a folder, or at an address Graph cannot resolve, and files nothing half-copied', async () => {
    const before = caseFiles();
    const id = await openDialog([
      shared('Gone.pdf'),
      shared('Survey.tif'),
      shared('Photos'),
      shared('Elsewhere.pdf', 'https://intranet.council.example/files/Elsewhere.pdf'),
      shared('Notes.pdf'),
    ]);
    const filed = await t.call('alice', 'POST', `/api/message-filings/${id}`, { ref });
    expect(filed.status).toBe(200);
    expect(filed.body.documents).toEqual({
      record: 'filed',
      attachments: { stored: 1, failed: 0, linked: 4 },
      notCopied: [
        { name: 'Gone.pdf', reason: 'not-found' },
        { name: 'Survey.tif', reason: 'too-large' },
        { name: 'Photos', reason: 'not-a-file' },
        { name: 'Elsewhere.pdf', reason: 'not-found' },
      ],
    });
    // The record and the one file copied; nothing of the others, in the case folder or left in the spool.
    const added = caseFiles().filter((name) => !before.includes(name));
    expect(added.sort()).toEqual(['2026-03-04 Sue Support message (2).json', 'Notes.pdf']);
    expect(spooled()).toEqual([]);
  });

  it('links a shared file whose download keeps breaking, leaving no partial copy, and the case gets it when filed again', async () => {
    const broken = tenant.sim.faults.inject({
      kind: 'drop',
      match: { target: 'download', path: /.*/ },
      times: Infinity,
    });
    const before = caseFiles();
    const id = await openDialog([shared('Minutes.pdf')]);
    const filed = await t.call('alice', 'POST', `/api/message-filings/${id}`, { ref });
    broken.cancel();
    expect(filed.status).toBe(200);
    expect(filed.body.documents.notCopied).toEqual([{ name: 'Minutes.pdf', reason: 'failed' }]);
    expect(caseFiles().filter((name) => !before.includes(name) && !name?.endsWith('.json'))).toEqual([]);
    expect(spooled()).toEqual([]);

    const again = await openDialog([shared('Minutes.pdf')]);
    const refiled = await t.call('alice', 'POST', `/api/message-filings/${again}`, { ref });
    // The same bytes are already in the case: stored once, never twice.
    expect(refiled.body.documents).toMatchObject({ attachments: { stored: 1, failed: 0, linked: 0 } });
    expect(caseFiles().filter((name) => name?.startsWith('Minutes'))).toEqual(['Minutes.pdf']);
  });

  it('issues only paths Graph v1.0 has', () => {
    assertAllConform([...tenant.sim.requests]);
    expect(tenant.sim.state.unexpectedErrors()).toEqual([]);
  });
});
