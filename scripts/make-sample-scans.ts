/**
 * Makes `samples/scans/`: what a new user drops into a scan-ingest batch (README, docs/ingest.md). A box's
 * stack as one PDF (a cover sheet for Cllr Eleanor Marwick-Dane, box 1, two letters, a blank back), a crooked
 * letter as TIFF, and a worn letter scanned upside down as JPEG; from the corpus pages in
 * bot/test/fixtures/scans/.   npx tsx scripts/make-sample-scans.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  blankPage,
  coverPage,
  DEGRADED,
  degrade,
  jpegOf,
  letterPage,
  LETTERS,
  scannedPdf,
  tiffOf,
  turned,
} from '../bot/test/support/scan-corpus';

const main = async () => {
  const dir = join(__dirname, '..', 'samples', 'scans');
  await mkdir(dir, { recursive: true });
  const [l1, l2, l3, l4] = LETTERS.map((l) => letterPage(l));
  await writeFile(
    join(dir, 'box-1-stack.pdf'),
    await scannedPdf([coverPage({ memberId: 'p-cllr-01', box: 'BOX1' }, l1!), l1!, blankPage(l1!), l2!], {
      jpeg: true,
    }),
  );
  await writeFile(join(dir, 'worn-letter.tif'), tiffOf([degrade(l3!, { skew: 1.2, paper: 235 })], 150, true));
  await writeFile(join(dir, 'upside-down-letter.jpg'), jpegOf(turned(degrade(l4!, DEGRADED), 2), 70));
  process.stdout.write(`sample scans in ${dir}\n`);
};

void main();
