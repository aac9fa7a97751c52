// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
/**
 * `npm run bench` (second part; alone: `npm run bench:tab`): the tab's size and speed in headless Chromium.
 *
 * 1. Bundle: every JavaScript chunk of the built tab (tab/dist), gzipped as served, split into what the first
 *    load needs (the entry and its module preloads) and what loads later (charts, admin, Teams). Budget:
 *    initial JavaScript at most 350 KB gzipped.
 * 2. Bytes on the wire for the first load: the built service's own answers, as a browser that asks for br
 *    and gzip receives them. Measured twice: by Chromium (its transferred sizes for a cold load of My cases,
 *    per resource, with the Accept-Encoding it sent), and by plain HTTP requests for the same files sending
 *    Chrome's header over HTTPS (`gzip, deflate, br, zstd`), then `gzip` only, then no Accept-Encoding, so
 *    every coding the service offers is counted from real responses, not from files.
 * 3. My cases with 500 cases: the real service (embedded default, demo council plus 500 open cases for one
 *    councillor, raised through the API), the built tab, Debian's Chromium. Timed from navigation start to
 *    500 rows painted, and then the delay before a key typed into the search box shows. Side by side with a
 *    baseline page on the same origin that fetches the same 500 cases with the same token and writes a plain
 *    HTML table (no React, no Fluent): the floor for network, JSON and DOM on this machine. Goal: the tab
 *    ready within 1.5 s; the ratio to the baseline says how much of that is the tab's own cost.
 *
 *   BENCH_TAB_RUNS=9   runs of each page (default 9, alternating)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startApp } from '../src/main';
import { launchChromium, loopbackOnly } from '../test/e2e/support/browser';

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'tab', 'dist');
const BUDGET_KB = 350;
const CASES = 500;
const MEMBER = 'p-cllr-01';
const runs = Number(process.env.BENCH_TAB_RUNS ?? 9);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('BENCH_TAB_RUNS must be 1 to 50.');

const log = (m: string) => process.stderr.write(`${m}\n`);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const bundle = (): string => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/(?:src|href)="\/tab\/assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? ''),
  );
  const rows = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const raw = readFileSync(join(DIST, 'assets', f));
      return { file: f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length, initial: initial.has(f) };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gz - a.gz);
  const initialGz = rows.filter((r) => r.initial).reduce((s, r) => s + r.gz, 0);
  const teams = rows.find((r) => r.file.startsWith('teams-host'))?.gz ?? 0;
  return [
    '| chunk | loaded | raw KB | gzip KB |',
    '|:--|:--|--:|--:|',
    ...rows.map((r) => `| ${r.file} | ${r.initial ? 'first load' : 'later'} | ${kb(r.raw)} | ${kb(r.gz)} |`),
    '',
    `Initial JavaScript, gzipped: ${kb(initialGz)} KB in a browser (local mode); ${kb(initialGz + teams)} KB in Teams ` +
      `(plus the Teams module, loaded at start-up there). Budget ${BUDGET_KB} KB: ` +
      `${initialGz + teams <= BUDGET_KB * 1024 ? 'within' : 'OVER'}.`,
  ].join('\n');
};

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};

/** The floor: same origin, same token, same request, plain DOM. */
const BASELINE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body>
<input type="search" aria-label="Search"><table><thead><tr><th>Reference</th><th>Title</th><th>Status</th><th>Due</th></tr></thead><tbody></tbody></table>
<script>
fetch('/api/cases?mine=true&limit=${CASES}', { headers: { authorization: 'Bearer ' + sessionStorage.getItem('membersHubLocalToken') } })
  .then((r) => r.json())
  .then((page) => {
    const body = document.querySelector('tbody');
    for (const c of page.items) {
      const tr = document.createElement('tr');
      for (const v of [c.ref, c.title, c.status, c.respondBy]) { const td = document.createElement('td'); td.textContent = v; tr.append(td); }
      body.append(tr);
    }
  });
</script></body></html>`;

interface Transfer {
  url: string;
  type: string;
  /** Bytes of the body as sent (compressed when it was). */
  body: number;
  headers: number;
  coding: string;
}

/** A cold load of My cases in a fresh context: every response, with what went over the wire for it. */
const firstLoad = async (
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  token: string,
): Promise<Transfer[]> => {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const refused: string[] = [];
  await loopbackOnly(context, refused);
  await context.addInitScript((t) => sessionStorage.setItem('membersHubLocalToken', t), token);
  const page = await context.newPage();
  const transfers: Promise<Transfer>[] = [];
  page.on('requestfinished', (request) => {
    transfers.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        return {
          url: new URL(request.url()).pathname,
          type: request.resourceType(),
          body: sizes.responseBodySize,
          headers: sizes.responseHeadersSize,
          coding: (await response?.headerValue('content-encoding')) ?? 'identity',
        };
      })(),
    );
  });
  await page.goto(`${url}/tab/`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const all = await Promise.all(transfers);
  await context.close();
  return all;
};

/** The same files fetched over HTTP with a given Accept-Encoding: bytes of each body as the service sent it. */
const httpBytes = async (base: string, paths: readonly string[], acceptEncoding: string | null) => {
  let total = 0;
  const codings = new Set<string>();
  for (const path of paths) {
    const { hostname, port } = new URL(base);
    total += await new Promise<number>((ok, fail) => {
      const req = httpRequest(
        { host: hostname, port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          let bytes = 0;
          codings.add(res.headers['content-encoding'] ?? 'identity');
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => ok(bytes));
        },
      );
      req.on('error', fail);
      req.end();
    });
  }
  return { total, codings: [...codings].sort().join(', ') };
};

const wire = async (browser: Awaited<ReturnType<typeof launchChromium>>, url: string, token: string) => {
  const load = await firstLoad(browser, url, token);
  const tabFiles = load.filter((t) => t.url.startsWith('/tab/') && t.url !== '/tab/runtime.json');
  const sum = (rows: Transfer[]) => rows.reduce((s, r) => s + r.body, 0);
  const byType = (type: string) => tabFiles.filter((t) => t.type === type);
  const api = load.filter((t) => t.url.startsWith('/api/') || t.url === '/tab/runtime.json');
  const scripts = byType('script');
  const paths = tabFiles.map((t) => t.url);
  const chrome = await httpBytes(url, paths, 'gzip, deflate, br, zstd');
  const gzipOnly = await httpBytes(url, paths, 'gzip');
  const none = await httpBytes(url, paths, null);
  return [
    `Chromium's cold load of My cases (\`/tab/\`, empty cache): ${tabFiles.length} files of the tab, sent ` +
      `with Content-Encoding ${[...new Set(tabFiles.map((t) => t.coding))].join(', ')}.`,
    '',
    '| what | files | body bytes on the wire | KiB |',
    '|:--|--:|--:|--:|',
    `| JavaScript | ${scripts.length} | ${sum(scripts)} | ${kb(sum(scripts))} |`,
    `| HTML and CSS | ${byType('document').length + byType('stylesheet').length} | ${sum([...byType('document'), ...byType('stylesheet')])} | ${kb(sum([...byType('document'), ...byType('stylesheet')]))} |`,
    `| other tab files | ${tabFiles.length - scripts.length - byType('document').length - byType('stylesheet').length} | ${sum(tabFiles) - sum(scripts) - sum([...byType('document'), ...byType('stylesheet')])} | ${kb(sum(tabFiles) - sum(scripts) - sum([...byType('document'), ...byType('stylesheet')]))} |`,
    `| **the tab, in all** | ${tabFiles.length} | ${sum(tabFiles)} | ${kb(sum(tabFiles))} |`,
    `| response headers of those | | ${tabFiles.reduce((s, t) => s + t.headers, 0)} | ${kb(tabFiles.reduce((s, t) => s + t.headers, 0))} |`,
    `| API and runtime.json (JSON; sent as ${[...new Set(api.map((t) => t.coding))].join(', ')}) | ${api.length} | ${sum(api)} | ${kb(sum(api))} |`,
    '',
    'The same files over plain HTTP requests to the service, bodies as sent:',
    '',
    '| Accept-Encoding | codings sent | bytes | KiB | × uncompressed |',
    '|:--|:--|--:|--:|--:|',
    `| \`gzip, deflate, br, zstd\` (Chrome over HTTPS) | ${chrome.codings} | ${chrome.total} | ${kb(chrome.total)} | ${(chrome.total / none.total).toFixed(2)} |`,
    `| \`gzip\` | ${gzipOnly.codings} | ${gzipOnly.total} | ${kb(gzipOnly.total)} | ${(gzipOnly.total / none.total).toFixed(2)} |`,
    `| none | ${none.codings} | ${none.total} | ${kb(none.total)} | 1.00 |`,
  ].join('\n');
};

const main = async () => {
  process.stdout.write(`## Tab bundle\n\n${bundle()}\n\n`);

  const dataDir = mkdtempSync(join(tmpdir(), 'mh-bench-tab-'));
  const app = await startApp(
    loadConfig({
      MODE: 'local',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SLA_SWEEP_INTERVAL_SECONDS: '0',
    }),
    createLogger('warn'),
  );
  const browser = await launchChromium();
  try {
    const tokenRes = await fetch(`${app.url}/auth/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: MEMBER }),
    });
    const { token } = (await tokenRes.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const existing = (await (
      await fetch(`${app.url}/api/cases?mine=true&limit=1`, { headers: auth })
    ).json()) as {
      total: number;
    };
    log(`raising ${CASES - Math.min(existing.total, CASES)} cases through the API`);
    for (let i = existing.total; i < CASES; i++) {
      const res = await fetch(`${app.url}/api/cases`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          kind: 'member-enquiry',
          constituent: {
            name: `Resident ${i}`,
            address: `${i} Mill Lane`,
            postcode: 'WQ1 2AB',
            consentToShare: true,
          },
          wardId: 'ward-fallowmere-central',
          category: 'Roads and pavements',
          title: `Bench case ${i}: a pothole on Mill Lane`,
          description: 'Raised by the tab benchmark.',
        }),
      });
      if (res.status !== 201) throw new Error(`raising a bench case answered ${res.status}`);
    }

    process.stdout.write(`## The first load, on the wire\n\n${await wire(browser, app.url, token)}\n\n`);

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const refused: string[] = [];
    await loopbackOnly(context, refused);
    const page = await context.newPage();
    await page.goto(`${app.url}/auth/local`);
    await page.evaluate((t) => sessionStorage.setItem('membersHubLocalToken', t), token);
    await context.route(`${app.url}/bench-baseline.html`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: BASELINE_HTML }),
    );

    const time = async (url: string, search: string) => {
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length >= n, CASES, {
        polling: 'raf',
        timeout: 30_000,
      });
      // Painted: two animation frames after the rows are in the DOM.
      const rendered = await page.evaluate(
        () =>
          new Promise<number>((ok) =>
            requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now()))),
          ),
      );
      const box = page.locator(search);
      const started = Date.now();
      await box.press('a');
      await page.waitForFunction(
        (sel) => document.querySelector<HTMLInputElement>(sel)?.value === 'a',
        search,
        {
          polling: 'raf',
        },
      );
      return { rendered, input: Date.now() - started };
    };

    const tab = { rendered: [] as number[], input: [] as number[] };
    const base = { rendered: [] as number[], input: [] as number[] };
    // One unmeasured load of each warms Chromium's caches the same way for both.
    await time(`${app.url}/tab/cases?status=all`, 'input[type=search]');
    await time(`${app.url}/bench-baseline.html`, 'input[type=search]');
    for (let i = 0; i < runs; i++) {
      log(`run ${i + 1} of ${runs}`);
      const t = await time(`${app.url}/tab/cases?status=all`, 'input[type=search]');
      tab.rendered.push(t.rendered);
      tab.input.push(t.input);
      const b = await time(`${app.url}/bench-baseline.html`, 'input[type=search]');
      base.rendered.push(b.rendered);
      base.input.push(b.input);
    }
    const row = (name: string, v: number[], floor: number[]) =>
      `| ${name} | ${percentile(v, 50).toFixed(0)} | ${percentile(v, 95).toFixed(0)} | ${(percentile(v, 50) / percentile(floor, 50)).toFixed(1)}× |`;
    process.stdout.write(
      [
        `## My cases with ${CASES} cases (headless Chromium, ${runs} runs each, alternating)`,
        '',
        '| measure | p50 ms | p95 ms | × baseline p50 |',
        '|:--|--:|--:|--:|',
        row('tab: navigation start to 500 rows painted', tab.rendered, base.rendered),
        row('baseline: same, plain DOM table', base.rendered, base.rendered),
        row('tab: key press in search box to shown', tab.input, base.input),
        row('baseline: same, plain input', base.input, base.input),
        '',
        `Goal: the tab ready (rows painted and a key press shown) within 1500 ms: p50 ${(percentile(tab.rendered, 50) + percentile(tab.input, 50)).toFixed(0)} ms, ` +
          `p95 ${(percentile(tab.rendered, 95) + percentile(tab.input, 95)).toFixed(0)} ms.`,
        refused.length ? `Refused non-loopback requests: ${refused.join(', ')}` : '',
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
