/**
 * Fault injection: tests queue faults, and the next requests that match get them instead of (or before) the
 * normal answer. Faults apply to Graph (`/v1.0`, including each request inside a `$batch`), upload and download
 * URLs; the token endpoint only when a fault names it (`match.target: 'login'`, or a `match.path` that matches
 * a login path).
 */

export type FaultKind =
  /** 429 with Retry-After and `{"error":{"code":"TooManyRequests"}}` (or `code`, e.g. `activityLimitReached`). */
  | 'throttle'
  /** 503 with Retry-After (unless `retryAfterSeconds: null`). */
  | 'unavailable'
  /** 504, no Retry-After. */
  | 'gatewayTimeout'
  /** The socket is destroyed after part of the request body arrived: nothing of it is committed. */
  | 'drop'
  /** The request is carried out, then the socket is destroyed instead of answering (a lost response). */
  | 'dropResponse'
  /** Waits `delayMs` (default 1000), then answers normally. */
  | 'slow'
  /** Upload chunk PUTs only: the session is gone when the chunk arrives (404 `itemNotFound`). */
  | 'expireSession';

export type RequestTarget = 'graph' | 'upload' | 'download' | 'login';

/** What a fault's match sees of a request. */
export interface FaultRequestInfo {
  method: string;
  /** Raw path without the query, e.g. `/v1.0/drives/d/items/1/children` or `/upload/abc`. */
  path: string;
  query: string;
  target: RequestTarget;
  inBatch: boolean;
  headers: Record<string, string>;
}

export interface FaultMatch {
  method?: string | string[];
  /** A RegExp tested against the raw path, or a substring of it. */
  path?: RegExp | string;
  /** Default: graph, upload and download. */
  target?: RequestTarget | RequestTarget[];
  /** Only requests inside a `$batch` (true) or only top-level ones (false). */
  inBatch?: boolean;
  test?: (request: FaultRequestInfo) => boolean;
}

export interface FaultSpec {
  kind: FaultKind;
  match?: FaultMatch;
  /** How many matching requests get it; default 1. `Infinity` until cleared. */
  times?: number;
  /** throttle/unavailable: the Retry-After header in seconds; default 1; `null` leaves the header out. */
  retryAfterSeconds?: number | null;
  /** slow: the delay; for other kinds, an extra delay before the fault. */
  delayMs?: number;
  /** throttle: the error code, default `TooManyRequests` (drive calls also see `activityLimitReached`). */
  code?: string;
}

export interface InjectedFault {
  readonly spec: FaultSpec;
  /** Requests that got this fault so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

interface Entry {
  spec: FaultSpec;
  hits: number;
  remaining: number;
}

const asList = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

export class Faults {
  private entries: Entry[] = [];

  inject(spec: FaultSpec): InjectedFault {
    const entry: Entry = { spec, hits: 0, remaining: spec.times ?? 1 };
    this.entries.push(entry);
    return {
      spec,
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return entry.remaining;
      },
      cancel: () => {
        entry.remaining = 0;
      },
    };
  }

  clear(): void {
    this.entries = [];
  }

  /** Faults with uses left. */
  pending(): FaultSpec[] {
    return this.entries.filter((e) => e.remaining > 0).map((e) => e.spec);
  }

  /** The first queued fault that matches, used up by one; undefined when none does. */
  take(info: FaultRequestInfo): FaultSpec | undefined {
    for (const entry of this.entries) {
      if (entry.remaining <= 0 || !this.matches(entry.spec, info)) continue;
      entry.remaining -= 1;
      entry.hits += 1;
      return entry.spec;
    }
    return undefined;
  }

  private matches(spec: FaultSpec, info: FaultRequestInfo): boolean {
    const match = spec.match ?? {};
    if (spec.kind === 'expireSession' && (info.target !== 'upload' || info.method !== 'PUT')) return false;
    const targets = asList(match.target);
    const pathMatches =
      match.path === undefined
        ? undefined
        : typeof match.path === 'string'
          ? info.path.includes(match.path)
          : match.path.test(info.path);
    if (targets) {
      if (!targets.includes(info.target)) return false;
    } else if (info.target === 'login' && pathMatches !== true) {
      return false;
    }
    if (pathMatches === false) return false;
    const methods = asList(match.method)?.map((m) => m.toUpperCase());
    if (methods && !methods.includes(info.method.toUpperCase())) return false;
    if (match.inBatch !== undefined && match.inBatch !== info.inBatch) return false;
    if (match.test && !match.test(info)) return false;
    return true;
  }
}
