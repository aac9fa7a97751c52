import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { INetworkModule } from '@azure/msal-node';
import { TokenService, type IssuedToken, type IssueTokenRequest, type SimClientRegistration } from './auth';
import { createMsalNetworkClient, createTrustingFetch, type FetchLike } from './client';
import {
  DriveState,
  type Grant,
  type SimDirectoryGroup,
  type SimDirectoryUser,
  type SimItemView,
  type SimSiteOptions,
  type SiteRole,
} from './drive-state';
import { Faults, type FaultKind, type FaultRequestInfo, type FaultSpec, type RequestTarget } from './faults';
import { GraphRouter } from './graph-routes';
import {
  DROP,
  errorBody,
  GraphError,
  isRecord,
  json,
  parseJsonBody,
  type SimOutcome,
  type SimRequest,
  type SimResponse,
} from './http';
import { MailState, type SimMailboxOptions, type SimMessageSeed } from './mail';
import { EntraRoutes, EntraState, type EntraUserFields, type SimApplication } from './entra';
import { DOWNLOAD_PATH_PREFIX, handlePreAuthenticated, UPLOAD_PATH_PREFIX } from './upload';

export type {
  IssuedToken,
  IssueTokenRequest,
  SimClientRegistration,
  SimCertificateCredential,
  SimFederatedCredential,
} from './auth';
export type { FetchLike } from './client';
export { createMsalNetworkClient, createTrustingFetch } from './client';
export type {
  Actor,
  Grant,
  Grantee,
  SimDirectoryGroup,
  SimDirectoryUser,
  SimDriveOptions,
  SimItemView,
  SimSiteOptions,
  SiteRole,
} from './drive-state';
export type {
  FaultKind,
  FaultMatch,
  FaultRequestInfo,
  FaultSpec,
  InjectedFault,
  RequestTarget,
} from './faults';
export type { Faults } from './faults';
export {
  buildMime,
  SAMPLE_PDF,
  sampleMessages,
  type SimMailAddress,
  type SimMailAttachment,
  type SimMailboxOptions,
  type SimMessageSeed,
} from './mail';
export { QuickXorHash, quickXorHash } from './quick-xor-hash';
export { EntraState, type EntraUserFields, type SimAppRole, type SimApplication } from './entra';
export { CHUNK_MULTIPLE, DOWNLOAD_PATH_PREFIX, UPLOAD_PATH_PREFIX } from './upload';

/**
 * An in-repository Microsoft Graph v1.0 and Entra ID token endpoint for tests, on 127.0.0.1 over HTTPS with the
 * test CA in `../tls`. Built to Graph's documented behaviour (platform-facts.md §1, §3, §4, §6), not to any
 * adapter; see the README beside this file for what is simulated and the choices made where Graph is silent.
 */

const TLS_DIR = join(__dirname, '..', 'tls');
const MIB = 1024 * 1024;

export interface GraphSimulationOptions {
  /** HTTPS with the test certificate (default), or plain http with `false`. */
  tls?: boolean;
  /** Default `6c3b1c2e-6f3e-4a51-9d8e-3a0f4c1b2d7e`. */
  tenantId?: string;
  /**
   * Host name for upload and download URLs; default `localhost`. Graph serves those from SharePoint, a host the
   * SDK does not attach tokens to: with `customHosts: ['127.0.0.1']` the SDK sends none to `localhost`.
   */
  preAuthenticatedHost?: string;
  clients?: SimClientRegistration[];
  sites?: SimSiteOptions[];
  mailboxes?: SimMailboxOptions[];
  /**
   * The tenant's users and groups: who invite's `objectId`s resolve to (when given, unknown ids get 400), and
   * Entra's users, groups and members (`members`: user or group ids) for the directory routes.
   */
  directory?: {
    users?: Array<SimDirectoryUser & Partial<EntraUserFields>>;
    groups?: Array<SimDirectoryGroup & { members?: string[] }>;
  };
  /** App registrations with service principals and app roles (assign roles with `sim.entra.assign`). */
  applications?: SimApplication[];
  /** Entries (members) per page of a groups delta round; default 100. */
  deltaPageSize?: number;
  /** The most a page of a directory listing holds, whatever `$top` asks; default 999. */
  directoryPageSize?: number;
  /** Access token lifetime; default 3600. MSAL renews tokens within 300 s of expiry. */
  tokenLifetimeSeconds?: number;
  /** Upload session lifetime, extended by each chunk; default one hour. */
  uploadSessionLifetimeMs?: number;
  /** Largest simple upload (PUT …/content); default 250 MiB ("up to 250 MB"). Larger gets 413. */
  simpleUploadLimit?: number;
  /** Chunks must be smaller than this; default 60 MiB. */
  maxChunkBytes?: number;
  /** Longest decoded server-relative path; default 400. */
  maxPathLength?: number;
  /** Children page size when `$top` is absent or larger; default 200. */
  defaultPageSize?: number;
  /** Site roles a Sites.Selected app needs to invite or read permissions; default write, owner, fullcontrol. */
  sharingRoles?: SiteRole[];
}

/** One request the simulation received (top-level or inside a `$batch`). */
export interface SimRequestRecord {
  seq: number;
  at: number;
  method: string;
  /** Raw path, e.g. `/v1.0/drives/d/root:/A%20B:/children`. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** `path` plus `?query` when there is one: what `checkGraphPath` takes. */
  url: string;
  target: RequestTarget;
  inBatch: boolean;
  /** The outer request's `request-id` for requests inside a `$batch`. */
  batchId?: string;
  /** The headers of interest, lower-case names, as received. */
  headers: Partial<Record<(typeof RECORDED_HEADERS)[number], string>>;
  /** The status answered; 0 when the connection was dropped. */
  status: number;
  requestId: string;
  fault?: FaultKind;
}

const RECORDED_HEADERS = [
  'authorization',
  'user-agent',
  'content-type',
  'content-length',
  'content-range',
  'if-match',
  'if-none-match',
  'client-request-id',
  'retry-attempt',
  'sdkversion',
  'prefer',
  'consistencylevel',
] as const;

export type SimRequestLog = SimRequestRecord[] & {
  /** Forgets every recorded request. */
  clear(): void;
  /** Requests to Graph (top-level and in batches), upload and download URLs: not the token endpoint. */
  graph(): SimRequestRecord[];
};

export interface SimState {
  /** Every item of the drive but its root, by path. */
  items(driveId: string): SimItemView[];
  /** What is directly in the folder at `path` (`/` for the root), by name; throws when there is no such folder. */
  listPath(driveId: string, path: string): SimItemView[];
  /** An item by id, or by path when `idOrPath` starts with `/`. */
  item(driveId: string, idOrPath: string): SimItemView | undefined;
  fileContent(driveId: string, itemId: string): Buffer;
  /** The item's own sharing grants (not inherited ones). */
  grants(driveId: string, itemId: string): Grant[];
  /** Shares the item (by id, or by path from `/`) with a user, as sharing a file in a Teams chat does. */
  shareWith(driveId: string, idOrPath: string, userId: string, role?: 'read' | 'write'): void;
  /** Creates the folders along `path` (names checked as Graph checks them). */
  seedFolder(driveId: string, path: string): SimItemView;
  /** Writes a file at `path`, creating folders, replacing an existing file. */
  seedFile(driveId: string, path: string, content: Buffer | string): SimItemView;
  grantSite(siteId: string, appId: string, roles: SiteRole[]): void;
  revokeSite(siteId: string, appId: string): void;
  uploadSessions(): Array<{
    uploadUrl: string;
    driveId: string;
    name: string;
    total: number | null;
    nextExpected: number;
    expiresAt: number;
  }>;
  /** Expires every live upload session now; returns how many. */
  expireUploadSessions(): number;
  /** Expires one session now; false when it was not live. */
  expireUploadSession(uploadUrl: string): boolean;
  /** Every token the simulation issued. */
  tokens(): IssuedToken[];
  /** Every issued token expires now: the next Graph call with any of them gets 401. */
  expireTokens(): void;
  expireToken(accessToken: string): void;
  /** Lifetime of tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  addMessage(userId: string, seed: SimMessageSeed): string;
  /** Errors the simulation did not expect (answered as 500): a test can assert there were none. */
  unexpectedErrors(): Error[];
}

export interface GraphSimulation {
  /** `https://127.0.0.1:{port}` (http with `tls: false`). */
  url: string;
  /** `{url}/v1.0`: the Graph base URL to configure. */
  graphBaseUrl: string;
  /** `{url}`: the Entra host. The MSAL authority is `{loginBaseUrl}/{tenantId}`. */
  loginBaseUrl: string;
  /** `{loginBaseUrl}/{tenantId}`. */
  authority: string;
  /** `https://localhost:{port}`: where upload and download URLs point. */
  preAuthenticatedBaseUrl: string;
  tenantId: string;
  /** The test CA (PEM) that signed the server certificate. */
  ca: string;
  port: number;
  faults: Faults;
  state: SimState;
  /** Entra ID's users, groups, members and app role assignments, changed by tests as an administrator would. */
  entra: EntraState;
  requests: SimRequestLog;
  /** Issues a token without the token endpoint (app or user; a user token can be the assertion for OBO). */
  issueToken(request: IssueTokenRequest): string;
  /** `fetch` that trusts `ca`. */
  fetch: FetchLike;
  /** MSAL `system.networkClient` that trusts `ca`. */
  msalNetworkClient: INetworkModule;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Waits for part of the body (the first chunk), so a `drop` happens mid-upload. */
const readSome = (req: IncomingMessage): Promise<void> =>
  new Promise((resolve) => {
    if (
      req.headers['content-length'] === '0' ||
      (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
    ) {
      resolve();
      return;
    }
    const done = () => resolve();
    req.once('data', done);
    req.once('end', done);
    req.once('error', done);
    setTimeout(done, 1000).unref();
  });

const headerRecord = (headers: IncomingMessage['headers']): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
};

const canonicalHeader = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

const classify = (path: string): RequestTarget => {
  if (path === '/v1.0' || path.startsWith('/v1.0/') || path.startsWith('/beta/')) return 'graph';
  if (path.startsWith(UPLOAD_PATH_PREFIX)) return 'upload';
  if (path.startsWith(DOWNLOAD_PATH_PREFIX)) return 'download';
  return 'login';
};

const DEFAULT_TENANT = '6c3b1c2e-6f3e-4a51-9d8e-3a0f4c1b2d7e';

export const startGraphSimulation = async (
  options: GraphSimulationOptions = {},
): Promise<GraphSimulation> => {
  const useTls = options.tls ?? true;
  const tenantId = options.tenantId ?? DEFAULT_TENANT;
  const ca = readFileSync(join(TLS_DIR, 'ca.pem'), 'utf8');
  // One directory for invites, Entra's routes and the roles in tokens: tests may change it while running.
  const directoryUsers = [...(options.directory?.users ?? [])];
  const directoryGroups = [...(options.directory?.groups ?? [])];
  const entra = new EntraState(directoryUsers, directoryGroups, options.applications ?? []);
  const tokens = new TokenService({
    tenantId,
    clients: options.clients ?? [],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    rolesFor: (appId, oid) => entra.rolesFor(appId, oid),
  });
  const drives = new DriveState({
    sites: options.sites ?? [],
    directory: { users: directoryUsers, groups: directoryGroups },
    maxPathLength: options.maxPathLength ?? 400,
    uploadSessionLifetimeMs: options.uploadSessionLifetimeMs ?? 3_600_000,
  });
  const mail = new MailState(options.mailboxes ?? []);
  const faults = new Faults();
  const unexpected: Error[] = [];
  const maxChunkBytes = options.maxChunkBytes ?? 60 * MIB;
  let baseUrl = '';
  const router = new GraphRouter({
    tokens,
    drives,
    mail,
    entra: new EntraRoutes(
      entra,
      () => `${baseUrl}/v1.0`,
      options.deltaPageSize ?? 100,
      options.directoryPageSize,
    ),
    graphBaseUrl: () => `${baseUrl}/v1.0`,
    defaultPageSize: options.defaultPageSize ?? 200,
    simpleUploadLimit: options.simpleUploadLimit ?? 250 * MIB,
    sharingRoles: options.sharingRoles ?? ['write', 'owner', 'fullcontrol'],
  });

  const records: SimRequestRecord[] = [];
  const requests = Object.assign(records, {
    clear: () => {
      records.length = 0;
    },
    graph: () => records.filter((r) => r.target !== 'login'),
  });
  let seq = 0;

  const record = (
    info: FaultRequestInfo,
    requestId: string,
    batchId: string | undefined,
  ): SimRequestRecord => {
    const headers: SimRequestRecord['headers'] = {};
    for (const name of RECORDED_HEADERS)
      if (info.headers[name] !== undefined) headers[name] = info.headers[name];
    const entry: SimRequestRecord = {
      seq: ++seq,
      at: Date.now(),
      method: info.method,
      path: info.path,
      query: info.query,
      url: info.query === '' ? info.path : `${info.path}?${info.query}`,
      target: info.target,
      inBatch: info.inBatch,
      ...(batchId !== undefined ? { batchId } : {}),
      headers,
      status: 0,
      requestId,
    };
    records.push(entry);
    return entry;
  };

  const withIds = (response: SimResponse, requestId: string, clientRequestId: string): SimResponse => ({
    ...response,
    headers: {
      ...response.headers,
      'request-id': requestId,
      'client-request-id': clientRequestId,
      'x-ms-ags-diagnostic': JSON.stringify({
        ServerInfo: {
          DataCenter: 'Simulation',
          Slice: 'E',
          Ring: '0',
          ScaleUnit: '000',
          RoleInstance: 'SIM',
        },
      }),
    },
  });

  const errorResponse = (error: GraphError, requestId: string, clientRequestId: string): SimResponse =>
    json(error.status, errorBody(error, requestId, clientRequestId), error.headers);

  /** The fault's answer, or undefined to go on with the request (slow, expireSession, dropResponse). */
  const faultAnswer = async (
    fault: FaultSpec,
    req: SimRequest,
    requestId: string,
    clientRequestId: string,
  ): Promise<SimOutcome | undefined> => {
    if (fault.kind === 'slow') {
      await delay(fault.delayMs ?? 1000);
      return undefined;
    }
    if (fault.delayMs !== undefined) await delay(fault.delayMs);
    const retryAfter = (seconds: number | null | undefined): Record<string, string> =>
      seconds === null ? {} : { 'retry-after': String(seconds ?? 1) };
    switch (fault.kind) {
      case 'throttle':
        return errorResponse(
          new GraphError(
            429,
            fault.code ?? 'TooManyRequests',
            'Please retry again later.',
            undefined,
            retryAfter(fault.retryAfterSeconds),
          ),
          requestId,
          clientRequestId,
        );
      case 'unavailable':
        return errorResponse(
          new GraphError(
            503,
            'serviceNotAvailable',
            'The service is temporarily unavailable. Please retry later.',
            undefined,
            retryAfter(fault.retryAfterSeconds),
          ),
          requestId,
          clientRequestId,
        );
      case 'gatewayTimeout':
        return errorResponse(
          new GraphError(504, 'gatewayTimeout', 'The gateway did not receive a timely response.'),
          requestId,
          clientRequestId,
        );
      case 'drop':
        return DROP;
      case 'expireSession':
        drives.uploadSessions.delete(req.path.slice(UPLOAD_PATH_PREFIX.length));
        return undefined;
      default:
        return undefined;
    }
  };

  /** Routes one request (top-level or inside a batch) after its fault, if any. */
  const pipeline = async (
    req: SimRequest,
    target: RequestTarget,
    fault: FaultSpec | undefined,
    entry: SimRequestRecord,
  ): Promise<SimOutcome> => {
    const requestId = entry.requestId;
    const clientRequestId = req.headers['client-request-id'] ?? randomUUID();
    if (fault) {
      entry.fault = fault.kind;
      const answer = await faultAnswer(fault, req, requestId, clientRequestId);
      if (answer === DROP) return DROP;
      if (answer) return withIds(answer, requestId, clientRequestId);
    }
    let response: SimResponse;
    try {
      if (target === 'login') {
        response =
          tokens.handle(req, baseUrl) ??
          json(404, { error: 'not_found', error_description: `No such endpoint: ${req.path}` });
      } else if (target === 'graph') {
        if (req.path.startsWith('/beta/'))
          throw new GraphError(400, 'BadRequest', 'The simulation serves v1.0 only.');
        if (req.path === '/v1.0/$batch' || req.path === '/v1.0/%24batch') {
          if (req.inBatch) throw new GraphError(400, 'BadRequest', 'A batch cannot contain a batch.');
          const batch = await runBatch(req, entry);
          if (batch === DROP) return DROP;
          response = batch;
        } else {
          response = router.handle(req);
        }
      } else {
        response = handlePreAuthenticated(req, drives, { maxChunkBytes });
      }
    } catch (error) {
      if (error instanceof GraphError) response = errorResponse(error, requestId, clientRequestId);
      else {
        const e = error instanceof Error ? error : new Error(String(error));
        unexpected.push(e);
        response = errorResponse(
          new GraphError(500, 'generalException', `Simulation error: ${e.message}`),
          requestId,
          clientRequestId,
        );
      }
    }
    if (fault?.kind === 'dropResponse') return DROP;
    return withIds(response, requestId, clientRequestId);
  };

  /** `POST /$batch`: at most 20 requests, unique ids, dependsOn (424 when a dependency failed); outer 200. */
  const runBatch = async (req: SimRequest, outer: SimRequestRecord): Promise<SimOutcome> => {
    tokens.authenticate(req.headers.authorization);
    const list = parseJsonBody(req).requests;
    if (!Array.isArray(list))
      throw new GraphError(400, 'BadRequest', "The batch body needs a 'requests' array.");
    if (list.length > 20) {
      throw new GraphError(
        400,
        'BadRequest',
        `The number of requests in the batch (${list.length}) exceeds the limit of 20.`,
      );
    }
    interface Inner {
      id: string;
      method: string;
      url: string;
      headers: Record<string, string>;
      body: unknown;
      dependsOn: string[];
    }
    const inner: Inner[] = list.map((r: unknown) => {
      if (
        !isRecord(r) ||
        typeof r.id !== 'string' ||
        r.id === '' ||
        typeof r.method !== 'string' ||
        typeof r.url !== 'string'
      ) {
        throw new GraphError(400, 'BadRequest', 'Each batch request needs an id, a method and a url.');
      }
      if (/^[a-z]+:\/\//i.test(r.url))
        throw new GraphError(400, 'BadRequest', `Batch request urls must be relative: '${r.url}'.`);
      const headers: Record<string, string> = {};
      if (isRecord(r.headers))
        for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
      const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
      return { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn };
    });
    const ids = new Set<string>();
    for (const r of inner) {
      if (ids.has(r.id))
        throw new GraphError(400, 'BadRequest', `Batch request ids must be unique; '${r.id}' is used twice.`);
      ids.add(r.id);
    }
    for (const r of inner) {
      for (const d of r.dependsOn) {
        if (!ids.has(d) || d === r.id)
          throw new GraphError(400, 'BadRequest', `Request '${r.id}' depends on unknown request '${d}'.`);
      }
    }
    const responses: Array<Record<string, unknown>> = [];
    const statusOf = new Map<string, number>();
    const pending = [...inner];
    while (pending.length > 0) {
      const index = pending.findIndex((r) => r.dependsOn.every((d) => statusOf.has(d)));
      if (index < 0) throw new GraphError(400, 'BadRequest', 'The dependsOn graph of the batch has a cycle.');
      const [r] = pending.splice(index, 1) as [Inner];
      if (r.dependsOn.some((d) => (statusOf.get(d) ?? 0) >= 400)) {
        statusOf.set(r.id, 424);
        responses.push({
          id: r.id,
          status: 424,
          headers: { 'Content-Type': 'application/json' },
          body: {
            error: { code: 'FailedDependency', message: 'The request depends on a request that failed.' },
          },
        });
        continue;
      }
      const relative = `/${r.url.replace(/^\/+/, '')}`;
      const question = relative.indexOf('?');
      const path = `/v1.0${question < 0 ? relative : relative.slice(0, question)}`;
      const query = question < 0 ? '' : relative.slice(question + 1);
      let bodyBytes = Buffer.alloc(0);
      const contentType = r.headers['content-type'];
      if (r.body !== undefined && r.body !== null) {
        if (typeof r.body === 'string' && contentType !== undefined && !contentType.includes('json'))
          bodyBytes = Buffer.from(r.body, 'base64');
        else {
          bodyBytes = Buffer.from(JSON.stringify(r.body));
          if (contentType === undefined) {
            throw new GraphError(
              400,
              'BadRequest',
              `Request '${r.id}' has a body but no Content-Type header.`,
            );
          }
        }
      }
      const innerReq: SimRequest = {
        method: r.method,
        path,
        query: new URLSearchParams(query),
        headers: {
          ...r.headers,
          ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
          ...(req.headers['user-agent'] !== undefined ? { 'user-agent': req.headers['user-agent'] } : {}),
          'content-length': String(bodyBytes.length),
        },
        body: bodyBytes,
        inBatch: true,
      };
      const info: FaultRequestInfo = {
        method: r.method,
        path,
        query,
        target: 'graph',
        inBatch: true,
        headers: innerReq.headers,
      };
      const entry = record(info, randomUUID(), outer.requestId);
      const fault = faults.take(info);
      const result = await pipeline(innerReq, 'graph', fault, entry);
      if (result === DROP) return DROP;
      entry.status = result.status;
      statusOf.set(r.id, result.status);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers))
        if (k !== 'content-length') headers[canonicalHeader(k)] = v;
      responses.push({
        id: r.id,
        status: result.status,
        headers,
        ...(result.body === undefined
          ? {}
          : { body: result.raw ? (result.body as Buffer).toString('base64') : result.body }),
      });
    }
    return json(200, { responses });
  };

  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const target = classify(url.pathname);
      const headers = headerRecord(req.headers);
      const info: FaultRequestInfo = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        target,
        inBatch: false,
        headers,
      };
      const entry = record(info, randomUUID(), undefined);
      const fault = faults.take(info);
      if (fault?.kind === 'drop') {
        entry.fault = 'drop';
        if (fault.delayMs !== undefined) await delay(fault.delayMs);
        await readSome(req);
        req.socket.destroy();
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch {
        return;
      }
      const simReq: SimRequest = {
        method: info.method,
        path: url.pathname,
        query: url.searchParams,
        headers,
        body,
        inBatch: false,
      };
      const outcome = await pipeline(simReq, target, fault, entry);
      if (outcome === DROP) {
        req.socket.destroy();
        return;
      }
      entry.status = outcome.status;
      const payload =
        outcome.body === undefined
          ? undefined
          : outcome.raw
            ? (outcome.body as Buffer)
            : Buffer.from(JSON.stringify(outcome.body));
      res.writeHead(outcome.status, {
        ...outcome.headers,
        ...(payload ? { 'content-length': String(payload.length) } : {}),
      });
      res.end(payload);
    })().catch((error: unknown) => {
      unexpected.push(error instanceof Error ? error : new Error(String(error)));
      res.destroy();
    });
  };

  const server: Server = useTls
    ? createHttpsServer(
        { key: readFileSync(join(TLS_DIR, 'server.key')), cert: readFileSync(join(TLS_DIR, 'server.pem')) },
        onRequest,
      )
    : createHttpServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = useTls ? 'https' : 'http';
  baseUrl = `${scheme}://127.0.0.1:${port}`;
  const preAuthenticatedBaseUrl = `${scheme}://${options.preAuthenticatedHost ?? 'localhost'}:${port}`;
  drives.preAuthBase = preAuthenticatedBaseUrl;
  const simFetch = createTrustingFetch(ca);

  const view = (driveId: string, idOrPath: string) => {
    const drive = drives.drive(driveId);
    if (idOrPath.startsWith('/')) {
      const segments = idOrPath.split('/').filter((s) => s !== '');
      const resolved = drives.resolve(drives.root(drive), segments);
      return resolved.missing.length === 0 ? resolved.item : undefined;
    }
    return drives.items.get(idOrPath);
  };
  const seedActor = { kind: 'application', id: 'simulation-seed' } as const;

  const state: SimState = {
    items: (driveId) => {
      drives.drive(driveId);
      return [...drives.items.values()]
        .filter((i) => i.driveId === driveId && i.kind !== 'root')
        .map((i) => drives.view(i))
        .sort((a, b) => a.path.localeCompare(b.path));
    },
    listPath: (driveId, path) => {
      const folder = view(driveId, path.startsWith('/') ? path : `/${path}`);
      if (!folder || folder.kind === 'file') throw new Error(`No folder at '${path}' in drive ${driveId}.`);
      return drives.children(folder).map((i) => drives.view(i));
    },
    item: (driveId, idOrPath) => {
      const found = view(driveId, idOrPath);
      return found && found.driveId === driveId ? drives.view(found) : undefined;
    },
    fileContent: (driveId, itemId) => {
      const item = drives.item(driveId, itemId);
      if (item.kind !== 'file') throw new Error(`${itemId} is not a file.`);
      return Buffer.from(item.content);
    },
    grants: (driveId, itemId) =>
      drives
        .item(driveId, itemId)
        .grants.map((g) => ({ ...g, roles: [...g.roles], grantee: { ...g.grantee } })),
    shareWith: (driveId, idOrPath, userId, role = 'read') => {
      const item = view(driveId, idOrPath);
      if (!item) throw new Error(`No item ${idOrPath} in drive ${driveId}.`);
      drives.invite(item, [{ kind: 'user', objectId: userId }], role, {
        requireSignIn: true,
        sendInvitation: false,
      });
    },
    seedFolder: (driveId, path) => {
      const drive = drives.drive(driveId);
      let current = drives.root(drive);
      for (const name of path.split('/').filter((s) => s !== '')) {
        current = drives.createFolder(drive, current, name, 'replace', seedActor).item;
      }
      return drives.view(current);
    },
    seedFile: (driveId, path, content) => {
      const drive = drives.drive(driveId);
      const segments = path.split('/').filter((s) => s !== '');
      const name = segments.pop();
      if (name === undefined) throw new Error('seedFile needs a file path.');
      const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
      const { item } = drives.storeFile(
        drive,
        { parent: drives.root(drive), folders: segments, name },
        body,
        'replace',
        seedActor,
      );
      return drives.view(item);
    },
    grantSite: (siteId, appId, roles) => drives.grantSite(siteId, appId, roles),
    revokeSite: (siteId, appId) => drives.revokeSite(siteId, appId),
    uploadSessions: () =>
      [...drives.uploadSessions.values()]
        .filter((s) => Date.now() < s.expiresAt)
        .map((s) => ({
          uploadUrl: drives.uploadUrl(s),
          driveId: s.driveId,
          name: s.name,
          total: s.total,
          nextExpected: s.nextExpected,
          expiresAt: s.expiresAt,
        })),
    expireUploadSessions: () => {
      let count = 0;
      for (const s of drives.uploadSessions.values()) {
        if (Date.now() < s.expiresAt) count++;
        s.expiresAt = 0;
      }
      return count;
    },
    expireUploadSession: (uploadUrl) => {
      const token = new URL(uploadUrl).pathname.slice(UPLOAD_PATH_PREFIX.length);
      const session = drives.uploadSessions.get(token);
      if (!session || Date.now() >= session.expiresAt) return false;
      session.expiresAt = 0;
      return true;
    },
    tokens: () => tokens.all(),
    expireTokens: () => tokens.expireAll(),
    expireToken: (accessToken) => tokens.expire(accessToken),
    setTokenLifetime: (seconds) => {
      tokens.tokenLifetimeSeconds = seconds;
    },
    addMessage: (userId, seed) => mail.add(userId, seed),
    unexpectedErrors: () => [...unexpected],
  };

  return {
    url: baseUrl,
    graphBaseUrl: `${baseUrl}/v1.0`,
    loginBaseUrl: baseUrl,
    authority: `${baseUrl}/${tenantId}`,
    preAuthenticatedBaseUrl,
    tenantId,
    ca,
    port,
    faults,
    state,
    entra,
    requests,
    issueToken: (request) => tokens.issue(request),
    fetch: simFetch,
    msalNetworkClient: createMsalNetworkClient(simFetch),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
};
