import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the connector received, with its arrival time (Date.now()). */
export interface ConnectorRequest {
  at: number;
  method: string;
  path: string;
  conversationId: string;
  /** Set when the bot replied to an activity (POST …/activities/:activityId). */
  replyToId: string | null;
  authorization: string | null;
  activity: any;
  /** The status the connector answered with. */
  status: number;
}

/** How the connector answers one request instead of accepting it. */
export type ConnectorFault =
  | { status: 429; retryAfter?: string | undefined }
  | { status: 403; subCode?: string | undefined; code?: string | undefined }
  | { status: 404 | 412 | 500 | 502 | 503 | 504 | 400 | 413 }
  /** Never answers: the client's timeout (or abort) must end the request. */
  | { hang: true }
  /** Accepts the message (it is posted, and counted as delivered) but answers only after `ms`. */
  | { acceptedButSlow: number };

/**
 * A Bot Framework connector for tests, on 127.0.0.1: the part of the Connector REST API that proactive
 * messages use. `POST /v3/conversations/:conversationId/activities` (a new message) and
 * `POST /v3/conversations/:conversationId/activities/:activityId` (a reply) record the activity with its
 * arrival time and answer 201 `{id}`, unless a fault was queued for that conversation. Anything else is 404.
 */
export interface ConnectorServer {
  /** The service URL to put in conversation references (ends with a slash, as Teams' do). */
  serviceUrl: string;
  /** Every request, in arrival order, faults included. */
  readonly requests: readonly ConnectorRequest[];
  /** Requests that were accepted (201). */
  delivered(conversationId?: string): ConnectorRequest[];
  /** The next requests to this conversation get these answers, one each, before it accepts again. */
  failNext(conversationId: string, ...faults: ConnectorFault[]): void;
  /** Every request to this conversation gets this answer until `unblock`. */
  block(conversationId: string, fault?: ConnectorFault): void;
  unblock(conversationId: string): void;
  /** Answers every accepted message only after this long (0: at once): the window a process can die in. */
  setLatency(ms: number): void;
  /** The channels `GET /v3/teams/:teamId/conversations` lists (what the bot reads on installation). */
  setTeamChannels(teamId: string, channels: { id: string; name?: string }[]): void;
  /** Forgets recorded requests and queued faults. */
  reset(): void;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const CONVERSATIONS = /^\/v3\/conversations\/?$/;
const TEAM_CONVERSATIONS = /^\/v3\/teams\/([^/]+)\/conversations\/?$/;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

/** Error bodies in the connector's shape: `{error:{code,message}}`, plus `subCode` on a blocked 403. */
const answerFault = (
  res: ServerResponse,
  fault: Exclude<ConnectorFault, { hang: true } | { acceptedButSlow: number }>,
) => {
  switch (fault.status) {
    case 429:
      json(
        res,
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
        fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
      );
      return;
    case 403:
      json(res, 403, {
        error: { code: fault.code ?? 'Forbidden', message: 'The bot is not allowed to post here.' },
        ...(fault.subCode !== undefined ? { subCode: fault.subCode } : {}),
      });
      return;
    case 404:
      json(res, 404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
      return;
    default:
      json(res, fault.status, { error: { code: 'ServiceError', message: `Failed with ${fault.status}.` } });
  }
};

export const startConnectorServer = async (): Promise<ConnectorServer> => {
  const requests: ConnectorRequest[] = [];
  const queued = new Map<string, ConnectorFault[]>();
  const blocked = new Map<string, ConnectorFault>();
  const hanging = new Set<ServerResponse>();
  const teams = new Map<string, { id: string; name?: string }[]>();
  let latencyMs = 0;
  let nextId = 1;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const at = Date.now();
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://connector');
      const team = TEAM_CONVERSATIONS.exec(url.pathname);
      if (req.method === 'GET' && team) {
        json(res, 200, { conversations: teams.get(decodeURIComponent(team[1] ?? '')) ?? [] });
        return;
      }
      // createConversation: a new thread in a channel (isGroup, channelData.channel.id), as Teams does it.
      const created = req.method === 'POST' && CONVERSATIONS.test(url.pathname);
      const match = created ? ([url.pathname, '', undefined] as const) : ACTIVITIES.exec(url.pathname);
      if ((req.method !== 'POST' || !match) && !created) {
        json(res, 404, { error: { code: 'NotFound', message: 'No such route in the test connector.' } });
        return;
      }
      let parsed: any = null;
      try {
        parsed = JSON.parse(body);
      } catch {
        // Recorded as null: a test asserting on the activity then fails clearly.
      }
      const conversationId = created
        ? String(parsed?.channelData?.channel?.id ?? '')
        : decodeURIComponent(match?.[1] ?? '');
      const activity: unknown = created ? (parsed?.activity ?? null) : parsed;
      const fault = blocked.get(conversationId) ?? queued.get(conversationId)?.shift();
      const record = (status: number) =>
        requests.push({
          at,
          method: req.method ?? '',
          path: url.pathname,
          conversationId,
          replyToId: created || match?.[2] === undefined ? null : decodeURIComponent(match[2]),
          authorization: req.headers.authorization ?? null,
          activity,
          status,
        });
      if (fault && 'hang' in fault) {
        record(0);
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (fault && !('acceptedButSlow' in fault)) {
        record(fault.status);
        answerFault(res, fault);
        return;
      }
      record(201);
      const id = `activity-${nextId++}`;
      const answer = () =>
        json(res, 201, created ? { id: `${conversationId};messageid=${id}`, activityId: id } : { id });
      const wait = fault && 'acceptedButSlow' in fault ? fault.acceptedButSlow : latencyMs;
      if (wait > 0) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        setTimeout(() => {
          hanging.delete(res);
          if (!res.destroyed) answer();
        }, wait).unref();
        return;
      }
      answer();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    delivered: (conversationId) =>
      requests.filter(
        (r) => r.status === 201 && (conversationId === undefined || r.conversationId === conversationId),
      ),
    failNext: (conversationId, ...faults) => {
      queued.set(conversationId, [...(queued.get(conversationId) ?? []), ...faults]);
    },
    block: (conversationId, fault = { status: 403, subCode: 'MessageWritesBlocked' }) => {
      blocked.set(conversationId, fault);
    },
    unblock: (conversationId) => {
      blocked.delete(conversationId);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setTeamChannels: (teamId, channels) => {
      teams.set(teamId, channels);
    },
    reset: () => {
      requests.length = 0;
      queued.clear();
      blocked.clear();
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
};
