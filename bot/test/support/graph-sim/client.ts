import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * Clients for tests that must trust the simulation's test CA. Node 20's global `fetch` (undici) takes no `ca`
 * option and the `undici` package is not installed, so this is a `fetch` over `node:https` with the CA: enough
 * of the Fetch standard for Graph and MSAL (methods, headers, bodies, redirects with the Authorization header
 * dropped across origins, `redirect: 'manual'`, abort signals). A destroyed socket rejects with
 * `TypeError('fetch failed')`, as undici's fetch does.
 */

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const toBuffer = async (body: unknown, headers: Headers): Promise<Buffer | undefined> => {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type'))
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString());
  }
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  if (body instanceof ReadableStream) {
    const chunks: Buffer[] = [];
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError('Unsupported body type for the simulation fetch.');
};

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');

interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
}

const send = (
  url: URL,
  method: string,
  headers: Headers,
  body: Buffer | undefined,
  agent: Agent | undefined,
  signal: AbortSignal | undefined,
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const outgoing: Record<string, string> = {};
    headers.forEach((value, key) => (outgoing[key] = value));
    if (body !== undefined) outgoing['content-length'] = String(body.length);
    const options = {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: outgoing,
      // The simulation listens on 127.0.0.1 only; `localhost` must not resolve to ::1 first.
      ...(url.hostname === 'localhost' ? { family: 4 } : {}),
    };
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, v);
        }
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: responseHeaders,
          body: Buffer.concat(chunks),
        });
      });
      res.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
    };
    const req =
      url.protocol === 'https:'
        ? httpsRequest({ ...options, agent }, onResponse)
        : httpRequest(options, onResponse);
    const onAbort = () => {
      req.destroy();
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
    req.end(body);
  });

/** A `fetch` that trusts `ca` (PEM) for https, and speaks plain http too. */
export const createTrustingFetch = (ca: string | undefined): FetchLike => {
  const agent = new Agent({ ca, keepAlive: true });
  return async (input, init) => {
    const source = input instanceof Request ? input : undefined;
    let url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
    let method = (init?.method ?? source?.method ?? 'GET').toUpperCase();
    const headers = new Headers(source?.headers);
    new Headers(init?.headers).forEach((value, key) => headers.set(key, value));
    const rawBody =
      init?.body !== undefined ? init.body : source && source.body ? await source.arrayBuffer() : undefined;
    let body = await toBuffer(rawBody, headers);
    const redirect = init?.redirect ?? source?.redirect ?? 'follow';
    const signal = init?.signal ?? source?.signal ?? undefined;
    for (let hops = 0; ; hops++) {
      const raw = await send(url, method, headers, body, agent, signal ?? undefined);
      const location = raw.headers.get('location');
      if ([301, 302, 303, 307, 308].includes(raw.status) && location !== null && redirect !== 'manual') {
        if (redirect === 'error')
          throw new TypeError('fetch failed', { cause: new Error('redirect not allowed') });
        if (hops >= 20) throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
        const next = new URL(location, url);
        if (next.origin !== url.origin) headers.delete('authorization');
        if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers.delete('content-type');
        }
        url = next;
        continue;
      }
      const nullBody = [101, 204, 205, 304].includes(raw.status);
      const response = new Response(nullBody ? null : new Uint8Array(raw.body), {
        status: raw.status,
        statusText: raw.statusText,
        headers: raw.headers,
      });
      Object.defineProperty(response, 'url', { value: url.toString() });
      return response;
    }
  };
};

/**
 * An MSAL `system.networkClient` over a fetch that trusts the simulation's CA: MSAL Node 7 uses the global
 * fetch, which cannot be given a CA.
 */
export const createMsalNetworkClient = (fetchImpl: FetchLike): INetworkModule => {
  const call = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const res = await fetchImpl(url, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => (headers[key] = value));
    return { headers, body: (await res.json()) as T, status: res.status };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => call<T>(url, 'GET', options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => call<T>(url, 'POST', options),
  };
};
