import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDocumentStore } from '../src/adapters/local-files/local-document-store';
import type { PostgresDirectory } from '../src/adapters/postgres';
import {
  openPglite,
  PostgresAuditLog,
  PostgresCaseStore,
  PostgresDocumentIndex,
  PostgresFilingJournal,
  PostgresFolderShares,
} from '../src/adapters/postgres';
import { makeFilingSources } from '../src/app/filing-sources';
import { makeFolderSharing, type FolderSharing } from '../src/app/folder-sharing';
import { createTextExtractor } from '../src/adapters/text';
import type { Actor } from '../src/app/actor';
import { makeCasework, type RaiseCaseRequest } from '../src/app/casework';
import { contentFromBuffer, DocumentStoreError } from '../src/app/document-store';
import { makeDocuments, type Documents, type DocumentsDeps } from '../src/app/documents';
import type { MailSummary, Mailbox } from '../src/app/mailbox';
import type { Clock, Database } from '../src/app/ports';
import type { TextExtractor } from '../src/app/text-extractor';
import { memberFolderSegments, retainedDeletedSegments } from '../src/domain/document-names';
import { MailboxUnavailableError, NotFoundError, TooLargeError } from '../src/domain/errors';
import { createSlaClock } from '../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla-policy';
import { emailMessage } from './support/documents-fixtures';
import { PEOPLE, prepareTestDatabase, type Who, testCaseCategories } from './support/test-app';

/**
 * The documents use case on its real collaborators (PGlite, the local document store in a temporary folder,
 * the text extractor), for what the HTTP tests cannot reach: folder sharing, the mailbox (a stand-in for
 * Graph, which is outside this service), extraction failing, and a removal interrupted half-way.
 */

const SUPPORT_GROUP = { kind: 'group', objectId: '99999999-0000-4000-8000-0000000000aa' } as const;

/** A mailbox holding one message, as Graph would hand it over. */
class OneMessageMailbox implements Mailbox {
  readonly assertions: string[] = [];
  constructor(private readonly message: Buffer) {}
  recent(who: { userAssertion: string }): Promise<MailSummary[]> {
    this.assertions.push(who.userAssertion);
    return Promise.resolve([
      {
        id: 'AAMk-1',
        subject: 'Flooding on Quillfeather Lane',
        from: 'Pat Resident <pat@resident.example>',
        receivedAt: '2026-03-03T09:15:00Z',
        preview: 'The drain by the marmalade works',
        hasAttachments: true,
      },
    ]);
  }
  mime(who: { userAssertion: string }, messageId: string): Promise<Buffer> {
    this.assertions.push(who.userAssertion);
    if (messageId !== 'AAMk-1')
      return Promise.reject(
        new DocumentStoreError('not-found', 'Graph read message answered 404', { status: 404 }),
      );
    return Promise.resolve(this.message);
  }
}

describe('the documents use case', () => {
  let db: Database;
  let directory: PostgresDirectory;
  let dir: string;
  let store: LocalDocumentStore;
  let documents: Documents;
  let shares: PostgresFolderShares;
  let sharing: FolderSharing;
  let aliceRef: string;
  let mpRef: string;
  const mailbox = new OneMessageMailbox(emailMessage());
  const clock: Clock = { now: () => new Date('2026-03-04T10:00:00.000Z') };
  const actor = (who: Who): Actor => ({ person: PEOPLE[who], requestId: `test-${who}` });

  const make = (overrides: Partial<DocumentsDeps> = {}): Documents =>
    makeDocuments({
      cases: new PostgresCaseStore(db, { clock }),
      index: new PostgresDocumentIndex(db),
      store,
      directory,
      audit: new PostgresAuditLog(db),
      clock,
      extractText: createTextExtractor(),
      mailbox,
      journal: new PostgresFilingJournal(db),
      sources: makeFilingSources({ spoolDir: join(dir, 'tmp') }),
      sharing,
      ...overrides,
    });
  /** The background work's part for shares: claims what is wanted and makes it. */
  const shareNow = async () => {
    for (const claimed of await shares.claim({ limit: 10, leaseMs: 60_000 })) await sharing.run(claimed);
  };

  beforeAll(async () => {
    db = await openPglite({});
    directory = await prepareTestDatabase(db);
    dir = mkdtempSync(join(tmpdir(), 'mh-documents-'));
    store = new LocalDocumentStore({ rootDir: join(dir, 'documents') });
    shares = new PostgresFolderShares(db);
    sharing = makeFolderSharing({
      shares,
      store,
      directory,
      audit: new PostgresAuditLog(db),
      clock,
      options: { enabled: true, supportGroup: SUPPORT_GROUP },
    });
    documents = make();
    const casework = makeCasework({
      categories: testCaseCategories(db, clock),
      cases: new PostgresCaseStore(db, { clock }),
      audit: new PostgresAuditLog(db),
      directory,
      clock,
      sla: createSlaClock(DEFAULT_SLA_POLICY),
    });
    const request: RaiseCaseRequest = {
      kind: 'member-enquiry',
      origin: 'councillor',
      constituent: { name: 'Pat Resident', address: '1 Elm Road', postcode: 'WQ1 2AB', consentToShare: true },
      wardId: 'ward-north',
      category: 'Drainage',
      title: 'Blocked drain on Elm Road',
      description: 'Water pools across the footway.',
    };
    aliceRef = (await casework.raise(actor('alice'), request)).ref;
    mpRef = (
      await casework.raise(actor('sue'), {
        ...request,
        origin: 'mp',
        mpName: 'A. Member MP',
        title: 'MP letter',
      })
    ).ref;
  }, 120_000);
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares a member\u2019s folder with the member and the support officers\u2019 group, and no one else', async () => {
    await documents.upload(actor('alice'), aliceRef, {
      name: 'note.txt',
      contentType: 'text/plain',
      content: contentFromBuffer(Buffer.from('first note')),
    });
    await shareNow();
    const memberFolder = await store.ensureFolder(
      memberFolderSegments({ id: PEOPLE.alice.id, name: PEOPLE.alice.displayName }),
    );
    const grants = await store.grants(memberFolder.id);
    expect(grants).toEqual(
      expect.arrayContaining([
        { grantee: expect.objectContaining({ kind: 'user', objectId: PEOPLE.alice.oid }), role: 'write' },
        { grantee: expect.objectContaining(SUPPORT_GROUP), role: 'write' },
      ]),
    );
    expect(grants).toHaveLength(2);
  });

  it('files an MP\u2019s enquiry under "MP enquiries", shared with the support officers only', async () => {
    const filed = await documents.upload(actor('sue'), mpRef, {
      name: 'letter.txt',
      contentType: 'text/plain',
      content: contentFromBuffer(Buffer.from('Dear Councillor')),
    });
    expect(filed.created).toBe(true);
    await shareNow();
    const folder = await store.ensureFolder(memberFolderSegments(null));
    expect(folder.path).toBe('Member casework/MP enquiries');
    expect(await store.grants(folder.id)).toEqual([
      { grantee: expect.objectContaining(SUPPORT_GROUP), role: 'write' },
    ]);
  });

  it('lists the person\u2019s recent mail and files a message as an .eml named by its date and subject', async () => {
    const { items } = await documents.mailboxMessages(actor('alice'), 'token-of-alice');
    expect(items.map((m) => m.id)).toEqual(['AAMk-1']);
    const filed = await documents.fileFromMailbox(actor('alice'), aliceRef, 'AAMk-1', 'token-of-alice');
    expect(filed.created).toBe(true);
    expect(filed.document).toMatchObject({
      name: '2026-03-03 Flooding on Quillfeather Lane.eml',
      kind: 'email',
      contentType: 'message/rfc822',
      email: { subject: 'Flooding on Quillfeather Lane', attachments: 1 },
    });
    // Only the person's own token opened their mailbox.
    expect(new Set(mailbox.assertions)).toEqual(new Set(['token-of-alice']));
    const again = await documents.fileFromMailbox(actor('alice'), aliceRef, 'AAMk-1', 'token-of-alice');
    expect(again).toMatchObject({ created: false, document: { id: filed.document.id } });
    await expect(
      documents.fileFromMailbox(actor('alice'), aliceRef, 'AAMk-2', 'token-of-alice'),
    ).rejects.toThrow(new NotFoundError('message'));
    // Someone who may not file into the case is refused before the mailbox is read.
    const before = mailbox.assertions.length;
    await expect(documents.fileFromMailbox(actor('bob'), aliceRef, 'AAMk-1', 'token-of-bob')).rejects.toThrow(
      NotFoundError,
    );
    expect(mailbox.assertions).toHaveLength(before);
  });

  it('answers that there is no mailbox when none is set up', async () => {
    const local = make({ mailbox: undefined });
    expect(local.hasMailbox).toBe(false);
    await expect(local.mailboxMessages(actor('alice'), 'token')).rejects.toThrow(MailboxUnavailableError);
    await expect(local.fileFromMailbox(actor('alice'), aliceRef, 'AAMk-1', 'token')).rejects.toThrow(
      MailboxUnavailableError,
    );
  });

  it('stores a document whose text could not be extracted', async () => {
    const failing: TextExtractor = { extract: () => Promise.reject(new Error('extractor fault')) };
    const filed = await make({ extractText: failing }).upload(actor('alice'), aliceRef, {
      name: 'unreadable.txt',
      contentType: 'text/plain',
      content: contentFromBuffer(Buffer.from('words nobody will find')),
    });
    expect(filed.created).toBe(true);
    const { rows } = await db.query<{ text: string | null }>(`SELECT text FROM documents WHERE id = $1`, [
      filed.document.id,
    ]);
    expect(rows[0]?.text).toBeNull();
  });

  it('refuses content over the limit before storing anything', async () => {
    const small = make({ maxBytes: 10 });
    await expect(
      small.upload(actor('alice'), aliceRef, {
        name: 'big.txt',
        contentType: 'text/plain',
        content: contentFromBuffer(Buffer.alloc(11, 0x61)),
      }),
    ).rejects.toThrow(TooLargeError);
  });

  it('finishes a removal that moved the file but stopped before recording it', async () => {
    const filed = await documents.upload(actor('alice'), aliceRef, {
      name: 'half-removed.txt',
      contentType: 'text/plain',
      content: contentFromBuffer(Buffer.from('moved, not yet recorded')),
    });
    const { rows } = await db.query<{ store_file_id: string; folder_id: string }>(
      `SELECT d.store_file_id, f.folder_id FROM documents d JOIN case_folders f ON f.case_id = d.case_id
        WHERE d.id = $1`,
      [filed.document.id],
    );
    const row = rows[0]!;
    const caseFolder = await store.folder(row.folder_id);
    const retained = await store.ensureFolder(retainedDeletedSegments(caseFolder!.path.split('/')));
    const moved = await store.moveFile(row.store_file_id, retained.id);

    const removed = await documents.remove(actor('sue'), filed.document.id);
    expect(removed.id).toBe(filed.document.id);
    const after = await db.query<{ retained_file_id: string; removed_by: string }>(
      `SELECT retained_file_id, removed_by FROM documents WHERE id = $1`,
      [filed.document.id],
    );
    expect(after.rows[0]).toEqual({ retained_file_id: moved.id, removed_by: PEOPLE.sue.id });
  });
});
