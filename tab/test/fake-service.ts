import { createApiClient, type ApiClient } from '../src/api/client';

/** One recorded request to the fake service. */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Reply = { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;
/** Handlers keyed by "METHOD /path" (the path without its query); a handler may answer or never answer. */
export type Routes = Record<string, (req: SentRequest) => Reply>;

/**
 * A stand-in for the service at the HTTP level: the tab's real API client talks to it through `fetch`, so the
 * client's request building and error mapping are exercised too. Unknown routes answer 404 like the service.
 */
export const fakeService = (routes: Routes) => {
  const sent: SentRequest[] = [];
  let unauthenticated = 0;
  const fetchImpl = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input, 'http://127.0.0.1');
    const req: SentRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    sent.push(req);
    const handler = routes[`${req.method} ${req.path}`];
    const reply = handler
      ? await handler(req)
      : { status: 404, body: { code: 'not_found', message: 'No such resource.', requestId: 'r-404' } };
    return {
      ok: (reply.status ?? 200) < 400,
      status: reply.status ?? 200,
      json: () => Promise.resolve(reply.body),
    } as Response;
  };
  const api: ApiClient = createApiClient(
    {
      token: () => Promise.resolve('test-token'),
      unauthenticated: () => {
        unauthenticated += 1;
      },
    },
    fetchImpl,
  );
  return { api, sent, unauthenticatedCalls: () => unauthenticated };
};

/** A reply that never comes, for loading states. */
export const never = (): Promise<{ body: unknown }> => new Promise(() => undefined);
