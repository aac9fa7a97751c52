/**
 * Renders the scan-ingest corpus (bot/test/support/scan-letters.ts) to page images with headless Chromium, as
 * a flatbed scanner would see printed letters: grey PNGs at the given resolution. Used by `npm run bench`
 * (300 dpi, at run time) and, once, to make the small pages kept in the repository:
 *
 *   npx tsx scripts/render-scan-corpus.ts bot/test/fixtures/scans 150
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../bot/test/e2e/support/browser';
import { LETTERS, type Letter } from '../bot/test/support/scan-letters';

const A4_CSS = { width: 794, height: 1123 };

const html = (letter: Letter): string => `<!doctype html><html><head><style>
  body { margin: 0; background: #fff; }
  .page { width: ${A4_CSS.width}px; height: ${A4_CSS.height}px; box-sizing: border-box; padding: 96px 90px;
          font: 16px/1.55 'DejaVu Serif', 'Liberation Serif', serif; color: #111; }
  p { margin: 0 0 2px; }
  .gap { height: 18px; }
</style></head><body><div class="page">${letter.lines
  .map(
    (line, i) => `${i === 3 || i === letter.lines.length - 2 ? '<div class="gap"></div>' : ''}<p>${line}</p>`,
  )
  .join('')}</div></body></html>`;

/** Renders each letter to a grey PNG at `dpi`. */
export const renderLetters = async (dpi: number, letters: readonly Letter[] = LETTERS): Promise<Buffer[]> => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: A4_CSS, deviceScaleFactor: dpi / 96 });
    const out: Buffer[] = [];
    for (const letter of letters) {
      await page.setContent(html(letter));
      const shot = PNG.sync.read(await page.screenshot({ type: 'png' }));
      const grey = new PNG({ width: shot.width, height: shot.height, colorType: 0, inputColorType: 6 });
      shot.data.copy(grey.data);
      out.push(PNG.sync.write(grey, { colorType: 0, inputColorType: 6 }));
    }
    return out;
  } finally {
    await browser.close();
  }
};

const main = async () => {
  const [dir = 'bot/test/fixtures/scans', dpiArg = '150'] = process.argv.slice(2);
  await mkdir(dir, { recursive: true });
  const pages = await renderLetters(Number(dpiArg));
  for (const [i, png] of pages.entries()) await writeFile(join(dir, `${LETTERS[i]!.id}.png`), png);
  process.stdout.write(`${pages.length} pages at ${dpiArg} dpi in ${dir}\n`);
};

if (require.main === module) void main();
