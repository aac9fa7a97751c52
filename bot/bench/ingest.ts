/**
 * `npm run bench` (last part; alone: `npm run bench:ingest`): scan-ingest on 10 generated pages at 300 dpi (the
 * corpus letters rendered by Chromium, five clean and five degraded like worn scans), side by side in one run:
 *
 * - Members' Hub end to end (check → OCR → searchable PDF → index → file), in-process on PGlite and the local
 *   store: upload one 10-page PDF, every page read, every document decided "keep" and filed; with tesseract.js
 *   (the default) and, when installed, the native `tesseract` command as the engine;
 * - (a) the `tesseract` command on the same page images, one process per core, OMP_THREAD_LIMIT=1: the OCR floor;
 * - (b) `ocrmypdf --jobs 2` on the same PDF: what an officer would otherwise use.
 *
 * Pages per minute and character error rate (clean, degraded) for each. Goals (issue 13): ≥ 0.8× the tesseract
 * command's pages per minute, ≥ 1.5× ocrmypdf's, CER within 0.5 points of the tesseract command's.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { extractText, getDocumentProxy } from 'unpdf';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startApp } from '../src/main';
import { openPglite } from '../src/adapters/postgres';
import { tesseractCommandAvailable } from '../src/adapters/ocr/tesseract-cli-engine';
import { prepareTestDatabase } from '../test/support/test-app';
import {
  characterErrorRate,
  DEGRADED,
  degrade,
  pngOf,
  readPng,
  scannedPdf,
  truth,
} from '../test/support/scan-corpus';
import { LETTERS } from '../test/support/scan-letters';
import { renderLetters } from '../../scripts/render-scan-corpus';

const DPI = 300;
const run = promisify(execFile);

/** The few fields of the API's answers the benchmark reads. */
interface Api {
  id: string;
  token: string;
  items?: { id: string }[];
  pages?: { text: string }[];
}

interface Row {
  what: string;
  seconds: number;
  pages: number;
  cerClean: number;
  cerDegraded: number;
}

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
const ppm = (r: Row) => (r.pages / r.seconds) * 60;

const main = async () => {
  const rendered = (await renderLetters(DPI)).map(readPng);
  const pages = [
    ...rendered,
    rendered[0]!,
    ...rendered.map((p, i) => degrade(p, { ...DEGRADED, seed: 20 + i })),
    degrade(rendered[1]!, { ...DEGRADED, seed: 30 }),
  ];
  const truths = [...LETTERS, LETTERS[0]!, ...LETTERS, LETTERS[1]!].map(truth);
  const degradedFrom = 5;
  const dir = mkdtempSync(join(tmpdir(), 'mh-bench-ingest-'));
  const pdf = await scannedPdf(pages, { jpeg: true, dpi: DPI });
  writeFileSync(join(dir, 'stack.pdf'), pdf);
  pages.forEach((p, i) => writeFileSync(join(dir, `p${i}.png`), pngOf(p)));
  const cers = (texts: string[]) => {
    const c = texts.map((t, i) => characterErrorRate(truths[i]!, t));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return { cerClean: mean(c.slice(0, degradedFrom)), cerDegraded: mean(c.slice(degradedFrom)) };
  };
  const rows: Row[] = [];

  const hub = async (engine: 'tesseract.js' | 'tesseract') => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mh-bench-hub-'));
    const db = await openPglite({});
    await prepareTestDatabase(db);
    const config = loadConfig({
      MODE: 'local',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      INGEST_POLL_INTERVAL_MS: '0',
      NOTIFICATION_POLL_INTERVAL_MS: '0',
      SLA_SWEEP_INTERVAL_SECONDS: '0',
      OCR_ENGINE: engine,
      OCR_WORKERS: String(availableParallelism()),
    });
    const app = await startApp(config, createLogger('silent'), { db });
    const token = (
      (await (
        await fetch(`${app.url}/auth/local/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ personId: 'p-sue' }),
        })
      ).json()) as { token: string }
    ).token;
    const call = async (method: string, path: string, body?: unknown, raw?: Buffer): Promise<Api> =>
      (await (
        await fetch(`${app.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(raw ? { 'x-file-name': 'stack.pdf' } : body ? { 'content-type': 'application/json' } : {}),
          },
          body: (raw ? new Uint8Array(raw) : body ? JSON.stringify(body) : undefined) as BodyInit | undefined,
        })
      ).json()) as Api;
    // Warm-up: the workers load the model once per process, not per page.
    await app.ingestWorker?.drain();
    const started = performance.now();
    const batch = await call('POST', '/api/ingest/batches', { label: 'bench', memberId: 'p-alice' });
    await call('POST', `/api/ingest/batches/${batch.id}/files`, undefined, pdf);
    await app.ingestWorker?.drain();
    const docs = (await call('GET', `/api/ingest/documents?batchId=${batch.id}`)).items ?? [];
    for (const d of docs)
      await call('POST', `/api/ingest/documents/${d.id}/decision`, {
        memberId: 'p-alice',
        caseRef: null,
        box: null,
        dateFrom: null,
        dateTo: null,
        description: 'Bench letters',
        retention: { kind: 'keep', until: '2040-01-01', reason: 'Benchmark' },
      });
    await app.ingestWorker?.drain();
    const seconds = (performance.now() - started) / 1000;
    const review = (await call('GET', `/api/ingest/documents/${docs[0]!.id}`)) as {
      pages: { text: string }[];
    };
    const filed = (await call('GET', '/api/legacy-papers')).items?.length ?? 0;
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (filed !== docs.length) throw new Error(`filed ${filed} of ${docs.length}`);
    rows.push({
      what: `Members' Hub end to end (${engine})`,
      seconds,
      pages: pages.length,
      ...cers((review.pages ?? []).map((p) => p.text)),
    });
  };

  await hub('tesseract.js');
  const native = await tesseractCommandAvailable();
  if (native) {
    await hub('tesseract');
    const procs = availableParallelism();
    const texts: string[] = pages.map(() => '');
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: procs }, async () => {
        while (next < pages.length) {
          const i = next++;
          const { stdout } = await run('tesseract', [join(dir, `p${i}.png`), 'stdout', '-l', 'eng'], {
            env: { PATH: '/usr/bin:/bin', OMP_THREAD_LIMIT: '1' },
          });
          texts[i] = stdout;
        }
      }),
    );
    rows.push({
      what: `(a) tesseract command, ${procs} processes`,
      seconds: (performance.now() - started) / 1000,
      pages: pages.length,
      ...cers(texts),
    });
  }
  const ocrmypdf = await run('ocrmypdf', ['--version']).then(
    () => true,
    () => false,
  );
  if (ocrmypdf) {
    const started = performance.now();
    await new Promise<void>((ok, fail) => {
      const child = spawn(
        'ocrmypdf',
        ['--jobs', '2', '--quiet', join(dir, 'stack.pdf'), join(dir, 'ocrmypdf.pdf')],
        { stdio: 'ignore' },
      );
      child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`ocrmypdf exited ${code}`))));
    });
    const seconds = (performance.now() - started) / 1000;
    const out = await getDocumentProxy(new Uint8Array(readFileSync(join(dir, 'ocrmypdf.pdf'))));
    const { text } = await extractText(out, { mergePages: false });
    rows.push({ what: '(b) ocrmypdf --jobs 2', seconds, pages: pages.length, ...cers(text) });
  }
  rmSync(dir, { recursive: true, force: true });

  const floor = rows.find((r) => r.what.startsWith('(a)'));
  const other = rows.find((r) => r.what.startsWith('(b)'));
  process.stdout.write(
    `\nScan-ingest: ${pages.length} pages at ${DPI} dpi (5 clean, 5 degraded), ${availableParallelism()} cores\n\n`,
  );
  process.stdout.write(
    '| run | seconds | pages/min | vs tesseract | vs ocrmypdf | CER clean | CER degraded |\n|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows)
    process.stdout.write(
      `| ${r.what} | ${r.seconds.toFixed(1)} | ${ppm(r).toFixed(1)} | ${floor ? `${(ppm(r) / ppm(floor)).toFixed(2)}×` : '-'} | ${other ? `${(ppm(r) / ppm(other)).toFixed(2)}×` : '-'} | ${pct(r.cerClean)} | ${pct(r.cerDegraded)} |\n`,
    );
};

void main();
