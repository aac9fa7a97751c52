import { createHash, randomUUID } from 'node:crypto';
import type { IngestFile, NewIngestFile, PageResult } from '../../src/app/ingest-store';
import type { Database } from '../../src/app/ports';
import { migrate, PostgresIngestStore } from '../../src/adapters/postgres';
import { auditEntry } from '../fixtures/cases';

const SETUP_TIMEOUT_MS = 120_000;
const AT = '2026-03-20T12:00:00.000Z';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const PAGE: PageResult = {
  kind: 'text',
  cover: null,
  rotation: 0,
  width: 1000,
  height: 1400,
  confidence: 91,
  text: 'Dear Councillor',
  words: [],
  engine: 'test',
};

/**
 * The scan-ingest queue (migration 010) on a `Database`, as several service instances share it: files handed
 * in at once are all recorded, each numbered once in its batch; the same content is recorded once and the
 * rest as duplicates of it; each page is claimed by one instance at a time, a lost lease is claimed again and
 * the old holder's late result changes nothing; a file's documents are recorded once. `open` returns a new,
 * empty database; `another`, when given, a second connection pool to the same database.
 */
export const describeIngestStoreContract = (
  name: string,
  open: () => Promise<Database>,
  another?: (db: Database) => Promise<Database>,
): void => {
  describe(`IngestStore on ${name}`, () => {
    let db: Database;
    let second: Database;
    let stores: PostgresIngestStore[];

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      second = another ? await another(db) : db;
      stores = [new PostgresIngestStore(db), new PostgresIngestStore(second)];
    }, SETUP_TIMEOUT_MS);
    afterAll(async () => {
      if (second !== db) await second?.close();
      await db?.close();
    });
    // The destruction log is append-only (no TRUNCATE), so tests keep to their own batches and contents;
    // pages left waiting by an earlier test are put out of the queue's reach.
    beforeEach(() => db.query(`UPDATE ingest_pages SET status = 'done' WHERE status = 'pending'`));

    const batch = async (): Promise<string> => {
      const id = randomUUID();
      await stores[0]!.createBatch(
        { id, label: 'Box 1', memberId: 'p-alice', createdBy: 'p-sue', createdAt: AT },
        auditEntry('ingest.batch', 'p-sue', AT),
      );
      return id;
    };
    const scan = (batchId: string, content: string, pageCount = 1): NewIngestFile => ({
      id: randomUUID(),
      batchId,
      parentId: null,
      name: `${content}.png`,
      size: content.length,
      sha256: sha(content),
      kind: 'png',
      status: 'queued',
      code: null,
      reason: null,
      storeFileId: `store-${content}`,
      pageCount,
      manifest: null,
      createdAt: AT,
    });
    const add = (i: number, file: NewIngestFile): Promise<IngestFile> =>
      stores[i % 2]!.addFile(file, auditEntry('ingest.file', 'p-sue', AT));

    it('records every file handed in to one batch at once, each with its own number', async () => {
      const b = await batch();
      const files = await Promise.all(Array.from({ length: 8 }, (_, i) => add(i, scan(b, `letter-${i}`))));
      expect(files.map((f) => f.status)).toEqual(Array(8).fill('queued'));
      expect(files.map((f) => f.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM ingest_pages p JOIN ingest_files f ON f.id = p.file_id WHERE f.batch_id = $1',
        [b],
      );
      expect(rows[0]?.n).toBe(8);
    });

    it('records the same content handed in at once to two batches once, the other as its duplicate', async () => {
      const [a, b] = [await batch(), await batch()];
      const [x, y] = await Promise.all([
        add(0, scan(a, 'same letter', 3)),
        add(1, scan(b, 'same letter', 3)),
      ]);
      const first = [x, y].find((f) => f.status === 'queued');
      const copy = [x, y].find((f) => f.status === 'duplicate');
      expect(first).toBeDefined();
      expect(copy?.duplicateOf).toMatchObject({ fileId: first!.id, name: 'same letter.png' });
      expect(copy?.pageCount).toBe(0);
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM ingest_pages WHERE file_id = ANY($1::uuid[])',
        [[x.id, y.id]],
      );
      expect(rows[0]?.n).toBe(3);
    });

    it('gives each page to one instance when both claim at once', async () => {
      const b = await batch();
      await add(0, scan(b, 'long letter', 12));
      const claims = await Promise.all([0, 1, 0, 1].map((i) => stores[i]!.claimPages(4, 60_000)));
      const pages = claims.flat().map((c) => c.pageNo);
      expect(pages.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(await stores[1]!.claimPages(4, 60_000)).toEqual([]);
    });

    it('claims a page again once its lease has run out, and the first holder’s late result changes nothing', async () => {
      const b = await batch();
      const file = await add(0, scan(b, 'one page'));
      const [lost] = await stores[0]!.claimPages(1, 60_000);
      await db.query(`UPDATE ingest_pages SET lease_until = now() - interval '1 second'`);
      const [taken] = await stores[1]!.claimPages(1, 60_000);
      expect(taken).toMatchObject({ fileId: file.id, pageNo: 1, attempts: 2 });
      expect(await stores[0]!.completePage(lost!, { ...PAGE, text: 'the stale result' })).toBe(false);
      expect(await stores[0]!.failPage(lost!, 'stale failure', null)).toBe(false);
      expect(await stores[1]!.completePage(taken!, PAGE)).toBe(true);
      expect(await stores[0]!.page(file.id, 1)).toMatchObject({ status: 'done', text: 'Dear Councillor' });
      expect(await stores[0]!.finishedPages(file.id)).toHaveLength(1);
    });

    it('records a file’s documents once, however many instances finish it', async () => {
      const b = await batch();
      const file = await add(0, scan(b, 'two letters', 2));
      const documents = (seqs: number[]) =>
        seqs.map((seq) => ({
          id: randomUUID(),
          batchId: b,
          fileId: file.id,
          seq,
          pages: [seq],
          cover: null,
          suggestions: { caseRef: null, memberId: null, wardId: null, dateFrom: null, dateTo: null },
          lowConfidencePages: [],
          memberId: 'p-alice',
          caseRef: null,
          box: null,
          dateFrom: null,
          dateTo: null,
          description: null,
          createdAt: AT,
        }));
      const done = await Promise.all([
        stores[0]!.addDocuments(file.id, documents([1, 2])),
        stores[1]!.addDocuments(file.id, documents([1, 2])),
      ]);
      expect(done.sort()).toEqual([false, true]);
      expect((await stores[0]!.documents({ batchId: b }, 50)).map((d) => d.seq).sort()).toEqual([1, 2]);
      expect((await stores[0]!.file(file.id))?.status).toBe('done');
    });
  });
};
