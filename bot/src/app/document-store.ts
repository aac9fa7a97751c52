import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { IsoInstant } from '../domain/case';

/**
 * The document store port: where case documents live. Two adapters pass one contract suite
 * (bot/test/contracts/document-store.contract.ts):
 * - `LocalDocumentStore` (embedded default): a folder tree under `./data/documents`;
 * - `GraphDocumentStore` (Microsoft 365 mode): a SharePoint document library through Microsoft Graph.
 *
 * The store knows folders and files, not cases or people: the documents use case (app/documents.ts) decides
 * the layout (domain/document-names.ts), checks the access policy and keeps the index in the database. Names
 * handed to the store are already made safe by `safeName`; the store refuses unsafe ones
 * (`DocumentStoreError` with code `invalid-name`) rather than changing them silently.
 *
 * Ids are opaque and stable: renaming a folder keeps its id and the ids of everything in it, so a case whose
 * title changes keeps its folder and documents.
 */

/** A folder in the store. `path` is relative to the store's root, segments joined by `/`. */
export interface StoredFolder {
  id: string;
  name: string;
  path: string;
}

/** A file in the store, as the store describes it. */
export interface StoredFile {
  id: string;
  name: string;
  /** The folder that holds it. */
  folderId: string;
  /** Path relative to the store's root, including the file name. */
  path: string;
  size: number;
  contentType: string;
  /** SHA-256 of the content, hex; the store's own content hash is compared internally where it has one. */
  sha256: string | null;
  createdAt: IsoInstant;
  /** Version tag: changes when the content or properties change (Graph's eTag; the local store's own). */
  eTag: string;
}

/**
 * Content to store, readable more than once (a retried or resumed upload reads it again). `size` and `sha256`
 * are known before the upload starts, so idempotency can be decided first.
 */
export interface ContentSource {
  readonly size: number;
  /** SHA-256 of the whole content, lower-case hex. */
  readonly sha256: string;
  /** Bytes `[start, end)`; `end` at most `size`. */
  slice(start: number, end: number): Promise<Buffer>;
  /** The whole content from the start, as a stream. */
  stream(): Readable;
}

/**
 * Someone a folder is shared with: a person or a group, by Entra object id, with the e-mail address the store
 * invites them by (SharePoint's invite takes a recipient's e-mail, or a security group's alias; invites by
 * object id are reported to fail: docs/m365-documents.md).
 */
export type Grantee =
  | { kind: 'user'; objectId: string; email?: string | undefined; displayName?: string | undefined }
  | {
      kind: 'group';
      objectId: string;
      email?: string | undefined;
      /** A security group without an e-mail address is invited by its alias (mail nickname). */
      alias?: string | undefined;
      displayName?: string | undefined;
    };

export interface FolderGrant {
  grantee: Grantee;
  role: 'read' | 'write';
}

export interface PutFileRequest {
  /** A safe name (see `safeName`). A different file of this name already in the folder: stored as `name (2)`. */
  name: string;
  contentType: string;
  content: ContentSource;
  /** Called as bytes reach the store (after each chunk of a large upload), with the total so far. */
  onProgress?: ((bytesStored: number) => void) | undefined;
  /** Gives up (AbortError) between requests and chunks when aborted. */
  signal?: AbortSignal | undefined;
  /**
   * What the caller already knows about the folder, so the store need not read it first: its path (for the
   * path limit) and that this content is not in it (the caller's index says so). The store then writes at
   * once, under `name` unless the name turns out to be taken, and still recognises its own earlier attempt
   * after a lost answer. Without it the store reads the folder and compares content first.
   */
  knownFolder?: { path: string; contentAbsent: true } | undefined;
}

export interface PutFileResult {
  file: StoredFile;
  /** False when the same content (same SHA-256) was already in the folder: that file is returned, no copy made. */
  created: boolean;
}

export interface DocumentStore {
  /** `local` or `sharepoint`: for logs and the health page only. Callers never branch on it. */
  readonly kind: 'local' | 'sharepoint';
  /**
   * The folder at `segments` under the root, creating what is missing. Idempotent and safe to race: two
   * callers asking for the same path get the same folder. Each segment must be a safe folder name.
   */
  ensureFolder(segments: readonly string[]): Promise<StoredFolder>;
  /** The folder, or null when there is none with this id. */
  folder(folderId: string): Promise<StoredFolder | null>;
  /**
   * Renames a folder in place. Its id and the ids of everything under it stay the same.
   * @throws DocumentStoreError `name-conflict` when a sibling already has the name; `not-found`.
   */
  renameFolder(folderId: string, newName: string): Promise<StoredFolder>;
  /**
   * Stores a file in the folder. Idempotent by content: if a file with the same SHA-256 is already in the
   * folder it is returned (`created: false`) and nothing is written. Otherwise the file is stored under
   * `name`, or, when a different file has that name, under the first free `conflictName(name, n)` (n = 2, 3 …).
   * Small files go in one request, large ones in a resumable upload session.
   */
  putFile(folderId: string, request: PutFileRequest): Promise<PutFileResult>;
  /** The file, or null when there is none with this id. */
  file(fileId: string): Promise<StoredFile | null>;
  /** The files directly in the folder (not subfolders), by name. */
  listFiles(folderId: string): Promise<StoredFile[]>;
  /**
   * The file in the folder with exactly this content, or null: for finding what an interrupted filing left,
   * when its bytes are no longer at hand. Compares by SHA-256, reading files of the same size where the store
   * keeps no SHA-256 of its own (SharePoint).
   */
  findFile(folderId: string, content: { size: number; sha256: string }): Promise<StoredFile | null>;
  /** The file's content. @throws DocumentStoreError `not-found`. */
  readFile(fileId: string): Promise<Readable>;
  /**
   * Moves a file into another folder (the retained deleted-items area, for one), renaming it as `putFile`
   * does on a clash. Returns the file as it now is; its id may change in the local store, never its content.
   */
  moveFile(fileId: string, toFolderId: string): Promise<StoredFile>;
  /** Gives the grantee access to the folder (and what is in it). Idempotent. */
  grantAccess(folderId: string, grant: FolderGrant): Promise<void>;
  /** Who the folder has been shared with by `grantAccess` (inherited access is not listed). */
  grants(folderId: string): Promise<FolderGrant[]>;
}

export type DocumentStoreErrorCode =
  | 'not-found'
  | 'name-conflict'
  | 'invalid-name'
  | 'path-too-long'
  | 'precondition-failed'
  | 'forbidden'
  | 'quota-exceeded'
  | 'too-large'
  | 'throttled'
  | 'unavailable'
  | 'failed';

/**
 * A store operation that failed and will not succeed by being retried now. Transient faults (throttling,
 * 503/504, dropped connections) are retried inside the adapter; what reaches the caller is final for this
 * attempt. Carries the store's own request id (Graph's `request-id`) for support, and never file content.
 */
export class DocumentStoreError extends Error {
  constructor(
    readonly code: DocumentStoreErrorCode,
    message: string,
    readonly details: {
      status?: number | undefined;
      /** Graph's `request-id` (innerError or response header), when there was one. */
      requestId?: string | undefined;
      /** The store's own error code, e.g. Graph's `nameAlreadyExists`. */
      storeCode?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DocumentStoreError';
  }
}

/** Content held in memory: small files, messages, tests. */
export const contentFromBuffer = (buffer: Buffer): ContentSource => {
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  return {
    size: buffer.length,
    sha256,
    slice: (start, end) => Promise.resolve(buffer.subarray(start, Math.min(end, buffer.length))),
    stream: () => Readable.from([buffer]),
  };
};

/** Content in a file on disk (an upload spooled to a temporary file): hashed once, read again as needed. */
export const contentFromFile = async (path: string): Promise<ContentSource> => {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  return {
    size,
    sha256,
    slice: async (start, end) => {
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = Buffer.alloc(length);
      const handle = await open(path, 'r');
      try {
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, start + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        return buffer.subarray(0, read);
      } finally {
        await handle.close();
      }
    },
    stream: () => createReadStream(path),
  };
};
