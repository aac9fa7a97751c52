import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  contentFromBuffer,
  contentFromFile,
  DocumentStoreError,
  type ContentSource,
  type DocumentStoreErrorCode,
} from '../src/app/document-store';
import {
  FOLDER_MARKER_FILE,
  LocalDocumentStore,
  TEMP_DIR_NAME,
} from '../src/adapters/local-files/local-document-store';
import { documentStoreContract } from './contracts/document-store.contract';

/** The same root the Graph harness gives its simulated library, so both measure paths alike. */
const ROOT_PATH = '/sites/members-hub/Shared Documents';

const tempDirs: string[] = [];
const newRoot = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'mh-docs-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

documentStoreContract('local files', async () => {
  const rootDir = await newRoot();
  return { store: new LocalDocumentStore({ rootDir, rootPath: ROOT_PATH }), close: async () => {} };
});

const text = (value: string) => contentFromBuffer(Buffer.from(value, 'utf8'));

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const errorCode = async (promise: Promise<unknown>): Promise<DocumentStoreErrorCode> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DocumentStoreError) return error.code;
    throw error;
  }
  throw new Error('expected a DocumentStoreError, but the call succeeded');
};

/** Every file under `dir`, relative, `/`-separated. */
const walk = async (dir: string, prefix = ''): Promise<string[]> => {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await walk(join(dir, entry.name), `${rel}/`)));
    else out.push(rel);
  }
  return out.sort();
};

describe('LocalDocumentStore', () => {
  it('is kind local and lays folders and files out as named, with a marker in each folder', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    expect(store.kind).toBe('local');
    const folder = await store.ensureFolder(['Member casework', 'Cllr Ada (m-1)']);
    await store.putFile(folder.id, {
      name: 'letter.pdf',
      contentType: 'application/pdf',
      content: text('hello'),
    });
    expect(await walk(rootDir)).toEqual([
      FOLDER_MARKER_FILE,
      `Member casework/${FOLDER_MARKER_FILE}`,
      `Member casework/Cllr Ada (m-1)/${FOLDER_MARKER_FILE}`,
      'Member casework/Cllr Ada (m-1)/letter.pdf',
    ]);
    expect(await readFile(join(rootDir, 'Member casework', 'Cllr Ada (m-1)', 'letter.pdf'), 'utf8')).toBe(
      'hello',
    );
  });

  it('a new instance on the same directory finds existing folders, files, grants and metadata', async () => {
    const rootDir = await newRoot();
    const first = new LocalDocumentStore({ rootDir, rootPath: ROOT_PATH });
    const folder = await first.ensureFolder(['a', 'b']);
    const { file } = await first.putFile(folder.id, {
      name: 'x.bin',
      contentType: 'application/x-custom',
      content: text('restart'),
    });
    await first.grantAccess(folder.id, { grantee: { kind: 'group', objectId: 'g-1' }, role: 'write' });
    await first.renameFolder((await first.ensureFolder(['a'])).id, 'a2');

    const second = new LocalDocumentStore({ rootDir, rootPath: ROOT_PATH });
    expect(await second.folder(folder.id)).toEqual({ id: folder.id, name: 'b', path: 'a2/b' });
    expect(await second.file(file.id)).toEqual({ ...file, path: 'a2/b/x.bin' });
    expect((await readAll(await second.readFile(file.id))).toString()).toBe('restart');
    expect(await second.grants(folder.id)).toEqual([
      { grantee: { kind: 'group', objectId: 'g-1' }, role: 'write' },
    ]);
    expect((await second.ensureFolder(['A2', 'B'])).id).toBe(folder.id);
    expect(
      (await second.putFile(folder.id, { name: 'y.bin', contentType: 'x/y', content: text('restart') }))
        .created,
    ).toBe(false);
  });

  it('finds a folder again after it was moved by hand', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['one', 'inner']);
    await store.ensureFolder(['two']);
    await rename(join(rootDir, 'one', 'inner'), join(rootDir, 'two', 'inner'));
    expect(await store.folder(folder.id)).toEqual({ id: folder.id, name: 'inner', path: 'two/inner' });
  });

  it('never reads or writes outside the root for hostile ids', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['f']);
    const { file } = await store.putFile(folder.id, {
      name: 'ok.txt',
      contentType: 'text/plain',
      content: text('ok'),
    });
    const hostile = [
      '../../etc/passwd',
      '/etc/passwd',
      '%2e%2e/x',
      `${folder.id}/..%2F..%2Fetc%2Fpasswd`,
      `${folder.id}/../../etc/passwd`,
      `${folder.id}/%2E%2E`,
      `${folder.id}/..`,
      `${folder.id}/.`,
      `${folder.id}/`,
      `${folder.id}/${encodeURIComponent(FOLDER_MARKER_FILE)}`,
      `${folder.id}/ok%2Etxt`,
      `${folder.id}/%E0%A4%A`,
      `${folder.id.toUpperCase()}/ok.txt`,
      `../${folder.id}/ok.txt`,
      `${folder.id}\\..\\..\\etc\\passwd`,
      'C:\\Windows\\win.ini',
      '',
    ];
    for (const id of hostile) {
      expect([id, await store.file(id)]).toEqual([id, null]);
      expect([id, await store.folder(id)]).toEqual([id, null]);
      expect([id, await errorCode(store.readFile(id))]).toEqual([id, 'not-found']);
      expect([id, await errorCode(store.moveFile(id, folder.id))]).toEqual([id, 'not-found']);
      expect([id, await errorCode(store.moveFile(file.id, id))]).toEqual([id, 'not-found']);
      expect([id, await errorCode(store.listFiles(id))]).toEqual([id, 'not-found']);
    }
    expect(await store.file(file.id)).toMatchObject({ name: 'ok.txt', path: 'f/ok.txt' });
  });

  it('does not follow links planted in the tree', async () => {
    const rootDir = await newRoot();
    const outside = await newRoot();
    await writeFile(join(outside, 'secret.txt'), 'secret');
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['f']);
    await symlink(join(outside, 'secret.txt'), join(rootDir, 'f', 'link.txt'));
    await symlink(outside, join(rootDir, 'f', 'linked-dir'));
    expect(await store.listFiles(folder.id)).toEqual([]);
    expect(await store.file(`${folder.id}/link.txt`)).toBeNull();
    expect(await errorCode(store.readFile(`${folder.id}/link.txt`))).toBe('not-found');
    // A link is a name in the folder all the same: a new file does not take it.
    const { file } = await store.putFile(folder.id, {
      name: 'link.txt',
      contentType: 'text/plain',
      content: text('x'),
    });
    expect(file.name).toBe('link (2).txt');
    expect(await errorCode(store.ensureFolder(['f', 'linked-dir']))).toBe('name-conflict');
  });

  it('hidden marker and temporary entries are never listed and their names are refused', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const root = await store.ensureFolder([]);
    expect(root).toEqual({ id: expect.any(String), name: '', path: '' });
    expect(await store.listFiles(root.id)).toEqual([]);
    expect(await errorCode(store.ensureFolder([TEMP_DIR_NAME]))).toBe('invalid-name');
    expect(
      await errorCode(
        store.putFile(root.id, { name: FOLDER_MARKER_FILE, contentType: 'x/y', content: text('m') }),
      ),
    ).toBe('invalid-name');
    expect(await errorCode(store.renameFolder(root.id, 'root'))).toBe('forbidden');
  });

  it('applies the 400-character limit from its rootPath: exactly 400 fits, 401 does not', async () => {
    const rootDir = await newRoot();
    const rootPath = `/${'r'.repeat(36)}`; // 37 + '/' + 120 + '/' + 120 + '/' + 120 = 400
    const store = new LocalDocumentStore({ rootDir, rootPath });
    const longer = new LocalDocumentStore({ rootDir, rootPath: `${rootPath}r` });
    const folder = await store.ensureFolder(['a'.repeat(120), 'b'.repeat(120)]);
    const name = `${'x'.repeat(116)}.txt`;
    const put = (s: LocalDocumentStore, body: string) =>
      s.putFile(folder.id, { name, contentType: 'text/plain', content: text(body) });
    expect(await errorCode(put(longer, 'one'))).toBe('path-too-long');
    const { file } = await put(store, 'one');
    expect(`${rootPath}/${file.path}`).toHaveLength(400);
    // New content under the same name would be "… (2).txt": past 400, so refused, and nothing is left behind.
    expect(await errorCode(put(store, 'two'))).toBe('path-too-long');
    expect((await store.listFiles(folder.id)).map((f) => f.name)).toEqual([name]);
    expect(await readdir(join(rootDir, TEMP_DIR_NAME))).toEqual([]);
    expect(await errorCode(longer.ensureFolder(['a'.repeat(120), 'b'.repeat(120), 'c'.repeat(120)]))).toBe(
      'path-too-long',
    );
  });

  it('leaves no temporary file and nothing under the name after a failed write', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['f']);
    const good = Buffer.alloc(3 * 1024 * 1024, 7);
    const sha256 = createHash('sha256').update(good).digest('hex');
    const failing: ContentSource = {
      size: good.length,
      sha256,
      slice: (start, end) =>
        start >= 2 * 1024 * 1024
          ? Promise.reject(new Error('disk unplugged'))
          : Promise.resolve(good.subarray(start, end)),
      stream: () => Readable.from([good]),
    };
    const lying: ContentSource = { ...contentFromBuffer(good), sha256: '0'.repeat(64) };
    const short: ContentSource = { ...contentFromBuffer(good), size: good.length + 10 };
    const controller = new AbortController();
    const abortMidway = store
      .putFile(folder.id, {
        name: 'aborted.bin',
        contentType: 'application/octet-stream',
        content: contentFromBuffer(good),
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      .then(
        () => null,
        (error: unknown) => error,
      );

    expect(
      await errorCode(store.putFile(folder.id, { name: 'a.bin', contentType: 'x/y', content: failing })),
    ).toBe('failed');
    expect(
      await errorCode(store.putFile(folder.id, { name: 'b.bin', contentType: 'x/y', content: lying })),
    ).toBe('failed');
    expect(
      await errorCode(store.putFile(folder.id, { name: 'c.bin', contentType: 'x/y', content: short })),
    ).toBe('failed');
    expect(((await abortMidway) as { name?: unknown } | null)?.name).toBe('AbortError');
    expect(await store.listFiles(folder.id)).toEqual([]);
    expect(await readdir(join(rootDir, TEMP_DIR_NAME))).toEqual([]);
    expect(await walk(join(rootDir, 'f'))).toEqual([FOLDER_MARKER_FILE]);
  });

  it('removes temporary files left by a crash, once they are old', async () => {
    const rootDir = await newRoot();
    await mkdir(join(rootDir, TEMP_DIR_NAME), { recursive: true });
    const old = join(rootDir, TEMP_DIR_NAME, 'put-left-over');
    const fresh = join(rootDir, TEMP_DIR_NAME, 'put-in-progress');
    await writeFile(old, 'half');
    await writeFile(fresh, 'half');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await new LocalDocumentStore({ rootDir }).ensureFolder(['x']);
    expect(await readdir(join(rootDir, TEMP_DIR_NAME))).toEqual(['put-in-progress']);
  });

  it('describes a file changed or added by hand from its content, and keeps given content types', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['f']);
    const { file } = await store.putFile(folder.id, {
      name: 'a.odd',
      contentType: 'application/x-odd',
      content: text('1'),
    });
    await writeFile(join(rootDir, 'f', 'a.odd'), 'changed by hand');
    await writeFile(join(rootDir, 'f', 'added.pdf'), 'added by hand');
    const files = await store.listFiles(folder.id);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(files.map((f) => [f.name, f.size, f.sha256, f.contentType])).toEqual([
      ['a.odd', 15, sha('changed by hand'), 'application/x-odd'],
      ['added.pdf', 13, sha('added by hand'), 'application/pdf'],
    ]);
    expect(files[0]?.eTag).not.toBe(file.eTag);
    // The hand-made copy now counts for idempotency.
    expect(
      (await store.putFile(folder.id, { name: 'z.pdf', contentType: 'x/y', content: text('added by hand') }))
        .created,
    ).toBe(false);
  });

  it('serialises concurrent puts of different content under one name into distinct names', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['f']);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.putFile(folder.id, {
          name: 'scan.pdf',
          contentType: 'application/pdf',
          content: text(`scan ${i}`),
        }),
      ),
    );
    expect(results.map((r) => r.file.name).sort()).toEqual([
      'scan (2).pdf',
      'scan (3).pdf',
      'scan (4).pdf',
      'scan (5).pdf',
      'scan (6).pdf',
      'scan.pdf',
    ]);
  });

  it('stores content from a file on disk and keeps stronger roles on a second grant', async () => {
    const rootDir = await newRoot();
    const store = new LocalDocumentStore({ rootDir });
    const folder = await store.ensureFolder(['f']);
    const source = join(await newRoot(), 'upload.bin');
    const bytes = randomBytes(2.5 * 1024 * 1024);
    await writeFile(source, bytes);
    const progress: number[] = [];
    const { file } = await store.putFile(folder.id, {
      name: 'upload.bin',
      contentType: 'application/octet-stream',
      content: await contentFromFile(source),
      onProgress: (n) => progress.push(n),
    });
    expect(progress).toEqual([1024 * 1024, 2 * 1024 * 1024, bytes.length]);
    expect((await readAll(await store.readFile(file.id))).equals(bytes)).toBe(true);

    const user = { kind: 'user' as const, objectId: 'u-1', email: 'ada@example.org' };
    await store.grantAccess(folder.id, { grantee: user, role: 'write' });
    await store.grantAccess(folder.id, { grantee: user, role: 'read' });
    await store.grantAccess(folder.id, { grantee: { kind: 'group', objectId: 'u-1' }, role: 'read' });
    await store.grantAccess(folder.id, { grantee: { kind: 'group', objectId: 'u-1' }, role: 'write' });
    expect(await store.grants(folder.id)).toEqual([
      { grantee: user, role: 'write' },
      { grantee: { kind: 'group', objectId: 'u-1' }, role: 'write' },
    ]);
  });
});
