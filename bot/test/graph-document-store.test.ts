import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  contentFromBuffer,
  DocumentStoreError,
  type DocumentStore,
  type PutFileRequest,
  type PutFileResult,
  type StoredFile,
} from '../src/app/document-store';
import { GraphThrottledError } from '../src/adapters/graph/graph-errors';
import {
  createGraphAdapters,
  GraphDocumentStore,
  type GraphAdapters,
  type GraphRetryEvent,
} from '../src/adapters/graph';
import { CHUNK_UNIT } from '../src/adapters/graph/upload-session';
import { documentStoreContract } from './contracts/document-store.contract';
import { assertAllConform } from './support/graph-schema';
import {
  startGraphSimulation,
  type FaultSpec,
  type GraphSimulation,
  type SimRequestRecord,
} from './support/graph-sim';

/**
 * GraphDocumentStore against the Graph simulation, through real MSAL and the Graph SDK: the document store
 * contract with no faults and then once per fault kind, injected again and again while the suite runs; after
 * each run the simulation's own state shows nothing was lost and nothing stored twice. Then what is particular
 * to Graph: chunking, headers, Retry-After, typed errors, resuming and cancelling uploads, and, last, every
 * request the adapters sent, across the whole file, checked against Graph's v1.0 schema.
 */

const APP_ID = '5e7c1d2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f';
const SECRET = 'test-only-client-secret';
const SITE_ID =
  'contoso.sharepoint.com,1d3b5a7c-0000-4000-8000-000000000001,2e4c6b8d-0000-4000-8000-000000000002';
const DRIVE_ID = 'b!casework-library-0001';
const LIBRARY_PATH = '/sites/members-hub/Shared Documents';
const ORGANISATION = 'Fallowmere County Council';
const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
const USER_AGENT = `NONISV|${ORGANISATION}|MembersHub/${VERSION}`;
/** What the contract's grant tests share folders with. */
const DIRECTORY = {
  users: [
    {
      id: '8b0f5a7e-1c2d-4e3f-9a10-000000000001',
      email: 'ada.officer@contoso.example',
      displayName: 'Ada Officer',
    },
  ],
  groups: [
    {
      id: '8b0f5a7e-1c2d-4e3f-9a10-0000000000a1',
      displayName: 'Democratic Services',
      email: 'democratic.services@contoso.example',
    },
  ],
};
/** Small, so the contract's large file takes five chunks: four of 320 KiB and a shorter last one. */
const CHUNK_BYTES = CHUNK_UNIT;
const SIMPLE_UPLOAD_MAX = 1024 * 1024;
const LARGE_FILE_BYTES = 4 * CHUNK_UNIT + 189_280;

/** Every request any simulation in this file received: the conformance check at the end reads them all. */
const allRequests: SimRequestRecord[] = [];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
};

/** A fault predicate: true for the `first`-th matching request and every `every`-th after it. */
const everyNth = (every: number, first = every) => {
  let seen = 0;
  return () => {
    seen += 1;
    return seen >= first && (seen - first) % every === 0;
  };
};

interface Environment {
  sim: GraphSimulation;
  adapters: GraphAdapters;
  store: GraphDocumentStore;
  /** Waits the client asked for (ms), in order. */
  delays: number[];
  retries: GraphRetryEvent[];
  /** Files callers were told about (putFile, moveFile), by id, with their content's SHA-256. */
  reported: Map<string, string>;
  /** The store, recording what it reports. */
  recording: DocumentStore;
  close(): Promise<void>;
}

const startEnvironment = async (
  options: {
    timeoutMs?: number;
    defaultPageSize?: number;
    chunkBytes?: number;
    simpleUploadMaxBytes?: number;
    quotaBytes?: number;
    omitHashes?: boolean;
  } = {},
): Promise<Environment> => {
  const sim = await startGraphSimulation({
    clients: [{ clientId: APP_ID, secrets: [SECRET], applicationPermissions: ['Sites.Selected'] }],
    sites: [
      {
        id: SITE_ID,
        path: '/sites/members-hub',
        drives: [
          {
            id: DRIVE_ID,
            libraryPath: 'Shared Documents',
            ...(options.quotaBytes !== undefined ? { quotaBytes: options.quotaBytes } : {}),
            ...(options.omitHashes ? { omitHashes: true } : {}),
          },
        ],
        grants: [{ appId: APP_ID, roles: ['fullcontrol'] }],
      },
    ],
    directory: DIRECTORY,
    ...(options.defaultPageSize !== undefined ? { defaultPageSize: options.defaultPageSize } : {}),
  });
  const delays: number[] = [];
  const retries: GraphRetryEvent[] = [];
  const adapters = createGraphAdapters({
    tenantId: sim.tenantId,
    clientId: APP_ID,
    credential: { kind: 'secret', clientSecret: SECRET },
    organisation: ORGANISATION,
    driveId: DRIVE_ID,
    libraryPath: LIBRARY_PATH,
    baseUrl: sim.graphBaseUrl,
    authorityHost: sim.loginBaseUrl,
    knownAuthorities: [new URL(sim.url).host],
    networkClient: sim.msalNetworkClient,
    fetch: sim.fetch,
    client: {
      timeoutMs: options.timeoutMs ?? 5_000,
      backoffBaseMs: 20,
      // The client believes it waited what it asked for; the test waits a few milliseconds.
      sleep: async (ms) => {
        delays.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
      },
      onRetry: (event) => retries.push(event),
    },
  });
  const store = new GraphDocumentStore({
    graph: adapters.graph,
    driveId: DRIVE_ID,
    rootPath: LIBRARY_PATH,
    chunkBytes: options.chunkBytes ?? CHUNK_BYTES,
    simpleUploadMaxBytes: options.simpleUploadMaxBytes ?? SIMPLE_UPLOAD_MAX,
    uploadTimeoutMs: options.timeoutMs ?? 5_000,
  });
  const reported = new Map<string, string>();
  const recording: DocumentStore = {
    kind: store.kind,
    ensureFolder: (segments) => store.ensureFolder(segments),
    folder: (id) => store.folder(id),
    renameFolder: (id, name) => store.renameFolder(id, name),
    putFile: async (folderId: string, request: PutFileRequest): Promise<PutFileResult> => {
      const result = await store.putFile(folderId, request);
      reported.set(result.file.id, request.content.sha256);
      return result;
    },
    file: (id) => store.file(id),
    listFiles: (id) => store.listFiles(id),
    findFile: (id, content) => store.findFile(id, content),
    readFile: (id) => store.readFile(id),
    moveFile: async (id: string, to: string): Promise<StoredFile> => {
      const moved = await store.moveFile(id, to);
      const known = reported.get(id);
      if (known !== undefined && moved.id !== id) {
        reported.delete(id);
        reported.set(moved.id, known);
      }
      return moved;
    },
    grantAccess: (id, grant) => store.grantAccess(id, grant),
    grants: (id) => store.grants(id),
  };
  return {
    sim,
    adapters,
    store,
    delays,
    retries,
    reported,
    recording,
    close: async () => {
      allRequests.push(...sim.requests);
      await sim.close();
    },
  };
};

/** Nothing lost, nothing stored twice: every file in the library is one a caller was told about, with its content. */
const expectConverged = (env: Environment) => {
  const files = env.sim.state.items(DRIVE_ID).filter((i) => i.kind === 'file');
  for (const [id, expected] of env.reported) {
    const item = env.sim.state.item(DRIVE_ID, id);
    expect({ id, sha256: item?.sha256 }).toEqual({ id, sha256: expected });
  }
  expect(files.map((f) => f.id).sort()).toEqual([...env.reported.keys()].sort());
  const byFolderAndContent = new Set(files.map((f) => `${f.parentId}|${f.sha256}`));
  expect(byFolderAndContent.size).toBe(files.length);
  expect(env.sim.state.unexpectedErrors()).toEqual([]);
};

interface Variant {
  name: string;
  faults: () => FaultSpec[];
  timeoutMs?: number;
  /** The waits the client must have taken for this variant's faults. */
  check?: (env: Environment) => void;
}

const VARIANTS: Variant[] = [
  { name: 'no faults', faults: () => [] },
  {
    name: 'throttled: 429 with Retry-After',
    faults: () => [
      {
        kind: 'throttle',
        code: 'activityLimitReached',
        retryAfterSeconds: 2,
        times: Infinity,
        match: { test: everyNth(3) },
      },
    ],
    check: (env) => {
      const throttled = env.retries.filter((r) => r.reason === 429);
      expect(throttled.length).toBeGreaterThan(10);
      for (const r of throttled) expect(r).toMatchObject({ delayMs: 2000, retryAfter: true });
    },
  },
  {
    name: 'server too busy: 503 with Retry-After',
    faults: () => [
      { kind: 'unavailable', retryAfterSeconds: 1, times: Infinity, match: { test: everyNth(3) } },
    ],
    check: (env) => {
      const busy = env.retries.filter((r) => r.reason === 503);
      expect(busy.length).toBeGreaterThan(10);
      for (const r of busy) expect(r).toMatchObject({ delayMs: 1000, retryAfter: true });
    },
  },
  {
    name: 'gateway timeouts: 504',
    faults: () => [{ kind: 'gatewayTimeout', times: Infinity, match: { test: everyNth(3) } }],
    check: (env) => expect(env.retries.filter((r) => r.reason === 504).length).toBeGreaterThan(10),
  },
  {
    name: 'connections dropped mid-request (simple uploads, chunks and everything else)',
    faults: () => [
      { kind: 'drop', times: Infinity, match: { method: 'PUT', test: everyNth(2) } },
      { kind: 'drop', times: Infinity, match: { test: everyNth(5) } },
    ],
  },
  {
    name: 'answers lost after the request was carried out',
    faults: () => [{ kind: 'dropResponse', times: Infinity, match: { test: everyNth(4) } }],
  },
  {
    name: 'answers slower than the client’s timeout',
    timeoutMs: 250,
    faults: () => [{ kind: 'slow', delayMs: 500, times: Infinity, match: { test: everyNth(15, 4) } }],
    check: (env) => expect(env.retries.filter((r) => r.reason === 'timeout').length).toBeGreaterThan(3),
  },
  {
    name: 'upload sessions expiring',
    faults: () => [{ kind: 'expireSession', times: Infinity, match: { test: everyNth(6, 2) } }],
  },
];

for (const variant of VARIANTS) {
  describe(`GraphDocumentStore on the simulation: ${variant.name}`, () => {
    let env: Environment | undefined;
    let opening: Promise<Environment> | undefined;
    const open = async (): Promise<Environment> => {
      opening ??= startEnvironment({
        ...(variant.timeoutMs !== undefined ? { timeoutMs: variant.timeoutMs } : {}),
      }).then((e) => {
        env = e;
        for (const fault of variant.faults()) e.sim.faults.inject(fault);
        return e;
      });
      return opening;
    };
    afterAll(async () => {
      await env?.close();
    });

    documentStoreContract(
      `graph, ${variant.name}`,
      async () => ({ store: (await open()).recording, close: async () => {} }),
      { largeFileBytes: LARGE_FILE_BYTES },
    );

    describe('afterwards', () => {
      it('the library holds every file once, with the content the caller gave, and nothing else', async () => {
        const e = await open();
        e.sim.faults.clear();
        expectConverged(e);
        variant.check?.(e);
      });
    });
  });
}

/** Files `memo.txt` into the folder `folderName`, the answer to its first upload lost on the way back. */
const memoAfterLostAnswer = async (env: Environment, folderName: string) => {
  const folder = await env.store.ensureFolder([folderName]);
  env.sim.faults.inject({ kind: 'dropResponse', match: { method: 'PUT', path: '/content' } });
  return env.store.putFile(folder.id, {
    name: 'memo.txt',
    contentType: 'text/plain',
    content: contentFromBuffer(Buffer.from('memo')),
  });
};

describe('GraphDocumentStore: what is particular to Graph', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ defaultPageSize: 3 });
  });
  afterAll(async () => {
    await env.close();
  });
  beforeEach(() => {
    env.sim.faults.clear();
    env.sim.requests.clear();
    env.delays.length = 0;
    env.retries.length = 0;
  });

  const uploads = () => env.sim.requests.filter((r) => r.target === 'upload' && r.method === 'PUT');

  it('large files go up in chunks of a multiple of 320 KiB (5 MiB by default), without Authorization', async () => {
    const store = new GraphDocumentStore({
      graph: env.adapters.graph,
      driveId: DRIVE_ID,
      rootPath: LIBRARY_PATH,
    });
    const folder = await store.ensureFolder(['Chunks', 'Default size']);
    const bytes = randomBytes(11 * 1024 * 1024 + 17);
    const progress: number[] = [];
    const { file, created } = await store.putFile(folder.id, {
      name: 'Scanned bundle.pdf',
      contentType: 'application/pdf',
      content: contentFromBuffer(bytes),
      onProgress: (n) => progress.push(n),
    });
    expect(created).toBe(true);
    const ranges = uploads().map((r) => /^bytes (\d+)-(\d+)\/(\d+)$/.exec(r.headers['content-range'] ?? ''));
    expect(ranges.map((m) => (m ? Number(m[2]) - Number(m[1]) + 1 : -1))).toEqual([
      16 * CHUNK_UNIT,
      16 * CHUNK_UNIT,
      bytes.length - 32 * CHUNK_UNIT,
    ]);
    expect(uploads().every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(progress).toEqual([16 * CHUNK_UNIT, 32 * CHUNK_UNIT, bytes.length]);
    expect(env.sim.state.fileContent(DRIVE_ID, file.id).equals(bytes)).toBe(true);
    expect(
      () => new GraphDocumentStore({ graph: env.adapters.graph, driveId: DRIVE_ID, chunkBytes: 5_000_000 }),
    ).toThrow(/multiple of 327680/);
  });

  it('a chunk whose connection drops is resumed from nextExpectedRanges in the same session', async () => {
    const folder = await env.store.ensureFolder(['Chunks', 'Resume']);
    const bytes = randomBytes(4 * CHUNK_UNIT + 1000);
    env.sim.faults.inject({
      kind: 'drop',
      match: { target: 'upload', method: 'PUT', test: everyNth(2) },
      times: 1,
    });
    env.sim.faults.inject({
      kind: 'dropResponse',
      match: { target: 'upload', method: 'PUT', test: everyNth(3) },
      times: 1,
    });
    const { file } = await env.store.putFile(folder.id, {
      name: 'resume.pdf',
      contentType: 'application/pdf',
      content: contentFromBuffer(bytes),
    });
    expect(env.sim.requests.filter((r) => r.path.endsWith('/createUploadSession'))).toHaveLength(1);
    expect(
      env.sim.requests.filter((r) => r.target === 'upload' && r.method === 'GET').length,
    ).toBeGreaterThanOrEqual(2);
    expect(uploads().map((r) => r.headers['content-range'])).toEqual([
      `bytes 0-${CHUNK_UNIT - 1}/${bytes.length}`,
      `bytes ${CHUNK_UNIT}-${2 * CHUNK_UNIT - 1}/${bytes.length}`, // dropped: never arrived
      `bytes ${CHUNK_UNIT}-${2 * CHUNK_UNIT - 1}/${bytes.length}`,
      `bytes ${2 * CHUNK_UNIT}-${3 * CHUNK_UNIT - 1}/${bytes.length}`, // arrived, answer lost
      `bytes ${3 * CHUNK_UNIT}-${4 * CHUNK_UNIT - 1}/${bytes.length}`,
      `bytes ${4 * CHUNK_UNIT}-${bytes.length - 1}/${bytes.length}`,
    ]);
    expect(env.sim.state.fileContent(DRIVE_ID, file.id).equals(bytes)).toBe(true);
  });

  it('an expired session starts again; a lost answer to the last chunk is recognised as our own file', async () => {
    const folder = await env.store.ensureFolder(['Chunks', 'Expired']);
    const bytes = randomBytes(4 * CHUNK_UNIT + 5);
    env.sim.faults.inject({ kind: 'expireSession', match: { test: everyNth(2) }, times: 1 });
    env.sim.faults.inject({
      kind: 'dropResponse',
      match: { target: 'upload', method: 'PUT', test: everyNth(6) },
      times: 1,
    });
    const result = await env.store.putFile(folder.id, {
      name: 'expired.pdf',
      contentType: 'application/pdf',
      content: contentFromBuffer(bytes),
    });
    expect(result.created).toBe(true);
    expect(env.sim.state.listPath(DRIVE_ID, '/Chunks/Expired').map((i) => i.name)).toEqual(['expired.pdf']);
    expect(env.sim.state.fileContent(DRIVE_ID, result.file.id).equals(bytes)).toBe(true);
    expect(
      env.sim.requests.filter((r) => r.path.endsWith('/createUploadSession')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('an upload given up (aborted) cancels its session', async () => {
    const folder = await env.store.ensureFolder(['Chunks', 'Aborted']);
    const controller = new AbortController();
    const error = await env.store
      .putFile(folder.id, {
        name: 'aborted.pdf',
        contentType: 'application/pdf',
        content: contentFromBuffer(randomBytes(4 * CHUNK_UNIT)),
        onProgress: () => controller.abort(),
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(env.sim.requests.filter((r) => r.target === 'upload' && r.method === 'DELETE')).toHaveLength(1);
    expect(env.sim.state.uploadSessions()).toEqual([]);
    expect(env.sim.state.listPath(DRIVE_ID, '/Chunks/Aborted')).toEqual([]);
  });

  it('a lost answer to a simple upload: the retry meets 409 and recognises its own file', async () => {
    const result = await memoAfterLostAnswer(env, 'Lost answer');
    expect(result).toMatchObject({ created: true, file: { name: 'memo.txt' } });
    expect(env.sim.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([0, 409]);
    expect(env.sim.state.listPath(DRIVE_ID, '/Lost answer').map((i) => i.name)).toEqual(['memo.txt']);
  });

  it('every request carries the User-Agent and a client-request-id kept across retries', async () => {
    env.sim.faults.inject({ kind: 'throttle', retryAfterSeconds: 1, match: { method: 'POST' } });
    await env.store.ensureFolder(['User agent', 'Check']);
    const graph = env.sim.requests.graph();
    expect(graph.length).toBeGreaterThan(2);
    for (const r of graph) {
      expect(r.headers['user-agent']).toBe(USER_AGENT);
      expect(r.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const posts = graph.filter((r) => r.method === 'POST');
    expect(posts[0]?.status).toBe(429);
    expect(posts[1]?.headers['client-request-id']).toBe(posts[0]?.headers['client-request-id']);
  });

  it('waits exactly the Retry-After Graph gives', async () => {
    env.sim.faults.inject({ kind: 'throttle', retryAfterSeconds: 7, match: { method: 'GET' } });
    env.sim.faults.inject({ kind: 'unavailable', retryAfterSeconds: 3, match: { method: 'GET' } });
    await env.store.ensureFolder(['Retry after']);
    expect(env.delays).toEqual([7000, 3000]);
  });

  it('a Retry-After beyond five minutes fails at once with throttled, carrying the wait', async () => {
    env.sim.faults.inject({ kind: 'throttle', retryAfterSeconds: 400, match: { method: 'GET' } });
    const error = await env.store.folder('01ANYTHING').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphThrottledError);
    expect(error).toMatchObject({ code: 'throttled', retryAfterMs: 400_000, details: { status: 429 } });
    expect(env.delays).toEqual([]);
  });

  it('a token Graph refuses (401) is replaced by a new one from Entra, once', async () => {
    await env.store.ensureFolder(['Token', 'Before']);
    env.sim.state.expireTokens();
    env.sim.requests.clear();
    await env.store.ensureFolder(['Token', 'After']);
    const graph = env.sim.requests.graph();
    expect(graph[0]?.status).toBe(401);
    expect(graph.slice(1).every((r) => r.status < 400 || r.status === 404)).toBe(true);
    expect(env.sim.requests.filter((r) => r.target === 'login' && r.method === 'POST')).toHaveLength(1);
  });

  it('a permanent error is typed, with Graph’s request id: 403 without the site grant', async () => {
    env.sim.state.revokeSite(SITE_ID, APP_ID);
    try {
      const error = await env.store.ensureFolder(['Forbidden']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DocumentStoreError);
      const last = env.sim.requests.graph().at(-1);
      expect(error).toMatchObject({
        code: 'forbidden',
        details: { status: 403, storeCode: 'accessDenied', requestId: last?.requestId },
      });
      expect((error as Error).message).toContain(last?.requestId);
      expect(env.sim.requests.graph()).toHaveLength(1);
    } finally {
      env.sim.state.grantSite(SITE_ID, APP_ID, ['fullcontrol']);
    }
  });

  it('names are encoded per segment and come back as they were', async () => {
    const segments = [
      "Cllr Siân O'Neill (m-3)",
      'Case & Co + 100% sure?'.replace(/[%?]/g, '-'),
      'Über ümlaut, 2026',
    ];
    const folder = await env.store.ensureFolder(segments);
    expect(folder).toMatchObject({ name: segments[2], path: segments.join('/') });
    const { file } = await env.store.putFile(folder.id, {
      name: 'Brief [draft] #1.txt'.replace('#', '-'),
      contentType: 'text/plain',
      content: contentFromBuffer(Buffer.from('x')),
    });
    expect(file.path).toBe(`${segments.join('/')}/Brief [draft] -1.txt`);
    expect(env.sim.state.item(DRIVE_ID, `/${segments.join('/')}/Brief [draft] -1.txt`)?.id).toBe(file.id);
    expect(env.sim.requests.some((r) => r.path.includes('Cllr%20Si%C3%A2n%20O%27Neill%20%28m-3%29'))).toBe(
      true,
    );
  });

  it('listFiles follows @odata.nextLink to the end', async () => {
    const folder = await env.store.ensureFolder(['Paging']);
    for (let i = 1; i <= 7; i += 1) {
      await env.store.putFile(folder.id, {
        name: `file ${i}.txt`,
        contentType: 'text/plain',
        content: contentFromBuffer(Buffer.from(`page ${i}`)),
      });
    }
    env.sim.requests.clear();
    const files = await env.store.listFiles(folder.id);
    expect(files.map((f) => f.name)).toEqual(Array.from({ length: 7 }, (_, i) => `file ${i + 1}.txt`));
    expect(
      env.sim.requests.filter((r) => r.path.endsWith('/children')).map((r) => r.query.includes('skiptoken')),
    ).toEqual([false, true, true]);
  });

  it('downloads follow the redirect without the token; content streams back intact', async () => {
    const folder = await env.store.ensureFolder(['Download']);
    const bytes = randomBytes(50_000);
    const { file } = await env.store.putFile(folder.id, {
      name: 'd.bin',
      contentType: 'application/octet-stream',
      content: contentFromBuffer(bytes),
    });
    env.sim.requests.clear();
    expect(sha256(await readAll(await env.store.readFile(file.id)))).toBe(sha256(bytes));
    const [content, download] = env.sim.requests.graph();
    expect(content).toMatchObject({
      status: 302,
      headers: { authorization: expect.stringMatching(/^Bearer /) },
    });
    expect(download).toMatchObject({ target: 'download', status: 200 });
    expect(download?.headers.authorization).toBeUndefined();
  });

  it('shares a folder by invitation: sign-in required, no e-mail sent', async () => {
    const folder = await env.store.ensureFolder(['Shared']);
    await env.store.grantAccess(folder.id, {
      grantee: { kind: 'user', objectId: DIRECTORY.users[0]!.id },
      role: 'write',
    });
    expect(env.sim.state.grants(DRIVE_ID, folder.id)).toEqual([
      expect.objectContaining({ roles: ['write'], requireSignIn: true, sendInvitation: false }),
    ]);
    await env.store.grantAccess(folder.id, {
      grantee: { kind: 'user', objectId: DIRECTORY.users[0]!.id },
      role: 'read',
    });
    expect(env.sim.requests.filter((r) => r.path.endsWith('/invite'))).toHaveLength(1);
  });

  it('a cached folder that was renamed or deleted behind the store’s back is found or made again', async () => {
    const first = await env.store.ensureFolder(['Stale', 'Case']);
    await env.adapters.graph.request({
      method: 'PATCH',
      url: `/drives/${DRIVE_ID}/items/${first.id}`,
      json: { name: 'Case renamed' },
    });
    const again = await env.store.ensureFolder(['Stale', 'Case']);
    expect(again.id).not.toBe(first.id);
    expect(again.path).toBe('Stale/Case');
    const parent = env.sim.state.item(DRIVE_ID, '/Stale');
    await env.adapters.graph.request({
      method: 'DELETE',
      url: `/drives/${DRIVE_ID}/items/${parent?.id}`,
      response: 'none',
    });
    const third = await env.store.ensureFolder(['Stale', 'Case', 'Deeper']);
    expect(third.path).toBe('Stale/Case/Deeper');
    expect(env.sim.state.item(DRIVE_ID, '/Stale/Case/Deeper')?.id).toBe(third.id);
  });
});

describe('GraphDocumentStore: a full library', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ quotaBytes: 2 * 1024 * 1024 });
  });
  afterAll(async () => env.close());

  it('refuses a large file when its upload session is created (fileSize given), before any chunk is sent', async () => {
    const folder = await env.store.ensureFolder(['Quota']);
    env.sim.requests.clear();
    const refused = env.store.putFile(folder.id, {
      name: 'Too big for the library.pdf',
      contentType: 'application/pdf',
      content: contentFromBuffer(randomBytes(3 * 1024 * 1024)),
    });
    await expect(refused).rejects.toMatchObject({ code: 'quota-exceeded' });
    expect(env.sim.requests.filter((r) => r.target === 'upload')).toEqual([]);
  });
});

describe('GraphDocumentStore: a library that reports no quickXorHash', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ omitHashes: true });
  });
  afterAll(async () => env.close());

  it('still recognises its own file after a lost answer (by reading it back), and makes no second copy', async () => {
    const result = await memoAfterLostAnswer(env, 'No hashes');
    expect(result).toMatchObject({ created: true, file: { name: 'memo.txt' } });
    expect(env.sim.state.listPath(DRIVE_ID, '/No hashes').map((i) => i.name)).toEqual(['memo.txt']);
  });

  it('takes another file of the same size and name for what it is: not ours', async () => {
    const folder = await env.store.ensureFolder(['No hashes, other file']);
    env.sim.state.seedFile(DRIVE_ID, '/No hashes, other file/memo.txt', Buffer.from('MEMO'));
    const result = await env.store.putFile(folder.id, {
      name: 'memo.txt',
      contentType: 'text/plain',
      content: contentFromBuffer(Buffer.from('memo')),
    });
    expect(result).toMatchObject({ created: true, file: { name: 'memo (2).txt' } });
  });
});

describe('Graph conformance', () => {
  it('every request the adapters sent in this file addresses something in Graph’s v1.0 schema', () => {
    expect(allRequests.length).toBeGreaterThan(1000);
    assertAllConform(allRequests);
    for (const r of allRequests.filter((q) => q.target !== 'login')) {
      expect(r.headers['user-agent']).toBe(USER_AGENT);
      if (r.target === 'upload' || r.target === 'download') expect(r.headers.authorization).toBeUndefined();
      if (r.target === 'upload' && r.method === 'PUT') {
        const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(r.headers['content-range'] ?? '');
        expect(m).not.toBeNull();
        const [start, end, total] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
        if (end + 1 !== total) expect((end - start + 1) % CHUNK_UNIT).toBe(0);
      }
    }
  });
});
