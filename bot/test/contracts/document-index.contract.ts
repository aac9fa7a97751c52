import { createHash, randomUUID } from 'node:crypto';
import type { NewDocument } from '../../src/app/document-index';
import type { AuditEntryDraft, Clock, Database } from '../../src/app/ports';
import type { Case } from '../../src/domain/case';
import { migrate, PostgresCaseStore, PostgresDocumentIndex } from '../../src/adapters/postgres';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';

const clock: Clock = { now: () => new Date('2026-03-20T12:00:00.000Z') };
const SETUP_TIMEOUT_MS = 120_000;

/**
 * The documents index (migration 005 and PostgresDocumentIndex) on a `Database`: idempotent filing by content,
 * removal, search within the access policy's scope, and the case list's text filter reaching documents.
 * `open` returns a new, empty database.
 */
export const describeDocumentIndexContract = (name: string, open: () => Promise<Database>): void => {
  describe(`DocumentIndex on ${name}`, () => {
    let db: Database;
    let cases: PostgresCaseStore;
    let index: PostgresDocumentIndex;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      cases = new PostgresCaseStore(db, { clock });
      index = new PostgresDocumentIndex(db);
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    beforeEach(() => db.query('TRUNCATE documents, case_folders, case_events, cases, case_ref_counters'));

    const create = (overrides: Parameters<typeof newCase>[0] = {}): Promise<Case> => {
      const draft = newCase(overrides);
      return cases.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
    };
    const doc = (c: Case, content: string, overrides: Partial<NewDocument> = {}): NewDocument => ({
      id: randomUUID(),
      caseId: c.id,
      storeFileId: `file-${randomUUID()}`,
      name: 'notes.txt',
      contentType: 'text/plain',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      kind: 'file',
      preview: 'none',
      email: null,
      text: content,
      uploadedBy: 'p-alice',
      uploadedAt: '2026-03-20T10:00:00.000Z',
      ...overrides,
    });
    const audit =
      (c: Case) =>
      ({ created, documentId }: { created: boolean; documentId: string }): AuditEntryDraft => ({
        at: '2026-03-20T10:00:00.000Z',
        actorId: 'p-alice',
        action: 'document.upload',
        outcome: 'allowed',
        caseId: c.id,
        caseRef: c.ref,
        detail: { documentId, created },
      });

    it('files content once per case, even when two filings race', async () => {
      const c = await create();
      const [a, b] = await Promise.all([
        index.insert(doc(c, 'same words'), audit(c)),
        index.insert(doc(c, 'same words'), audit(c)),
      ]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(a.document.id).toBe(b.document.id);
      expect(await index.listForCase(c.id)).toHaveLength(1);
      expect(await index.findByContent(c.id, a.document.sha256)).toMatchObject({
        id: a.document.id,
        caseRef: c.ref,
      });
      // The same content in another case is another document.
      const other = await create({ title: 'Another case' });
      expect((await index.insert(doc(other, 'same words'), audit(other))).created).toBe(true);
      const { rows } = await db.query<{ detail: { created: boolean } }>(
        `SELECT detail FROM audit_log WHERE case_id = $1 AND action = 'document.upload' ORDER BY id`,
        [c.id],
      );
      expect(rows.map((r) => r.detail.created).sort()).toEqual([false, true]);
    });

    it('round-trips a document with its e-mail summary, and keeps NUL bytes out of the text', async () => {
      const c = await create();
      const email = {
        from: 'Pat <pat@example.org>',
        to: ['a@example.org'],
        subject: 'Hello',
        date: null,
        preview: 'Hi',
        attachments: 2,
      };
      const { document } = await index.insert(
        doc(c, 'with\u0000nul', { kind: 'email', email, size: 3_000_000_000, preview: 'pdf' }),
        audit(c),
      );
      expect(await index.get(document.id)).toEqual({
        ...document,
        email,
        size: 3_000_000_000,
        kind: 'email',
        preview: 'pdf',
        removedAt: null,
        removedBy: null,
        retainedFileId: null,
      });
      expect(await index.get('not-a-uuid')).toBeNull();
      expect(await index.get(randomUUID())).toBeNull();
    });

    it('removes a document once, after which its content may be filed again', async () => {
      const c = await create();
      const { document } = await index.insert(doc(c, 'to be removed'), audit(c));
      const removal = { at: '2026-03-20T11:00:00.000Z', by: 'p-sue', retainedFileId: 'retained-1' };
      const entry: AuditEntryDraft = {
        at: removal.at,
        actorId: 'p-sue',
        action: 'document.remove',
        outcome: 'allowed',
        caseId: c.id,
        caseRef: c.ref,
      };
      expect(await index.markRemoved(document.id, removal, entry)).toMatchObject({
        removedAt: removal.at,
        removedBy: 'p-sue',
        retainedFileId: 'retained-1',
      });
      expect(await index.markRemoved(document.id, removal, entry)).toBeNull();
      expect(await index.listForCase(c.id)).toEqual([]);
      expect(await index.findByContent(c.id, document.sha256)).toBeNull();
      expect((await index.insert(doc(c, 'to be removed'), audit(c))).created).toBe(true);
      const { rows } = await db.query(
        `SELECT 1 FROM audit_log WHERE case_id = $1 AND action = 'document.remove'`,
        [c.id],
      );
      expect(rows).toHaveLength(1);
    });

    it('writes a document added or removed into the case\u2019s history, once, numbered after its other entries', async () => {
      const c = await create();
      const [a, b, again] = await Promise.all([
        index.insert(doc(c, 'first letter', { name: 'letter.pdf' }), audit(c)),
        index.insert(doc(c, 'second letter', { name: 'reply.pdf' }), audit(c)),
        index.insert(doc(c, 'first letter', { name: 'letter.pdf' }), audit(c)),
      ]);
      expect([a.created, b.created, again.created].filter(Boolean)).toHaveLength(2);
      await index.markRemoved(
        b.document.id,
        { at: '2026-03-20T11:00:00.000Z', by: 'p-sue', retainedFileId: 'retained-1' },
        { at: '2026-03-20T11:00:00.000Z', actorId: 'p-sue', action: 'document.remove', outcome: 'allowed' },
      );
      const history = await cases.timeline(c.id);
      expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(
        history
          .slice(1, 3)
          .map((e) => [e.type, e.actorId, e.data.name])
          .sort(),
      ).toEqual([
        ['document-added', 'p-alice', 'letter.pdf'],
        ['document-added', 'p-alice', 'reply.pdf'],
      ]);
      expect(history[3]).toMatchObject({
        type: 'document-removed',
        actorId: 'p-sue',
        at: '2026-03-20T11:00:00.000Z',
        data: { documentId: b.document.id, name: 'reply.pdf' },
      });
      // The case's own details did not change: someone answering it is not told it changed under them.
      expect((await cases.findByRef(c.ref))?.version).toBe(c.version);
    });

    it('remembers the first folder recorded for a case unless told to replace it', async () => {
      const c = await create();
      expect(await index.caseFolder(c.id)).toBeNull();
      const first = {
        caseId: c.id,
        folderId: 'folder-1',
        memberFolderId: 'member-1',
        folderPath: 'Member casework/Cllr A (p-a)/MH-2026-00001 - A',
      };
      expect(await index.saveCaseFolder(first)).toEqual(first);
      expect(await index.saveCaseFolder({ ...first, folderId: 'folder-2' })).toEqual(first);
      expect(await index.saveCaseFolder({ ...first, folderId: 'folder-3' }, { replace: true })).toEqual({
        ...first,
        folderId: 'folder-3',
      });
      // A folder remembered without its path (before paths were kept) reads back with none.
      const older = await create();
      await index.saveCaseFolder({ caseId: older.id, folderId: 'folder-4', memberFolderId: 'member-1' });
      expect((await index.caseFolder(older.id))?.folderPath).toBeNull();
    });

    it('searches names and text within the scope the person may list, leaving removed documents out', async () => {
      const alices = await create({ memberId: 'p-alice', departmentId: 'dept-highways' });
      const bobs = await create({ memberId: 'p-bob', sharedWith: ['p-alice'], title: 'Shared with Alice' });
      const carols = await create({ memberId: 'p-carol', departmentId: 'dept-waste' });
      const inAlices = await index.insert(
        doc(alices, 'The culvert under Quillfeather Lane is blocked with leaves and silt.'),
        audit(alices),
      );
      const inBobs = await index.insert(doc(bobs, 'Quillfeather residents wrote again.'), audit(bobs));
      const inCarols = await index.insert(doc(carols, 'Quillfeather bins were missed.'), audit(carols));
      const named = await index.insert(
        doc(carols, 'nothing here', { name: 'lane-photo.png' }),
        audit(carols),
      );
      const ids = async (scope: Parameters<PostgresDocumentIndex['search']>[0], q: string) =>
        (await index.search(scope, q, 10)).map((h) => h.document.id).sort();

      expect(await ids({ kind: 'member', memberId: 'p-alice' }, 'quillfeather')).toEqual(
        [inAlices.document.id, inBobs.document.id].sort(),
      );
      expect(await ids({ kind: 'department', departmentId: 'dept-waste' }, 'quillfeather')).toEqual([
        inCarols.document.id,
      ]);
      expect(await ids({ kind: 'all' }, 'quillfeather')).toHaveLength(3);
      expect(await ids({ kind: 'none' }, 'quillfeather')).toEqual([]);
      for (const q of ['lane-photo', 'lane-photo.png', 'photo'])
        expect(await ids({ kind: 'all' }, q)).toEqual([named.document.id]);

      const [hit] = await index.search({ kind: 'member', memberId: 'p-alice' }, 'culvert blocked', 10);
      expect(hit).toMatchObject({ caseTitle: alices.title, document: { caseRef: alices.ref } });
      expect(hit?.snippet).toMatch(/culvert/i);
      expect(hit?.snippet).not.toMatch(/<\/?b>/);

      await index.markRemoved(
        inBobs.document.id,
        { at: '2026-03-20T11:00:00.000Z', by: 'p-sue', retainedFileId: 'r' },
        { at: '2026-03-20T11:00:00.000Z', actorId: 'p-sue', action: 'document.remove', outcome: 'allowed' },
      );
      expect(await ids({ kind: 'member', memberId: 'p-alice' }, 'quillfeather')).toEqual([
        inAlices.document.id,
      ]);
    });

    it('lets the case list\u2019s text filter find a case by its documents, within scope', async () => {
      const alices = await create({ memberId: 'p-alice' });
      const bobs = await create({ memberId: 'p-bob' });
      await index.insert(doc(alices, 'A letter about the marmalade works.'), audit(alices));
      await index.insert(doc(bobs, 'Marmalade again.'), audit(bobs));
      const page = { limit: 10, offset: 0 };
      const refs = async (scope: Parameters<PostgresCaseStore['list']>[0]) =>
        (await cases.list(scope, { text: 'marmalade' }, page)).items.map((c) => c.ref).sort();
      expect(await refs({ kind: 'member', memberId: 'p-alice' })).toEqual([alices.ref]);
      expect(await refs({ kind: 'all' })).toEqual([alices.ref, bobs.ref].sort());
      expect((await cases.list({ kind: 'all' }, { text: 'marmalade' }, page)).total).toBe(2);
      // The case's own words match as before.
      expect(
        (await cases.list({ kind: 'all' }, { text: 'pothole' }, page)).items.map((c) => c.ref).sort(),
      ).toEqual([alices.ref, bobs.ref].sort());
    });
  });
};
