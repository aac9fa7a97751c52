import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import {
  AuthenticationHandler,
  AuthenticationHandlerOptions,
  Client,
  ResponseType,
  type AuthenticationProvider,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { DocumentStoreError } from '../../app/document-store';
import { parseRetryAfter } from '../teams/retry-after';
import type { GraphAuth } from './graph-auth';
import { GraphThrottledError, graphError, graphTransportError } from './graph-errors';

/**
 * The one module all Microsoft Graph traffic goes through: tokens, User-Agent, request ids, timeouts and
 * retries are decided here and nowhere else. Built on `@microsoft/microsoft-graph-client` with our own
 * middleware chain (its RetryHandler is left out: it never retries octet-stream bodies, does not time requests
 * out and does not tell a safe retry from an unsafe one):
 *
 *   decorate (User-Agent, client-request-id) → retry (timeouts, Retry-After, backoff) → the SDK's
 *   AuthenticationHandler (bearer token from MSAL, only for the Graph host) → fetch (no automatic redirects)
 *
 * URLs Graph hands out (upload sessions, pre-authenticated downloads) go through a second chain without the
 * AuthenticationHandler: they carry their own credential, and Graph may refuse one that also has a token.
 *
 * Retries, per platform-facts §3 and the throttling guidance:
 * - 429 and 503 wait exactly what Retry-After says (seconds or an HTTP date). A wait longer than
 *   `maxRetryAfterMs` is not taken: the request fails at once with `throttled`, carrying the wait. Without a
 *   Retry-After they back off exponentially. The server did nothing with a throttled request, so any request
 *   may be repeated.
 * - 502, 504, a dropped or refused connection and a timeout back off exponentially with jitter, a bounded
 *   number of times, and only for requests that are safe to repeat (`idempotent`).
 * - Every attempt of one logical request carries the same `client-request-id`.
 */

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

export type GraphMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Whose token a request carries: the application's, a person's (on-behalf-of), or none (Graph's own URLs). */
export type GraphAuthMode = 'app' | 'none' | { onBehalfOf: string; scopes: readonly string[] };

/**
 * - `transient`: throttling (429/503) and, for idempotent requests, 502/504, dropped connections and timeouts.
 * - `throttle`: 429/503 only (upload chunks: after anything else the upload asks the session where it stands).
 * - `none`: no retries.
 */
export type GraphRetryPolicy = 'transient' | 'throttle' | 'none';

export interface GraphRequest {
  method: GraphMethod;
  /**
   * A path under the base URL (`/drives/{d}/items/{id}`, query included, already encoded), or an absolute
   * `https://` URL that Graph handed out (`@odata.nextLink`, an upload URL, a download URL), used as it is.
   */
  url: string;
  /** A JSON body. */
  json?: unknown;
  /** A binary body. */
  bytes?: Buffer | undefined;
  headers?: Record<string, string> | undefined;
  /** Default `app`. */
  auth?: GraphAuthMode | undefined;
  /** Default `transient`. */
  retry?: GraphRetryPolicy | undefined;
  /**
   * Whether repeating the request after an unknown outcome (timeout, dropped connection, 502/504) is safe.
   * Default: true for GET, PUT, PATCH and DELETE; false for POST.
   */
  idempotent?: boolean | undefined;
  /** Per attempt; default the client's `timeoutMs`. For `stream` responses it covers the headers only. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** How to read the body: `json` (default), `bytes`, `stream` or `none`. */
  response?: 'json' | 'bytes' | 'stream' | 'none' | undefined;
  /** Statuses other than 2xx handed back instead of thrown (e.g. 302 for a download, 404 for "is it there"). */
  accept?: readonly number[] | undefined;
  /** What the request does, for error messages (default: method and path, with addressed paths elided). */
  operation?: string | undefined;
}

export interface GraphResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (undefined when empty), a Buffer, a Readable, or undefined, as `response` asked. */
  body: T;
  clientRequestId: string;
  /** Graph's `request-id` header. */
  requestId: string | undefined;
  /** Attempts made (1 when the first answer was kept). */
  attempts: number;
}

/** A retry the client is about to make: tests and logs see exactly how long it waits and why. */
export interface GraphRetryEvent {
  clientRequestId: string;
  method: string;
  operation: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** The status, or `timeout` / `network`. */
  reason: number | 'timeout' | 'network';
  delayMs: number;
  /** Whether the delay is the server's Retry-After (rather than backoff). */
  retryAfter: boolean;
}

export interface GraphClientOptions {
  auth: GraphAuth;
  /** Default https://graph.microsoft.com/v1.0. Its host is the only one that gets the application's token. */
  baseUrl?: string | undefined;
  /** The council's name, for `User-Agent: NONISV|<organisation>|MembersHub/<version>`. */
  organisation: string;
  /** Default: the version in bot/package.json. */
  appVersion?: string | undefined;
  /** Default: global fetch. Tests pass one that trusts the simulation's test CA. */
  fetch?: typeof fetch | undefined;
  /** Per attempt; default 30 s. */
  timeoutMs?: number | undefined;
  /** The longest Retry-After waited out; default 5 minutes. */
  maxRetryAfterMs?: number | undefined;
  /** Retries after 429/503; default 6. */
  maxThrottleRetries?: number | undefined;
  /** Retries after 502/504, dropped connections and timeouts; default 4. */
  maxTransientRetries?: number | undefined;
  /** First backoff delay (doubled each time, with jitter); default 1 s. */
  backoffBaseMs?: number | undefined;
  /** Default 30 s. */
  backoffMaxMs?: number | undefined;
  /** Waits between attempts; default a timer. Tests pass one that records the delay. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Jitter source, [0, 1); default Math.random. */
  random?: (() => number) | undefined;
  onRetry?: ((event: GraphRetryEvent) => void) | undefined;
}

const readAppVersion = (): string => {
  try {
    // bot/src/adapters/graph or bot/dist/adapters/graph → bot/package.json.
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
};

/** `NONISV|<organisation>|MembersHub/<version>`, as SharePoint asks applications to decorate their traffic. */
export const graphUserAgent = (organisation: string, version: string): string =>
  `NONISV|${organisation.replace(/[|\r\n]/g, ' ').trim()}|MembersHub/${version}`;

/** Whether `error` is an AbortError (checked by name: DOMException may come from another realm). */
export const isAbortError = (error: unknown): error is Error =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';

export const abortError = (signal?: AbortSignal): Error => {
  const reason: unknown = signal?.reason;
  if (isAbortError(reason)) return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
};

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The method and path of a request for messages: no query, and folder or file names in `:/…:` elided. */
export const describeRequest = (method: string, url: string): string => {
  let path = url;
  try {
    path = new URL(url, 'https://graph.invalid').pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  path = path.replace(/:\/.*?(:|$)/, ':/…$1');
  // Upload and download URLs are credentials: keep only their first segment.
  if (/^\/(upload|download)\b/.test(path)) path = path.replace(/^(\/[^/]+)\/.*$/, '$1/…');
  return `${method} ${path}`;
};

/** Per-request settings and results, carried through the middleware chain as a middleware option. */
class GraphCall implements MiddlewareOptions {
  attempts = 0;
  /** The reason the request ended without an answer (timeout, network, abort, token), if it did. */
  failure: unknown = undefined;
  /** The body read within the attempt's timeout (json, bytes, none). */
  buffered: Buffer | undefined = undefined;
  /** For a 429/503 that was given up on: the wait the server asked for. */
  retryAfterMs: number | null = null;
  /** Set after a 401: the next attempt asks MSAL for a new token instead of the cached one. */
  freshToken = false;

  constructor(
    readonly clientRequestId: string,
    readonly operation: string,
    readonly retry: GraphRetryPolicy,
    readonly idempotent: boolean,
    readonly timeoutMs: number,
    readonly bufferBody: boolean,
    readonly signal: AbortSignal | undefined,
    /** Whether the request carries a token (app or on-behalf-of). */
    readonly authenticated: boolean,
  ) {}
}

const callOf = (context: Context): GraphCall => {
  const call = context.middlewareControl?.getMiddlewareOptions(GraphCall);
  if (!(call instanceof GraphCall)) throw new Error('Graph request without its settings');
  return call;
};

const headerRecord = (headers: unknown): Record<string, string> => {
  if (headers === undefined || headers === null) return {};
  if (headers instanceof Headers) {
    const record: Record<string, string> = {};
    headers.forEach((value, key) => {
      record[key] = value;
    });
    return record;
  }
  if (Array.isArray(headers)) return Object.fromEntries(headers as Array<[string, string]>);
  return { ...(headers as Record<string, string>) };
};

/** Sets the headers every Graph request carries. */
class DecorateHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly userAgent: string) {}
  async execute(context: Context): Promise<void> {
    const call = callOf(context);
    const options = context.options ?? {};
    options.headers = {
      ...headerRecord(options.headers),
      'User-Agent': this.userAgent,
      'client-request-id': call.clientRequestId,
      'return-client-request-id': 'true',
    };
    context.options = options;
    await (this.next as Middleware).execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Drops any Authorization header: the chain for URLs Graph handed out. */
class NoCredentialHandler implements Middleware {
  private next: Middleware | undefined;
  async execute(context: Context): Promise<void> {
    const headers = headerRecord(context.options?.headers);
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
    context.options = { ...context.options, headers };
    await (this.next as Middleware).execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The last link: fetch, never following redirects (a redirect to a download URL must not take the token along). */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}
  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request, { ...context.options, redirect: 'manual' });
  }
}

const RETRY_STATUSES_THROTTLE = new Set([429, 503]);
const RETRY_STATUSES_TRANSIENT = new Set([502, 504]);

class TimeoutSignal extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

interface RetrySettings {
  maxRetryAfterMs: number;
  maxThrottleRetries: number;
  maxTransientRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  onRetry: ((event: GraphRetryEvent) => void) | undefined;
}

/** Timeouts and retries (see the module comment). Each attempt gets fresh headers, so tokens are not doubled. */
class RetryHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly settings: RetrySettings) {}

  private backoff(retry: number): number {
    const { backoffBaseMs, backoffMaxMs, random } = this.settings;
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (retry - 1));
    // "Equal jitter": at least half the ceiling, so retries never bunch up at zero.
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  async execute(context: Context): Promise<void> {
    const call = callOf(context);
    const { settings } = this;
    let throttleRetries = 0;
    let transientRetries = 0;
    const baseHeaders = headerRecord(context.options?.headers);
    for (;;) {
      if (call.signal?.aborted) {
        call.failure = abortError(call.signal);
        throw call.failure;
      }
      call.attempts += 1;
      call.buffered = undefined;
      call.retryAfterMs = null;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new TimeoutSignal(call.timeoutMs)), call.timeoutMs);
      const onAbort = () => controller.abort(abortError(call.signal));
      call.signal?.addEventListener('abort', onAbort, { once: true });
      const attempt: Context = {
        ...context,
        options: { ...context.options, headers: { ...baseHeaders }, signal: controller.signal },
      };
      let response: Response | undefined;
      let failure: unknown;
      try {
        await (this.next as Middleware).execute(attempt);
        response = attempt.response;
        if (response === undefined) throw new Error('no response');
        if (call.bufferBody || !response.ok) call.buffered = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        failure = error;
      } finally {
        clearTimeout(timer);
        // A streamed body stays tied to the caller's signal; anything else is finished with it.
        if (failure !== undefined || call.bufferBody || !response?.ok) {
          call.signal?.removeEventListener('abort', onAbort);
        }
      }

      if (failure !== undefined) {
        if (call.signal?.aborted) {
          call.failure = abortError(call.signal);
          throw call.failure;
        }
        // A token that could not be had is final here; MSAL has its own retries for Entra.
        if (failure instanceof DocumentStoreError) {
          call.failure = failure;
          throw failure;
        }
        const timedOut = controller.signal.reason instanceof TimeoutSignal;
        const retryable =
          call.retry === 'transient' && call.idempotent && transientRetries < settings.maxTransientRetries;
        if (!retryable) {
          call.failure = timedOut ? controller.signal.reason : failure;
          throw call.failure;
        }
        transientRetries += 1;
        await this.wait(
          call,
          context,
          timedOut ? 'timeout' : 'network',
          this.backoff(transientRetries),
          false,
        );
        continue;
      }

      const res = response as Response;
      const status = res.status;
      // A token Graph no longer accepts (revoked, or the clock is off): one more try with a new one.
      if (status === 401 && call.authenticated && !call.freshToken) {
        call.freshToken = true;
        continue;
      }
      if (RETRY_STATUSES_THROTTLE.has(status) && call.retry !== 'none') {
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        if (retryAfter !== null && retryAfter > settings.maxRetryAfterMs) {
          call.retryAfterMs = retryAfter;
          context.response = res;
          return;
        }
        if (throttleRetries < settings.maxThrottleRetries) {
          throttleRetries += 1;
          const delay = retryAfter ?? this.backoff(throttleRetries);
          await this.wait(call, context, status, delay, retryAfter !== null);
          continue;
        }
        call.retryAfterMs = retryAfter;
      } else if (
        RETRY_STATUSES_TRANSIENT.has(status) &&
        call.retry === 'transient' &&
        call.idempotent &&
        transientRetries < settings.maxTransientRetries
      ) {
        transientRetries += 1;
        await this.wait(call, context, status, this.backoff(transientRetries), false);
        continue;
      }
      context.response = res;
      return;
    }
  }

  private async wait(
    call: GraphCall,
    context: Context,
    reason: GraphRetryEvent['reason'],
    delayMs: number,
    retryAfter: boolean,
  ): Promise<void> {
    this.settings.onRetry?.({
      clientRequestId: call.clientRequestId,
      method: context.options?.method ?? 'GET',
      operation: call.operation,
      attempt: call.attempts,
      reason,
      delayMs,
      retryAfter,
    });
    try {
      await this.settings.sleep(delayMs, call.signal);
    } catch (error) {
      call.failure = error;
      throw error;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * A query string as Graph reads it: `$`-prefixed names as they are, values percent-encoded (a space as `%20`),
 * in the order given; undefined values are left out. So no caller pastes OData together by hand.
 */
export const graphQuery = (params: Readonly<Record<string, string | number | undefined>>): string => {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
};

/** An OData string literal: quoted, with quotes doubled. */
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const isAbsolute = (url: string): boolean => /^https?:\/\//i.test(url);

/** Graph, for the adapters: one instance per process (it holds the token cache through GraphAuth). */
export class GraphClient {
  readonly baseUrl: string;
  readonly userAgent: string;
  private readonly appClient: Client;
  private readonly anonymousClient: Client;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
    const base = new URL(this.baseUrl);
    if (base.protocol !== 'https:') throw new Error('The Graph base URL must be https.');
    this.userAgent = graphUserAgent(options.organisation, options.appVersion ?? readAppVersion());
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const settings: RetrySettings = {
      maxRetryAfterMs: options.maxRetryAfterMs ?? 300_000,
      maxThrottleRetries: options.maxThrottleRetries ?? 6,
      maxTransientRetries: options.maxTransientRetries ?? 4,
      backoffBaseMs: options.backoffBaseMs ?? 1_000,
      backoffMaxMs: options.backoffMaxMs ?? 30_000,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
    const fetchImpl = options.fetch ?? fetch;
    // The chain's default provider; each request also brings its own (below), which knows about retries.
    const appProvider: AuthenticationProvider = { getAccessToken: () => options.auth.appToken() };
    // The SDK's AuthenticationHandler adds the token only for its Graph hosts and `customHosts`: ours is the
    // configured base URL's host (graph.microsoft.com in production, the simulation's in tests).
    const customHosts = new Set([base.hostname.toLowerCase()]);
    this.appClient = Client.initWithMiddleware({
      middleware: [
        new DecorateHandler(this.userAgent),
        new RetryHandler(settings),
        new AuthenticationHandler(appProvider),
        new FetchHandler(fetchImpl),
      ],
      customHosts,
    });
    this.anonymousClient = Client.initWithMiddleware({
      middleware: [
        new DecorateHandler(this.userAgent),
        new RetryHandler(settings),
        new NoCredentialHandler(),
        new FetchHandler(fetchImpl),
      ],
      customHosts,
    });
  }

  /** The absolute URL for a path under the base URL. */
  url(pathOrUrl: string): string {
    return isAbsolute(pathOrUrl)
      ? pathOrUrl
      : `${this.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }

  /**
   * Sends a request. Resolves with 2xx answers and the statuses in `accept`; anything else rejects with a
   * DocumentStoreError (Graph's code mapped, its request id kept). No answer at all (after the retries the
   * policy allows) rejects with `unavailable`; an aborted signal with AbortError.
   */
  async request<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    const url = this.url(request.url);
    if (!url.toLowerCase().startsWith('https://')) throw new Error('Graph requests must use https.');
    const auth = request.auth ?? 'app';
    const responseMode = request.response ?? 'json';
    const operation = request.operation ?? describeRequest(request.method, url);
    const call = new GraphCall(
      randomUUID(),
      operation,
      request.retry ?? 'transient',
      request.idempotent ?? request.method !== 'POST',
      request.timeoutMs ?? this.timeoutMs,
      responseMode !== 'stream',
      request.signal,
      auth !== 'none',
    );
    const middlewareOptions: MiddlewareOptions[] = [call];
    if (auth !== 'none') {
      const tokens = this.options.auth;
      const provider: AuthenticationProvider = {
        getAccessToken: () =>
          auth === 'app'
            ? tokens.appToken(call.freshToken)
            : tokens.onBehalfOfToken(auth.onBehalfOf, auth.scopes, call.freshToken),
      };
      middlewareOptions.push(new AuthenticationHandlerOptions(provider));
    }
    const headers: Record<string, string> = { ...request.headers };
    let body: unknown;
    if (request.bytes !== undefined) {
      body = request.bytes;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['Content-Type'] = 'application/octet-stream';
      }
    } else if (request.json !== undefined) {
      body = request.json;
      headers['Content-Type'] = 'application/json';
    }
    const builder = (auth === 'none' ? this.anonymousClient : this.appClient)
      .api(url)
      .headers(headers)
      .middlewareOptions(middlewareOptions)
      .responseType(ResponseType.RAW);

    let raw: Response;
    try {
      switch (request.method) {
        case 'GET':
          raw = (await builder.get()) as Response;
          break;
        case 'DELETE':
          raw = (await builder.delete()) as Response;
          break;
        case 'POST':
          raw = (await builder.post(body)) as Response;
          break;
        case 'PUT':
          raw = (await builder.put(body)) as Response;
          break;
        case 'PATCH':
          raw = (await builder.patch(body)) as Response;
          break;
      }
    } catch (error) {
      // The SDK wraps whatever the chain threw in its GraphError; the chain kept the original.
      const failure = call.failure ?? error;
      if (failure instanceof DocumentStoreError) throw failure;
      if (isAbortError(failure)) throw failure;
      throw graphTransportError(operation, failure, call.clientRequestId);
    }

    const status = raw.status;
    const accepted = (status >= 200 && status < 300) || (request.accept ?? []).includes(status);
    if (!accepted) {
      const error = graphError({
        operation,
        status,
        headers: raw.headers,
        body: call.buffered ?? '',
        retryAfterMs: call.retryAfterMs,
      });
      if (error instanceof GraphThrottledError && call.retryAfterMs !== null) {
        // Say why we stopped: the wait asked for was longer than we wait.
        throw new GraphThrottledError(
          `${error.message}; Retry-After ${call.retryAfterMs} ms`,
          call.retryAfterMs,
          {
            ...error.details,
          },
        );
      }
      throw error;
    }
    let parsed: unknown;
    if (responseMode === 'stream') {
      parsed =
        call.buffered !== undefined
          ? Readable.from([call.buffered])
          : raw.body === null
            ? Readable.from([])
            : Readable.fromWeb(raw.body as unknown as NodeWebReadableStream<Uint8Array>);
    } else if (responseMode === 'bytes') {
      parsed = call.buffered ?? Buffer.alloc(0);
    } else if (responseMode === 'json') {
      const text = (call.buffered ?? Buffer.alloc(0)).toString('utf8');
      if (text.trim() !== '') {
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new DocumentStoreError(
            'failed',
            `Graph ${operation} answered ${status} with a body that is not JSON`,
            {
              status,
              requestId: raw.headers.get('request-id') ?? undefined,
              cause: error,
            },
          );
        }
      }
    }
    return {
      status,
      headers: raw.headers,
      body: parsed as T,
      clientRequestId: call.clientRequestId,
      requestId: raw.headers.get('request-id') ?? undefined,
      attempts: call.attempts,
    };
  }

  /** GET a JSON resource. */
  async get<T>(url: string, extra: Omit<GraphRequest, 'method' | 'url'> = {}): Promise<T> {
    return (await this.request<T>({ ...extra, method: 'GET', url })).body;
  }

  /**
   * A file's bytes from its `…/content` URL: Graph answers 302 with a pre-authenticated URL, which is followed
   * without any token (it is a credential itself).
   */
  async content(
    url: string,
    extra: Omit<GraphRequest, 'method' | 'url' | 'accept' | 'response'> = {},
  ): Promise<Readable> {
    const first = await this.request<Readable>({
      ...extra,
      method: 'GET',
      url,
      accept: [302, 303, 307],
      response: 'stream',
      operation: extra.operation ?? 'download',
    });
    if (first.status < 300) return first.body;
    first.body.destroy();
    const location = first.headers.get('location');
    if (location === null) {
      throw new DocumentStoreError('failed', 'Graph answered a redirect without a Location', {
        status: first.status,
        requestId: first.requestId,
      });
    }
    const content = await this.request<Readable>({
      method: 'GET',
      url: new URL(location, this.url(url)).toString(),
      auth: 'none',
      response: 'stream',
      operation: `${extra.operation ?? 'download'} (content)`,
      ...(extra.signal !== undefined ? { signal: extra.signal } : {}),
      ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
    });
    return content.body;
  }

  /**
   * Every item of a collection: follows the whole `@odata.nextLink` until there is none (never taking the
   * skip token apart: https://learn.microsoft.com/graph/paging).
   */
  async collect<T>(url: string, extra: Omit<GraphRequest, 'method' | 'url'> = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = url;
    for (let page = 0; next !== undefined; page += 1) {
      if (page > 10_000) throw new DocumentStoreError('failed', 'Graph paging did not end');
      const body: { value?: T[]; '@odata.nextLink'?: string } | undefined = await this.get(next, extra);
      items.push(...(body?.value ?? []));
      next = body?.['@odata.nextLink'];
    }
    return items;
  }
}
