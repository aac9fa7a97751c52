import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { GreyImage } from '../../src/app/ocr-engine';
import { qrModules } from '../../src/adapters/scans/cover-sheets';
import { rotate, toGrey, toPng } from '../../src/adapters/scans/raster';
import { buildSearchablePdf } from '../../src/adapters/scans/searchable-pdf';
import { encodeCoverSheet, type CoverSheet } from '../../src/domain/ingest/cover-sheet';
import { mulberry32 } from '../../src/seed/demo-cases';
import { LETTERS, letterText, type Letter } from './scan-letters';

/**
 * The scan-ingest test corpus: the letters rendered once at 150 dpi (bot/test/fixtures/scans/, rendered by
 * scripts/render-scan-corpus.ts), made into what print services send at test time: degraded like real scans
 * (skew, noise, blur, grey paper), multi-page PDFs and TIFFs, and cover sheets. Ground truth in scan-letters.ts.
 */

export const FIXTURES = join(__dirname, '..', 'fixtures', 'scans');

export const readPng = (bytes: Buffer): GreyImage => {
  const png = PNG.sync.read(bytes);
  return toGrey(png.width, png.height, new Uint8Array(png.data), 4);
};

export const letterPage = (letter: Letter, dir = FIXTURES): GreyImage =>
  readPng(readFileSync(join(dir, `${letter.id}.png`)));

export const truth = (letter: Letter): string => letterText(letter);
export { LETTERS };

export interface Degradation {
  /** Degrees, clockwise. */
  skew?: number;
  /** Standard deviation of added noise, in grey levels. */
  noise?: number;
  /** Box blur radius, pixels. */
  blur?: number;
  /** The paper's grey (255 is white). */
  paper?: number;
  seed?: number;
}

/** A page as a worn, slightly crooked scan would show it. Deterministic for a seed. */
export const degrade = (image: GreyImage, d: Degradation): GreyImage => {
  const { width: w, height: h } = image;
  let data: Uint8Array = image.data;
  if (d.paper !== undefined) {
    const paper = d.paper;
    data = data.map((v) => Math.round((v / 255) * paper));
  }
  if (d.skew) {
    const out = new Uint8Array(w * h).fill(d.paper ?? 255);
    const a = (d.skew * Math.PI) / 180;
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    const cx = w / 2;
    const cy = h / 2;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const sx = cos * (x - cx) + sin * (y - cy) + cx;
        const sy = -sin * (x - cx) + cos * (y - cy) + cy;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
        const fx = sx - x0;
        const fy = sy - y0;
        const p = (xx: number, yy: number) => data[yy * w + xx] as number;
        out[y * w + x] =
          p(x0, y0) * (1 - fx) * (1 - fy) +
          p(x0 + 1, y0) * fx * (1 - fy) +
          p(x0, y0 + 1) * (1 - fx) * fy +
          p(x0 + 1, y0 + 1) * fx * fy;
      }
    data = out;
  }
  if (d.blur) {
    const r = d.blur;
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let sum = 0;
        let n = 0;
        for (let dy = -r; dy <= r; dy++)
          for (let dx = -r; dx <= r; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
              sum += data[yy * w + xx] as number;
              n += 1;
            }
          }
        out[y * w + x] = sum / n;
      }
    data = out;
  }
  if (d.noise) {
    const rng = mulberry32(d.seed ?? 7);
    const sigma = d.noise;
    data = data.map((v) => {
      const g = Math.sqrt(-2 * Math.log(rng() || 1e-9)) * Math.cos(2 * Math.PI * rng());
      return Math.max(0, Math.min(255, Math.round(v + g * sigma)));
    });
  }
  return { width: w, height: h, data };
};

export const DEGRADED: Degradation = { skew: 1.5, noise: 12, blur: 1, paper: 215, seed: 11 };

export const blankPage = (like: GreyImage, paper = 250): GreyImage => ({
  width: like.width,
  height: like.height,
  data: new Uint8Array(like.width * like.height).fill(paper),
});

/** A cover sheet as a scanner sees it: the QR code, printed about 5 cm wide near the top. */
export const coverPage = (sheet: CoverSheet, like: GreyImage): GreyImage => {
  const page = blankPage(like, 252);
  const { size, dark } = qrModules(encodeCoverSheet(sheet));
  const cell = Math.floor((like.width * 0.4) / size);
  const left = Math.floor((like.width - cell * size) / 2);
  const top = Math.floor(like.height * 0.08);
  for (let y = 0; y < size * cell; y++)
    for (let x = 0; x < size * cell; x++)
      if (dark(Math.floor(x / cell), Math.floor(y / cell))) page.data[(top + y) * like.width + left + x] = 20;
  return page;
};

/** Grey PNG, as the service writes it. */
export const pngOf = (image: GreyImage): Buffer => toPng(image);

export const jpegOf = (image: GreyImage, quality = 80): Buffer => {
  const rgba = Buffer.alloc(image.width * image.height * 4);
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i] as number;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return Buffer.from(jpeg.encode({ data: rgba, width: image.width, height: image.height }, quality).data);
};

/** A scanned PDF, one picture per page (JPEG where `jpeg`, lossless grey otherwise), no text. */
export const scannedPdf = async (
  pages: readonly GreyImage[],
  options: { jpeg?: boolean; dpi?: number; classicTrailer?: boolean } = {},
): Promise<Buffer> => {
  const dpi = options.dpi ?? 150;
  if (options.classicTrailer) {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(await scannedPdf(pages, { ...options, classicTrailer: false }));
    return Buffer.from(await doc.save({ useObjectStreams: false }));
  }
  return buildSearchablePdf(
    pages.map((image) => ({
      picture: options.jpeg ? { jpeg: jpegOf(image) } : { grey: image },
      width: image.width,
      height: image.height,
      quarterTurns: 0,
      widthPt: (image.width * 72) / dpi,
      heightPt: (image.height * 72) / dpi,
      words: [],
    })),
    { title: 'Scan', created: new Date(0) },
  );
};

/** A multi-page grey TIFF (uncompressed, little-endian). */
export const tiffOf = (pages: readonly GreyImage[], dpi = 150, deflate = false): Buffer => {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  parts.push(header);
  let offset = 8;
  for (const [i, page] of pages.entries()) {
    const tags = 11;
    const ifdSize = 2 + tags * 12 + 4;
    const resAt = offset + ifdSize;
    const dataAt = resAt + 16;
    const ifd = Buffer.alloc(ifdSize + 16);
    ifd.writeUInt16LE(tags, 0);
    const entry = (n: number, tag: number, type: number, value: number) => {
      const at = 2 + n * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    };
    entry(0, 256, 4, page.width);
    entry(1, 257, 4, page.height);
    entry(2, 258, 3, 8);
    entry(3, 259, 3, deflate ? 8 : 1);
    entry(4, 262, 3, 1);
    entry(5, 273, 4, dataAt);
    entry(6, 277, 3, 1);
    entry(7, 278, 4, page.height);
    entry(8, 279, 4, deflate ? deflateSync(page.data).length : page.data.length);
    entry(9, 282, 5, resAt);
    entry(10, 283, 5, resAt + 8);
    const pixels = deflate ? deflateSync(page.data) : Buffer.from(page.data);
    const next = i < pages.length - 1 ? dataAt + pixels.length : 0;
    ifd.writeUInt32LE(next, 2 + tags * 12);
    ifd.writeUInt32LE(dpi, ifdSize);
    ifd.writeUInt32LE(1, ifdSize + 4);
    ifd.writeUInt32LE(dpi, ifdSize + 8);
    ifd.writeUInt32LE(1, ifdSize + 12);
    parts.push(ifd, pixels);
    offset = dataAt + pixels.length;
  }
  return Buffer.concat(parts);
};

export const turned = (image: GreyImage, quarterTurns: number): GreyImage => rotate(image, quarterTurns);

const norm = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Character error rate: edits (Levenshtein) to turn what was read into the truth, per character of truth. */
export const characterErrorRate = (expected: string, actual: string): number => {
  const a = norm(expected);
  const b = norm(actual);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return a.length === 0 ? 0 : (prev[b.length] as number) / a.length;
};
