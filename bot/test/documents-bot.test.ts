import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter, type ConversationReference } from 'botbuilder';
import { LocalDocumentStore } from '../src/adapters/local-files/local-document-store';
import {
  openPglite,
  PostgresAuditLog,
  PostgresCaseRecordStore,
  PostgresCaseStore,
  PostgresDocumentIndex,
  PostgresFilingJournal,
} from '../src/adapters/postgres';
import { createTextExtractor } from '../src/adapters/text';
import type { Actor } from '../src/app/actor';
import { makeCaseFiling, messageRecord } from '../src/app/case-filing';
import { makeCaseRecord } from '../src/app/case-record';
import { makeCasework, type Casework } from '../src/app/casework';
import { makeDocuments, type Documents } from '../src/app/documents';
import { makeFilingSources } from '../src/app/filing-sources';
import type { Clock, Database } from '../src/app/ports';
import { isAllowedAttachmentUrl, makeAttachmentDownloader } from '../src/bot/attachment-download';
import { createMembersHubBot, type MembersHubBot } from '../src/bot/members-hub-bot';
import { TEAMS_FILE_DOWNLOAD_INFO } from '../src/bot/teams-message';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { createLogger } from '../src/logger';
import { aRequest } from './support/bot-harness';
import { pdfWithText } from './support/documents-fixtures';
import { PEOPLE, prepareTestDatabase, type Who, testCaseCategories } from './support/test-app';

/**
 * "File to case" with case documents: the message is stored as a `.json` record in the case's folder, with
 * the files attached to it (fetched from a loopback server standing in for SharePoint), through botbuilder's
 * TestAdapter on the real use cases, PGlite and the local document store.
 */
describe('"File to case" stores the message and its attachments among the case\u2019s documents', () => {
  let db: Database;
  let dir: string;
  let files: Server;
  let filesUrl: string;
  let casework: Casework;
  let documents: Documents;
  let bot: MembersHubBot;
  let ref: string;
  let bobsRef: string;
  let filingDeps: Omit<Parameters<typeof makeCaseFiling>[0], 'documents'>;
  let documentDeps: Parameters<typeof makeDocuments>[0];
  let journal: PostgresFilingJournal;
  const attachment = pdfWithText('Contractor method statement');
  const requests: string[] = [];
  const clock: Clock = { now: () => new Date('2026-03-13T12:00:00.000Z') };
  const actor = (who: Who): Actor => ({ person: PEOPLE[who], requestId: `test-${who}` });

  const payload = () => ({
    id: '1741866000000',
    createdDateTime: '2026-03-13T11:40:00.000Z',
    linkToMessage: 'https://teams.microsoft.com/l/message/19:abc@thread.v2/1741866000000',
    from: { user: { id: '29:resident-officer', displayName: 'Jo Officer' } },
    body: { contentType: 'html', content: '<p>Method statement attached; works start <b>Tuesday</b>.</p>' },
    attachments: [
      {
        id: 'att-1',
        contentType: TEAMS_FILE_DOWNLOAD_INFO,
        contentUrl: 'https://council.sharepoint.com/sites/highways/Shared%20Documents/method.pdf',
        name: 'Method statement.pdf',
        // A new short-lived URL each time Teams hands the message over.
        content: { downloadUrl: `${filesUrl}/download/method.pdf?token=${requests.length}`, fileType: 'pdf' },
      },
      {
        id: 'att-2',
        contentType: 'reference',
        contentUrl: 'https://council.sharepoint.com/sites/highways/Shared%20Documents/plan.dwg',
        name: 'Site plan.dwg',
      },
    ],
  });

  const submit = async (who: Who, caseRef: string) => {
    const reference = {
      channelId: 'msteams',
      serviceUrl: 'https://smba.test.example/uk/',
      conversation: { id: `a:personal-${who}`, conversationType: 'personal', tenantId: 't', name: '' },
      user: { id: `29:${who}`, aadObjectId: PEOPLE[who].oid, name: PEOPLE[who].displayName },
      bot: { id: '28:members-hub', name: 'Members\u2019 Hub' },
    } as unknown as ConversationReference;
    const adapter = new TestAdapter(reference);
    await adapter.processActivity(
      {
        type: 'invoke',
        name: 'composeExtension/submitAction',
        value: {
          commandId: 'fileToCase',
          commandContext: 'message',
          messagePayload: payload(),
          data: { caseRef },
        },
      },
      (context) => bot.run(context),
    );
    const response = adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse');
    return (response?.value as { body: { task: { value: string } } }).body.task.value;
  };

  beforeAll(async () => {
    files = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url?.startsWith('/download/method.pdf')) {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': attachment.length,
        });
        res.end(attachment);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

    db = await openPglite({});
    const directory = await prepareTestDatabase(db);
    dir = mkdtempSync(join(tmpdir(), 'mh-bot-documents-'));
    const cases = new PostgresCaseStore(db, { clock });
    const audit = new PostgresAuditLog(db);
    const sla = createSlaClock(DEFAULT_SLA_POLICY);
    casework = makeCasework({
      categories: testCaseCategories(db, clock),
      cases,
      audit,
      directory,
      clock,
      sla,
    });
    filingDeps = { cases, audit, clock, sla };
    journal = new PostgresFilingJournal(db);
    documentDeps = {
      cases,
      index: new PostgresDocumentIndex(db),
      store: new LocalDocumentStore({ rootDir: join(dir, 'documents') }),
      directory,
      audit,
      clock,
      extractText: createTextExtractor(),
      journal,
      sources: makeFilingSources({
        spoolDir: join(dir, 'tmp'),
        download: makeAttachmentDownloader({ allowLoopbackHttp: true }),
      }),
    };
    documents = makeDocuments(documentDeps);
    const logger = createLogger('silent');
    bot = createMembersHubBot({
      casework,
      caseRecord: makeCaseRecord({ cases, record: new PostgresCaseRecordStore(db), audit, clock }),
      categories: testCaseCategories(db, clock),
      caseFiling: makeCaseFiling({
        cases,
        audit,
        clock,
        sla,
        documents: { filing: documents, journal, downloads: true },
        logger,
      }),
      directory,
      logger,
      clock,
      publicUrl: 'https://hub.test.example',
    });
    ref = (await casework.raise(actor('alice'), aRequest())).ref;
    bobsRef = (
      await casework.raise(actor('bob'), aRequest({ wardId: 'ward-south', title: 'Bob\u2019s case' }))
    ).ref;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await new Promise<void>((ok) => files.close(() => ok()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the message as a .json record and the attachment beside it, listing the one it cannot fetch', async () => {
    const reply = await submit('alice', ref);
    expect(reply).toBe(
      `Filed into ${ref}. You will find it on the case\u2019s timeline, and the message and its attachment in its documents.`,
    );
    const { items } = await documents.list(actor('alice'), ref);
    expect(items.map((d) => [d.name, d.kind])).toEqual(
      expect.arrayContaining([
        ['2026-03-13 Jo Officer message.json', 'message'],
        ['Method statement.pdf', 'file'],
      ]),
    );
    expect(items).toHaveLength(2);

    const record = items.find((d) => d.kind === 'message')!;
    const opened = await documents.open(actor('alice'), record.id);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(json).toEqual({
      type: 'teams-message',
      messageId: '1741866000000',
      sender: 'Jo Officer',
      sentAt: '2026-03-13T11:40:00.000Z',
      link: 'https://teams.microsoft.com/l/message/19:abc@thread.v2/1741866000000',
      text: 'Method statement attached; works start Tuesday.',
      html: '<p>Method statement attached; works start <b>Tuesday</b>.</p>',
      attachments: [
        {
          name: 'Method statement.pdf',
          contentType: 'application/pdf',
          link: 'https://council.sharepoint.com/sites/highways/Shared%20Documents/method.pdf',
          downloadable: true,
        },
        {
          name: 'Site plan.dwg',
          contentType: 'application/octet-stream',
          link: 'https://council.sharepoint.com/sites/highways/Shared%20Documents/plan.dwg',
          downloadable: false,
          // A file shared from SharePoint (a reference): linked, since the bot's own dialog has no user token.
          shared: true,
        },
      ],
    });
    // The download URL grants access by itself: it is never kept.
    expect(JSON.stringify(json)).not.toContain('token=');

    const pdf = items.find((d) => d.kind === 'file')!;
    expect(pdf).toMatchObject({ contentType: 'application/pdf', preview: 'pdf', size: attachment.length });
    // Both are searchable: the message's words and the attachment's text layer.
    const found = await documents.search(actor('alice'), 'method statement', 10);
    expect(found.items.map((i) => i.document.id).sort()).toEqual([pdf.id, record.id].sort());
    const timeline = await casework.timeline(actor('alice'), ref);
    // The message is one entry in the History; the attachment it brought is a document added, and the
    // message's own record (which the entry already is) is not listed again.
    expect(timeline.slice(-2).map((e) => [e.type, e.data.attachments ?? e.data.name])).toEqual([
      ['message-filed', ['Method statement.pdf', 'Site plan.dwg']],
      ['document-added', 'Method statement.pdf'],
    ]);
  });

  it('does not copy the message or its attachment when the same message is filed again', async () => {
    const reply = await submit('alice', ref);
    expect(reply).toBe(
      `Filed into ${ref}. You will find it on the case\u2019s timeline, and the message and its attachment in its documents.`,
    );
    expect((await documents.list(actor('alice'), ref)).items).toHaveLength(2);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM documents`);
    expect(rows[0]?.n).toBe(2);
  });

  it('stores nothing and fetches nothing for a case the person may not file into', async () => {
    const before = requests.length;
    const reply = await submit('alice', bobsRef);
    expect(reply).toMatch(/Nothing was filed\.$/);
    expect(requests).toHaveLength(before);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.ref = $1`,
      [bobsRef],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('gives the same record for the same message, whenever and by whomever it is filed', () => {
    const message = { text: 'Hi', senderName: 'Jo', sentAt: '2026-03-13T11:40:00.000Z', messageId: '1' };
    expect(messageRecord(message).equals(messageRecord({ ...message }))).toBe(true);
  });

  it('fetches attachments only over https from SharePoint, and from loopback only when allowed', () => {
    expect(isAllowedAttachmentUrl('https://council.sharepoint.com/x')).toBe(true);
    expect(isAllowedAttachmentUrl('https://council-my.sharepoint.com/personal/x')).toBe(true);
    expect(isAllowedAttachmentUrl('http://council.sharepoint.com/x')).toBe(false);
    expect(isAllowedAttachmentUrl('https://evil.example/x')).toBe(false);
    expect(isAllowedAttachmentUrl('https://sharepoint.com.evil.example/x')).toBe(false);
    expect(isAllowedAttachmentUrl('https://user:pw@council.sharepoint.com/x')).toBe(false);
    expect(isAllowedAttachmentUrl('http://127.0.0.1:8080/x')).toBe(false);
    expect(isAllowedAttachmentUrl('http://127.0.0.1:8080/x', { allowLoopbackHttp: true })).toBe(true);
    expect(isAllowedAttachmentUrl('http://10.0.0.1/x', { allowLoopbackHttp: true })).toBe(false);
    expect(isAllowedAttachmentUrl('file:///etc/passwd', { allowLoopbackHttp: true })).toBe(false);
  });

  it('refuses an attachment larger than the limit, and one redirected off the allowed hosts', async () => {
    const download = makeAttachmentDownloader({ allowLoopbackHttp: true });
    await expect(download(`${filesUrl}/download/method.pdf`, 10)).rejects.toMatchObject({
      reason: 'too-large',
    });
    const redirecting = createServer((_req, res) => {
      res.writeHead(302, { location: 'https://evil.example/steal' });
      res.end();
    });
    await new Promise<void>((ok) => redirecting.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/x`;
      await expect(download(url, 1000)).rejects.toMatchObject({ reason: 'not-allowed' });
    } finally {
      await new Promise<void>((ok) => redirecting.close(() => ok()));
    }
  });
  it('answers within its time budget while slow attachments are still being stored, and stores them after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowDocuments = makeDocuments({
      ...documentDeps,
      sources: makeFilingSources({
        spoolDir: join(dir, 'tmp'),
        // An attachment that takes as long as the test says: far beyond the budget.
        download: async () => {
          await gate;
          return { content: Buffer.from('slow attachment bytes'), contentType: 'text/plain' };
        },
      }),
    });
    const slowFiling = makeCaseFiling({
      ...filingDeps,
      documents: { filing: slowDocuments, journal, downloads: true },
      documentsBudgetMs: 50,
    });
    const own = (await casework.raise(actor('alice'), aRequest({ title: 'Slow attachments' }))).ref;
    const filed = await slowFiling.fileMessage(actor('alice'), own, {
      text: 'Photos of the flooding attached.',
      senderName: 'Cllr Alice Test',
      attachments: [
        { name: 'Flooding.txt', contentType: 'text/plain', downloadUrl: 'https://council.sharepoint.com/x' },
      ],
    });
    expect(filed.view.ref).toBe(own);
    expect(filed.documents?.record).toBe('in-progress');
    release();
    // The work carries on after the answer: the record and the attachment arrive.
    for (let tries = 0; tries < 100; tries += 1) {
      if ((await documents.list(actor('alice'), own)).items.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const names = (await documents.list(actor('alice'), own)).items.map((d) => d.name).sort();
    expect(names).toHaveLength(2);
    expect(names).toContain('Flooding.txt');
  });
});
