import { DocumentStoreError } from '../src/app/document-store';
import type { GraphAuth } from '../src/adapters/graph/graph-auth';
import { GraphClient, describeRequest, graphUserAgent } from '../src/adapters/graph/graph-client';
import {
  GraphThrottledError,
  documentStoreCode,
  parseGraphErrorBody,
} from '../src/adapters/graph/graph-errors';

/**
 * The Graph client's own rules, against a scripted `fetch` (no network): headers, Retry-After, backoff,
 * timeouts, which requests are repeated, tokens and error mapping. The same client against the Graph
 * simulation, with real MSAL, is in graph-document-store.test.ts and graph-auth.test.ts.
 */

const BASE = 'https://graph.example.test/v1.0';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Script = (seen: Seen, index: number, signal: AbortSignal | undefined) => Response | Promise<Response>;

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const graphErrorBody = (code: string, message: string, requestId = 'req-body-1', inner?: string) => ({
  error: {
    code,
    message,
    innerError: {
      ...(inner !== undefined ? { code: inner } : {}),
      'request-id': requestId,
      date: '2026-01-01T00:00:00',
    },
  },
});

const setup = (script: Script, extra: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) => {
  const seen: Seen[] = [];
  const delays: number[] = [];
  const auth: GraphAuth & { obo: Array<{ assertion: string; scopes: readonly string[] }>; fresh: boolean[] } =
    {
      obo: [],
      fresh: [],
      appToken: (fresh = false) => {
        auth.fresh.push(fresh);
        return Promise.resolve(fresh ? 'new-app-token' : 'app-token');
      },
      onBehalfOfToken: (assertion, scopes) => {
        auth.obo.push({ assertion, scopes });
        return Promise.resolve('user-token');
      },
    };
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const entry: Seen = { url, method: init?.method ?? 'GET', headers, body: init?.body };
    seen.push(entry);
    return script(entry, seen.length - 1, init?.signal ?? undefined);
  }) as typeof fetch;
  const client = new GraphClient({
    auth,
    baseUrl: BASE,
    organisation: 'Fallowmere County Council',
    appVersion: '1.2.3',
    fetch: fakeFetch,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    timeoutMs: 200,
    ...extra,
  });
  return { client, seen, delays, auth };
};

const ok = () => jsonResponse(200, { id: 'x' });

describe('GraphClient requests', () => {
  it('decorates every request: User-Agent, one client-request-id per logical request kept across retries', async () => {
    const { client, seen } = setup((_s, i) =>
      i === 0 ? jsonResponse(503, {}, { 'retry-after': '0' }) : ok(),
    );
    await client.get('/drives/d/root');
    await client.get('/drives/d/root');
    expect(seen).toHaveLength(3);
    for (const s of seen) {
      expect(s.headers['user-agent']).toBe('NONISV|Fallowmere County Council|MembersHub/1.2.3');
      expect(s.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(seen[0]?.headers['client-request-id']).toBe(seen[1]?.headers['client-request-id']);
    expect(seen[2]?.headers['client-request-id']).not.toBe(seen[1]?.headers['client-request-id']);
  });

  it('uses the package version by default and keeps the organisation free of separators', () => {
    const { client } = setup(ok, { appVersion: undefined });
    expect(client.userAgent).toMatch(/^NONISV\|Fallowmere County Council\|MembersHub\/\d+\.\d+\.\d+/);
    expect(graphUserAgent('A|B\nC', '1.0.0')).toBe('NONISV|A B C|MembersHub/1.0.0');
  });

  it('sends the application token to the Graph host only once per attempt, and none where told not to', async () => {
    const { client, seen } = setup((_s, i) =>
      i === 0 ? jsonResponse(429, {}, { 'retry-after': '0' }) : ok(),
    );
    await client.get('/drives/d/root');
    await client.request({
      method: 'PUT',
      url: 'https://graph.example.test/upload/abc',
      auth: 'none',
      bytes: Buffer.from('x'),
    });
    await client.request({ method: 'GET', url: 'https://elsewhere.example.test/file', response: 'bytes' });
    expect(seen[0]?.headers.authorization).toBe('Bearer app-token');
    expect(seen[1]?.headers.authorization).toBe('Bearer app-token');
    expect(seen[2]?.headers.authorization).toBeUndefined();
    expect(seen[2]?.headers['content-type']).toBe('application/octet-stream');
    expect(seen[3]?.headers.authorization).toBeUndefined();
  });

  it('after a 401 asks MSAL for a new token (not the cached one) and tries once more', async () => {
    const { client, seen, auth } = setup((s) =>
      s.headers.authorization === 'Bearer app-token'
        ? jsonResponse(401, graphErrorBody('InvalidAuthenticationToken', 'Lifetime validation failed'))
        : ok(),
    );
    await client.get('/drives/d/root');
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer app-token', 'Bearer new-app-token']);
    expect(auth.fresh).toEqual([false, true]);
    const refused = setup(() => jsonResponse(401, graphErrorBody('InvalidAuthenticationToken', 'no')));
    await expect(refused.client.get('/x')).rejects.toMatchObject({
      code: 'forbidden',
      details: { status: 401 },
    });
    expect(refused.seen).toHaveLength(2);
  });

  it('gets a token on behalf of the person for delegated calls', async () => {
    const { client, seen, auth } = setup(ok);
    await client.request({
      method: 'GET',
      url: '/me/messages',
      auth: { onBehalfOf: 'their-sso-token', scopes: ['https://graph.microsoft.com/Mail.Read'] },
    });
    expect(auth.obo).toEqual([
      { assertion: 'their-sso-token', scopes: ['https://graph.microsoft.com/Mail.Read'] },
    ]);
    expect(seen[0]?.headers.authorization).toBe('Bearer user-token');
  });

  it('does not follow redirects: a download URL must not receive the token', async () => {
    const { client, seen } = setup(
      () => new Response(null, { status: 302, headers: { location: 'https://dl.example.test/x' } }),
    );
    const response = await client.request({
      method: 'GET',
      url: '/drives/d/items/1/content',
      accept: [302],
      response: 'none',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://dl.example.test/x');
    expect(seen).toHaveLength(1);
  });

  it('follows the whole @odata.nextLink, as it is', async () => {
    const next = `${BASE}/drives/d/items/1/children?$top=2&$skiptoken=Paged%3DTRUE%26p_ID%3D7`;
    const { client, seen } = setup((s) =>
      s.url.includes('skiptoken')
        ? jsonResponse(200, { value: [3] })
        : jsonResponse(200, { value: [1, 2], '@odata.nextLink': next }),
    );
    expect(await client.collect('/drives/d/items/1/children?$top=2')).toEqual([1, 2, 3]);
    expect(seen[1]?.url).toBe(next);
  });

  it('describes requests without names or upload credentials', () => {
    expect(describeRequest('PUT', `${BASE}/drives/d/items/1:/Secret%20name.pdf:/content?x=1`)).toBe(
      'PUT /v1.0/drives/d/items/1:/…:/content',
    );
    expect(describeRequest('PUT', 'https://h/upload/tokenvalue')).toBe('PUT /upload/…');
  });
});

describe('GraphClient retries', () => {
  it('waits exactly the Retry-After of a 429, in seconds', async () => {
    const { client, delays } = setup((_s, i) =>
      i < 2
        ? jsonResponse(429, graphErrorBody('TooManyRequests', 'slow down'), { 'retry-after': '7' })
        : ok(),
    );
    await client.get('/drives/d/root');
    expect(delays).toEqual([7000, 7000]);
  });

  it('waits until the HTTP date of a 503 Retry-After', async () => {
    const at = new Date(Date.now() + 12_000).toUTCString();
    const { client, delays } = setup((_s, i) =>
      i === 0 ? jsonResponse(503, {}, { 'retry-after': at }) : ok(),
    );
    await client.get('/drives/d/root');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(9_000);
    expect(delays[0]).toBeLessThanOrEqual(12_000);
  });

  it('fails at once with throttled, carrying the wait, when Retry-After is beyond the cap', async () => {
    const { client, delays, seen } = setup(() =>
      jsonResponse(429, graphErrorBody('activityLimitReached', 'too many', 'req-429'), {
        'retry-after': '315',
      }),
    );
    const error = await client.get('/drives/d/root').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphThrottledError);
    expect(error).toMatchObject({
      code: 'throttled',
      retryAfterMs: 315_000,
      details: { status: 429, requestId: 'req-429', storeCode: 'activityLimitReached' },
    });
    expect(delays).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('gives up with throttled after the bounded number of 429s', async () => {
    const { client, delays } = setup(() => jsonResponse(429, {}, { 'retry-after': '1' }), {
      maxThrottleRetries: 3,
    });
    await expect(client.get('/x')).rejects.toMatchObject({ code: 'throttled', details: { status: 429 } });
    expect(delays).toEqual([1000, 1000, 1000]);
  });

  it('backs off exponentially (with jitter) after 429/503 without Retry-After and after 502/504', async () => {
    const statuses = [503, 504, 502];
    const { client, delays } = setup(
      (_s, i) => (i < statuses.length ? jsonResponse(statuses[i] as number, {}) : ok()),
      {
        backoffBaseMs: 100,
      },
    );
    await client.get('/x');
    // random() is 0.5: three quarters of 100·2^(n−1), with the transient count and the throttle count apart.
    expect(delays).toEqual([75, 75, 150]);
  });

  it('does not repeat a POST after a 504 or a dropped connection unless it is marked idempotent', async () => {
    const { client, seen } = setup(() => jsonResponse(504, {}));
    await expect(client.request({ method: 'POST', url: '/x', json: {} })).rejects.toMatchObject({
      code: 'unavailable',
      details: { status: 504 },
    });
    expect(seen).toHaveLength(1);
    const dropping = setup((_s, i) => {
      if (i === 0)
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
        });
      return ok();
    });
    await expect(dropping.client.request({ method: 'POST', url: '/x', json: {} })).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(dropping.seen).toHaveLength(1);
    await dropping.client.request({ method: 'POST', url: '/x', json: {}, idempotent: true });
    expect(dropping.seen).toHaveLength(2);
  });

  it('repeats an idempotent request after a dropped connection, then gives up with unavailable', async () => {
    const { client, seen } = setup(
      () => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      },
      { maxTransientRetries: 2 },
    );
    const error = await client.get('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentStoreError);
    expect((error as DocumentStoreError).code).toBe('unavailable');
    expect((error as DocumentStoreError).message).toMatch(/ECONNRESET/);
    expect(seen).toHaveLength(3);
  });

  it('times out an attempt that gets no answer and repeats it', async () => {
    const hang = (signal: AbortSignal | undefined) =>
      new Promise<Response>((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason as Error)),
      );
    const aborted: boolean[] = [];
    const { client, seen } = setup(
      (_s, i, signal) => {
        signal?.addEventListener('abort', () => aborted.push(true));
        return i < 2 ? hang(signal) : ok();
      },
      { timeoutMs: 30 },
    );
    await client.get('/x');
    // The two hung attempts were each cut off by the client's own timer (no time is asserted: the machine
    // may be slow); the third answered.
    expect(seen).toHaveLength(3);
    expect(aborted).toHaveLength(2);
  });

  it('times out a body that never finishes', async () => {
    const { client } = setup(
      (_s, _i, signal) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"value":['));
              signal?.addEventListener('abort', () => controller.error(signal.reason));
            },
          }),
          { status: 200 },
        ),
      { timeoutMs: 30, maxTransientRetries: 1 },
    );
    await expect(client.get('/x')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('throttle-only requests (upload chunks) are not repeated after 5xx or a drop', async () => {
    const { client, seen } = setup((_s, i) =>
      i === 0 ? jsonResponse(503, {}, { 'retry-after': '0' }) : jsonResponse(504, {}),
    );
    await expect(
      client.request({
        method: 'PUT',
        url: 'https://graph.example.test/upload/1',
        auth: 'none',
        bytes: Buffer.alloc(1),
        retry: 'throttle',
      }),
    ).rejects.toMatchObject({ code: 'unavailable', details: { status: 504 } });
    expect(seen).toHaveLength(2);
  });

  it('stops at once when the caller aborts, including during a wait', async () => {
    const controller = new AbortController();
    const { client, seen } = setup(() => jsonResponse(429, {}, { 'retry-after': '1' }), {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          controller.abort();
          reject(signal?.reason as Error);
        }),
    });
    await expect(client.get('/x', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(seen).toHaveLength(1);
    await expect(client.get('/x', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(seen).toHaveLength(1);
  });
});

describe('Graph errors', () => {
  it('maps a permanent error with its request id from the body', async () => {
    const { client } = setup(() =>
      jsonResponse(403, graphErrorBody('accessDenied', 'Access denied', 'req-403')),
    );
    await expect(client.get('/drives/d/root')).rejects.toMatchObject({
      name: 'DocumentStoreError',
      code: 'forbidden',
      details: { status: 403, requestId: 'req-403', storeCode: 'accessDenied' },
    });
  });

  it('falls back to the request-id header', async () => {
    const { client } = setup(
      () => new Response('oops', { status: 500, headers: { 'request-id': 'req-header' } }),
    );
    await expect(client.get('/x')).rejects.toMatchObject({
      code: 'unavailable',
      details: { status: 500, requestId: 'req-header' },
    });
  });

  it.each([
    [404, 'itemNotFound', undefined, 'not-found'],
    [409, 'nameAlreadyExists', undefined, 'name-conflict'],
    [409, 'resourceModified', undefined, 'precondition-failed'],
    [412, 'resourceModified', undefined, 'precondition-failed'],
    [403, 'accessDenied', undefined, 'forbidden'],
    [401, 'InvalidAuthenticationToken', undefined, 'forbidden'],
    [507, 'quotaLimitReached', undefined, 'quota-exceeded'],
    [400, 'invalidRequest', 'pathIsTooLong', 'path-too-long'],
    [400, 'invalidRequest', 'nameContainsInvalidCharacters', 'invalid-name'],
    [400, 'invalidRequest', 'invalidName', 'invalid-name'],
    [400, 'invalidRequest', 'fragmentOverlap', 'failed'],
    [413, 'requestTooLarge', undefined, 'too-large'],
    [429, 'TooManyRequests', undefined, 'throttled'],
    [503, 'serviceNotAvailable', undefined, 'throttled'],
    [502, 'badGateway', undefined, 'unavailable'],
    [504, 'gatewayTimeout', undefined, 'unavailable'],
    [405, 'BadRequest', undefined, 'failed'],
  ])('%i %s/%s is %s', (status, code, inner, expected) => {
    const parsed = parseGraphErrorBody(JSON.stringify(graphErrorBody(code, 'm', 'r', inner)));
    expect(documentStoreCode(status, parsed.codes)).toBe(expected);
  });

  it('reads nested inner errors and tolerates bodies that are not Graph errors', () => {
    expect(
      parseGraphErrorBody({
        error: {
          code: 'a',
          message: 'top',
          innererror: { code: 'b', innererror: { code: 'c', 'request-id': 'r' } },
        },
      }),
    ).toEqual({ codes: ['a', 'b', 'c'], message: 'top', requestId: 'r' });
    expect(parseGraphErrorBody('<html>')).toEqual({ codes: [], message: undefined, requestId: undefined });
  });
});
