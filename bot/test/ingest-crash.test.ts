import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { openPglite } from '../src/adapters/postgres';
import { aCase, prepareTestDatabase, PEOPLE } from './support/test-app';
import { letterPage, LETTERS, pngOf, scannedPdf } from './support/scan-corpus';

/**
 * Crash safety: the service is a real process, killed with SIGKILL while it reads a batch's pages, and again
 * half-way through uploading two searchable PDFs to the document store (one into the member's Legacy papers
 * folder, one into a case's folder through the filing journal), then started again on the same data directory.
 * Every page is read and each paper is filed exactly once: one row each, one whole file each. The second kill
 * is placed, not timed: the service is started with the crash tests' hold (`INGEST_TEST_HOLD=filing-upload`,
 * bot/src/app/test-hold.ts), which stops each upload half-way and logs so, and the test kills it when both
 * have.
 */
const ROOT = join(__dirname, '..', '..');

interface Service {
  child: ChildProcess;
  url: string;
  /** Resolves when the service has logged `count` times that it stopped at its test hold. */
  held: (count: number) => Promise<void>;
}

const start = (dataDir: string, hold?: 'filing-upload'): Promise<Service> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        MODE: 'local',
        PORT: '0',
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        OCR_ENGINE: 'tesseract.js',
        OCR_WORKERS: '1',
        ...(hold ? { INGEST_TEST_HOLD: hold } : {}),
        // Short, so that the killed process's claims (leased for three times this) are taken over soon, but
        // not so short that a page read on a busy two-core machine (several seconds) times out.
        OCR_PAGE_TIMEOUT_SECONDS: '10',
        INGEST_POLL_INTERVAL_MS: '200',
        NOTIFICATION_POLL_INTERVAL_MS: '0',
        SLA_SWEEP_INTERVAL_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const waiting: { count: number; ok: () => void }[] = [];
    const reached = () => {
      const times = out.split('test hold reached').length - 1;
      for (const w of waiting.filter((x) => x.count <= times)) w.ok();
    };
    const held = (count: number) =>
      new Promise<void>((ok) => {
        waiting.push({ count, ok });
        reached();
      });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      reached();
      const found = /Health:\s+(http:\/\/[^/\s]+)\/healthz/.exec(out);
      if (found?.[1]) resolve({ child, url: found[1], held });
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
  // What print services hand in, made before any service starts: a five-page scanned PDF and a page as PNG.
  const pages = LETTERS.map((l) => letterPage(l));
  let pdf: Buffer;
  let png: Buffer;

  beforeAll(async () => {
    pdf = await scannedPdf(pages, { jpeg: true });
    png = pngOf(pages[0]!);
  }, 120_000);

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
        ...(method === 'POST' && path === '/api/cases' ? { 'idempotency-key': randomUUID() } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return await res.json();
  };
  /**
   * Polls (no fixed sleeps in assertions) until `done` says so; gives up after `withinMs`, a guard against a
   * hang (not a performance check), saying what it last read.
   */
  const until = async <T>(
    read: () => Promise<T>,
    done: (v: T) => boolean,
    withinMs = 150_000,
  ): Promise<T> => {
    const deadline = Date.now() + withinMs;
    let value = await read();
    while (!done(value)) {
      if (Date.now() > deadline) throw new Error(`gave up waiting; last read: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
      value = await read();
    }
    return value;
  };

  it('reads every page and files each paper exactly once across two kills', async () => {
    const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
    await prepareTestDatabase(db);
    await db.close();

    service = await start(dataDir);
    const batch = await call(service.url, 'POST', '/api/ingest/batches', {
      label: 'Crash box',
      memberId: 'p-alice',
    });
    const upload = await fetch(`${service.url}/api/ingest/batches/${batch.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(service.url)}`, 'x-file-name': 'box.pdf' },
      body: new Uint8Array(pdf),
    });
    expect(upload.status).toBe(201);
    const extra = await fetch(`${service.url}/api/ingest/batches/${batch.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(service.url)}`, 'x-file-name': 'extra.png' },
      body: new Uint8Array(png),
    });
    expect(extra.status).toBe(201);

    // Killed mid-OCR: once the first page is read and before the last.
    const mid = await until(
      () => call(service!.url, 'GET', `/api/ingest/batches/${batch.id}`),
      (p) => p.pagesDone >= 1,
    );
    expect(mid.pagesDone).toBeLessThan(5);
    await kill(service);

    service = await start(dataDir, 'filing-upload');
    // Every page read or given up on; none may be given up on.
    const read = await until(
      () => call(service!.url, 'GET', `/api/ingest/batches/${batch.id}`),
      (p) => p.pagesDone + p.pagesFailed === 5,
    );
    expect(read.pagesFailed).toBe(0);
    expect(read.pagesDone).toBe(5);
    const queue = await until(
      () => call(service!.url, 'GET', `/api/ingest/documents?batchId=${batch.id}`),
      (q) => q.items.length === 2,
    );
    const doc = queue.items.find((d: any) => d.fileName === 'box.pdf');
    const single = queue.items.find((d: any) => d.fileName === 'extra.png');
    expect(doc.pages).toEqual([1, 2, 3, 4]);
    const raised = await call(service.url, 'POST', '/api/cases', aCase({ memberId: 'p-alice' }));
    await call(service.url, 'POST', `/api/ingest/documents/${single.id}/decision`, {
      memberId: 'p-alice',
      caseRef: raised.ref,
      box: null,
      dateFrom: null,
      dateTo: null,
      description: 'Letter about the drain',
      retention: { kind: 'keep', until: '2040-01-01', reason: 'Open case' },
    });
    await call(service.url, 'POST', `/api/ingest/documents/${doc.id}/decision`, {
      memberId: 'p-alice',
      caseRef: null,
      box: 'C1',
      dateFrom: '2019-03-14',
      dateTo: '2022-11-09',
      description: 'Letters from residents',
      retention: { kind: 'review', on: '2035-01-01', reason: 'Review at the end of the term' },
    });
    // Killed again with both searchable PDFs half-way to the store.
    await service.held(2);
    await kill(service);
    const casework = join(dataDir, 'documents', 'Member casework');
    const pdfsIn = (legacy: boolean) =>
      existsSync(casework)
        ? readdirSync(casework, { recursive: true, encoding: 'utf8' }).filter(
            (f) =>
              f.includes('Legacy papers') === legacy &&
              f.endsWith('.pdf') &&
              statSync(join(casework, f)).isFile(),
          )
        : [];
    expect([pdfsIn(true), pdfsIn(false)]).toEqual([[], []]);

    service = await start(dataDir);
    const filed = await until(
      () => call(service!.url, 'GET', '/api/legacy-papers'),
      (l) => l.items.length >= 2,
    );
    expect(filed.items).toHaveLength(2);
    // The member's folder: the whole PDF, the one recorded, not the half on its way when the service was killed.
    const inFolder = filed.items.find((i: any) => i.paper.caseRef === null).paper;
    expect(pdfsIn(true)).toHaveLength(1);
    const bytes = readFileSync(join(casework, pdfsIn(true)[0]!));
    expect(bytes.length).toBe(inFolder.size);
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect((await getDocumentProxy(new Uint8Array(bytes))).numPages).toBe(4);
    // The case: the filing journal finished the interrupted filing from the rebuilt PDF; one document, one file.
    const caseDocs = await call(service.url, 'GET', `/api/cases/${raised.ref}/documents`);
    expect(caseDocs.items.map((d: any) => d.name)).toEqual([
      filed.items.find((i: any) => i.paper.caseRef).paper.name,
    ]);
    expect(pdfsIn(false)).toHaveLength(1);
    expect(
      readFileSync(join(casework, pdfsIn(false)[0]!))
        .subarray(-6)
        .toString('latin1'),
    ).toMatch(/%%EOF/);
    // Three service starts, a 30 s lease to take over, and every page read by one tesseract.js worker: minutes
    // on a busy two-core machine.
  }, 360_000);
});
