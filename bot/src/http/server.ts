import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import type { z } from 'zod';
import type { Casework } from '../app/casework';
import type { Actor } from '../app/actor';
import type { Logger } from '../logger';
import type { Authenticator } from './auth';
import { compressJson } from './content-coding';
import { BadRequestError, toApiError } from './error-mapper';
import { checkQuery, readJsonBody, refuseEncodedBody } from './request-body';
import {
  ActionBody,
  ActionRequest,
  CasePageSchema,
  CaseRefSchema,
  CaseViewSchema,
  IdempotencyKeySchema,
  ListCasesQuery,
  MeSchema,
  RaiseCaseBody,
  TimelineSchema,
} from './schemas';
import { CASE_ACTION_TYPES } from '../domain/case-actions';
import { NotFoundError } from '../domain/errors';

export interface ServerDeps {
  mode: 'local' | 'm365';
  casework: Casework;
  authenticator: Authenticator;
  logger: Logger;
  /** Readiness: the database answers. */
  healthy: () => Promise<boolean>;
  /** Extra routes (local sign-in, the bot, directory, statistics, admin, the tab) registered by the composition root. */
  extraRoutes?: ((server: Server, helpers: RouteHelpers) => void)[];
  /** What this deployment offers, for `GET /api/me` (default: nothing optional). */
  features?: { mailbox: boolean } | undefined;
  /** What is still to be set up (Microsoft 365 mode), reported by `/healthz` without failing it. */
  setup?: (() => readonly SetupItem[]) | undefined;
}

/**
 * Something a deployment still lacks: the service runs without that part (rather than refusing to start and
 * being restarted over and over) and says here what to do. Names settings and steps only, never values.
 */
export interface SetupItem {
  /** The part that is off or failing, e.g. `documents`, `sharing`. */
  area: string;
  /** Settings still unset, by name. */
  missing?: string[] | undefined;
  /** What to do, pointing at docs/trial.md. */
  message: string;
}

export interface RouteHelpers {
  /** Wraps an async handler: request id, logging, and the one error mapping. */
  handle: (fn: (req: Request, res: Response, log: Logger) => Promise<void> | void) => restify.RequestHandler;
  /** Like `handle`, but authenticates the bearer token first. */
  authed: (
    fn: (req: Request, res: Response, actor: Actor, log: Logger) => Promise<void> | void,
  ) => restify.RequestHandler;
  /** Sends `body` after checking it against the response schema (readonly domain objects are accepted as they are). */
  send: (res: Response, status: number, schema: z.ZodType, body: unknown) => void;
  /** The request's JSON body; a missing body is a 400. */
  body: (req: Request) => unknown;
  /**
   * Leaves the body of requests to this route to its handler, which streams it (document uploads): it is not
   * read as JSON, and a compressed one is refused (415). Call before registering the route.
   */
  unparsedBody: (method: 'POST' | 'PUT' | 'DELETE', path: string) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Methods whose requests carry a body a route may read. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const requestIdOf = (req: Request): string => (req as Request & { requestId: string }).requestId;

/**
 * How long a connection may sit idle between two requests before the service closes it. Node's default is 5 s,
 * far shorter than whatever reuses connections to the service: Azure's load balancers in front of App Service
 * keep idle connections for 4 minutes by default, and a browser or `npm run ingest` may be busy for seconds
 * between two uploads. When the service closes a
 * connection just as the other side sends a request on it, that request is lost: the client sees the socket
 * closed ("other side closed"; a 502 from a proxy) and the service never sees the request. So the service keeps
 * idle connections longer than anything in front of it does, and the other side always closes first. See
 * docs/deploy.md, "Connections".
 */
export const KEEP_ALIVE_TIMEOUT_MS = 245_000;
/**
 * How long a request's headers may take to arrive. Node (18 and later) counts it from the request's first
 * byte, not from the idle time before it, so it need not exceed KEEP_ALIVE_TIMEOUT_MS; it stays at Node's
 * default, written here so the pair is read together.
 */
export const HEADERS_TIMEOUT_MS = 60_000;

export const createHttpServer = (deps: ServerDeps): Server => {
  const { logger } = deps;
  const server = restify.createServer({ name: 'members-hub', handleUncaughtExceptions: false });
  server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;

  server.pre((req, res, next) => {
    const offered = req.header('x-request-id');
    const requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
    (req as Request & { requestId: string }).requestId = requestId;
    res.header('x-request-id', requestId);
    return next();
  });
  // One line per request, carrying the request id; paths hold case references at most, never personal data.
  server.on('after', (req: Request, res: Response) => {
    logger.info(
      {
        requestId: requestIdOf(req),
        method: req.method,
        route: req.getRoute()?.path ?? 'unmatched',
        status: res.statusCode,
        ms: Date.now() - req.time(),
      },
      'request',
    );
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Bodies are read by the route's handler, never by middleware: after authentication on authenticated routes,
  // as JSON (at most 256 KiB once inflated) on every POST, PUT and PATCH but those that stream theirs
  // (document uploads). See request-body.ts and docs/api.md, "Request bodies".
  const streamedRoutes = new Set<string>();

  // Errors raised by restify itself (unknown route, bad JSON, oversized body) leave in the same shape as ours.
  server.on(
    'restifyError',
    (
      req: Request,
      res: Response,
      err: Error & { statusCode?: number; body?: { code?: string } },
      cb: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      const code =
        status === 404
          ? 'not_found'
          : status === 405
            ? 'method_not_allowed'
            : status === 413
              ? 'payload_too_large'
              : status === 415
                ? 'unsupported_media_type'
                : status >= 500
                  ? 'internal'
                  : 'bad_request';
      const message =
        status === 404
          ? 'No such resource.'
          : status >= 500
            ? 'Something went wrong on our side.'
            : 'The request could not be read.';
      (err as Error & { toJSON: () => unknown }).toJSON = () => ({
        code,
        message,
        requestId: requestIdOf(req),
      });
      if (status >= 500)
        logger.error(
          { requestId: requestIdOf(req), err: { name: err.name, code: err.body?.code } },
          'restify error',
        );
      return cb();
    },
  );

  const sendError = (req: Request, res: Response, log: Logger, error: unknown): void => {
    const mapped = toApiError(error);
    if (mapped.status >= 500) log.error({ err: error }, 'request failed');
    else log.info({ status: mapped.status, code: mapped.body.code }, 'request refused');
    // Refused before its body was read (401 before authentication, 413 past the limit): the client may stop
    // sending and the rest never arrives, so the connection could never be reused and would hold a graceful
    // shutdown until the keep-alive timeout. Close it after the answer (RFC 9112, section 9.6).
    if (!req.complete) res.setHeader('connection', 'close');
    res.send(mapped.status, { ...mapped.body, requestId: requestIdOf(req) });
  };

  /**
   * What every handler does before its own work, once the caller is known: refuse NULs in the query, then read
   * the JSON body (or, on a streaming route, refuse a compressed one; its handler reads the bytes).
   */
  const prepare = async (req: Request): Promise<void> => {
    checkQuery(req.query);
    if (req.method === undefined || !BODY_METHODS.has(req.method)) return;
    const route = req.getRoute();
    if (route && streamedRoutes.has(`${req.method} ${String(route.path)}`)) {
      refuseEncodedBody(req);
      return;
    }
    req.body = await readJsonBody(req);
  };

  const run =
    (fn: (req: Request, res: Response, log: Logger) => Promise<void>): restify.RequestHandler =>
    (req, res, next) => {
      const log = logger.child({
        requestId: requestIdOf(req),
        route: req.getRoute()?.path ?? req.path(),
        method: req.method,
      });
      Promise.resolve()
        .then(() => fn(req, res, log))
        .then(() => sending.get(res))
        .catch((error: unknown) => sendError(req, res, log, error))
        .finally(() => next());
    };

  const handle: RouteHelpers['handle'] = (fn) =>
    run(async (req, res, log) => {
      await prepare(req);
      await fn(req, res, log);
    });

  // Nothing of the request but its headers is looked at before the token is checked.
  const authed: RouteHelpers['authed'] = (fn) =>
    run(async (req, res, log) => {
      const actor = await deps.authenticator.authenticate(req.header('authorization'), requestIdOf(req));
      await prepare(req);
      await fn(req, res, actor, log.child({ personId: actor.person.id }));
    });

  /** Answers being compressed, by response: the route's handler is finished only once its answer is sent. */
  const sending = new WeakMap<Response, Promise<void>>();

  const send: RouteHelpers['send'] = (res, status, schema, body) => {
    // Responses are checked against their schema: a drift is a bug on our side, so it becomes a 500.
    const json = Buffer.from(JSON.stringify(schema.parse(body)), 'utf8');
    // The answer depends on Accept-Encoding whether or not this one is compressed (RFC 9110, 12.5.5).
    res.setHeader('vary', 'Accept-Encoding');
    const answer = (body: Buffer, coding?: string) =>
      void res.sendRaw(status, body, {
        'content-type': 'application/json',
        'content-length': String(body.length),
        ...(coding === undefined ? {} : { 'content-encoding': coding }),
      });
    sending.set(
      res,
      compressJson(json, res.req.headers['accept-encoding']).then(
        (compressed) => (compressed === null ? answer(json) : answer(compressed.body, compressed.coding)),
        // zlib failing is not the caller's fault: the answer still goes, as it is.
        () => answer(json),
      ),
    );
  };

  const refParam = (req: Request): string => {
    const parsed = CaseRefSchema.safeParse((req.params as Record<string, unknown>).ref);
    // A malformed reference cannot name a case: answer as for any case that does not exist.
    if (!parsed.success) throw new NotFoundError();
    return parsed.data;
  };

  /** The request's `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header), when it sent one. */
  const idempotencyKey = (req: Request): string | undefined => {
    const key = req.header('idempotency-key');
    if (key === undefined) return undefined;
    const parsed = IdempotencyKeySchema.safeParse(key);
    if (!parsed.success)
      throw new BadRequestError('bad_request', 'The Idempotency-Key header is not valid.', [
        { path: 'Idempotency-Key', message: '1 to 128 letters, digits, or . _ : -' },
      ]);
    return parsed.data;
  };

  const body = (req: Request): unknown => {
    if (req.body === undefined || req.body === null)
      throw new BadRequestError('bad_request', 'A JSON body is required.');
    return req.body;
  };

  server.get(
    '/healthz',
    handle(async (_req, res) => {
      const ok = await deps.healthy();
      // Still 200 with parts to set up: the platform's health check must not restart a service that runs.
      const setup = deps.setup?.() ?? [];
      res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', ...(setup.length > 0 ? { setup } : {}) });
    }),
  );

  server.get(
    '/api/me',
    authed((_req, res, actor) => {
      const p = actor.person;
      send(res, 200, MeSchema, {
        id: p.id,
        displayName: p.displayName,
        email: p.email,
        roles: [...p.roles],
        ...(p.departmentId ? { departmentId: p.departmentId } : {}),
        ...(p.wardIds ? { wardIds: [...p.wardIds] } : {}),
        mode: deps.mode,
        features: { mailbox: deps.features?.mailbox ?? false },
      });
    }),
  );

  server.get(
    '/api/cases',
    authed(async (req, res, actor) => {
      const q = ListCasesQuery.parse(req.query ?? {});
      const page = await deps.casework.list(actor, {
        mine: q.mine,
        open: q.open,
        status: q.status,
        overdue: q.overdue,
        atRisk: q.atRisk,
        unassigned: q.unassigned,
        wardId: q.ward,
        departmentId: q.department,
        category: q.category,
        memberId: q.member,
        raisedFrom: q.raisedFrom,
        raisedTo: q.raisedTo,
        text: q.text,
        sort: q.sort,
        dir: q.dir,
        limit: q.limit,
        offset: q.offset,
      });
      send(res, 200, CasePageSchema, page);
    }),
  );

  server.post(
    '/api/cases',
    authed(async (req, res, actor) => {
      const input = RaiseCaseBody.parse(body(req));
      const requestKey = idempotencyKey(req);
      const created = await deps.casework.raise(actor, input, { requestKey });
      res.header('location', `/api/cases/${created.ref}`);
      // A repeat of a request already answered creates nothing: 200 with the case the first one raised.
      if (created.replayed === true) res.header('idempotent-replayed', 'true');
      send(res, created.replayed === true ? 200 : 201, CaseViewSchema, created);
    }),
  );

  server.get(
    '/api/cases/:ref',
    authed(async (req, res, actor) => {
      send(res, 200, CaseViewSchema, await deps.casework.get(actor, refParam(req)));
    }),
  );

  server.get(
    '/api/cases/:ref/timeline',
    authed(async (req, res, actor) => {
      const ref = refParam(req);
      const events = await deps.casework.timeline(actor, ref);
      send(res, 200, TimelineSchema, {
        ref,
        events: events.map(({ seq, at, actorId, type, data }) => ({ seq, at, actorId, type, data })),
      });
    }),
  );

  server.post(
    '/api/cases/:ref/actions',
    authed(async (req, res, actor) => {
      const ref = refParam(req);
      const raw = body(req);
      const { expectedVersion, ...rest } = ActionRequest.parse(raw);
      const type = (rest as { type?: unknown }).type;
      if (typeof type !== 'string' || !(CASE_ACTION_TYPES as readonly string[]).includes(type)) {
        throw new BadRequestError(
          'unknown_action',
          `Unknown action. Use one of: ${CASE_ACTION_TYPES.join(', ')}.`,
        );
      }
      const action = ActionBody.parse(rest);
      send(res, 200, CaseViewSchema, await deps.casework.act(actor, ref, action, expectedVersion));
    }),
  );

  const unparsedBody: RouteHelpers['unparsedBody'] = (method, path) => {
    streamedRoutes.add(`${method} ${path}`);
  };

  for (const register of deps.extraRoutes ?? [])
    register(server, { handle, authed, send, body, unparsedBody });
  return server;
};
