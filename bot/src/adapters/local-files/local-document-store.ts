import { createHash, randomUUID } from 'node:crypto';
import { constants, createReadStream, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DocumentStoreError,
  type DocumentStore,
  type DocumentStoreErrorCode,
  type FolderGrant,
  type Grantee,
  type PutFileRequest,
  type PutFileResult,
  type StoredFile,
  type StoredFolder,
} from '../../app/document-store';
import {
  conflictName,
  decodedPathLength,
  isSafeName,
  MAX_DECODED_PATH,
  type NameKind,
} from '../../domain/document-names';

/**
 * The embedded document store: a folder tree under `rootDir` (`./data/documents`), behaving as the SharePoint
 * library does (the contract suite runs against both): the same safe-name rules (unsafe names are refused, not
 * changed), names compared without regard to case, SharePoint's 400-character limit on the decoded path measured
 * from `rootPath`, `name (2)` on a clash, and idempotent puts by SHA-256.
 *
 * On disk:
 * - every folder holds a marker, `.members-hub-folder.json`: its id (a UUID, kept when the folder is renamed),
 *   its grants and the metadata of its files (SHA-256, content type, size and mtime when hashed, created time);
 * - a file's id is `<folder id>/<encodeURIComponent(name)>`, so it survives renames of any folder above it
 *   (moving the file changes it, which the port allows);
 * - content is written to `.members-hub-tmp/` under the root, flushed, then renamed into place, and markers are
 *   replaced the same way, so a crash never leaves a half-written file or marker under a real name;
 * - names starting `.members-hub-` are the store's own: never listed, and refused as names.
 *
 * Folder ids are found through an in-memory index (id → path) rebuilt by walking the tree when an id is missing
 * or stale, so a new instance (a restart) or a folder moved by hand is found again. A file whose size or mtime
 * no longer matches its metadata (changed by hand) is hashed again when next described.
 *
 * Every operation that reads or changes the tree runs one at a time in this process (a promise chain); the slow
 * part of a put, writing the content to its temporary file, runs outside it. One process per `rootDir`.
 */

export interface LocalDocumentStoreOptions {
  /** The directory the tree lives in; created on first use. */
  rootDir: string;
  /**
   * The SharePoint-equivalent server-relative root the 400-character limit is measured from, e.g.
   * `/sites/members-hub/Shared Documents`, so names that fit here fit there. Default '' (the path alone).
   */
  rootPath?: string;
}

/** The marker each folder holds. */
export const FOLDER_MARKER_FILE = '.members-hub-folder.json';
/** Where content and markers are written before they are renamed into place. */
export const TEMP_DIR_NAME = '.members-hub-tmp';
const RESERVED_PREFIX = '.members-hub-';
const CHUNK_BYTES = 1024 * 1024;
/** Temporary files older than this when the store starts are left over from a crash, and removed. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const MAX_CONFLICT_NUMBER = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface FileMeta {
  name: string;
  sha256: string;
  size: number;
  /** The file's mtime when `sha256` was computed or written: a change means it was edited by hand. */
  mtimeMs: number;
  contentType: string;
  createdAt: string;
}

interface Marker {
  version: 1;
  id: string;
  grants: FolderGrant[];
  files: FileMeta[];
}

interface Folder {
  id: string;
  segments: string[];
  dir: string;
  marker: Marker;
}

const fold = (name: string): string => name.toLowerCase();

const isReserved = (name: string): boolean => fold(name).startsWith(RESERVED_PREFIX);

const errnoCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

const isAbortError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';

const ERRNO_CODES: Record<string, DocumentStoreErrorCode> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-found',
  ENOSPC: 'quota-exceeded',
  EDQUOT: 'quota-exceeded',
  ENAMETOOLONG: 'path-too-long',
  EACCES: 'forbidden',
  EPERM: 'forbidden',
  EROFS: 'forbidden',
  EMFILE: 'unavailable',
  ENFILE: 'unavailable',
  EBUSY: 'unavailable',
  EAGAIN: 'unavailable',
};

const toStoreError = (error: unknown, signal?: AbortSignal): unknown => {
  if (error instanceof DocumentStoreError || isAbortError(error)) return error;
  if (signal?.aborted && error === signal.reason) return error;
  const errno = errnoCode(error);
  const code = (errno === undefined ? undefined : ERRNO_CODES[errno]) ?? 'failed';
  const message =
    errno === 'ENAMETOOLONG'
      ? 'A name is longer than the local file system allows (255 bytes of UTF-8).'
      : `The local document store failed${errno ? ` (${errno})` : ''}.`;
  // The file system's own error names the path (member, case title, file name): personal data that must not
  // reach a log. Only its code and system call are kept.
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  return new DocumentStoreError(code, message, {
    storeCode: errno,
    cause: typeof syscall === 'string' ? { errno, syscall } : { errno },
  });
};

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  htm: 'text/html',
  html: 'text/html',
  json: 'application/json',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  zip: 'application/zip',
};

/** For a file whose metadata was lost (put there by hand, or a crash between writes). */
const inferContentType = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return (dot > 0 && CONTENT_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseGrant = (value: unknown): FolderGrant | null => {
  if (!isRecord(value) || !isRecord(value.grantee)) return null;
  const { grantee, role } = value;
  if ((role !== 'read' && role !== 'write') || typeof grantee.objectId !== 'string') return null;
  if (grantee.kind !== 'user' && grantee.kind !== 'group') return null;
  return { grantee: cleanGrantee(grantee as unknown as Grantee), role };
};

const parseFileMeta = (value: unknown): FileMeta | null => {
  if (!isRecord(value)) return null;
  const { name, sha256, size, mtimeMs, contentType, createdAt } = value;
  if (typeof name !== 'string' || typeof sha256 !== 'string' || typeof contentType !== 'string') return null;
  if (typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof createdAt !== 'string') return null;
  return { name, sha256, size, mtimeMs, contentType, createdAt };
};

const parseMarker = (text: string): Marker | null => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.id !== 'string' || !UUID.test(value.id)) return null;
  const grants = Array.isArray(value.grants) ? value.grants.map(parseGrant) : [];
  const files = new Map<string, FileMeta>();
  for (const meta of Array.isArray(value.files) ? value.files.map(parseFileMeta) : []) {
    if (meta) files.set(meta.name, meta);
  }
  return {
    version: 1,
    id: value.id,
    grants: grants.filter((g): g is FolderGrant => g !== null),
    files: [...files.values()],
  };
};

const newMarker = (): Marker => ({ version: 1, id: randomUUID(), grants: [], files: [] });

/** Only the grantee's own fields, so nothing else a caller passed is written to disk. */
const cleanGrantee = (g: Grantee): Grantee =>
  g.kind === 'user'
    ? {
        kind: 'user',
        objectId: g.objectId,
        ...(typeof g.email === 'string' ? { email: g.email } : {}),
        ...(typeof g.displayName === 'string' ? { displayName: g.displayName } : {}),
      }
    : {
        kind: 'group',
        objectId: g.objectId,
        ...(typeof g.email === 'string' ? { email: g.email } : {}),
        ...(typeof g.alias === 'string' ? { alias: g.alias } : {}),
        ...(typeof g.displayName === 'string' ? { displayName: g.displayName } : {}),
      };

/** `<folder uuid>/<encoded name>` back to its parts; null for anything else (ids are never trusted as paths). */
const parseFileId = (fileId: unknown): { folderId: string; name: string } | null => {
  if (typeof fileId !== 'string') return null;
  const slash = fileId.indexOf('/');
  if (slash < 0) return null;
  const folderId = fileId.slice(0, slash);
  const encoded = fileId.slice(slash + 1);
  if (!UUID.test(folderId) || encoded === '') return null;
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  // One spelling per id, and a plain name: no separators, no `.` or `..`, nothing of the store's own.
  if (encodeURIComponent(name) !== encoded) return null;
  if (name === '.' || name === '..' || /[/\\\0]/.test(name) || isReserved(name)) return null;
  return { folderId, name };
};

const fileIdOf = (folderId: string, name: string): string => `${folderId}/${encodeURIComponent(name)}`;

const sortByName = (a: FileMeta, b: FileMeta): number => {
  const x = fold(a.name);
  const y = fold(b.name);
  if (x !== y) return x < y ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

const hashFile = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

const storeError = (code: DocumentStoreErrorCode, message: string) => new DocumentStoreError(code, message);

export class LocalDocumentStore implements DocumentStore {
  readonly kind = 'local' as const;
  private readonly rootDir: string;
  private readonly rootPath: string;
  private readonly tmpDir: string;
  /** Folder id → path segments under the root. A hint: checked against the marker on every use. */
  private readonly index = new Map<string, string[]>();
  private rootId: string | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: LocalDocumentStoreOptions) {
    this.rootDir = resolve(options.rootDir);
    this.rootPath = options.rootPath ?? '';
    this.tmpDir = join(this.rootDir, TEMP_DIR_NAME);
  }

  async ensureFolder(segments: readonly string[]): Promise<StoredFolder> {
    const wanted = [...segments];
    wanted.forEach((name, i) => this.checkName(name, 'folder', i === 0));
    if (decodedPathLength(this.rootPath, wanted) > MAX_DECODED_PATH) {
      throw storeError(
        'path-too-long',
        `The folder path would be longer than ${MAX_DECODED_PATH} characters.`,
      );
    }
    return this.exclusive(async () => {
      let folder = await this.rootFolder();
      for (const name of wanted) folder = await this.childFolder(folder, name);
      return this.folderView(folder);
    });
  }

  async folder(folderId: string): Promise<StoredFolder | null> {
    return this.exclusive(async () => {
      const folder = await this.resolveFolder(folderId);
      return folder ? this.folderView(folder) : null;
    });
  }

  async renameFolder(folderId: string, newName: string): Promise<StoredFolder> {
    return this.exclusive(async () => {
      const folder = await this.mustFolder(folderId);
      const oldName = folder.segments.at(-1);
      if (oldName === undefined) throw storeError('forbidden', 'The root folder cannot be renamed.');
      this.checkName(newName, 'folder', folder.segments.length === 1);
      if (newName === oldName) return this.folderView(folder);
      const parentSegments = folder.segments.slice(0, -1);
      const siblings = await this.entries(this.dirOf(parentSegments));
      if (siblings.some((e) => e.name !== oldName && fold(e.name) === fold(newName))) {
        throw storeError('name-conflict', `The folder already has something called '${newName}'.`);
      }
      const segments = [...parentSegments, newName];
      if (
        decodedPathLength(this.rootPath, segments) + (await this.longestPathBelow(folder.dir)) >
        MAX_DECODED_PATH
      ) {
        throw storeError(
          'path-too-long',
          `Renaming would make a path inside the folder longer than ${MAX_DECODED_PATH} characters.`,
        );
      }
      await rename(folder.dir, this.dirOf(segments));
      for (const [id, path] of this.index) {
        if (folder.segments.every((s, i) => path[i] === s)) {
          this.index.set(id, [...segments, ...path.slice(folder.segments.length)]);
        }
      }
      return this.folderView({ ...folder, segments });
    });
  }

  async putFile(folderId: string, request: PutFileRequest): Promise<PutFileResult> {
    const { name, content, signal } = request;
    this.checkName(name, 'file', false);
    try {
      signal?.throwIfAborted();
    } catch (error) {
      throw toStoreError(error, signal);
    }
    const existing = await this.exclusive(async () => {
      const folder = await this.mustFolder(folderId);
      const same = await this.sameContent(folder, request);
      if (same) return same;
      this.checkFileFits(folder, name);
      return null;
    });
    if (existing) return existing;

    const temp = join(this.tmpDir, `put-${randomUUID()}`);
    try {
      await this.writeContent(temp, request);
      return await this.exclusive(async () => {
        const folder = await this.mustFolder(folderId);
        // Another put may have stored this content while ours was being written.
        const same = await this.sameContent(folder, request);
        if (same) return same;
        signal?.throwIfAborted();
        const finalName = this.freeName(await this.entries(folder.dir), name);
        this.checkFileFits(folder, finalName);
        const written = await lstat(temp);
        const meta: FileMeta = {
          name: finalName,
          sha256: content.sha256,
          size: written.size,
          mtimeMs: written.mtimeMs,
          contentType: request.contentType,
          createdAt: new Date().toISOString(),
        };
        // The metadata first: a crash before the rename leaves an entry for a name that is not there (pruned
        // when the folder is next listed), never a file under a real name without its metadata.
        folder.marker.files.push(meta);
        await this.writeMarker(folder.dir, folder.marker);
        await rename(temp, join(folder.dir, finalName));
        return { file: this.fileView(folder, meta), created: true };
      }, signal);
    } catch (error) {
      throw toStoreError(error, signal);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async file(fileId: string): Promise<StoredFile | null> {
    const parsed = parseFileId(fileId);
    if (!parsed) return null;
    return this.exclusive(async () => {
      const folder = await this.resolveFolder(parsed.folderId);
      const meta = folder ? await this.fileMeta(folder, parsed.name) : null;
      return folder && meta ? this.fileView(folder, meta) : null;
    });
  }

  async listFiles(folderId: string): Promise<StoredFile[]> {
    return this.exclusive(async () => {
      const folder = await this.mustFolder(folderId);
      const files = await this.describeFiles(folder);
      return [...files].sort(sortByName).map((meta) => this.fileView(folder, meta));
    });
  }

  async readFile(fileId: string): Promise<Readable> {
    const parsed = parseFileId(fileId);
    if (!parsed) throw storeError('not-found', 'There is no such file.');
    return this.exclusive(async () => {
      const folder = await this.resolveFolder(parsed.folderId);
      const meta = folder ? await this.fileMeta(folder, parsed.name) : null;
      if (!folder || !meta) throw storeError('not-found', 'There is no such file.');
      // Opened now, while nothing can move it; O_NOFOLLOW: never through a link planted in the tree.
      const handle = await open(
        join(folder.dir, meta.name),
        constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0),
      );
      return handle.createReadStream();
    });
  }

  async moveFile(fileId: string, toFolderId: string): Promise<StoredFile> {
    const parsed = parseFileId(fileId);
    if (!parsed) throw storeError('not-found', 'There is no such file.');
    return this.exclusive(async () => {
      const from = await this.resolveFolder(parsed.folderId);
      const meta = from ? await this.fileMeta(from, parsed.name) : null;
      if (!from || !meta) throw storeError('not-found', 'There is no such file.');
      const to = await this.mustFolder(toFolderId);
      if (to.id === from.id) return this.fileView(from, meta);
      await this.describeFiles(to);
      const finalName = this.freeName(await this.entries(to.dir), meta.name);
      this.checkFileFits(to, finalName);
      const moved: FileMeta = { ...meta, name: finalName };
      to.marker.files.push(moved);
      await this.writeMarker(to.dir, to.marker);
      await rename(join(from.dir, meta.name), join(to.dir, finalName));
      from.marker.files = from.marker.files.filter((m) => m.name !== meta.name);
      await this.writeMarker(from.dir, from.marker);
      return this.fileView(to, moved);
    });
  }

  async findFile(folderId: string, content: { size: number; sha256: string }): Promise<StoredFile | null> {
    return this.exclusive(async () => {
      const folder = await this.mustFolder(folderId);
      const found = (await this.describeFiles(folder)).find(
        (f) => f.sha256 === content.sha256 && f.size === content.size,
      );
      return found ? this.fileView(folder, found) : null;
    });
  }

  async grantAccess(folderId: string, grant: FolderGrant): Promise<void> {
    const grantee = (grant as Partial<FolderGrant> | undefined)?.grantee;
    if (
      !grantee ||
      (grantee.kind !== 'user' && grantee.kind !== 'group') ||
      typeof grantee.objectId !== 'string' ||
      grantee.objectId.trim() === '' ||
      (grant.role !== 'read' && grant.role !== 'write')
    ) {
      throw storeError('failed', 'A grant needs a user or group object id and the role read or write.');
    }
    await this.exclusive(async () => {
      const folder = await this.mustFolder(folderId);
      const same = folder.marker.grants.find(
        (g) => g.grantee.kind === grantee.kind && fold(g.grantee.objectId) === fold(grantee.objectId),
      );
      if (same) {
        // As SharePoint does, a second grant keeps the stronger role.
        if (same.role === 'write' || grant.role === 'read') return;
        same.role = 'write';
      } else {
        folder.marker.grants.push({ grantee: cleanGrantee(grantee), role: grant.role });
      }
      await this.writeMarker(folder.dir, folder.marker);
    });
  }

  async grants(folderId: string): Promise<FolderGrant[]> {
    return this.exclusive(async () => {
      const folder = await this.mustFolder(folderId);
      return structuredClone(folder.marker.grants);
    });
  }

  // --- one operation at a time ---------------------------------------------------------------------------

  private exclusive<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = this.tail.then(async () => {
      try {
        await this.start();
        return await fn();
      } catch (error) {
        throw toStoreError(error, signal);
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async start(): Promise<void> {
    if (this.rootId !== undefined) return;
    await mkdir(this.tmpDir, { recursive: true });
    await this.removeStaleTemps();
    let marker = await this.readMarker(this.rootDir);
    if (!marker) {
      marker = newMarker();
      await this.writeMarker(this.rootDir, marker);
    }
    this.rootId = marker.id;
    this.index.set(marker.id, []);
  }

  private async removeStaleTemps(): Promise<void> {
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const entry of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, entry);
      const info = await lstat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(path, { recursive: true, force: true });
    }
  }

  // --- names and paths -----------------------------------------------------------------------------------

  private checkName(name: unknown, kind: NameKind, atRoot: boolean): void {
    if (
      typeof name !== 'string' ||
      !isSafeName(name, kind) ||
      isReserved(name) ||
      (kind === 'folder' && atRoot && fold(name) === 'forms')
    ) {
      throw storeError('invalid-name', `'${String(name)}' is not a safe ${kind} name.`);
    }
  }

  private checkFileFits(folder: Folder, name: string): void {
    if (decodedPathLength(this.rootPath, [...folder.segments, name]) > MAX_DECODED_PATH) {
      throw storeError(
        'path-too-long',
        `The file's path would be longer than ${MAX_DECODED_PATH} characters.`,
      );
    }
  }

  /** The directory at `segments`; refuses anything that would resolve outside the root. */
  private dirOf(segments: readonly string[]): string {
    const dir = resolve(this.rootDir, ...segments);
    if (dir !== this.rootDir && !dir.startsWith(this.rootDir + sep)) {
      throw storeError('not-found', 'There is no such folder.');
    }
    return dir;
  }

  /** The first of `name`, `name (2)`, `name (3)` … not taken by anything in the folder, ignoring case. */
  private freeName(entries: Dirent[], name: string): string {
    const taken = new Set(entries.map((e) => fold(e.name)));
    for (let n = 1; n <= MAX_CONFLICT_NUMBER; n++) {
      const candidate = conflictName(name, n);
      if (!taken.has(fold(candidate))) return candidate;
    }
    throw storeError('name-conflict', `Too many files called '${name}'.`);
  }

  /** What is in a directory, without the store's own entries. */
  private async entries(dir: string): Promise<Dirent[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => !isReserved(e.name));
  }

  /** Length of the longest path below `dir`, relative to it with a leading `/`; 0 when it is empty. */
  private async longestPathBelow(dir: string): Promise<number> {
    let longest = 0;
    for (const entry of await this.entries(dir)) {
      const below = entry.isDirectory() ? await this.longestPathBelow(join(dir, entry.name)) : 0;
      longest = Math.max(longest, 1 + entry.name.length + below);
    }
    return longest;
  }

  // --- folders -----------------------------------------------------------------------------------------------

  private async readMarker(dir: string): Promise<Marker | null> {
    let text: string;
    try {
      text = await readFile(join(dir, FOLDER_MARKER_FILE), 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return null;
      throw error;
    }
    const marker = parseMarker(text);
    if (!marker) throw storeError('failed', `The folder marker in '${dir}' is not valid.`);
    return marker;
  }

  /** Replaces the folder's marker atomically: written and flushed under the temporary directory, then renamed. */
  private async writeMarker(dir: string, marker: Marker): Promise<void> {
    const temp = join(this.tmpDir, `marker-${randomUUID()}`);
    try {
      await this.writeDurably(temp, JSON.stringify(marker));
      await rename(temp, join(dir, FOLDER_MARKER_FILE));
    } finally {
      await rm(temp, { force: true });
    }
  }

  private async writeDurably(path: string, data: string): Promise<void> {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async rootFolder(): Promise<Folder> {
    const id = this.rootId as string;
    let marker = await this.readMarker(this.rootDir);
    if (marker?.id !== id) {
      marker = { ...(marker ?? newMarker()), id };
      await this.writeMarker(this.rootDir, marker);
    }
    return { id, segments: [], dir: this.rootDir, marker };
  }

  /** The child folder called `name` (ignoring case), created when there is none. */
  private async childFolder(parent: Folder, name: string, retried = false): Promise<Folder> {
    const match = (await this.entries(parent.dir)).find((e) => fold(e.name) === fold(name));
    if (match) {
      if (!match.isDirectory()) {
        throw storeError(
          'name-conflict',
          `There is a file called '${match.name}' where the folder should be.`,
        );
      }
      const segments = [...parent.segments, match.name];
      const dir = this.dirOf(segments);
      let marker = await this.readMarker(dir);
      if (!marker) {
        // A folder made by hand (or a crash mid-creation elsewhere): give it an identity.
        marker = newMarker();
        await this.writeMarker(dir, marker);
      }
      this.index.set(marker.id, segments);
      return { id: marker.id, segments, dir, marker };
    }
    // Made complete (with its marker) under the temporary directory, then renamed into place in one step.
    const staging = await mkdtemp(join(this.tmpDir, 'folder-'));
    const marker = newMarker();
    try {
      await this.writeDurably(join(staging, FOLDER_MARKER_FILE), JSON.stringify(marker));
      await rename(staging, join(parent.dir, name));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      const code = errnoCode(error);
      if (!retried && (code === 'EEXIST' || code === 'ENOTEMPTY'))
        return this.childFolder(parent, name, true);
      throw error;
    }
    const segments = [...parent.segments, name];
    this.index.set(marker.id, segments);
    return { id: marker.id, segments, dir: this.dirOf(segments), marker };
  }

  private async resolveFolder(folderId: unknown): Promise<Folder | null> {
    if (typeof folderId !== 'string' || !UUID.test(folderId)) return null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const segments = this.index.get(folderId);
      if (segments) {
        const dir = this.dirOf(segments);
        const marker = await this.readMarker(dir).catch(() => null);
        if (marker?.id === folderId) return { id: folderId, segments, dir, marker };
        this.index.delete(folderId);
      }
      if (attempt === 0) await this.rebuildIndex();
    }
    return null;
  }

  private async mustFolder(folderId: string): Promise<Folder> {
    const folder = await this.resolveFolder(folderId);
    if (!folder) throw storeError('not-found', 'There is no such folder.');
    return folder;
  }

  /** Walks the tree, recording every folder's id. Links are not followed; unreadable markers are passed over. */
  private async rebuildIndex(): Promise<void> {
    this.index.clear();
    const queue: string[][] = [[]];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const dir = this.dirOf(next);
      const marker = await this.readMarker(dir).catch(() => null);
      if (marker && !this.index.has(marker.id)) this.index.set(marker.id, next);
      const entries = await this.entries(dir).catch(() => []);
      for (const entry of entries) if (entry.isDirectory()) queue.push([...next, entry.name]);
    }
    if (this.rootId !== undefined && !this.index.has(this.rootId)) this.index.set(this.rootId, []);
  }

  private folderView(folder: Folder): StoredFolder {
    return { id: folder.id, name: folder.segments.at(-1) ?? '', path: folder.segments.join('/') };
  }

  // --- files -------------------------------------------------------------------------------------------------

  private async writeContent(temp: string, request: PutFileRequest): Promise<void> {
    const { content, onProgress, signal } = request;
    const hash = createHash('sha256');
    const handle = await open(temp, 'wx', 0o600);
    try {
      let stored = 0;
      while (stored < content.size) {
        signal?.throwIfAborted();
        const chunk = await content.slice(stored, Math.min(stored + CHUNK_BYTES, content.size));
        if (chunk.length === 0) break;
        hash.update(chunk);
        for (let offset = 0; offset < chunk.length;) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
        stored += chunk.length;
        onProgress?.(stored);
      }
      if (stored !== content.size || hash.digest('hex') !== content.sha256) {
        throw storeError(
          'failed',
          'The content did not match its declared size and SHA-256; nothing was stored.',
        );
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async sameContent(folder: Folder, request: PutFileRequest): Promise<PutFileResult | null> {
    const files = await this.describeFiles(folder);
    const same = files.find((f) => f.sha256 === request.content.sha256 && f.size === request.content.size);
    return same ? { file: this.fileView(folder, same), created: false } : null;
  }

  /** The metadata of a file as it is on disk: the stored metadata, or fresh when missing or out of date. */
  private async describe(
    path: string,
    name: string,
    info: Stats,
    stored: FileMeta | undefined,
  ): Promise<FileMeta> {
    if (stored && stored.size === info.size && stored.mtimeMs === info.mtimeMs) return stored;
    return {
      name,
      sha256: await hashFile(path),
      size: info.size,
      mtimeMs: info.mtimeMs,
      contentType: stored?.contentType ?? inferContentType(name),
      createdAt: stored?.createdAt ?? (info.birthtimeMs > 0 ? info.birthtime : info.mtime).toISOString(),
    };
  }

  /** Every file in the folder with its metadata; the marker is brought up to date (and pruned) if it was not. */
  private async describeFiles(folder: Folder): Promise<FileMeta[]> {
    const stored = new Map(folder.marker.files.map((m) => [m.name, m]));
    const files: FileMeta[] = [];
    let changed = false;
    for (const entry of await this.entries(folder.dir)) {
      if (!entry.isFile()) continue;
      const path = join(folder.dir, entry.name);
      const info = await lstat(path);
      const meta = await this.describe(path, entry.name, info, stored.get(entry.name));
      if (meta !== stored.get(entry.name)) changed = true;
      files.push(meta);
    }
    if (changed || files.length !== folder.marker.files.length) {
      folder.marker.files = files;
      await this.writeMarker(folder.dir, folder.marker);
    }
    return files;
  }

  /** One file's metadata, or null when there is no regular file of that name (links are not files here). */
  private async fileMeta(folder: Folder, name: string): Promise<FileMeta | null> {
    const path = join(folder.dir, name);
    if (resolve(path) !== join(folder.dir, name) || !resolve(path).startsWith(folder.dir + sep)) return null;
    let info: Stats;
    try {
      info = await lstat(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return null;
      throw error;
    }
    if (!info.isFile()) return null;
    const stored = folder.marker.files.find((m) => m.name === name);
    const meta = await this.describe(path, name, info, stored);
    if (meta !== stored) {
      folder.marker.files = [...folder.marker.files.filter((m) => m.name !== name), meta];
      await this.writeMarker(folder.dir, folder.marker);
    }
    return meta;
  }

  private fileView(folder: Folder, meta: FileMeta): StoredFile {
    const eTag = createHash('sha256')
      .update(`${folder.id}\n${meta.name}\n${meta.sha256}\n${meta.size}\n${meta.mtimeMs}`)
      .digest('base64url')
      .slice(0, 22);
    return {
      id: fileIdOf(folder.id, meta.name),
      name: meta.name,
      folderId: folder.id,
      path: [...folder.segments, meta.name].join('/'),
      size: meta.size,
      contentType: meta.contentType,
      sha256: meta.sha256,
      createdAt: meta.createdAt,
      eTag: `"${eTag}"`,
    };
  }
}
