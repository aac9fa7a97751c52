import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../src/adapters/postgres';
import { prepareTestDatabase, PEOPLE } from './support/test-app';
import { letterPage, LETTERS, pngOf, scannedPdf } from './support/scan-corpus';

/**
 * Crash safety: the service is a real process, killed with SIGKILL while it reads a batch's pages and again
 * while it files, then started again on the same data directory. Every page is read and the paper is filed
 * exactly once: one row, one file in the member's Legacy papers folder.
 */
const ROOT = join(__dirname, '..', '..');

interface Service {
  child: ChildProcess;
  url: string;
}

const start = (dataDir: string): Promise<Service> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        MODE: 'local',
        PORT: '0',
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        OCR_WORKERS: '1',
        OCR_PAGE_TIMEOUT_SECONDS: '5',
        INGEST_POLL_INTERVAL_MS: '200',
        NOTIFICATION_POLL_INTERVAL_MS: '0',
        SLA_SWEEP_INTERVAL_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Health:\s+(http:\/\/[^/\s]+)\/healthz/.exec(out);
      if (found?.[1]) resolve({ child, url: found[1] });
    });
    child.once('exit', (code) =>
      reject(new Error(`the service exited (${code}) before it listened: ${out}`)),
    );
  });

const kill = (s: Service): Promise<void> =>
  new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });

describe('scan-ingest after the service is killed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mh-crash-'));
  let service: Service | undefined;

  afterAll(async () => {
    if (service) await kill(service);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const token = async (url: string) => {
    const res = await fetch(`${url}/auth/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: PEOPLE.sue.id }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const call = async (url: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(url)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return await res.json();
  };
  /** Polls (no fixed sleeps in assertions) until `done` says so, or gives up after `tries`. */
  const until = async <T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 600): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('gave up waiting');
  };

  it('reads every page and files the paper exactly once across two kills', async () => {
    const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
    await prepareTestDatabase(db);
    await db.close();

    service = await start(dataDir);
    const batch = await call(service.url, 'POST', '/api/ingest/batches', {
      label: 'Crash box',
      memberId: 'p-alice',
    });
    const pages = LETTERS.map((l) => letterPage(l));
    const pdf = await scannedPdf(pages, { jpeg: true });
    const upload = await fetch(`${service.url}/api/ingest/batches/${batch.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(service.url)}`, 'x-file-name': 'box.pdf' },
      body: new Uint8Array(pdf),
    });
    expect(upload.status).toBe(201);
    const extra = await fetch(`${service.url}/api/ingest/batches/${batch.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(service.url)}`, 'x-file-name': 'extra.png' },
      body: new Uint8Array(pngOf(pages[0]!)),
    });
    expect(extra.status).toBe(201);

    // Killed mid-OCR: once the first page is read and before the last.
    const mid = await until(
      () => call(service!.url, 'GET', `/api/ingest/batches/${batch.id}`),
      (p) => p.pagesDone >= 1,
    );
    expect(mid.pagesDone).toBeLessThan(5);
    await kill(service);

    service = await start(dataDir);
    const read = await until(
      () => call(service!.url, 'GET', `/api/ingest/batches/${batch.id}`),
      (p) => p.pagesDone === 5,
    );
    expect(read.pagesFailed).toBe(0);
    const queue = await until(
      () => call(service!.url, 'GET', `/api/ingest/documents?batchId=${batch.id}`),
      (q) => q.items.length === 2,
    );
    const doc = queue.items.find((d: any) => d.fileName === 'box.pdf');
    expect(doc.pages).toEqual([1, 2, 3, 4]);
    await call(service.url, 'POST', `/api/ingest/documents/${doc.id}/decision`, {
      memberId: 'p-alice',
      caseRef: null,
      box: 'C1',
      dateFrom: '2019-03-14',
      dateTo: '2022-11-09',
      description: 'Letters from residents',
      retention: { kind: 'review', on: '2035-01-01', reason: 'Review at the end of the term' },
    });
    // Killed again while it files (or just before): the filing is recovered, not repeated.
    await kill(service);

    service = await start(dataDir);
    const filed = await until(
      () => call(service!.url, 'GET', '/api/legacy-papers'),
      (l) => l.items.length >= 1,
    );
    expect(filed.items).toHaveLength(1);
    const folder = join(dataDir, 'documents', 'Member casework');
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.includes('Legacy papers') && f.endsWith('.pdf') && statSync(join(folder, f)).isFile(),
    );
    expect(files).toHaveLength(1);
  });
});
