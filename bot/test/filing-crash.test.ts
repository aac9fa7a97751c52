import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../src/adapters/postgres';
import { LOCAL_TENANT_ID } from '../src/main';
import { largePdfWithText, pdfWithText, storedFilesUnder } from './support/documents-fixtures';
import { startServiceProcess, type LogLine, type ServiceProcess } from './support/service-process';
import { PEOPLE, aCase, prepareTestDatabase } from './support/test-app';

/**
 * Filing survives `kill -9` (issue 11, item 5), tried as the probe found it: the service as its own process on a
 * data directory of its own, killed at a chosen moment, started again on the same directory. After the restart
 * every document accepted is listed, once, and nothing is left half-done: no file in the case folder that the
 * list does not show, no spool file, no filing still pending.
 */

const TEAMS_FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

describe('filing after the service is killed part-way (kill -9, restart on the same data)', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;
  let files: ReturnType<typeof createServer>;
  let filesUrl: string;
  /** Answers for the attachment download, held back until the test lets it go. */
  const held: ServerResponse[] = [];
  let serveAttachment = false;
  const attachment = pdfWithText('Contractor method statement for the culvert');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mh-crash-'));
    // The people the tokens are for, in the database the service will open.
    const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
    await prepareTestDatabase(db);
    await db.close();
    files = createServer((_req, res) => {
      if (!serveAttachment) {
        held.push(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': attachment.length });
      res.end(attachment);
    });
    await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    for (const res of held) res.destroy();
    await new Promise<void>((ok) => files.close(() => ok()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    service = await startServiceProcess({ dataDir });
    return service;
  };
  const tokenFor = async (svc: ServiceProcess, who: keyof typeof PEOPLE) => {
    const res = await fetch(`${svc.url}/auth/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: PEOPLE[who].id }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const api = async (svc: ServiceProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(svc, 'alice')}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const upload = async (svc: ServiceProcess, ref: string, name: string, bytes: Buffer) =>
    fetch(`${svc.url}/api/cases/${ref}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor(svc, 'alice')}`,
        'content-type': 'application/pdf',
        'x-file-name': encodeURIComponent(name),
      },
      body: new Uint8Array(bytes),
    }).then(
      (res) => res.status,
      () => 0, // The service died under the request: no answer.
    );
  const listed = async (svc: ServiceProcess, ref: string) =>
    ((await api(svc, 'GET', `/api/cases/${ref}/documents`)).body.items as { name: string; size: number }[])
      .map((d) => d.name)
      .sort();
  /** Polls the case's documents until `count` are listed (the background work resumes after a restart). */
  const waitForListed = async (svc: ServiceProcess, ref: string, count: number) => {
    for (let i = 0; i < 300; i++) {
      if ((await listed(svc, ref)).length >= count) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return listed(svc, ref);
  };
  /** The files in the case's folder on disk. */
  const filesOnDisk = (ref: string): string[] =>
    storedFilesUnder(join(dataDir, 'documents'))
      .filter((p) => p.includes(`/${ref} - `))
      .map((p) => p.slice(p.lastIndexOf('/') + 1))
      .sort();
  const spoolFiles = () =>
    existsSync(join(dataDir, 'tmp'))
      ? readdirSync(join(dataDir, 'tmp')).filter((n) => n.startsWith('upload-'))
      : [];
  /** What the killed process left in the journal and the index (read from its database while it is down). */
  const leftBehind = async (ref: string) => {
    const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
    try {
      const filings = await db.query<{ status: string; store_file_id: string | null; name: string }>(
        `SELECT status, store_file_id, name FROM document_filings WHERE case_ref = $1 ORDER BY seq`,
        [ref],
      );
      const documents = await db.query<{ name: string }>(
        `SELECT d.name FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.ref = $1`,
        [ref],
      );
      return { filings: filings.rows, documents: documents.rows.map((d) => d.name) };
    } finally {
      await db.close();
    }
  };
  const logOf = (msg: string, ref: string) => (line: LogLine) => line.msg === msg && line.caseRef === ref;

  it('lists a document killed between landing in the case folder and being indexed, once, after a restart', async () => {
    let svc = await start();
    const ref = (await api(svc, 'POST', '/api/cases', aCase({ title: 'Killed while indexing' }))).body.ref;
    // Twelve megabytes of text layer: seconds of extraction between the store and the index.
    const pdf = largePdfWithText('The drain outside number twelve is blocked again', 12_000_000);
    const stored = svc.waitForLog(logOf('filing stored; indexing', ref));
    const answered = upload(svc, ref, 'Survey report.pdf', pdf);
    await stored;
    await svc.kill();
    expect(await answered).toBe(0);

    // The moment the probe found: the file is in the case folder, the index does not have it.
    expect(filesOnDisk(ref)).toEqual(['Survey report.pdf']);
    const before = await leftBehind(ref);
    expect(before.documents).toEqual([]);
    expect(before.filings).toEqual([
      { status: 'pending', store_file_id: expect.any(String), name: 'Survey report.pdf' },
    ]);

    svc = await start();
    expect(await waitForListed(svc, ref, 1)).toEqual(['Survey report.pdf']);
    const [doc] = (await api(svc, 'GET', `/api/cases/${ref}/documents`)).body.items;
    expect(doc.size).toBe(pdf.length);
    // Found by its text, as any filed PDF is.
    const found = await api(svc, 'GET', '/api/documents?q=drain%20twelve');
    expect(found.body.items.map((i: any) => i.document.id)).toContain(doc.id);
    // Once: the same bytes again are the same document, and the folder holds one file.
    expect(await upload(svc, ref, 'Survey report.pdf', pdf)).toBe(200);
    expect(filesOnDisk(ref)).toEqual(['Survey report.pdf']);
    expect(spoolFiles()).toEqual([]);
    await svc.stop();
    service = undefined;
    expect((await leftBehind(ref)).filings.map((f) => f.status)).toEqual(['done']);
  }, 120_000);

  it('completes an upload killed before it reached the store, and File to case\u2019s attachments, after a restart', async () => {
    let svc = await start();
    const uploadRef = (await api(svc, 'POST', '/api/cases', aCase({ title: 'Killed while storing' }))).body
      .ref;
    const messageRef = (await api(svc, 'POST', '/api/cases', aCase({ title: 'Killed while fetching' }))).body
      .ref;

    // File to case, on a message whose attachment takes longer to download than Teams waits for an answer.
    const invoke = await fetch(`${svc.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'composeExtension/submitAction',
        id: 'invoke-1',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/unused/',
        from: { id: '29:alice', aadObjectId: PEOPLE.alice.oid, name: PEOPLE.alice.displayName },
        recipient: { id: '28:members-hub', name: 'Members\u2019 Hub' },
        conversation: { id: 'a:alice', conversationType: 'personal', tenantId: LOCAL_TENANT_ID },
        channelData: { tenant: { id: LOCAL_TENANT_ID } },
        value: {
          commandId: 'fileToCase',
          commandContext: 'message',
          data: { caseRef: messageRef },
          messagePayload: {
            id: '1741866000000',
            createdDateTime: '2026-03-13T11:40:00.000Z',
            from: { user: { id: '29:jo', displayName: 'Jo Officer' } },
            body: { contentType: 'html', content: '<p>Method statement attached.</p>' },
            attachments: [
              {
                id: 'att-1',
                contentType: TEAMS_FILE_DOWNLOAD_INFO,
                name: 'Method statement.pdf',
                content: { downloadUrl: `${filesUrl}/download/method.pdf`, fileType: 'pdf' },
              },
            ],
          },
        },
      }),
    });
    const reply = (await invoke.json()) as { task: { value: string } };
    expect(reply.task.value).toMatch(/still being saved/);

    // An upload, killed as soon as its filing is recorded: before the store has the file.
    const pdf = pdfWithText('Letter from the highways team about the culvert');
    const begun = svc.waitForLog(logOf('filing begun', uploadRef));
    const answered = upload(svc, uploadRef, 'Highways letter.pdf', pdf);
    await begun;
    await svc.kill();
    expect(await answered).toBe(0);
    const before = await leftBehind(messageRef);
    expect(before.filings.map((f) => f.status)).toEqual(['done', 'pending']);
    expect(before.documents).toEqual(['2026-03-13 Jo Officer message.json']);

    // Teams' download URL answers again after the restart.
    serveAttachment = true;
    for (const res of held.splice(0)) res.destroy();
    svc = await start();
    expect(await waitForListed(svc, uploadRef, 1)).toEqual(['Highways letter.pdf']);
    expect(await waitForListed(svc, messageRef, 2)).toEqual([
      '2026-03-13 Jo Officer message.json',
      'Method statement.pdf',
    ]);
    const stored = (await api(svc, 'GET', `/api/cases/${messageRef}/documents`)).body.items.find(
      (d: any) => d.name === 'Method statement.pdf',
    );
    expect(stored.size).toBe(attachment.length);
    expect(filesOnDisk(uploadRef)).toEqual(['Highways letter.pdf']);
    expect(filesOnDisk(messageRef)).toEqual(['2026-03-13 Jo Officer message.json', 'Method statement.pdf']);
    expect(spoolFiles()).toEqual([]);
    // The stored attachment is the one Teams served, byte for byte.
    const download = await fetch(`${svc.url}/api/documents/${(stored as { id: string }).id}/content`, {
      headers: { authorization: `Bearer ${await tokenFor(svc, 'alice')}` },
    });
    expect(
      createHash('sha256')
        .update(Buffer.from(await download.arrayBuffer()))
        .digest('hex'),
    ).toBe(createHash('sha256').update(attachment).digest('hex'));
    await svc.stop();
    service = undefined;
    for (const ref of [uploadRef, messageRef])
      expect((await leftBehind(ref)).filings.map((f) => f.status)).toEqual(
        ref === uploadRef ? ['done'] : ['done', 'done'],
      );
  }, 120_000);
});
