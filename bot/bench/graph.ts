/**
 * `npm run bench` (third part; alone: `npm run bench:graph`): filing documents through GraphDocumentStore
 * against the in-repository Graph simulation (HTTPS on 127.0.0.1, real MSAL, the Graph SDK).
 *
 * 1. Requests per filed document: what one filing through the service's API costs in Graph calls, for a
 *    small file and a 25 MB file, into a case folder that does not exist yet (the case's first document) and
 *    into one that does, and the same file filed again (idempotent: nothing uploaded). Counted from the
 *    simulation's request log, split into Graph API calls, upload-session chunk PUTs and token requests.
 *    Goal: at most 2 Graph calls for a small document into an existing case folder.
 * 2. Throughput of a 100 MB upload through the adapter, side by side with a raw loop on the same machine and
 *    simulation: one createUploadSession and then chunk PUTs of the same size, nothing else (no hashing, no
 *    folder checks, no retries). Runs alternate; the figure is the median. Goal: adapter ≥ 0.8× raw.
 *
 *   BENCH_GRAPH_RUNS=5   runs of each 100 MB upload (default 5)
 */
import { randomBytes } from 'node:crypto';
import type { GraphDocumentStore } from '../src/adapters/graph';
import { createGraphAdapters, type GraphAdapters } from '../src/adapters/graph';
import { DEFAULT_CHUNK_BYTES } from '../src/adapters/graph/graph-document-store';
import { contentFromBuffer } from '../src/app/document-store';
import { startGraphSimulation, type GraphSimulation } from '../test/support/graph-sim';
import { startSimulatedTenant } from '../test/support/simulated-tenant';
import { aCase } from '../test/support/test-app';

const APP_ID = '7d9f1b3c-0000-4000-8000-0000000be4c4';
const SECRET = 'bench-only-secret';
const SITE_ID =
  'contoso.sharepoint.com,00000000-0000-4000-8000-0000000000b1,00000000-0000-4000-8000-0000000000b2';
const DRIVE_ID = 'b!bench-library';
const MB = 1_000_000;
const runs = Number(process.env.BENCH_GRAPH_RUNS ?? 5);
if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error('BENCH_GRAPH_RUNS must be 1 to 20.');

const log = (m: string) => process.stderr.write(`${m}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const open = async (): Promise<{
  sim: GraphSimulation;
  adapters: GraphAdapters;
  store: GraphDocumentStore;
}> => {
  const sim = await startGraphSimulation({
    clients: [{ clientId: APP_ID, secrets: [SECRET], applicationPermissions: ['Sites.Selected'] }],
    sites: [{ id: SITE_ID, drives: [{ id: DRIVE_ID }], grants: [{ appId: APP_ID, roles: ['write'] }] }],
  });
  const adapters = createGraphAdapters({
    tenantId: sim.tenantId,
    clientId: APP_ID,
    credential: { kind: 'secret', clientSecret: SECRET },
    organisation: 'Bench',
    driveId: DRIVE_ID,
    libraryPath: '/sites/members-hub/Shared Documents',
    baseUrl: sim.graphBaseUrl,
    authorityHost: sim.loginBaseUrl,
    knownAuthorities: [new URL(sim.url).host],
    networkClient: sim.msalNetworkClient,
    fetch: sim.fetch,
  });
  return { sim, adapters, store: adapters.documentStore };
};

interface Counted {
  graph: number;
  chunks: number;
  token: number;
}

const count = async (sim: GraphSimulation, work: () => Promise<unknown>): Promise<Counted> => {
  sim.requests.clear();
  await work();
  const all = [...sim.requests];
  return {
    graph: all.filter((r) => r.target === 'graph').length,
    chunks: all.filter((r) => r.target === 'upload').length,
    token: all.filter((r) => r.target === 'login').length,
  };
};

/**
 * What the service does per filing, counted at the simulation: the whole service in Microsoft 365 mode (as the
 * tests start it), a document uploaded through `POST /api/cases/:ref/documents`, and every Graph request it
 * makes until the answer. Member folder sharing, which runs in the background after a member's first filing,
 * is left to finish between rows and counted on its own.
 */
const requestsPerDocument = async (): Promise<string[]> => {
  const tenant = await startSimulatedTenant({
    supportGroup: false,
    app: { documentWork: { pollIntervalMs: 20 } },
  });
  const { sim, app } = tenant;
  const rows: string[] = [];
  try {
    const token = await app.token('alice');
    const upload = async (ref: string, name: string, content: Buffer) => {
      const response = await fetch(`${app.url}/api/cases/${ref}/documents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/pdf',
          'x-file-name': encodeURIComponent(name),
        },
        body: new Uint8Array(content),
      });
      if (response.status >= 300) throw new Error(`upload answered ${response.status}`);
      await response.arrayBuffer();
    };
    /** Waits until no share is pending (the background sharing a new member folder starts). */
    const settled = async () => {
      for (let i = 0; i < 500; i++) {
        const shares = await app.call('ada', 'GET', '/api/admin/document-shares');
        if ((shares.body as { counts: { pending: number } }).counts.pending === 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('member folder sharing did not settle');
    };
    const newCase = async (title: string) =>
      ((await app.call('alice', 'POST', '/api/cases', aCase({ title }))).body as { ref: string }).ref;
    const row = (label: string, c: Counted) =>
      rows.push(`| ${label} | ${c.graph} | ${c.chunks} | ${c.token} |`);

    // The process's first tokens, and the member's folder, made with the member's first case folder. Its
    // sharing starts in the background at once; its requests (permissions and invite) are counted apart.
    const firstRef = await newCase('First case');
    sim.requests.clear();
    await upload(firstRef, 'first.pdf', randomBytes(20_000));
    await settled();
    const all = [...sim.requests];
    const isSharing = (r: (typeof all)[number]) => /\/(invite|permissions)$/.test(r.path);
    row("first filing of the process (tokens; member's folder and case folder made)", {
      graph: all.filter((r) => r.target === 'graph' && !isSharing(r)).length,
      chunks: 0,
      token: all.filter((r) => r.target === 'login').length,
    });
    rows.push(
      `| then, in the background: sharing the member's folder with the member | ${all.filter(isSharing).length} | 0 | 0 |`,
    );

    for (const [label, bytes] of [
      ['small file (20 KB)', 20_000],
      ['25 MB file', 25 * MB],
    ] as const) {
      const ref = await newCase(`Pothole on the High Street ${label}`);
      const content = randomBytes(bytes);
      row(
        `${label}, a new case's first document (case folder made)`,
        await count(sim, () => upload(ref, 'letter.pdf', content)),
      );
      row(
        `${label}, into an existing case folder`,
        await count(sim, () => upload(ref, 'reply.pdf', randomBytes(bytes))),
      );
      row(
        `${label}, filed again (already there: no upload)`,
        await count(sim, () => upload(ref, 'letter.pdf', content)),
      );
    }
  } finally {
    await tenant.stop();
  }
  return rows;
};

/** The floor: createUploadSession, then the chunks in order with the simulation's own fetch. Nothing else. */
const rawUpload = async (
  sim: GraphSimulation,
  token: string,
  folderId: string,
  name: string,
  data: Buffer,
) => {
  const session = await sim.fetch(
    `${sim.graphBaseUrl}/drives/${DRIVE_ID}/items/${folderId}:/${encodeURIComponent(name)}:/createUploadSession`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': 'fail' } }),
    },
  );
  const { uploadUrl } = (await session.json()) as { uploadUrl: string };
  for (let start = 0; start < data.length; start += DEFAULT_CHUNK_BYTES) {
    const end = Math.min(start + DEFAULT_CHUNK_BYTES, data.length);
    const response = await sim.fetch(uploadUrl, {
      method: 'PUT',
      headers: {
        'content-range': `bytes ${start}-${end - 1}/${data.length}`,
        'content-length': String(end - start),
      },
      body: new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset + start, end - start),
    });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`raw chunk PUT answered ${response.status}`);
  }
};

const throughput = async (): Promise<string[]> => {
  const { sim, store } = await open();
  try {
    const folder = await store.ensureFolder(['Bench', 'Throughput']);
    const token = sim.issueToken({ kind: 'app', appId: APP_ID, roles: ['Sites.Selected'] });
    const adapter: number[] = [];
    const raw: number[] = [];
    for (let run = 1; run <= runs; run++) {
      // Fresh content each run, made before the clock starts; the adapter's own hashing is part of its cost.
      const data = randomBytes(100 * MB);
      let started = performance.now();
      await rawUpload(sim, token, folder.id, `raw-${run}.bin`, data);
      raw.push(100 / ((performance.now() - started) / 1000));
      const content = contentFromBuffer(randomBytes(100 * MB));
      started = performance.now();
      // As the service files into a case folder it knows: no read of the folder first.
      await store.putFile(folder.id, {
        name: `adapter-${run}.bin`,
        contentType: 'application/octet-stream',
        content,
        knownFolder: { path: folder.path, contentAbsent: true },
      });
      adapter.push(100 / ((performance.now() - started) / 1000));
      log(
        `graph bench: run ${run}/${runs}: raw ${raw.at(-1)!.toFixed(1)} MB/s, adapter ${adapter.at(-1)!.toFixed(1)} MB/s`,
      );
    }
    const a = median(adapter);
    const r = median(raw);
    return [
      `| raw chunked PUT loop (floor) | ${r.toFixed(1)} | ${Math.min(...raw).toFixed(1)}–${Math.max(...raw).toFixed(1)} | 1.00× |`,
      `| GraphDocumentStore.putFile | ${a.toFixed(1)} | ${Math.min(...adapter).toFixed(1)}–${Math.max(...adapter).toFixed(1)} | ${(a / r).toFixed(2)}× |`,
    ];
  } finally {
    await sim.close();
  }
};

const main = async () => {
  log('graph bench: requests per filed document');
  const perDocument = await requestsPerDocument();
  log(`graph bench: 100 MB uploads, ${runs} alternating runs`);
  const speed = await throughput();
  process.stdout.write(
    [
      '',
      `Graph requests per filed document (chunks of ${DEFAULT_CHUNK_BYTES / 327_680} × 320 KiB)`,
      '',
      '| filing (through POST /api/cases/:ref/documents) | Graph API calls | chunk PUTs | token requests |',
      '|---|---|---|---|',
      ...perDocument,
      '',
      `100 MB upload, median of ${runs} alternating runs (MB = 10^6 bytes)`,
      '',
      '| path | MB/s (median) | range | × raw |',
      '|---|---|---|---|',
      ...speed,
      '',
    ].join('\n'),
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
