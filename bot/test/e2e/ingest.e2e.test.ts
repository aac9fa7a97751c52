// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import type { RunningApp } from '../../src/main';
import { DEMO_COUNCIL } from '../../src/seed/demo-council';
import { THEMES, axeFindings } from './support/axe';
import { launchChromium } from './support/browser';
import { signInAs, startE2eService } from './support/service';

/**
 * Scan-ingest in the tab, end to end, as a new support officer would do it on a fresh clone: the real service
 * (the demo council, PGlite, the folder store, tesseract.js reading pages in the background) and the built tab
 * in headless Chromium. She prints a cover sheet, starts a batch for Cllr Eleanor Marwick-Dane, drops the
 * sample scans (samples/scans: a box's stack with its cover sheet and a blank back, a crooked TIFF, a worn
 * JPEG scanned upside down), watches the pages being read, reviews each document's suggestions with the
 * matched words outlined on the page, records keep, review and destroy decisions, sees the destruction log,
 * finds a word from a scanned page through the legacy-papers search and downloads the filed PDF, whose text
 * a PDF text extractor reads. axe-core on every new page (three themes on the batch and review pages), and the
 * pages at 390 px wide. One service for the whole suite. Screenshots in test-results/tab/ingest-*.png.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'test-results', 'tab');
const SAMPLES = join(ROOT, 'samples', 'scans');
const person = (id: string) => {
  const p = DEMO_COUNCIL.people.find((x) => x.id === id);
  if (!p) throw new Error(`no demo person ${id}`);
  return p;
};
const SUPPORT = person('p-support-02');
const COUNCILLOR = person('p-cllr-01');
const MEMBER = COUNCILLOR.displayName;
const SCANS = [
  { name: 'box-1-stack.pdf', type: 'application/pdf' },
  { name: 'worn-letter.tif', type: 'image/tiff' },
  { name: 'upside-down-letter.jpg', type: 'image/jpeg' },
].map((f) => ({ ...f, bytes: readFileSync(join(SAMPLES, f.name)) }));

describe('scan-ingest in the tab, end to end', () => {
  let dataDir: string;
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const refused: string[] = [];
  const axe = axeFindings();
  let batchUrl = '';

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'tab', 'dist', 'index.html')))
      throw new Error('The tab is not built: run `npm run build` before `npm run test:e2e`.');
    mkdirSync(SHOTS, { recursive: true });
    ({ app, dataDir } = await startE2eService('mh-ingest-e2e-', {
      // What a fresh clone has (CI installs no tesseract command).
      OCR_ENGINE: 'tesseract.js',
      OCR_WORKERS: '2',
      INGEST_POLL_INTERVAL_MS: '200',
    }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    writeFileSync(join(SHOTS, 'ingest-refused-requests.txt'), refused.map((u) => `${u}\n`).join(''));
    writeFileSync(join(SHOTS, 'ingest-axe-violations.txt'), axe.report());
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (who: { displayName: string }, path: string, width = 1360): Promise<Page> =>
    signInAs({ browser, app, contexts, refused }, who, path, { width, acceptDownloads: true });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `ingest-${name}.png`), fullPage: true });
  const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('.fui-Spinner'));
  const chooseMember = async (page: Page, scope: ReturnType<Page['locator']>, label: RegExp) => {
    await scope.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: MEMBER, exact: true }).click();
  };
  /** Drops `files` on the zone as a browser does: dragenter, dragover, drop, with a real DataTransfer. */
  const drop = (page: Page, files: typeof SCANS) =>
    page.evaluate(
      (list) => {
        const transfer = new DataTransfer();
        for (const f of list)
          transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
        const zone = document.querySelector('[data-testid="ingest-drop-zone"]');
        if (!zone) throw new Error('no drop zone');
        for (const type of ['dragenter', 'dragover', 'drop'])
          zone.dispatchEvent(
            new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
      },
      files.map((f) => ({ name: f.name, type: f.type, bytes: [...f.bytes] })),
    );
  const pdfText = async (bytes: Buffer) => {
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    return text;
  };

  it('prints a cover sheet, reads a batch of sample scans with live progress, and lists its documents', async () => {
    const page = await signIn(SUPPORT, '/tab/ingest');
    await page.getByRole('heading', { level: 1, name: 'Scan-ingest' }).waitFor();
    await settled(page);
    await axe.check(page, 'scan-ingest home (default)');

    // The cover sheet: a PDF with the member in words (and the QR code the pipeline reads).
    const sheet = page.locator('form', {
      has: page.getByRole('button', { name: 'Download cover sheet (PDF)' }),
    });
    await chooseMember(page, sheet, /^Member/);
    await sheet.getByRole('textbox', { name: /^Box/ }).fill('BOX1');
    const downloading = page.waitForEvent('download');
    await sheet.getByRole('button', { name: 'Download cover sheet (PDF)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('cover-sheet-p-cllr-01-box-BOX1.pdf');
    const coverText = await pdfText(readFileSync(await download.path()));
    expect(coverText).toContain('COVER SHEET');
    expect(coverText).toContain(`Member: ${MEMBER} (p-cllr-01)`);
    await page.getByText(/^Cover sheet ready/).waitFor();
    await shot(page, '1-home');

    // A batch for the member, then the samples dropped into it.
    const start = page.locator('form', { has: page.getByRole('button', { name: 'Start batch' }) });
    await start.getByRole('textbox', { name: /^Batch name/ }).fill('Box 1 from print services');
    await chooseMember(page, start, /^Whose papers/);
    await start.getByRole('button', { name: 'Start batch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Box 1 from print services' }).waitFor();
    batchUrl = new URL(page.url()).pathname;
    await page.getByRole('group', { name: 'Hand in scans' }).waitFor();
    await drop(page, SCANS);
    const handedIn = page.getByRole('list', { name: 'Files handed in on this visit' });
    await handedIn.getByText('box-1-stack.pdf: Accepted: 4 pages to read.').waitFor();
    await handedIn.getByText('worn-letter.tif: Accepted: 1 page to read.').waitFor();
    await handedIn.getByText('upside-down-letter.jpg: Accepted: 1 page to read.').waitFor();

    // Live progress, without reloading: the bar's label moves to all six pages read.
    await page.getByRole('progressbar', { name: /^Pages read: \d of 6/ }).waitFor();
    await shot(page, '2-reading');
    await page.getByRole('progressbar', { name: 'Pages read: 6 of 6' }).waitFor({ timeout: 90_000 });
    await page
      .getByTestId('batch-announcements')
      .getByText('Every page has been read. 3 documents wait for review.')
      .waitFor({ state: 'attached' });
    const documents = page.getByRole('table', { name: 'Documents in this batch' });
    await documents.getByText('Waiting for review').first().waitFor();
    expect(await documents.getByText('Waiting for review').count()).toBe(3);
    await shot(page, '3-read');
  });

  it('reviews each document with its evidence and records keep, review and destroy', async () => {
    const page = await signIn(SUPPORT, '/tab/ingest/review');
    const queue = page.getByRole('table', { name: 'Documents waiting for review' });
    await queue.waitFor();
    await axe.check(page, 'review queue (default)');
    const decisions = [
      { kind: 'Keep until a date', date: '2040-01-01', reason: 'Ongoing fly-tipping issue' },
      { kind: 'Review on a date', date: '2031-06-30', reason: 'Review at the end of the term' },
      {
        kind: 'Destroy (recorded in the destruction log, not filed)',
        reason: 'Duplicate of council records',
      },
    ];
    for (const [i, decision] of decisions.entries()) {
      await page.goto(`${app.url}/tab/ingest/review`);
      await queue.getByRole('link').first().click();
      await page.getByRole('heading', { level: 2, name: 'Decision' }).waitFor();
      const picture = page.getByRole('img', { name: /^Page \d+ of .*, as scanned$/ }).first();
      await picture.waitFor();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('img')).every((img) => img.complete && img.naturalWidth > 0),
      );
      if (i === 0) {
        // The words behind the suggestions are outlined on the page and said beside it.
        const suggestions = page.getByRole('list', { name: 'Suggestions from the text' });
        await suggestions.getByText(/^Found as date “14 March 2019” on page 2\.$/).waitFor();
        expect(await page.locator('img ~ span[aria-hidden]').count()).toBeGreaterThan(0);
        await suggestions
          .getByRole('listitem')
          .filter({ hasText: /^Earliest date/ })
          .getByRole('button', { name: 'Show on the page' })
          .click();
        // Only the date's three words are outlined now.
        expect(await page.locator('img ~ span[aria-hidden]').count()).toBe(3);
        await shot(page, '4-review');
        for (const theme of THEMES) {
          await page.goto(`${page.url().split('?')[0]}?theme=${theme}`);
          await page.getByRole('heading', { level: 2, name: 'Decision' }).waitFor();
          await page
            .getByRole('img', { name: /as scanned$/ })
            .first()
            .waitFor();
          await settled(page);
          await axe.check(page, `review page (${theme})`);
        }
        await page.goto(`${page.url().split('?')[0]}?theme=default`);
        await page.getByRole('heading', { level: 2, name: 'Decision' }).waitFor();
      }
      await page.getByRole('radio', { name: decision.kind }).check();
      if (decision.date)
        await page
          .getByLabel(/^(Keep until|Review on)/)
          .last()
          .fill(decision.date);
      await page.getByRole('textbox', { name: /^Reason/ }).fill(decision.reason);
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Being filed|Filed|To be destroyed/ })
        .waitFor();
    }
    await page.goto(`${app.url}/tab/ingest/review`);
    await page.getByText('Nothing waits for review.').waitFor();
  });

  it('files the kept papers as searchable PDFs, found by a word from a scanned page, and logs the destroyed one', async () => {
    const page = await signIn(SUPPORT, batchUrl);
    const documents = page.getByRole('table', { name: 'Documents in this batch' });
    await documents.getByText('Filed', { exact: true }).nth(1).waitFor({ timeout: 60_000 });
    await documents.getByText('To be destroyed (logged)').waitFor();
    for (const theme of THEMES) {
      await page.goto(`${app.url}${batchUrl}?theme=${theme}`);
      await page.getByRole('table', { name: 'Documents in this batch' }).waitFor();
      await settled(page);
      await axe.check(page, `batch page (${theme})`);
    }

    await page.goto(`${app.url}/tab/ingest/destruction-log?theme=default`);
    const log = page.getByRole('table', { name: 'Papers to be destroyed' });
    await log.getByText('Duplicate of council records').waitFor();
    await axe.check(page, 'destruction log (default)');
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as CSV' }).click();
    const csv = readFileSync(await (await csvDownload).path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'document_id,description,member_id,box,pages,sha256,decided_by,decided_by_name,decided_at,reason',
    );
    expect(csv).toContain('Duplicate of council records');
    await shot(page, '5-destruction-log');

    // The member finds her paper by a word that is only in the scanned letter's pages.
    const member = await signIn(COUNCILLOR, '/tab/papers');
    await member.getByRole('searchbox').fill('mattresses');
    await member.getByRole('button', { name: 'Search' }).click();
    const found = member.getByRole('table', { name: 'Papers matching mattresses' });
    await found
      .getByText(/mattresses/)
      .first()
      .waitFor();
    await axe.check(member, 'legacy papers search (default)');
    await shot(member, '6-search');
    const pdfDownload = member.waitForEvent('download');
    await found
      .getByRole('button', { name: /^Download / })
      .first()
      .click();
    const text = await pdfText(readFileSync(await (await pdfDownload).path()));
    // The filed PDF's invisible text layer is selectable text: the extractor reads the letter's words.
    expect(text).toMatch(/two mattresses, a fridge/);
  });

  it('fits the scan-ingest pages into 390 px (Teams on a phone)', async () => {
    const page = await signIn(SUPPORT, batchUrl, 390);
    for (const path of [batchUrl, '/tab/ingest', '/tab/papers']) {
      await page.goto(`${app.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await settled(page);
      await shot(
        page,
        `7-narrow-${path.split('/')[2] === 'ingest' && path.includes('batches') ? 'batch' : path.split('/').pop()}`,
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect([path, overflow]).toEqual([path, 0]);
    }
    expect(axe.failures).toEqual([]);
  });

  it('fetched nothing beyond this machine', () => {
    expect(refused).toEqual([]);
  });
});
