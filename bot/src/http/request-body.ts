import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { BadRequestError, BodyTooLargeError, UnsupportedMediaTypeError } from './error-mapper';

/**
 * Request bodies and query strings, read only when a route needs them and only as much as it accepts
 * (docs/api.md, "Request bodies"):
 *
 * - a JSON route reads its body after the caller is authenticated (`server.ts`), and only `application/json`
 *   in UTF-8: anything else (a form post, multipart, XML) is refused with 415 before a byte is read, so no
 *   request can make the service write a temporary file or parse a format it does not use;
 * - `Content-Encoding` may be `gzip` or `deflate`, but the limit is on the inflated size: inflation stops at
 *   the limit (413) and the rest of the body is dropped unread. Any other encoding is 415;
 * - a NUL character (U+0000) anywhere in a body's text or a query parameter is refused with 400 naming the
 *   field: PostgreSQL cannot store it, and no field of this API has a use for it.
 */

/** Largest JSON body accepted, after inflation. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

const NUL = '\u0000';

/** `type/subtype` of the request, lower case; '' when there is none. */
const mediaType = (req: IncomingMessage): { type: string; charset: string | null } => {
  const header = req.headers['content-type'] ?? '';
  const [type = '', ...params] = header.split(';');
  let charset: string | null = null;
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'charset')
      charset = (value ?? '').trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
};

/** Whether the request says it carries a body (a length above zero, or a chunked transfer). */
export const hasBody = (req: IncomingMessage): boolean => {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
};

/** The decoder for the request's Content-Encoding: none for identity, zlib for gzip and deflate. */
const decoderFor = (req: IncomingMessage): Gunzip | Inflate | null => {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return null;
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  throw new UnsupportedMediaTypeError(
    'The body\u2019s Content-Encoding is not accepted: send it uncompressed, or as gzip or deflate.',
  );
};

/**
 * Refuses a Content-Encoding on a route that takes raw bytes as they are (a document upload): the bytes
 * would be stored compressed, or inflated past the size that was checked.
 */
export const refuseEncodedBody = (req: IncomingMessage): void => {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '')
    throw new UnsupportedMediaTypeError('Send the file uncompressed: Content-Encoding is not accepted here.');
};

/** Drops what is left of the body without reading it into memory, so the answer can still be sent. */
const drain = (req: IncomingMessage): void => {
  req.unpipe();
  req.resume();
};

/**
 * Reads the body, inflated, up to `maxBytes` (counted after inflation); past that, stops and refuses with 413
 * (`tooLarge` says how: a route that takes a file answers as a file too large for the service).
 */
export const readBytes = (
  req: IncomingMessage,
  maxBytes: number,
  tooLarge: (maxBytes: number) => Error = (max) => new BodyTooLargeError(max),
): Promise<Buffer> => {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const decoder = decoderFor(req);
  // The declared length is the compressed size when encoded: a refusal on it alone is only safe without one.
  if (decoder === null && Number.isFinite(declared) && declared > maxBytes) {
    drain(req);
    return Promise.reject(tooLarge(maxBytes));
  }
  const source: NodeJS.ReadableStream = decoder ?? req;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      source.removeListener('data', onData);
      if (error) {
        if (decoder) decoder.destroy();
        drain(req);
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(tooLarge(maxBytes));
      chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('end', () => finish(null));
    source.once('error', () =>
      finish(
        decoder
          ? new BadRequestError(
              'bad_request',
              'The body could not be inflated: it is not valid gzip or deflate.',
            )
          : new BadRequestError('bad_request', 'The request body could not be read.'),
      ),
    );
    req.once('aborted', () => finish(new BadRequestError('bad_request', 'The request body was cut off.')));
    if (decoder) {
      req.once('error', () =>
        finish(new BadRequestError('bad_request', 'The request body could not be read.')),
      );
      req.pipe(decoder);
    }
  });
};

/**
 * The first place in `value` where text holds a NUL, as a dotted path (`constituent.name`, `attachments.0`);
 * null when there is none. Keys count too.
 */
export const nulPath = (value: unknown, path: string[] = [], depth = 0): string | null => {
  if (typeof value === 'string') return value.includes(NUL) ? path.join('.') || '(body)' : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries) {
    if (key.includes(NUL)) return [...path, key.replaceAll(NUL, '\\u0000')].join('.');
    const found = nulPath(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
};

const nulRefusal = (path: string): BadRequestError =>
  new BadRequestError(
    'bad_request',
    `The field ${path} contains a NUL character (U+0000), which is not accepted.`,
    [{ path, message: 'must not contain a NUL character (U+0000)' }],
  );

/**
 * The JSON body of a request that may carry one (POST, PUT, PATCH), or undefined when it carries none. Refuses
 * other media types and encodings (415), bodies over `maxBytes` once inflated (413), text that is not UTF-8 or
 * not JSON (400), and text holding a NUL (400, naming the field).
 */
export const readJsonBody = async (
  req: IncomingMessage,
  maxBytes = MAX_JSON_BODY_BYTES,
): Promise<unknown> => {
  if (!hasBody(req)) return undefined;
  const { type, charset } = mediaType(req);
  if (type !== 'application/json' || (charset !== null && charset !== 'utf-8' && charset !== 'utf8')) {
    drain(req);
    throw new UnsupportedMediaTypeError(
      'The request could not be read: send JSON (UTF-8) with Content-Type: application/json.',
    );
  }
  const bytes = await readBytes(req, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError('bad_request', 'The request body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError('bad_request', 'The request body is not valid JSON.');
  }
  const nul = nulPath(parsed);
  if (nul !== null) throw nulRefusal(nul);
  return parsed;
};

/** Refuses a query string with a NUL in any parameter's name or value (400, naming the parameter). */
export const checkQuery = (query: unknown): void => {
  const nul = nulPath(query);
  if (nul !== null) throw nulRefusal(nul.replace(/\.\d+$/, ''));
};
