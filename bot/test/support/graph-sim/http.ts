/**
 * The simulation's own request/response values. Routing works on these rather than on Node's
 * IncomingMessage/ServerResponse so that `$batch` can send its inner requests through exactly the same code
 * (auth, faults, routing) as top-level ones.
 */

export interface SimRequest {
  method: string;
  /** Raw (still percent-encoded) path, without the query. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Set for requests that arrived inside a `$batch`. */
  inBatch: boolean;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON value, raw bytes, or nothing. */
  body?: unknown;
  /** Whether `body` is bytes to send as-is rather than JSON. */
  raw?: boolean;
}

/** A response that is not sent at all: the socket is destroyed (fault injection, `dropResponse`). */
export const DROP = Symbol('drop');
export type SimOutcome = SimResponse | typeof DROP;

/** Graph's error: thrown anywhere in the simulation, turned into the documented error body by the router. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: {
    'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8',
    ...headers,
  },
  body,
});

export const bytes = (
  status: number,
  body: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
) =>
  ({
    status,
    headers: { 'content-type': contentType, 'content-length': String(body.length), ...headers },
    body,
    raw: true,
  }) satisfies SimResponse;

export const empty = (status: number, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers,
});

/** Graph timestamps for driveItems: UTC, whole seconds, `Z`. */
export const isoSeconds = (ms: number = Date.now()): string =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Graph's documented error body: `{"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}`. */
export const errorBody = (error: GraphError, requestId: string, clientRequestId: string) => ({
  error: {
    code: error.code,
    message: error.message,
    innerError: {
      ...(error.innerCode !== undefined ? { code: error.innerCode } : {}),
      date: isoSeconds(),
      'request-id': requestId,
      'client-request-id': clientRequestId,
    },
  },
});

export const parseJsonBody = (req: SimRequest): Record<string, unknown> => {
  if (req.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GraphError(400, 'BadRequest', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
