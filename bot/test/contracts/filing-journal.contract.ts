import { createHash, randomUUID } from 'node:crypto';
import type { NewFiling } from '../../src/app/filing-journal';
import type { Clock, Database } from '../../src/app/ports';
import type { Case } from '../../src/domain/case';
import {
  migrate,
  PostgresCaseStore,
  PostgresDocumentIndex,
  PostgresFilingJournal,
  PostgresFolderShares,
} from '../../src/adapters/postgres';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';

const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };
const SETUP_TIMEOUT_MS = 120_000;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The filing journal and folder shares (migration 007) on a `Database`: filings held by leases and claimable
 * again once a holder's lease has run out, one filing of a content into a case at a time, finished only with
 * the document listed; shares wanted once, claimed, settled and retried. `open` returns a new, empty database;
 * `another`, when given, a second connection pool to the same database (a second instance of the service).
 */
export const describeFilingJournalContract = (
  name: string,
  open: () => Promise<Database>,
  another?: (db: Database) => Promise<Database>,
): void => {
  describe(`FilingJournal and FolderShares on ${name}`, () => {
    let db: Database;
    let journal: PostgresFilingJournal;
    let cases: PostgresCaseStore;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      journal = new PostgresFilingJournal(db);
      cases = new PostgresCaseStore(db, { clock });
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    beforeEach(() => db.query('TRUNCATE document_filings, folder_shares, documents, cases, case_events'));

    const create = async (): Promise<Case> => {
      const draft = newCase();
      return cases.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
    };
    const filing = (c: Case, content = 'letter', overrides: Partial<NewFiling> = {}): NewFiling => ({
      id: randomUUID(),
      caseId: c.id,
      caseRef: c.ref,
      actorId: 'p-alice',
      requestId: 'r-1',
      name: 'Letter.pdf',
      contentType: 'application/pdf',
      kind: 'file',
      source: { kind: 'spool', path: `/data/tmp/upload-${randomUUID()}` },
      size: content.length,
      sha256: sha(content),
      ...overrides,
    });

    it('holds a new filing until its lease runs out, then lets any instance claim it, counting attempts', async () => {
      const c = await create();
      const held = await journal.begin(filing(c), 40);
      expect(held).toMatchObject({ status: 'pending', attempts: 1, storeFileId: null });
      expect(await journal.claim({ limit: 10, leaseMs: 1000 })).toEqual([]);
      await pause(60);
      const [claimed] = await journal.claim({ limit: 10, leaseMs: 1000 });
      expect(claimed).toMatchObject({ id: held!.id, attempts: 2 });
      expect(claimed!.leaseToken).not.toBe(held!.leaseToken);
      // The first holder lost its lease: its renewal says so.
      expect(await journal.renew(held!, 1000)).toBe(false);
      expect(await journal.renew(claimed!, 1000)).toBe(true);
    });

    it('lets one filing of a content into a case be under way at a time', async () => {
      const c = await create();
      const first = await journal.begin(filing(c, 'same'), 60_000);
      expect(first).not.toBeNull();
      expect(await journal.begin(filing(c, 'same'), 60_000)).toBeNull();
      expect(await journal.pendingFor(c.id, sha('same'))).toMatchObject({ id: first!.id });
      // Another case, or other content, is not held up.
      expect(await journal.begin(filing(await create(), 'same'), 60_000)).not.toBeNull();
      const unknown = await journal.begin(filing(c, 'other', { size: null, sha256: null }), 60_000);
      // A download learns its content later: describing it as the one under way says to wait.
      expect(await journal.describe(unknown!, { size: 4, sha256: sha('same') })).toBe(false);
      expect(await journal.describe(unknown!, { size: 5, sha256: sha('other') })).toBe(true);
      await journal.fail(first!, 'test');
      expect(await journal.begin(filing(c, 'same'), 60_000)).not.toBeNull();
    });

    it('is finished only with its document listed, in one transaction', async () => {
      const c = await create();
      const held = (await journal.begin(filing(c), 60_000))!;
      await journal.stored(held, 'file-1');
      const index = new PostgresDocumentIndex(db);
      const listed = await index.insert(
        {
          id: held.id,
          caseId: c.id,
          storeFileId: 'file-1',
          name: 'Letter.pdf',
          contentType: 'application/pdf',
          size: 6,
          sha256: sha('letter'),
          kind: 'file',
          preview: 'none',
          email: null,
          text: null,
          uploadedBy: 'p-alice',
          uploadedAt: '2026-03-20T10:00:00.000Z',
        },
        () => auditEntry('document.upload', 'p-alice', '2026-03-20T10:00:00.000Z'),
        { filingId: held.id },
      );
      expect(await journal.get(held.id)).toMatchObject({
        status: 'done',
        documentId: listed.document.id,
        created: true,
        storeFileId: 'file-1',
        // Nothing of the source is kept once it is used (a download URL is a credential).
        source: { kind: 'spool', spent: true },
      });
      expect(await journal.claim({ limit: 10, leaseMs: 1 })).toEqual([]);
    });

    it('hands a filing back for later, forgetting its source when told to, and gives one up', async () => {
      const c = await create();
      const a = (await journal.begin(filing(c, 'a'), 60_000))!;
      const b = (await journal.begin(filing(c, 'b'), 60_000))!;
      expect(await journal.pendingSpoolPaths()).toEqual(new Set([a.source.path, b.source.path]));
      await journal.release(a, { delayMs: 0, error: 'throttled', dropSource: true });
      await journal.release(b, { delayMs: 60_000, error: 'throttled' });
      expect(await journal.pendingSpoolPaths()).toEqual(new Set([b.source.path]));
      const [again] = await journal.claim({ limit: 10, leaseMs: 60_000 });
      expect(again).toMatchObject({
        id: a.id,
        lastError: 'throttled',
        source: { kind: 'spool', spent: true },
      });
      await journal.fail(again!, 'content-gone');
      expect(await journal.get(a.id)).toMatchObject({ status: 'failed', lastError: 'content-gone' });
      // b waits its delay.
      expect(await journal.claim({ limit: 10, leaseMs: 60_000 })).toEqual([]);
    });

    it('claims only the filings asked for, and never the same one twice at once', async () => {
      const c = await create();
      const recorded: NewFiling[] = Array.from({ length: 12 }, (_, i) => filing(c, `content ${i}`));
      for (const f of recorded)
        await journal.release((await journal.begin(f, 60_000))!, { delayMs: 0, error: 'x' });
      const wanted = recorded.slice(0, 2).map((f) => f.id);
      expect(
        (await journal.claim({ limit: 5, leaseMs: 60_000, ids: wanted })).map((f) => f.id).sort(),
      ).toEqual([...wanted].sort());
      const second = another ? await another(db) : db;
      const journals = [
        journal,
        new PostgresFilingJournal(second),
        journal,
        new PostgresFilingJournal(second),
      ];
      const claims = await Promise.all(journals.map((j) => j.claim({ limit: 3, leaseMs: 60_000 })));
      const ids = claims.flat().map((f) => f.id);
      expect(ids).toHaveLength(10);
      expect(ids.sort()).toEqual(
        recorded
          .slice(2)
          .map((f) => f.id)
          .sort(),
      );
      if (second !== db) await second.close();
    });

    it('keeps the filings a message makes in their order, recorded with its timeline entry or not at all', async () => {
      const c = await create();
      const batchId = randomUUID();
      const made = ['record', 'photo', 'plan'].map((n) => filing(c, n, { batchId, name: n }));
      // The last one is refused by the database after the first two were written: nothing of the change stays.
      const broken = [...made.slice(0, 2), { ...made[2]!, kind: 'nonsense' as 'file' }];
      await expect(
        cases.change(c.ref, (current) => ({ next: current, events: [], audit: [], filings: broken })),
      ).rejects.toThrow();
      expect(await journal.batch(batchId)).toEqual([]);
      expect((await cases.findByRef(c.ref))?.version).toBe(c.version);
      await cases.change(c.ref, (current) => ({ next: current, events: [], audit: [], filings: made }));
      expect((await journal.batch(batchId)).map((f) => f.name)).toEqual(['record', 'photo', 'plan']);
    });

    it('releases every lease at once, and prunes finished filings after their time', async () => {
      const c = await create();
      const held = (await journal.begin(filing(c, 'x'), 60_000))!;
      const done = (await journal.begin(filing(c, 'y'), 60_000))!;
      await journal.fail(done, 'test');
      expect(await journal.releaseAll()).toBe(1);
      expect((await journal.claim({ limit: 10, leaseMs: 1000 })).map((f) => f.id)).toEqual([held.id]);
      expect(await journal.prune(60_000)).toBe(0);
      await pause(20);
      expect(await journal.prune(1)).toBe(1);
      expect(await journal.get(done.id)).toBeNull();
    });

    describe('folder shares', () => {
      const grantee = { kind: 'user' as const, objectId: 'AAAA-1', email: 'alice@test.example' };

      it('records a wanted share once, claims it, and settles it shared', async () => {
        const shares = new PostgresFolderShares(db);
        const wanted = { folderId: 'folder-1', personId: 'p-alice', grantee, role: 'write' as const };
        await shares.want([wanted]);
        await shares.want([{ ...wanted, grantee: { ...grantee, objectId: 'aaaa-1' } }]);
        const [claimed, ...rest] = await shares.claim({ limit: 10, leaseMs: 60_000 });
        expect(rest).toEqual([]);
        expect(claimed).toMatchObject({ folderId: 'folder-1', grantee, attempts: 1, status: 'pending' });
        expect(await shares.claim({ limit: 10, leaseMs: 60_000 })).toEqual([]);
        expect(await shares.settle(claimed!, { kind: 'shared' })).toBe(true);
        const { items, counts } = await shares.list({ limit: 10 });
        expect(counts).toEqual({ pending: 0, shared: 1, failed: 0 });
        expect(items[0]).toMatchObject({ status: 'shared', sharedAt: expect.any(String), lastError: null });
      });

      it('retries a failed share after its delay, gives it up, and puts it back when asked', async () => {
        const shares = new PostgresFolderShares(db);
        await shares.want([{ folderId: 'folder-2', personId: null, grantee, role: 'write' }]);
        const [first] = await shares.claim({ limit: 10, leaseMs: 60_000 });
        await shares.settle(first!, {
          kind: 'retry',
          delayMs: 60_000,
          error: 'forbidden',
          requestId: 'req-1',
        });
        expect(await shares.claim({ limit: 10, leaseMs: 60_000 })).toEqual([]);
        const retried = await shares.retry(first!.id);
        expect(retried).toMatchObject({ status: 'pending', lastError: 'forbidden', lastRequestId: 'req-1' });
        const [second] = await shares.claim({ limit: 10, leaseMs: 60_000 });
        expect(second!.attempts).toBe(2);
        // A stale holder cannot settle it.
        expect(await shares.settle(first!, { kind: 'shared' })).toBe(false);
        await shares.settle(second!, { kind: 'failed', error: 'forbidden' });
        expect((await shares.list({ status: 'failed', limit: 10 })).items).toHaveLength(1);
        expect(await shares.claim({ limit: 10, leaseMs: 60_000 })).toEqual([]);
        expect(await shares.retry(first!.id)).toMatchObject({ status: 'pending', attempts: 0 });
        expect(await shares.retry(randomUUID())).toBeNull();
        expect(await shares.retry('not-an-id')).toBeNull();
      });
    });
  });
};
