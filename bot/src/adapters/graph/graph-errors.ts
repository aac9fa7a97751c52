import { DocumentStoreError, type DocumentStoreErrorCode } from '../../app/document-store';

/**
 * Graph's error responses as DocumentStoreErrors. Graph answers `{"error":{"code","message","innerError":
 * {"code"?,"request-id","date"}}}` (https://learn.microsoft.com/graph/errors); the request id comes from the body
 * or, failing that, the `request-id` response header, and is what Microsoft support asks for. Messages carry
 * Graph's code and message (never file content).
 */

/** What a Graph error body says, every nested code included (outermost first). */
export interface GraphErrorBody {
  codes: string[];
  message: string | undefined;
  requestId: string | undefined;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Reads Graph's error body (JSON text or an already parsed value); tolerant of anything else. */
export const parseGraphErrorBody = (body: unknown): GraphErrorBody => {
  let parsed: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      parsed = JSON.parse(body.toString());
    } catch {
      parsed = undefined;
    }
  }
  const codes: string[] = [];
  let requestId: string | undefined;
  const error = record(record(parsed)?.error);
  let message = text(error?.message);
  // Graph nests as innerError (documented) or innererror (seen in SharePoint answers), sometimes several deep.
  let level: Record<string, unknown> | undefined = error;
  for (let depth = 0; level !== undefined && depth < 8; depth += 1) {
    const code = text(level.code);
    if (code !== undefined) codes.push(code);
    requestId ??= text(level['request-id']) ?? text(level.requestId);
    message ??= text(level.message);
    level = record(level.innerError) ?? record(level.innererror);
  }
  return { codes, message, requestId };
};

const hasCode = (codes: readonly string[], ...wanted: string[]): boolean =>
  codes.some((c) => wanted.some((w) => w.toLowerCase() === c.toLowerCase()));

/** The DocumentStoreError code for a Graph status and its error codes. */
export const documentStoreCode = (status: number, codes: readonly string[]): DocumentStoreErrorCode => {
  if (hasCode(codes, 'pathIsTooLong', 'pathTooLong')) return 'path-too-long';
  if (hasCode(codes, 'quotaLimitReached', 'insufficientStorage')) return 'quota-exceeded';
  if (status === 404) return 'not-found';
  if (status === 409) return hasCode(codes, 'resourceModified') ? 'precondition-failed' : 'name-conflict';
  if (status === 412) return 'precondition-failed';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 507) return 'quota-exceeded';
  if (status === 413) return 'too-large';
  if (status === 400) {
    if (hasCode(codes, 'nameContainsInvalidCharacters', 'invalidName', 'invalidPath', 'nameTooLong')) {
      return 'invalid-name';
    }
    if (hasCode(codes, 'maxFileSizeExceeded', 'fileTooLarge')) return 'too-large';
    return 'failed';
  }
  if (status === 429 || status === 503) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'failed';
};

/** A Graph request that was throttled for longer than the client is willing to wait (or kept being throttled). */
export class GraphThrottledError extends DocumentStoreError {
  constructor(
    message: string,
    /** How long Graph asked us to wait, when it said (milliseconds). */
    readonly retryAfterMs: number | null,
    details: ConstructorParameters<typeof DocumentStoreError>[2],
  ) {
    super('throttled', message, details);
  }
}

export interface GraphFailure {
  /** What was being done, e.g. `GET /drives/{d}/items/{id}`: for the message, never content or secrets. */
  operation: string;
  status: number;
  headers: Headers;
  body: unknown;
  /** For 429/503: the wait Graph asked for, when it gave one. */
  retryAfterMs?: number | null | undefined;
}

/** The DocumentStoreError for a Graph response that was not a success. */
export const graphError = (failure: GraphFailure): DocumentStoreError => {
  const parsed = parseGraphErrorBody(failure.body);
  const requestId = parsed.requestId ?? failure.headers.get('request-id') ?? undefined;
  const code = documentStoreCode(failure.status, parsed.codes);
  const storeCode = parsed.codes[0];
  const detail = [storeCode, ...parsed.codes.slice(1)].filter((c) => c !== undefined).join('/');
  const message =
    `Graph ${failure.operation} answered ${failure.status}` +
    (detail !== '' ? ` ${detail}` : '') +
    (parsed.message !== undefined ? `: ${parsed.message}` : '') +
    (requestId !== undefined ? ` (request-id ${requestId})` : '');
  const details = { status: failure.status, requestId, storeCode };
  if (code === 'throttled') return new GraphThrottledError(message, failure.retryAfterMs ?? null, details);
  return new DocumentStoreError(code, message, details);
};

/** The error for a request that never got an answer (connection refused, reset, dropped, or timed out). */
export const graphTransportError = (
  operation: string,
  cause: unknown,
  clientRequestId: string,
): DocumentStoreError =>
  new DocumentStoreError(
    'unavailable',
    `Graph ${operation} got no answer: ${cause instanceof Error ? describeTransportError(cause) : String(cause)} (client-request-id ${clientRequestId})`,
    { cause },
  );

/** `fetch failed` says little: Node puts the reason (ECONNRESET, "other side closed" …) in `cause`. */
export const describeTransportError = (error: Error): string => {
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
};
