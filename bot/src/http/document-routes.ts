import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Server } from 'restify';
import type { ContentSource } from '../app/document-store';
import type { Documents, Filed } from '../app/documents';
import { spoolSource } from '../app/filing-sources';
import { parseBearer } from '../adapters/identity/token-validator';
import { NotFoundError, TooLargeError } from '../domain/errors';
import type { Logger } from '../logger';
import { BadRequestError } from './error-mapper';
import type { RouteHelpers } from './server';
import {
  CaseDocumentsSchema,
  CaseRefSchema,
  DocumentContentQuery,
  DocumentIdSchema,
  DocumentSearchQuery,
  DocumentSearchSchema,
  FiledDocumentSchema,
  FromMailBody,
  MailMessagesQuery,
  MailMessagesSchema,
  RemovedDocumentSchema,
} from './schemas';

/**
 * Case documents over HTTP (docs/api.md, "Documents"): list, upload (the raw bytes, streamed to a temporary
 * file while counted and hashed), download (as an attachment unless it is a PDF or picture asked for
 * inline), remove, search, and filing from the person's mailbox in Microsoft 365 mode.
 */

export interface DocumentRoutesDeps {
  documents: Documents;
  /** Where uploads are spooled while they arrive: `DATA_DIR/tmp`. */
  tmpDir: string;
}

const UPLOAD_PREFIX = 'upload-';
const MAX_FILE_NAME_HEADER = 4096;

/**
 * Removes spooled uploads in `dir` older than `olderThanMs` that no pending filing still needs (`keep`): what a
 * stopped process left behind. Best effort: a file removed by someone else meanwhile is passed over.
 */
export const removeStaleUploads = async (
  dir: string,
  options: { olderThanMs: number; keep?: ReadonlySet<string> | undefined; now?: number | undefined },
): Promise<number> => {
  const now = options.now ?? Date.now();
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    // No spool folder yet: nothing to remove.
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(UPLOAD_PREFIX)) continue;
    const path = join(dir, name);
    if (options.keep?.has(path)) continue;
    try {
      if (now - (await stat(path)).mtimeMs >= options.olderThanMs) {
        await rm(path, { force: true });
        removed += 1;
      }
    } catch {
      // Removed by someone else meanwhile.
    }
  }
  return removed;
};

/** The `:ref` of a case; one that cannot be a reference is answered as missing. */
export const refParam = (req: Request): string => {
  const parsed = CaseRefSchema.safeParse((req.params as Record<string, unknown>).ref);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
};

/** The `:id` of a document; one that cannot be an id is passed on, to be answered (and audited) as missing. */
const idParam = (req: Request): string => {
  const raw = (req.params as Record<string, unknown>).id;
  const parsed = DocumentIdSchema.safeParse(raw);
  return parsed.success ? parsed.data.toLowerCase() : 'not-a-document-id';
};

/** `X-File-Name`: the name, percent-encoded (encodeURIComponent), 1 to 255 characters once decoded. */
const fileNameHeader = (req: Request): string => {
  const raw = req.header('x-file-name');
  if (raw === undefined || raw.trim() === '')
    throw new BadRequestError('bad_request', 'Name the file in the X-File-Name header (percent-encoded).', [
      { path: 'X-File-Name', message: 'required' },
    ]);
  if (raw.length > MAX_FILE_NAME_HEADER)
    throw new BadRequestError('bad_request', 'The file name is too long.', [
      { path: 'X-File-Name', message: 'at most 255 characters' },
    ]);
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError('bad_request', 'X-File-Name must be percent-encoded (encodeURIComponent).', [
      { path: 'X-File-Name', message: 'not percent-encoded UTF-8' },
    ]);
  }
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 255)
    throw new BadRequestError('bad_request', 'The file name must be 1 to 255 characters.', [
      { path: 'X-File-Name', message: '1 to 255 characters' },
    ]);
  return trimmed;
};

interface Spooled {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Writes the request body to a new file in `dir`, counting and hashing as it goes. Past `maxBytes` it stops
 * writing, deletes the file and rejects with TooLargeError; the rest of the body is read and dropped, so the
 * client gets the 413 rather than a reset connection. A client that goes away, before or during the upload,
 * leaves nothing behind: the part written is deleted at once.
 */
const spool = async (req: Request, dir: string, maxBytes: number): Promise<Spooled> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const declared = Number(req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new TooLargeError(maxBytes);
  }
  // The client may have gone while the token and the case were checked: then no event will ever come.
  if (req.destroyed || req.readableAborted) throw new UploadInterruptedError();
  const path = join(dir, `${UPLOAD_PREFIX}${randomUUID()}`);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const hash = createHash('sha256');
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const fail = (error: unknown) => {
        if (done) return;
        done = true;
        req.off('data', onData);
        req.unpipe();
        // Read and drop the rest, so the answer reaches the client.
        req.resume();
        out.destroy();
        reject(error instanceof Error ? error : new UploadInterruptedError());
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(new TooLargeError(maxBytes));
        hash.update(chunk);
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      };
      req.on('data', onData);
      req.once('end', () => {
        if (done) return;
        done = true;
        out.end();
      });
      // Ends with an error when the request closes before its end, even if it closed before this was called.
      finished(req, { writable: false }, (error) => {
        if (error) fail(new UploadInterruptedError());
      });
      out.once('error', fail);
      out.once('finish', () => resolve());
    });
  } catch (error) {
    out.destroy();
    await rm(path, { force: true });
    throw error;
  }
  return { path, size, sha256: hash.digest('hex') };
};

/** The client went away before the whole body had arrived. */
class UploadInterruptedError extends BadRequestError {
  constructor() {
    super('bad_request', 'The upload was interrupted before the whole file arrived.');
  }
}

/** The spooled file as content for the store, hashed already. */
const spooledContent = ({ path, size, sha256 }: Spooled): ContentSource => ({
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
});

/** RFC 5987 / 8187 `filename*` value: UTF-8, percent-encoded. */
const encodeRfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A plain ASCII stand-in for clients that do not read `filename*`. */
const asciiFileName = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');

export const contentDisposition = (kind: 'inline' | 'attachment', name: string): string =>
  `${kind}; filename="${asciiFileName(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;

/**
 * The Content-Security-Policy a served document carries. Everything runs sandboxed with nothing allowed to
 * load; a PDF shown inline cannot be sandboxed (browsers' PDF viewers refuse to run in a sandboxed document),
 * so it gets a policy that still loads nothing from elsewhere and cannot be framed by other sites.
 */
export const documentCsp = (inlinePdf: boolean): string =>
  inlinePdf
    ? "default-src 'none'; object-src 'self'; img-src 'self' data: blob:; style-src 'unsafe-inline'; frame-ancestors 'self'"
    : "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** The bearer token the request came with, for the on-behalf-of mail calls. Never logged. */
const userAssertion = (req: Request): string => parseBearer(req.header('authorization'));

export const documentRoutes =
  (deps: DocumentRoutesDeps) =>
  (server: Server, { authed, send, body, unparsedBody }: RouteHelpers): void => {
    const { documents } = deps;

    server.get(
      '/api/cases/:ref/documents',
      authed(async (req, res, actor) => {
        const listed = await documents.list(actor, refParam(req));
        send(res, 200, CaseDocumentsSchema, { ...listed, maxBytes: documents.maxBytes });
      }),
    );

    unparsedBody('POST', '/api/cases/:ref/documents');
    server.post(
      '/api/cases/:ref/documents',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        const name = fileNameHeader(req);
        const declared = Number(req.header('content-length'));
        await documents.checkUpload(actor, ref, Number.isSafeInteger(declared) ? declared : null);
        const spooled = await spool(req, deps.tmpDir, documents.maxBytes);
        let filed: Filed;
        try {
          filed = await documents.upload(actor, ref, {
            name,
            contentType: req.header('content-type') ?? 'application/octet-stream',
            content: spooledContent(spooled),
            // Should this process stop before the filing is done, whichever instance resumes it reads this.
            source: spoolSource(spooled.path),
          });
        } finally {
          // Gone before the answer is sent: the store has its own copy now, or nothing was stored (a failed
          // filing is settled from the store alone). Only a process that stops first leaves it, for the resume.
          await rm(spooled.path, { force: true });
        }
        if (filed.created) res.header('location', `/api/documents/${filed.document.id}/content`);
        send(res, filed.created ? 201 : 200, FiledDocumentSchema, filed);
      }),
    );

    server.get(
      '/api/documents/:id/content',
      authed(async (req, res, actor, log: Logger) => {
        const { disposition } = DocumentContentQuery.parse(req.query ?? {});
        const { document, stream } = await documents.open(actor, idParam(req));
        const inline = disposition === 'inline' && document.preview !== 'none';
        res.writeHead(200, {
          'content-type': document.contentType,
          // No content-length from the index: SharePoint may rewrite a file it stores (Office documents' properties),
          // so the bytes served can differ in length from the bytes filed. The response is chunked instead.
          'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', document.name),
          'x-content-type-options': 'nosniff',
          'content-security-policy': documentCsp(inline && document.preview === 'pdf'),
          'cache-control': 'private, no-store',
          'referrer-policy': 'no-referrer',
          'cross-origin-resource-policy': 'same-origin',
        });
        try {
          await pipeline(stream, res as unknown as NodeJS.WritableStream);
        } catch (error) {
          // The headers are gone: the client sees a cut-off download, the log says why.
          log.error({ err: error, documentId: document.id }, 'document download failed part-way');
          res.destroy();
        }
      }),
    );

    unparsedBody('DELETE', '/api/documents/:id');
    server.del(
      '/api/documents/:id',
      authed(async (req, res, actor) => {
        send(res, 200, RemovedDocumentSchema, { document: await documents.remove(actor, idParam(req)) });
      }),
    );

    server.get(
      '/api/documents',
      authed(async (req, res, actor) => {
        const { q, limit } = DocumentSearchQuery.parse(req.query ?? {});
        send(res, 200, DocumentSearchSchema, await documents.search(actor, q, limit));
      }),
    );

    server.get(
      '/api/mail/messages',
      authed(async (req, res, actor) => {
        const { top } = MailMessagesQuery.parse(req.query ?? {});
        send(res, 200, MailMessagesSchema, await documents.mailboxMessages(actor, userAssertion(req), top));
      }),
    );

    server.post(
      '/api/cases/:ref/documents/from-mail',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        const { messageId } = FromMailBody.parse(body(req));
        const filed = await documents.fileFromMailbox(actor, ref, messageId, userAssertion(req));
        send(res, filed.created ? 201 : 200, FiledDocumentSchema, filed);
      }),
    );
  };
