import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DocumentStoreError,
  type ContentSource,
  type DocumentStore,
  type FolderGrant,
  type Grantee,
  type PutFileRequest,
  type PutFileResult,
  type StoredFile,
  type StoredFolder,
} from '../../app/document-store';
import { conflictName, decodedPathLength, isSafeName, MAX_DECODED_PATH } from '../../domain/document-names';
import { abortError, type GraphClient } from './graph-client';
import { QuickXorHash } from './quick-xor-hash';
import { CHUNK_UNIT, UploadNameConflict, uploadLarge } from './upload-session';

/**
 * The document store in a SharePoint document library, through Microsoft Graph (docs/m365-documents.md).
 *
 * Ids are driveItem ids, which SharePoint keeps across renames and moves. Idempotency is by content: before
 * uploading, the QuickXorHash of the content is compared with `file.hashes.quickXorHash` of the folder's files
 * of the same size; a match is returned as it is. Uploads use conflictBehavior `fail`, so a retried request
 * can never make a second copy: a 409 is answered by looking at the file of that name, which is either ours
 * (same hash: an earlier attempt got through) or someone else's (the next `name (n)` is tried).
 */

export interface GraphDocumentStoreOptions {
  graph: GraphClient;
  /** The document library's drive id. */
  driveId: string;
  /**
   * The library's server-relative path (`/sites/members-hub/Shared Documents`): it counts towards SharePoint's
   * 400-character limit on decoded paths. Default '' (no prefix counted).
   */
  rootPath?: string | undefined;
  /** Files up to this size go in one PUT; larger ones in an upload session. Default 4 MiB. */
  simpleUploadMaxBytes?: number | undefined;
  /** Upload session chunk size: a multiple of 327,680 (5–10 MiB recommended). Default 16 × 327,680 (5 MiB). */
  chunkBytes?: number | undefined;
  /**
   * How long one upload request (a simple upload or a chunk) may take, body included; default 2 minutes, so
   * a 5 MiB chunk gets through a slow link. Other requests use the client's timeout.
   */
  uploadTimeoutMs?: number | undefined;
}

export const DEFAULT_SIMPLE_UPLOAD_MAX_BYTES = 4 * 1024 * 1024;
export const DEFAULT_CHUNK_BYTES = 16 * CHUNK_UNIT;
export const DEFAULT_UPLOAD_TIMEOUT_MS = 120_000;
/** Highest `n` tried for `name (n)` before giving up. */
const MAX_CONFLICT_SUFFIX = 99;
/** Files of the right size `findFile` reads at most. */
const MAX_FIND_CANDIDATES = 5;

const sha256Of = async (stream: Readable): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** One path segment for path addressing (`root:/a/b:`), RFC 3986: only unreserved characters stay as they are. */
export const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The parts of a driveItem the store reads. */
interface DriveItem {
  id: string;
  name: string;
  eTag?: string;
  size?: number;
  createdDateTime?: string;
  parentReference?: { id?: string; path?: string; driveId?: string };
  file?: { mimeType?: string; hashes?: { quickXorHash?: string; sha256Hash?: string } };
  folder?: { childCount?: number };
  root?: unknown;
  deleted?: unknown;
}

interface Permission {
  id: string;
  roles?: string[];
  inheritedFrom?: unknown;
  link?: unknown;
  grantedToV2?: GrantedTo;
  grantedTo?: GrantedTo;
  grantedToIdentitiesV2?: GrantedTo[];
  grantedToIdentities?: GrantedTo[];
}

interface Identity {
  id?: string;
  displayName?: string;
  email?: string;
}

interface GrantedTo {
  user?: Identity;
  group?: Identity;
  siteUser?: Identity & { loginName?: string };
  siteGroup?: Identity;
}

const ITEM_SELECT = 'id,name,eTag,size,createdDateTime,parentReference,file,folder,root,deleted';

const lower = (value: string): string => value.toLowerCase();

const invalidName = (name: string, kind: 'file' | 'folder'): DocumentStoreError =>
  new DocumentStoreError('invalid-name', `Not a safe ${kind} name: ${JSON.stringify(name)}`);

/** The store-relative path of an item's parent: parentReference.path is `/drives/{d}/root:` + `/A/B`. */
const parentPath = (item: DriveItem): string => {
  const raw = item.parentReference?.path;
  if (raw === undefined) return '';
  const at = raw.indexOf('root:');
  if (at === -1) return '';
  let path = raw.slice(at + 'root:'.length);
  if (/%[0-9a-f]{2}/i.test(path)) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // Leave it as it came.
    }
  }
  return path.replace(/^\/+|\/+$/g, '');
};

const itemPath = (item: DriveItem): string => {
  if (item.root !== undefined) return '';
  const parent = parentPath(item);
  return parent === '' ? item.name : `${parent}/${item.name}`;
};

const toFolder = (item: DriveItem): StoredFolder => ({
  id: item.id,
  name: item.root !== undefined ? '' : item.name,
  path: itemPath(item),
});

const toFile = (item: DriveItem): StoredFile => ({
  id: item.id,
  name: item.name,
  folderId: item.parentReference?.id ?? '',
  path: itemPath(item),
  size: item.size ?? 0,
  contentType: item.file?.mimeType ?? 'application/octet-stream',
  sha256: item.file?.hashes?.sha256Hash?.toLowerCase() ?? null,
  createdAt: item.createdDateTime ?? new Date(0).toISOString(),
  eTag: item.eTag ?? '',
});

/** The content's QuickXorHash, worked out the first time it is needed and then remembered. */
type LazyHash = () => Promise<string>;

const isCode = (error: unknown, code: DocumentStoreError['code']): error is DocumentStoreError =>
  error instanceof DocumentStoreError && error.code === code;

const hashContent = async (content: ContentSource, signal?: AbortSignal): Promise<string> => {
  const hash = new QuickXorHash();
  for await (const chunk of content.stream()) {
    if (signal?.aborted) throw abortError(signal);
    hash.update(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
  }
  return hash.digestBase64();
};

/**
 * How an invite names someone: a driveRecipient takes "the email, alias, or objectId of the recipient", one
 * of them (https://learn.microsoft.com/graph/api/resources/driverecipient): the e-mail address for a person
 * or a mail-enabled group, the alias for a security group without one. The object id is the last resort:
 * invites naming a group by it are reported to fail with "One of the provided recipients could not be found"
 * (https://github.com/OneDrive/onedrive-api-docs/issues/805).
 */
const recipientOf = (grantee: Grantee): Record<string, string> => {
  if (grantee.email) return { email: grantee.email };
  if (grantee.kind === 'group' && grantee.alias) return { alias: grantee.alias };
  return { objectId: grantee.objectId };
};

const granteeOf = (to: GrantedTo | undefined): Grantee | null => {
  if (to === undefined) return null;
  if (to.group?.id !== undefined) {
    return {
      kind: 'group',
      objectId: to.group.id,
      ...(to.group.displayName !== undefined ? { displayName: to.group.displayName } : {}),
    };
  }
  if (to.user?.id !== undefined) {
    return {
      kind: 'user',
      objectId: to.user.id,
      ...(to.user.email !== undefined ? { email: to.user.email } : {}),
      ...(to.user.displayName !== undefined ? { displayName: to.user.displayName } : {}),
    };
  }
  return null;
};

export class GraphDocumentStore implements DocumentStore {
  readonly kind = 'sharepoint' as const;
  private readonly graph: GraphClient;
  private readonly drive: string;
  private readonly rootPath: string;
  private readonly simpleUploadMaxBytes: number;
  private readonly chunkBytes: number;
  private readonly uploadTimeoutMs: number;
  /** Folder ids by lower-cased store path ('' is the root). */
  private readonly folderIds = new Map<string, string>();
  /** ensureFolder calls under way, by lower-cased path. */
  private readonly ensuring = new Map<string, Promise<StoredFolder>>();
  /** putFile calls under way, by folder and content: the same content put twice at once is uploaded once. */
  private readonly putting = new Map<string, Promise<PutFileResult>>();

  constructor(options: GraphDocumentStoreOptions) {
    this.graph = options.graph;
    this.drive = encodeURIComponent(options.driveId);
    this.rootPath = (options.rootPath ?? '').replace(/\/+$/, '');
    this.simpleUploadMaxBytes = options.simpleUploadMaxBytes ?? DEFAULT_SIMPLE_UPLOAD_MAX_BYTES;
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
    if (this.chunkBytes <= 0 || this.chunkBytes % CHUNK_UNIT !== 0) {
      throw new Error(`chunkBytes must be a positive multiple of ${CHUNK_UNIT}.`);
    }
  }

  /** The item by id; the library root by its alias, `/drives/{d}/root`, which every Graph route accepts. */
  private itemUrl(id: string): string {
    if (id === this.folderIds.get('')) return `/drives/${this.drive}/root`;
    return `/drives/${this.drive}/items/${encodeURIComponent(id)}`;
  }

  private pathUrl(segments: readonly string[]): string {
    return segments.length === 0
      ? `/drives/${this.drive}/root`
      : `/drives/${this.drive}/root:/${segments.map(encodeSegment).join('/')}:`;
  }

  /** The item, or null when Graph says 404. */
  private async item(url: string, signal?: AbortSignal): Promise<DriveItem | null> {
    const response = await this.graph.request<DriveItem>({
      method: 'GET',
      url: `${url}?$select=${ITEM_SELECT}`,
      accept: [404],
      signal,
    });
    return response.status === 404 ? null : response.body;
  }

  private async folderItem(folderId: string): Promise<DriveItem> {
    const item = await this.item(this.itemUrl(folderId));
    if (item === null || item.folder === undefined || item.deleted !== undefined) {
      throw new DocumentStoreError('not-found', `No folder ${folderId}`, { status: 404 });
    }
    return item;
  }

  private checkPathLength(segments: readonly string[]): void {
    const length = decodedPathLength(this.rootPath, segments);
    if (length > MAX_DECODED_PATH) {
      throw new DocumentStoreError(
        'path-too-long',
        `The path would be ${length} characters; SharePoint allows ${MAX_DECODED_PATH}.`,
      );
    }
  }

  private forgetFolders(pathPrefix: string): void {
    const prefix = lower(pathPrefix);
    for (const key of [...this.folderIds.keys()]) {
      if (key === prefix || key.startsWith(`${prefix}/`)) this.folderIds.delete(key);
    }
  }

  async ensureFolder(segments: readonly string[]): Promise<StoredFolder> {
    for (const segment of segments) if (!isSafeName(segment, 'folder')) throw invalidName(segment, 'folder');
    // SharePoint keeps `Forms` at a library's root for itself.
    if (segments[0] !== undefined && lower(segments[0]) === 'forms') throw invalidName(segments[0], 'folder');
    this.checkPathLength(segments);
    const key = lower(segments.join('/'));
    // Callers asking for the same path at once share one walk.
    const running = this.ensuring.get(key);
    if (running !== undefined) return running;
    const started = this.ensure(segments, key).finally(() => this.ensuring.delete(key));
    this.ensuring.set(key, started);
    return started;
  }

  private async ensure(segments: readonly string[], key: string): Promise<StoredFolder> {
    const cachedId = this.folderIds.get(key);
    if (cachedId !== undefined) {
      // Check the cached id still is that folder (it may have been renamed or removed in SharePoint).
      const item = await this.item(this.itemUrl(cachedId));
      if (item?.folder !== undefined && lower(itemPath(item)) === key) return toFolder(item);
      this.forgetFolders(segments[0] === undefined ? '' : key);
    }
    try {
      return await this.walk(segments);
    } catch (error) {
      // A cached parent that vanished: forget everything on this path and walk once more from the root.
      if (!isCode(error, 'not-found')) throw error;
      for (let i = 1; i <= segments.length; i += 1)
        this.folderIds.delete(lower(segments.slice(0, i).join('/')));
      return this.walk(segments);
    }
  }

  /** Finds the folder by path, creating what is missing one segment at a time. */
  private async walk(segments: readonly string[]): Promise<StoredFolder> {
    const existing = await this.item(this.pathUrl(segments));
    if (existing !== null) {
      if (existing.folder === undefined) {
        throw new DocumentStoreError('name-conflict', 'A file has the name of a folder on this path.');
      }
      this.folderIds.set(lower(segments.join('/')), existing.id);
      return toFolder(existing);
    }
    let parent = this.folderIds.get('') ?? (await this.rootItem()).id;
    let folder: DriveItem | null = null;
    for (let i = 0; i < segments.length; i += 1) {
      const path = segments.slice(0, i + 1);
      const pathKey = lower(path.join('/'));
      const cached = i < segments.length - 1 ? this.folderIds.get(pathKey) : undefined;
      if (cached !== undefined) {
        parent = cached;
        continue;
      }
      folder = await this.createFolder(parent, path);
      this.folderIds.set(pathKey, folder.id);
      parent = folder.id;
    }
    if (folder === null) return toFolder(await this.rootItem());
    return toFolder(folder);
  }

  private async rootItem(): Promise<DriveItem> {
    const root = await this.item(this.pathUrl([]));
    if (root === null)
      throw new DocumentStoreError('not-found', 'The document library was not found.', { status: 404 });
    this.folderIds.set('', root.id);
    return root;
  }

  /** POST children with conflictBehavior `fail`; 409 means it is there already (a race, or a retry): GET it. */
  private async createFolder(parentId: string, path: readonly string[]): Promise<DriveItem> {
    const name = path[path.length - 1] as string;
    try {
      const created = await this.graph.request<DriveItem>({
        method: 'POST',
        url: `${this.itemUrl(parentId)}/children`,
        json: { name, folder: {}, '@microsoft.graph.conflictBehavior': 'fail' },
        // With `fail`, repeating it cannot make a second folder: it is answered 409 and looked up.
        idempotent: true,
        operation: 'create folder',
      });
      return created.body;
    } catch (error) {
      if (!isCode(error, 'name-conflict')) throw error;
      const existing = await this.item(this.pathUrl(path));
      if (existing === null) throw error;
      if (existing.folder === undefined) {
        throw new DocumentStoreError('name-conflict', 'A file has the name of a folder on this path.', {
          ...error.details,
        });
      }
      return existing;
    }
  }

  async folder(folderId: string): Promise<StoredFolder | null> {
    const item = await this.item(this.itemUrl(folderId));
    if (item === null || item.folder === undefined || item.deleted !== undefined) return null;
    return toFolder(item);
  }

  async renameFolder(folderId: string, newName: string): Promise<StoredFolder> {
    if (!isSafeName(newName, 'folder')) throw invalidName(newName, 'folder');
    const current = await this.folderItem(folderId);
    if (current.root !== undefined)
      throw new DocumentStoreError('failed', 'The library root cannot be renamed.');
    const parent = parentPath(current);
    this.checkPathLength([...(parent === '' ? [] : parent.split('/')), newName]);
    if (current.name === newName) return toFolder(current);
    const updated = await this.graph.request<DriveItem>({
      method: 'PATCH',
      url: this.itemUrl(folderId),
      json: { name: newName, '@microsoft.graph.conflictBehavior': 'fail' },
      operation: 'rename folder',
    });
    this.forgetFolders(itemPath(current));
    const folder = toFolder(updated.body);
    this.folderIds.set(lower(folder.path), folder.id);
    return folder;
  }

  async file(fileId: string): Promise<StoredFile | null> {
    const item = await this.item(this.itemUrl(fileId));
    if (item === null || item.file === undefined || item.deleted !== undefined) return null;
    return toFile(item);
  }

  private async children(folderId: string, signal?: AbortSignal): Promise<DriveItem[]> {
    return this.graph.collect<DriveItem>(
      `${this.itemUrl(folderId)}/children?$select=${ITEM_SELECT}&$top=200`,
      {
        signal,
      },
    );
  }

  async listFiles(folderId: string): Promise<StoredFile[]> {
    const items = await this.children(folderId);
    return items
      .filter((i) => i.file !== undefined)
      .map(toFile)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async findFile(folderId: string, content: { size: number; sha256: string }): Promise<StoredFile | null> {
    // SharePoint reports no SHA-256 (only QuickXorHash): files of the same size are read and hashed, at most
    // a few of them (a case folder rarely holds two files of one size).
    const candidates = (await this.children(folderId))
      .filter((c) => c.file !== undefined && c.deleted === undefined && (c.size ?? -1) === content.size)
      .slice(0, MAX_FIND_CANDIDATES);
    for (const candidate of candidates) {
      const reported = candidate.file?.hashes?.sha256Hash?.toLowerCase();
      const sha256 = reported ?? (await sha256Of(await this.readFile(candidate.id)));
      if (sha256 === content.sha256) return { ...toFile(candidate), sha256 };
    }
    return null;
  }

  /**
   * Whether the item holds this content. The size is compared first, so the content is hashed only when a file
   * of the same size is there: the usual upload into a folder without one never pays for hashing. SharePoint
   * may leave `quickXorHash` out ("In some cases hash values may not be available",
   * https://learn.microsoft.com/graph/api/resources/hashes): then its SHA-256 if reported, or else the file is
   * read back and its SHA-256 compared, so a retried upload still recognises its own file.
   */
  private async sameContent(
    item: DriveItem,
    content: ContentSource,
    quickXor: LazyHash,
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (item.file === undefined || (item.size ?? -1) !== content.size) return false;
    const hashes = item.file.hashes;
    if (hashes?.quickXorHash) return hashes.quickXorHash === (await quickXor());
    if (hashes?.sha256Hash) return hashes.sha256Hash.toLowerCase() === content.sha256;
    const digest = createHash('sha256');
    for await (const chunk of await this.readFile(item.id)) {
      if (signal?.aborted) throw abortError(signal);
      digest.update(chunk as Buffer);
    }
    return digest.digest('hex') === content.sha256;
  }

  readFile(fileId: string): Promise<Readable> {
    return this.graph.content(`${this.itemUrl(fileId)}/content`, { operation: 'download' });
  }

  /** `name`, or the first `name (n)` not taken by `taken` (lower-cased names). */
  private freeName(name: string, taken: ReadonlySet<string>, from = 1): { name: string; n: number } {
    for (let n = from; n <= MAX_CONFLICT_SUFFIX; n += 1) {
      const candidate = conflictName(name, n);
      if (!taken.has(lower(candidate))) return { name: candidate, n };
    }
    throw new DocumentStoreError(
      'name-conflict',
      `Too many files called ${JSON.stringify(name)} in the folder.`,
    );
  }

  async putFile(folderId: string, request: PutFileRequest): Promise<PutFileResult> {
    const { name, content, signal } = request;
    if (!isSafeName(name, 'file')) throw invalidName(name, 'file');
    if (signal?.aborted) throw abortError(signal);
    // A folder the caller knows (the index holds its path and what is in it) is not read first: the upload
    // itself says whether the folder is there and whether the name is free.
    const folderPath = request.knownFolder?.path ?? itemPath(await this.folderItem(folderId));
    let hashing: Promise<string> | undefined;
    const quickXor: LazyHash = () => (hashing ??= hashContent(content, signal));
    // One upload per content and folder in this process: the content's SHA-256 is known already.
    const key = `${folderId}|${content.size}|${content.sha256}`;
    const running = this.putting.get(key);
    if (running !== undefined) {
      const settled = await running.then(
        (result) => result,
        () => null,
      );
      // The other caller stored it: for this one it was already there.
      if (settled !== null) return { file: settled.file, created: false };
    }
    const started = this.put(folderId, folderPath, request, quickXor).finally(() => {
      if (this.putting.get(key) === started) this.putting.delete(key);
    });
    this.putting.set(key, started);
    return started;
  }

  private async put(
    folderId: string,
    folderPath: string,
    request: PutFileRequest,
    quickXor: LazyHash,
  ): Promise<PutFileResult> {
    const { name, content, signal } = request;
    const folderSegments = folderPath === '' ? [] : folderPath.split('/');
    // Progress only ever rises, even when a resumed or restarted upload goes back.
    let reported = 0;
    const progress = (bytes: number) => {
      if (bytes <= reported) return;
      reported = bytes;
      request.onProgress?.(bytes);
    };

    // Unless the caller knows the content is not there, the folder is listed once: for the same content
    // (nothing to upload) and for the names taken (so the upload goes to a free one at the first try).
    const children = request.knownFolder ? [] : await this.children(folderId, signal);
    let same: DriveItem | undefined;
    for (const child of children) {
      if (await this.sameContent(child, content, quickXor, signal)) {
        same = child;
        break;
      }
    }
    if (same !== undefined) return { file: this.stored(same, content), created: false };

    const taken = new Set(children.map((c) => lower(c.name)));
    let n = 1;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const candidate = this.freeName(name, taken, n);
      n = candidate.n + 1;
      this.checkPathLength([...folderSegments, candidate.name]);
      let uncertain: boolean;
      try {
        const item = await this.upload(folderId, candidate.name, request, quickXor, progress);
        progress(content.size);
        return { file: this.stored(item, content), created: true };
      } catch (error) {
        if (!(error instanceof UploadNameConflict)) throw error;
        uncertain = error.uncertain;
      }
      // Someone has the name: us, if an earlier attempt got through (same content), or another file. The same
      // content put at the same moment by another instance is theirs (`created: false`); after a lost answer, ours.
      const holder = await this.item(`${this.itemUrl(folderId)}:/${encodeSegment(candidate.name)}:`, signal);
      if (holder !== null && (await this.sameContent(holder, content, quickXor, signal))) {
        if (uncertain) progress(content.size);
        return { file: this.stored(holder, content), created: uncertain };
      }
      taken.add(lower(candidate.name));
    }
  }

  /** A driveItem as a StoredFile, with the SHA-256 we know when Graph does not report one. */
  private stored(item: DriveItem, content: ContentSource): StoredFile {
    const file = toFile(item);
    return file.sha256 === null && file.size === content.size ? { ...file, sha256: content.sha256 } : file;
  }

  /** Uploads under `name` with conflictBehavior `fail`. @throws UploadNameConflict when the name is taken. */
  private async upload(
    folderId: string,
    name: string,
    request: PutFileRequest,
    quickXor: LazyHash,
    onProgress: (bytes: number) => void,
  ): Promise<DriveItem> {
    const { content, signal } = request;
    const addressed = `${this.itemUrl(folderId)}:/${encodeSegment(name)}:`;
    if (content.size > this.simpleUploadMaxBytes) {
      const { item } = await uploadLarge<DriveItem>({
        graph: this.graph,
        createSessionUrl: `${addressed}/createUploadSession`,
        content,
        chunkBytes: this.chunkBytes,
        onProgress,
        signal,
        chunkTimeoutMs: this.uploadTimeoutMs,
        committedAlready: async () => {
          const holder = await this.item(addressed, signal);
          return holder !== null && (await this.sameContent(holder, content, quickXor, signal))
            ? holder
            : null;
        },
      });
      return item;
    }
    const bytes = await content.slice(0, content.size);
    const response = await this.graph.request<DriveItem>({
      method: 'PUT',
      url: `${addressed}/content?@microsoft.graph.conflictBehavior=fail`,
      bytes,
      headers: { 'Content-Type': request.contentType || 'application/octet-stream' },
      // conflictBehavior=fail: a repeat after a lost answer meets 409 and is recognised by its hash.
      idempotent: true,
      accept: [409],
      timeoutMs: this.uploadTimeoutMs,
      signal,
      operation: 'upload',
    });
    if (response.status === 409) {
      const conflict = new DocumentStoreError(
        'name-conflict',
        `Graph upload answered 409: the name is taken`,
        {
          status: 409,
          requestId: response.requestId,
          storeCode: 'nameAlreadyExists',
        },
      );
      throw new UploadNameConflict(response.attempts > 1, conflict);
    }
    return response.body;
  }

  async moveFile(fileId: string, toFolderId: string): Promise<StoredFile> {
    const file = await this.item(this.itemUrl(fileId));
    if (file === null || file.file === undefined) {
      throw new DocumentStoreError('not-found', `No file ${fileId}`, { status: 404 });
    }
    if (file.parentReference?.id === toFolderId) return toFile(file);
    const target = await this.folderItem(toFolderId);
    const targetSegments = itemPath(target) === '' ? [] : itemPath(target).split('/');
    const children = await this.children(toFolderId);
    const taken = new Set(children.filter((c) => c.id !== fileId).map((c) => lower(c.name)));
    let n = 1;
    for (;;) {
      const candidate = this.freeName(file.name, taken, n);
      n = candidate.n + 1;
      this.checkPathLength([...targetSegments, candidate.name]);
      try {
        const moved = await this.graph.request<DriveItem>({
          method: 'PATCH',
          url: this.itemUrl(fileId),
          json: {
            parentReference: { id: toFolderId },
            name: candidate.name,
            '@microsoft.graph.conflictBehavior': 'fail',
          },
          operation: 'move file',
        });
        return toFile(moved.body);
      } catch (error) {
        if (!isCode(error, 'name-conflict')) throw error;
        // A repeat of a move that got through meets itself: check before taking the next name.
        const now = await this.item(this.itemUrl(fileId));
        if (now?.parentReference?.id === toFolderId) return toFile(now);
        taken.add(lower(candidate.name));
      }
    }
  }

  async grantAccess(folderId: string, grant: FolderGrant): Promise<void> {
    const current = await this.grants(folderId);
    const has = current.find((g) => g.grantee.objectId === grant.grantee.objectId);
    if (has !== undefined && (has.role === grant.role || has.role === 'write')) return;
    await this.graph.request({
      method: 'POST',
      url: `${this.itemUrl(folderId)}/invite`,
      json: {
        requireSignIn: true,
        sendInvitation: false,
        roles: [grant.role],
        recipients: [recipientOf(grant.grantee)],
      },
      // Inviting the same person twice leaves one permission: safe to repeat.
      idempotent: true,
      operation: 'share folder',
    });
  }

  async grants(folderId: string): Promise<FolderGrant[]> {
    // An unknown id is 404 here too: not-found.
    const permissions = await this.graph.collect<Permission>(`${this.itemUrl(folderId)}/permissions`);
    const grants: FolderGrant[] = [];
    for (const permission of permissions) {
      if (permission.inheritedFrom !== undefined && permission.inheritedFrom !== null) continue;
      if (permission.link !== undefined && permission.link !== null) continue;
      const roles = permission.roles ?? [];
      const role: FolderGrant['role'] | null = roles.some((r) => r === 'write' || r === 'owner')
        ? 'write'
        : roles.includes('read')
          ? 'read'
          : null;
      if (role === null) continue;
      const holders = [
        permission.grantedToV2 ?? permission.grantedTo,
        ...(permission.grantedToIdentitiesV2 ?? permission.grantedToIdentities ?? []),
      ];
      for (const holder of holders) {
        const grantee = granteeOf(holder);
        if (grantee !== null && !grants.some((g) => g.grantee.objectId === grantee.objectId)) {
          grants.push({ grantee, role });
        }
      }
    }
    return grants;
  }
}
