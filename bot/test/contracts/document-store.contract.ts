import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  contentFromBuffer,
  DocumentStoreError,
  type DocumentStore,
  type DocumentStoreErrorCode,
  type FolderGrant,
  type StoredFile,
} from '../../src/app/document-store';

/**
 * The document store contract: what every `DocumentStore` adapter does, checked through the port only.
 *
 * `open` gives a store with a library root of its own choosing. Each `describe` opens one harness and every test
 * works in folders of its own under a fresh `c-xxxxxxxx` folder at the root, so a harness may be shared and a
 * store that is not empty does no harm. The path-length tests assume the adapter measures paths from a
 * server-relative root of at most 60 characters (`/sites/members-hub/Shared Documents` is 35; the local store
 * is given the same).
 *
 * The grant tests use the object ids in `GRANTEES`: a Graph simulation with a directory must know them
 * (a user and a group, the group with its e-mail address, by which it is invited).
 *
 * Content is small except in the one large-file test (`options.largeFileBytes`, default 6 MiB).
 */
export interface DocumentStoreHarness {
  store: DocumentStore;
  close(): Promise<void>;
}

const GRANTEES = {
  user: { objectId: '8b0f5a7e-1c2d-4e3f-9a10-000000000001', email: 'ada.officer@contoso.example' },
  group: { objectId: '8b0f5a7e-1c2d-4e3f-9a10-0000000000a1', email: 'democratic.services@contoso.example' },
} as const;

const DEFAULT_LARGE_FILE_BYTES = 6 * 1024 * 1024;

const text = (value: string) => contentFromBuffer(Buffer.from(value, 'utf8'));

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
};

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

/** Resolves to the store's error code, or fails the test when the call succeeds or throws something else. */
const errorCode = async (promise: Promise<unknown>): Promise<DocumentStoreErrorCode> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DocumentStoreError) return error.code;
    throw error;
  }
  throw new Error('expected a DocumentStoreError, but the call succeeded');
};

const names = (files: StoredFile[]) => files.map((f) => f.name);

const grantKey = (g: FolderGrant) => `${g.grantee.kind}:${g.grantee.objectId}:${g.role}`;

export const documentStoreContract = (
  adapterName: string,
  open: () => Promise<DocumentStoreHarness>,
  options: { largeFileBytes?: number } = {},
): void => {
  /** One harness per describe; `base` is this harness's own folder at the root. */
  const useHarness = () => {
    const ctx = { harness: undefined as DocumentStoreHarness | undefined, base: '' };
    beforeAll(async () => {
      ctx.harness = await open();
      ctx.base = `c-${randomUUID().slice(0, 8)}`;
    }, 120_000);
    afterAll(async () => {
      await ctx.harness?.close();
    });
    const store = (): DocumentStore => {
      if (!ctx.harness) throw new Error('the harness did not open');
      return ctx.harness.store;
    };
    /** A new folder for one test: `<base>/<label>`. */
    const folder = (label: string, ...more: string[]) => store().ensureFolder([ctx.base, label, ...more]);
    return { store, folder, base: () => ctx.base };
  };

  /** Whether `parent` has no child called `name`, seen through the port: renaming a new sibling to it succeeds. */
  const expectNoChild = async (store: DocumentStore, parentSegments: string[], name: string) => {
    const probe = await store.ensureFolder([...parentSegments, `probe-${randomUUID().slice(0, 8)}`]);
    await expect(store.renameFolder(probe.id, name)).resolves.toMatchObject({ id: probe.id, name });
  };

  describe(`DocumentStore contract: ${adapterName}: folders`, () => {
    const { store, folder, base } = useHarness();

    it('ensureFolder creates nested segments; folder(id) describes each; asking again gives the same ids', async () => {
      const leaf = await folder('nested', 'Member casework', 'Cllr Ada (m-1)', 'MH-2026-00001 - Pothole');
      expect(leaf).toEqual({
        id: expect.any(String),
        name: 'MH-2026-00001 - Pothole',
        path: `${base()}/nested/Member casework/Cllr Ada (m-1)/MH-2026-00001 - Pothole`,
      });
      expect(await store().folder(leaf.id)).toEqual(leaf);
      const middle = await folder('nested', 'Member casework');
      expect(middle).toEqual({
        id: expect.any(String),
        name: 'Member casework',
        path: `${base()}/nested/Member casework`,
      });
      expect(middle.id).not.toBe(leaf.id);
      expect(await folder('nested', 'Member casework', 'Cllr Ada (m-1)', 'MH-2026-00001 - Pothole')).toEqual(
        leaf,
      );
      expect(await folder('nested', 'Member casework')).toEqual(middle);
    });

    it('five concurrent ensureFolder calls for one new path give one folder', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => folder('race', 'Member casework', 'Cllr Bo (m-2)')),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await folder('race', 'Member casework', 'Cllr Bo (m-2)')).toEqual(results[0]);
      // One "Member casework" too: renaming a sibling to that name clashes.
      const sibling = await folder('race', 'Other');
      expect(await errorCode(store().renameFolder(sibling.id, 'Member casework'))).toBe('name-conflict');
    });

    it('names compare without regard to case, as in SharePoint', async () => {
      const lower = await folder('case', 'letters');
      expect(await folder('case', 'LETTERS')).toEqual(lower);
      const other = await folder('case', 'other');
      expect(await errorCode(store().renameFolder(other.id, 'Letters'))).toBe('name-conflict');
      // A folder may change only the case of its own name.
      expect(await store().renameFolder(lower.id, 'Letters')).toEqual({
        ...lower,
        name: 'Letters',
        path: `${base()}/case/Letters`,
      });
    });

    it('folder(id) is null for an unknown id and for a file id; file(id) is null for a folder id', async () => {
      const f = await folder('ids');
      const { file } = await store().putFile(f.id, {
        name: 'a.txt',
        contentType: 'text/plain',
        content: text('ids'),
      });
      expect(await store().folder('no-such-folder-0000')).toBeNull();
      expect(await store().folder(file.id)).toBeNull();
      expect(await store().file(f.id)).toBeNull();
    });

    it('refuses an unsafe segment with invalid-name and creates none of the path', async () => {
      const parent = await folder('unsafe');
      for (const bad of ['bad|name', 'CON', ' spaced ', '~$lock', 'ends with a period.', 'a_vti_b', '']) {
        expect(await errorCode(store().ensureFolder([base(), 'unsafe', 'fine', bad]))).toBe('invalid-name');
      }
      await expectNoChild(store(), [base(), 'unsafe'], 'fine');
      expect(await store().folder(parent.id)).toEqual(parent);
      // SharePoint allows no folder called "forms" at the library root.
      expect(await errorCode(store().ensureFolder(['Forms']))).toBe('invalid-name');
    });

    it('refuses a path longer than 400 decoded characters with path-too-long and creates none of it', async () => {
      await folder('ptl');
      const long = (c: string) => c.repeat(120);
      const code = await errorCode(
        store().ensureFolder([base(), 'ptl', long('a'), long('b'), long('c'), long('d')]),
      );
      expect(code).toBe('path-too-long');
      await expectNoChild(store(), [base(), 'ptl'], long('a'));
    });

    it('renameFolder keeps the ids of the folder, its subfolders and its files; paths follow the new name', async () => {
      const old = await folder('rename', 'MH-2026-00002 - Old title');
      const sub = await folder('rename', 'MH-2026-00002 - Old title', 'Photos');
      const a = await store().putFile(old.id, {
        name: 'a.txt',
        contentType: 'text/plain',
        content: text('alpha'),
      });
      const b = await store().putFile(sub.id, {
        name: 'b.txt',
        contentType: 'text/plain',
        content: text('beta'),
      });

      const renamed = await store().renameFolder(old.id, 'MH-2026-00002 - New title');
      const path = `${base()}/rename/MH-2026-00002 - New title`;
      expect(renamed).toEqual({ id: old.id, name: 'MH-2026-00002 - New title', path });
      expect(await store().folder(old.id)).toEqual(renamed);
      expect(await store().folder(sub.id)).toEqual({ id: sub.id, name: 'Photos', path: `${path}/Photos` });
      expect(await store().file(a.file.id)).toMatchObject({
        id: a.file.id,
        folderId: old.id,
        path: `${path}/a.txt`,
      });
      expect(await store().file(b.file.id)).toMatchObject({
        id: b.file.id,
        folderId: sub.id,
        path: `${path}/Photos/b.txt`,
      });
      expect((await readAll(await store().readFile(a.file.id))).toString()).toBe('alpha');
      expect((await readAll(await store().readFile(b.file.id))).toString()).toBe('beta');
      expect((await store().listFiles(old.id)).map((f) => f.id)).toEqual([a.file.id]);
      // The old path is free again: ensureFolder makes a new, empty folder there.
      const again = await folder('rename', 'MH-2026-00002 - Old title');
      expect(again.id).not.toBe(old.id);
      expect(await store().listFiles(again.id)).toEqual([]);
    });

    it('renameFolder refuses a sibling’s name (name-conflict), an unsafe name and an unknown id', async () => {
      const one = await folder('rename-refused', 'one');
      await folder('rename-refused', 'two');
      expect(await errorCode(store().renameFolder(one.id, 'two'))).toBe('name-conflict');
      expect(await errorCode(store().renameFolder(one.id, 'bad:name'))).toBe('invalid-name');
      expect(await errorCode(store().renameFolder('no-such-folder-0000', 'three'))).toBe('not-found');
      expect(await store().folder(one.id)).toEqual(one);
    });

    it('renameFolder refuses a name that would take something inside past 400 characters', async () => {
      const short = await folder('ptl-rename', 'short');
      const deep = await store().ensureFolder([
        base(),
        'ptl-rename',
        'short',
        'a'.repeat(120),
        'b'.repeat(120),
      ]);
      await store().putFile(deep.id, {
        name: `${'f'.repeat(56)}.txt`,
        contentType: 'text/plain',
        content: text('deep'),
      });
      expect(await errorCode(store().renameFolder(short.id, 'l'.repeat(80)))).toBe('path-too-long');
      expect(await store().folder(short.id)).toEqual(short);
    });
  });

  describe(`DocumentStore contract: ${adapterName}: files`, () => {
    const { store, folder, base } = useHarness();

    it('putFile stores the content byte for byte and describes the file', async () => {
      const f = await folder('put');
      const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from([0, 255, 0])]);
      const { file, created } = await store().putFile(f.id, {
        name: 'Letter to Cllr Ada.pdf',
        contentType: 'application/pdf',
        content: contentFromBuffer(bytes),
      });
      expect(created).toBe(true);
      expect(file).toMatchObject({
        name: 'Letter to Cllr Ada.pdf',
        folderId: f.id,
        path: `${base()}/put/Letter to Cllr Ada.pdf`,
        size: bytes.length,
        contentType: 'application/pdf',
      });
      expect([null, sha256(bytes)]).toContain(file.sha256);
      expect(file.eTag).toEqual(expect.any(String));
      expect(file.eTag.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(file.createdAt))).toBe(false);
      expect(await store().file(file.id)).toMatchObject({
        id: file.id,
        name: file.name,
        folderId: f.id,
        path: file.path,
        size: bytes.length,
        contentType: 'application/pdf',
      });
      expect((await readAll(await store().readFile(file.id))).equals(bytes)).toBe(true);
    });

    it('stores an empty file', async () => {
      const f = await folder('empty');
      const { file } = await store().putFile(f.id, {
        name: 'empty.txt',
        contentType: 'text/plain',
        content: contentFromBuffer(Buffer.alloc(0)),
      });
      expect(file.size).toBe(0);
      expect((await readAll(await store().readFile(file.id))).length).toBe(0);
    });

    it('listFiles lists the files directly in the folder by name, not its subfolders or their files', async () => {
      const f = await folder('list');
      const sub = await folder('list', 'sub');
      for (const name of ['b.txt', 'c.txt', 'a.txt']) {
        await store().putFile(f.id, { name, contentType: 'text/plain', content: text(`list ${name}`) });
      }
      await store().putFile(sub.id, { name: 'inner.txt', contentType: 'text/plain', content: text('inner') });
      const files = await store().listFiles(f.id);
      expect(names(files)).toEqual(['a.txt', 'b.txt', 'c.txt']);
      for (const file of files) {
        expect(file).toMatchObject({
          folderId: f.id,
          path: `${base()}/list/${file.name}`,
          contentType: 'text/plain',
        });
      }
      expect(names(await store().listFiles(sub.id))).toEqual(['inner.txt']);
      expect(await store().listFiles((await folder('list', 'empty')).id)).toEqual([]);
    });

    it('the same content again, under the same or another name, is created: false with the same file', async () => {
      const f = await folder('idempotent');
      const first = await store().putFile(f.id, {
        name: 'scan.pdf',
        contentType: 'application/pdf',
        content: text('scan'),
      });
      const again = await store().putFile(f.id, {
        name: 'scan.pdf',
        contentType: 'application/pdf',
        content: text('scan'),
      });
      const renamed = await store().putFile(f.id, {
        name: 'copy.pdf',
        contentType: 'application/pdf',
        content: text('scan'),
      });
      expect(first.created).toBe(true);
      expect(again).toEqual({
        created: false,
        file: expect.objectContaining({ id: first.file.id, name: 'scan.pdf' }),
      });
      expect(renamed).toEqual({
        created: false,
        file: expect.objectContaining({ id: first.file.id, name: 'scan.pdf' }),
      });
      expect(names(await store().listFiles(f.id))).toEqual(['scan.pdf']);
    });

    it('three concurrent puts of the same content make one file', async () => {
      const f = await folder('concurrent');
      const results = await Promise.all(
        Array.from({ length: 3 }, () =>
          store().putFile(f.id, {
            name: 'minutes.txt',
            contentType: 'text/plain',
            content: text('same minutes'),
          }),
        ),
      );
      expect(new Set(results.map((r) => r.file.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(names(await store().listFiles(f.id))).toEqual(['minutes.txt']);
    });

    it('different content under a taken name is stored as "name (2)", then "name (3)"; all readable', async () => {
      const f = await folder('conflict');
      const put = (body: string) =>
        store().putFile(f.id, { name: 'report.pdf', contentType: 'application/pdf', content: text(body) });
      const one = await put('first');
      const two = await put('second');
      const three = await put('third');
      expect([one, two, three].map((r) => [r.created, r.file.name])).toEqual([
        [true, 'report.pdf'],
        [true, 'report (2).pdf'],
        [true, 'report (3).pdf'],
      ]);
      expect((await put('second')).file.id).toBe(two.file.id);
      for (const [result, body] of [
        [one, 'first'],
        [two, 'second'],
        [three, 'third'],
      ] as const) {
        expect((await readAll(await store().readFile(result.file.id))).toString()).toBe(body);
      }
      expect(names(await store().listFiles(f.id))).toEqual([
        'report (2).pdf',
        'report (3).pdf',
        'report.pdf',
      ]);
    });

    it('with knownFolder, writes without reading the folder first, and still finds a free name', async () => {
      const f = await folder('known');
      const knownFolder = { path: f.path, contentAbsent: true } as const;
      const put = (body: string) =>
        store().putFile(f.id, {
          name: 'note.txt',
          contentType: 'text/plain',
          content: text(body),
          knownFolder,
        });
      const first = await put('one');
      const second = await put('two');
      expect([first, second].map((r) => [r.created, r.file.name])).toEqual([
        [true, 'note.txt'],
        [true, 'note (2).txt'],
      ]);
      expect(first.file.path).toBe(`${f.path}/note.txt`);
      // The caller was wrong: the content is there after all. Found, not copied. (Whether this call made it
      // cannot always be told after a retry, so `created` is not part of the promise here.)
      const again = await put('one');
      expect(again.file.id).toBe(first.file.id);
      expect(names(await store().listFiles(f.id))).toEqual(['note (2).txt', 'note.txt']);
    });

    it('with knownFolder, a folder that has gone is not-found', async () => {
      expect(
        await errorCode(
          store().putFile('no-such-folder-0000', {
            name: 'x.txt',
            contentType: 'text/plain',
            content: text('x'),
            knownFolder: { path: 'gone', contentAbsent: true },
          }),
        ),
      ).toBe('not-found');
    });

    it('findFile finds the file with exactly this content, and nothing for other content', async () => {
      const f = await folder('find');
      const bytes = randomBytes(4096);
      const stored = await store().putFile(f.id, {
        name: 'scan.bin',
        contentType: 'application/octet-stream',
        content: contentFromBuffer(bytes),
      });
      await store().putFile(f.id, {
        name: 'other.bin',
        contentType: 'application/octet-stream',
        content: contentFromBuffer(randomBytes(4096)),
      });
      const found = await store().findFile(f.id, { size: bytes.length, sha256: sha256(bytes) });
      expect(found).toMatchObject({ id: stored.file.id, name: 'scan.bin', sha256: sha256(bytes) });
      expect(await store().findFile(f.id, { size: bytes.length, sha256: sha256(randomBytes(8)) })).toBeNull();
      expect(await store().findFile(f.id, { size: 1, sha256: sha256(bytes) })).toBeNull();
    });

    it('a name clash ignores case, as in SharePoint', async () => {
      const f = await folder('conflict-case');
      await store().putFile(f.id, { name: 'notes.txt', contentType: 'text/plain', content: text('lower') });
      const upper = await store().putFile(f.id, {
        name: 'NOTES.txt',
        contentType: 'text/plain',
        content: text('upper'),
      });
      expect(upper.file.name).toBe('NOTES (2).txt');
    });

    it('refuses unsafe names with invalid-name and stores nothing', async () => {
      const f = await folder('unsafe-files');
      for (const name of [
        'a:b.pdf',
        'CON',
        'con.txt',
        ' trailing ',
        '~$x.docx',
        'x_vti_y.pdf',
        'a#b.pdf',
        'tab\there',
        '',
      ]) {
        const code = await errorCode(
          store().putFile(f.id, { name, contentType: 'text/plain', content: text(`unsafe ${name}`) }),
        );
        expect([name, code]).toEqual([name, 'invalid-name']);
      }
      expect(await store().listFiles(f.id)).toEqual([]);
    });

    it('refuses a file whose path would pass 400 decoded characters with path-too-long; a short name fits', async () => {
      const deep = await folder('ptl-file', 'a'.repeat(120), 'b'.repeat(120), 'c'.repeat(60));
      const put = (name: string) =>
        store().putFile(deep.id, { name, contentType: 'text/plain', content: text(name) });
      expect(await errorCode(put(`${'n'.repeat(96)}.txt`))).toBe('path-too-long');
      expect(await store().listFiles(deep.id)).toEqual([]);
      expect((await put('ok.txt')).file.name).toBe('ok.txt');
    });

    it('unknown ids: file is null, readFile and listFiles and putFile are not-found', async () => {
      expect(await store().file('no-such-file-0000')).toBeNull();
      expect(await errorCode(store().readFile('no-such-file-0000'))).toBe('not-found');
      expect(await errorCode(store().listFiles('no-such-folder-0000'))).toBe('not-found');
      expect(
        await errorCode(
          store().putFile('no-such-folder-0000', {
            name: 'x.txt',
            contentType: 'text/plain',
            content: text('x'),
          }),
        ),
      ).toBe('not-found');
    });

    it('an aborted signal rejects the put and stores nothing', async () => {
      const f = await folder('abort');
      const controller = new AbortController();
      controller.abort();
      const error: unknown = await store()
        .putFile(f.id, {
          name: 'x.txt',
          contentType: 'text/plain',
          content: text('aborted'),
          signal: controller.signal,
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      // By name, not instanceof: an AbortError (a DOMException) may come from another realm than the test's.
      expect(error).not.toBeNull();
      expect(error instanceof DocumentStoreError || (error as { name?: unknown }).name === 'AbortError').toBe(
        true,
      );
      expect(await store().listFiles(f.id)).toEqual([]);
    });

    it('a large file is stored intact, with progress rising to its size', async () => {
      const size = options.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES;
      const bytes = randomBytes(size);
      const f = await folder('large');
      const progress: number[] = [];
      const { file, created } = await store().putFile(f.id, {
        name: 'scan.pdf',
        contentType: 'application/pdf',
        content: contentFromBuffer(bytes),
        onProgress: (n) => progress.push(n),
      });
      expect(created).toBe(true);
      expect(file.size).toBe(size);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toBe(size);
      progress.forEach((n, i) => expect(n).toBeGreaterThan(i === 0 ? 0 : (progress[i - 1] ?? 0)));
      expect(sha256(await readAll(await store().readFile(file.id)))).toBe(sha256(bytes));
    }, 180_000);
  });

  describe(`DocumentStore contract: ${adapterName}: moves`, () => {
    const { store, folder, base } = useHarness();

    it('moveFile moves the file into another folder with its content', async () => {
      const from = await folder('move', 'from');
      const to = await folder('move', 'Retained deleted items');
      const keep = await store().putFile(from.id, {
        name: 'keep.txt',
        contentType: 'text/plain',
        content: text('keep'),
      });
      const { file } = await store().putFile(from.id, {
        name: 'removed.pdf',
        contentType: 'application/pdf',
        content: text('removed'),
      });
      const moved = await store().moveFile(file.id, to.id);
      expect(moved).toMatchObject({
        name: 'removed.pdf',
        folderId: to.id,
        path: `${base()}/move/Retained deleted items/removed.pdf`,
        size: file.size,
        contentType: 'application/pdf',
      });
      expect(await store().file(moved.id)).toMatchObject({
        id: moved.id,
        folderId: to.id,
        name: 'removed.pdf',
      });
      expect((await readAll(await store().readFile(moved.id))).toString()).toBe('removed');
      expect((await store().listFiles(from.id)).map((f) => f.id)).toEqual([keep.file.id]);
      expect((await store().listFiles(to.id)).map((f) => f.id)).toEqual([moved.id]);
    });

    it('moveFile renames on a clash, as putFile does', async () => {
      const from = await folder('move-clash', 'from');
      const to = await folder('move-clash', 'to');
      await store().putFile(to.id, {
        name: 'letter.pdf',
        contentType: 'application/pdf',
        content: text('already there'),
      });
      const { file } = await store().putFile(from.id, {
        name: 'letter.pdf',
        contentType: 'application/pdf',
        content: text('moved in'),
      });
      const moved = await store().moveFile(file.id, to.id);
      expect(moved.name).toBe('letter (2).pdf');
      expect(names(await store().listFiles(to.id))).toEqual(['letter (2).pdf', 'letter.pdf']);
      expect((await readAll(await store().readFile(moved.id))).toString()).toBe('moved in');
    });

    it('moveFile of an unknown file or to an unknown folder is not-found and changes nothing', async () => {
      const from = await folder('move-unknown');
      const { file } = await store().putFile(from.id, {
        name: 'stay.txt',
        contentType: 'text/plain',
        content: text('stay'),
      });
      expect(await errorCode(store().moveFile('no-such-file-0000', from.id))).toBe('not-found');
      expect(await errorCode(store().moveFile(file.id, 'no-such-folder-0000'))).toBe('not-found');
      expect((await store().listFiles(from.id)).map((f) => f.id)).toEqual([file.id]);
    });
  });

  describe(`DocumentStore contract: ${adapterName}: access`, () => {
    const { store, folder } = useHarness();
    const user = { kind: 'user' as const, ...GRANTEES.user };
    const group = { kind: 'group' as const, ...GRANTEES.group };

    it('grantAccess records user and group grants with their roles; grants lists them', async () => {
      const f = await folder('grants');
      expect(await store().grants(f.id)).toEqual([]);
      await store().grantAccess(f.id, { grantee: user, role: 'write' });
      await store().grantAccess(f.id, { grantee: group, role: 'read' });
      const listed = await store().grants(f.id);
      expect(listed.map(grantKey).sort()).toEqual([
        `group:${group.objectId}:read`,
        `user:${user.objectId}:write`,
      ]);
    });

    it('granting twice lists the grant once', async () => {
      const f = await folder('grants-twice');
      await store().grantAccess(f.id, { grantee: group, role: 'read' });
      await store().grantAccess(f.id, { grantee: group, role: 'read' });
      expect((await store().grants(f.id)).map(grantKey)).toEqual([`group:${group.objectId}:read`]);
    });

    it('grants lists only what was granted on the folder itself, not what it inherits', async () => {
      const parent = await folder('grants-inherited');
      const child = await folder('grants-inherited', 'child');
      await store().grantAccess(parent.id, { grantee: user, role: 'read' });
      expect(await store().grants(child.id)).toEqual([]);
    });

    it('grantAccess and grants on an unknown folder are not-found', async () => {
      expect(
        await errorCode(store().grantAccess('no-such-folder-0000', { grantee: user, role: 'read' })),
      ).toBe('not-found');
      expect(await errorCode(store().grants('no-such-folder-0000'))).toBe('not-found');
    });
  });
};
