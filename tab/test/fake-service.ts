import { createApiClient, type ApiClient } from '../src/api/client';

/** One recorded request to the fake service. */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** A JSON body, parsed. */
  body: unknown;
  /** A raw body (an upload's file bytes), as sent. */
  raw?: Blob;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** The values of a route's `:name` segments. */
  params: Record<string, string>;
  /** For an upload: whether the tab stopped it (the bytes never all arrived), as the handler answers. */
  aborted?: () => boolean;
}

/** An answer: a JSON body, or a Blob sent as bytes (a document's content), with optional headers. */
export interface ReplyValue {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}
type Reply = ReplyValue | Promise<ReplyValue>;
/**
 * Handlers keyed by "METHOD /path" (the path without its query; a segment `:name` matches any one segment);
 * a handler may answer or never answer.
 */
export type Routes = Record<string, (req: SentRequest) => Reply>;

const NOT_FOUND: ReplyValue = {
  status: 404,
  body: { code: 'not_found', message: 'No such resource.', requestId: 'r-404' },
};

const matchRoute = (
  routes: Routes,
  method: string,
  path: string,
): { handler: Routes[string]; params: Record<string, string> } | null => {
  const exact = routes[`${method} ${path}`];
  if (exact) return { handler: exact, params: {} };
  const segments = path.split('/');
  for (const [key, handler] of Object.entries(routes)) {
    const [m, pattern = ''] = key.split(' ');
    if (m !== method || !pattern.includes(':')) continue;
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        if (segment === '') return false;
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (matches) return { handler, params };
  }
  return null;
};

const lowerCaseHeaders = (headers: HeadersInit | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
};

/** Lets the browser's event loop run (React renders, other handlers answer). */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A stand-in for the service at the HTTP level: the tab's real API client talks to it through `fetch`, and
 * sends uploads through an XMLHttpRequest look-alike that reports upload progress, so the client's request
 * building and error mapping are exercised too. Unknown routes answer 404 like the service.
 */
export const fakeService = (routes: Routes) => {
  const sent: SentRequest[] = [];
  let unauthenticated = 0;

  const dispatch = async (req: Omit<SentRequest, 'params'>): Promise<ReplyValue> => {
    const route = matchRoute(routes, req.method, req.path);
    const full: SentRequest = { ...req, params: route?.params ?? {} };
    sent.push(full);
    return route ? await route.handler(full) : NOT_FOUND;
  };

  const fetchImpl = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input, 'http://127.0.0.1');
    const reply = await dispatch({
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: lowerCaseHeaders(init?.headers),
    });
    const isBlob = reply.body instanceof Blob;
    return {
      ok: (reply.status ?? 200) < 400,
      status: reply.status ?? 200,
      headers: new Headers(reply.headers),
      json: () => (isBlob ? Promise.reject(new SyntaxError('not JSON')) : Promise.resolve(reply.body)),
      text: () => Promise.resolve(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)),
      blob: () =>
        Promise.resolve(
          isBlob
            ? (reply.body as Blob)
            : new Blob([JSON.stringify(reply.body)], { type: 'application/json' }),
        ),
    } as Response;
  };

  /**
   * The part of XMLHttpRequest the client's uploads use. Progress is reported at half the bytes as soon as
   * the upload starts and at all of them before the answer, so a handler that holds its answer leaves the
   * upload visibly half way.
   */
  class FakeXhr {
    status = 0;
    responseText = '';
    readonly upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private readonly headers: Record<string, string> = {};
    private aborted = false;

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    }
    abort() {
      if (this.aborted) return;
      this.aborted = true;
      this.onabort?.();
    }
    send(body: Blob) {
      void this.run(body);
    }
    private progress(loaded: number, total: number) {
      this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
    }
    private async run(body: Blob) {
      const url = new URL(this.url, 'http://127.0.0.1');
      await tick();
      if (this.aborted) return;
      this.progress(Math.ceil(body.size / 2), body.size);
      const reply = await dispatch({
        method: this.method,
        path: url.pathname,
        query: url.searchParams,
        body: undefined,
        raw: body,
        headers: { ...this.headers },
        aborted: () => this.aborted,
      });
      if (this.aborted) return;
      if (reply.status === 0) {
        this.onerror?.();
        return;
      }
      this.progress(body.size, body.size);
      await tick();
      if (this.aborted) return;
      this.status = reply.status ?? 200;
      this.responseText = JSON.stringify(reply.body);
      this.onload?.();
    }
  }

  const api: ApiClient = createApiClient(
    {
      token: () => Promise.resolve('test-token'),
      unauthenticated: () => {
        unauthenticated += 1;
      },
    },
    fetchImpl,
    () => new FakeXhr() as unknown as XMLHttpRequest,
  );
  return { api, sent, unauthenticatedCalls: () => unauthenticated };
};

/** A reply that never comes, for loading states. */
export const never = (): Promise<{ body: unknown }> => new Promise(() => undefined);

/** A promise with its resolve function outside, to hold an answer until a test lets it go. */
export const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};
