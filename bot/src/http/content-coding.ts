import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

/**
 * Content codings the service sends (RFC 9110, 8.4.1): brotli and gzip, in the order preferred when a client
 * accepts both equally (brotli is the smaller). Used for the tab's precompressed files (`tab-routes.ts`) and
 * for the API's JSON answers (`compressJson`).
 */
export const CONTENT_CODINGS = ['br', 'gzip'] as const;
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/**
 * The codings of `CONTENT_CODINGS` an `Accept-Encoding` header accepts, best first: by q-value, then brotli
 * before gzip. A coding is acceptable when it is listed with q > 0, or not listed while `*` is (RFC 9110,
 * 12.5.3); `x-gzip` counts as gzip. No header, or only `identity`, accepts none: the body is sent as it is.
 */
export const acceptedCodings = (header: string | undefined): ContentCoding[] => {
  if (header === undefined) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (name === '') continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    const coding = name === 'x-gzip' ? 'gzip' : name;
    // The highest weight given to a coding wins if a client repeats one.
    if (Number.isFinite(value)) q.set(coding, Math.max(q.get(coding) ?? 0, Math.min(Math.max(value, 0), 1)));
  }
  const weight = (coding: ContentCoding): number => q.get(coding) ?? q.get('*') ?? 0;
  return CONTENT_CODINGS.filter((coding) => weight(coding) > 0).sort((a, b) => weight(b) - weight(a));
};

/** Below this a JSON answer is sent as it is: compression would save less than a packet's headers. */
export const MIN_COMPRESSED_JSON_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * `json` compressed with the best coding `acceptEncoding` accepts, or null when it accepts none or the body is
 * too small to gain. Compressed per answer, so the levels are the fast ones (brotli quality 4, gzip 6): about
 * as small as gzip 9 for JSON at a fraction of the CPU. The work runs on libuv's thread pool, off the event loop.
 */
export const compressJson = async (
  json: Buffer,
  acceptEncoding: string | undefined,
): Promise<{ coding: ContentCoding; body: Buffer } | null> => {
  if (json.length < MIN_COMPRESSED_JSON_BYTES) return null;
  const [coding] = acceptedCodings(acceptEncoding);
  if (coding === undefined) return null;
  const body =
    coding === 'br'
      ? await brotli(json, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
          },
        })
      : await gzipAsync(json, { level: 6 });
  return { coding, body };
};
