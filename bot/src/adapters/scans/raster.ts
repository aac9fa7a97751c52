/**
 * Page images as 8-bit grey pixels, and the few operations the pipeline needs on them: rotation by quarter
 * turns, downscaling, how much ink a page carries (blank pages), and PGM encoding (the cheapest format
 * Tesseract's Leptonica reads). Pure JavaScript: no native image library to install.
 */
import { PNG } from 'pngjs';
import type { GreyImage, OcrImage } from '../../app/ocr-engine';
export type { GreyImage };

/** From interleaved channels (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA); transparent pixels are white paper. */
export const toGrey = (width: number, height: number, data: Uint8Array, channels: number): GreyImage => {
  const n = width * height;
  if (channels === 1) return { width, height, data: data.subarray(0, n) };
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    let v: number;
    if (channels === 2) v = data[j] as number;
    else
      v = ((data[j] as number) * 299 + (data[j + 1] as number) * 587 + (data[j + 2] as number) * 114) / 1000;
    if (channels === 2 || channels === 4) {
      const a = (data[j + channels - 1] as number) / 255;
      v = v * a + 255 * (1 - a);
    }
    out[i] = v;
  }
  return { width, height, data: out };
};

/** Rotates clockwise by `quarterTurns` × 90°. */
export const rotate = (image: GreyImage, quarterTurns: number): GreyImage => {
  const turns = ((quarterTurns % 4) + 4) % 4;
  if (turns === 0) return image;
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  if (turns === 2) {
    for (let i = 0, n = w * h; i < n; i++) out[n - 1 - i] = data[i] as number;
    return { width: w, height: h, data: out };
  }
  // 90° clockwise: (x, y) → (h - 1 - y, x); 270°: (x, y) → (y, w - 1 - x). The new width is the old height.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const v = data[row + x] as number;
      if (turns === 1) out[x * h + (h - 1 - y)] = v;
      else out[(w - 1 - x) * h + y] = v;
    }
  }
  return { width: h, height: w, data: out };
};

/** Averages blocks of pixels so the longer side is at most `maxSide`. */
export const downscale = (image: GreyImage, maxSide: number): GreyImage => {
  const factor = Math.ceil(Math.max(image.width, image.height) / maxSide);
  if (factor <= 1) return image;
  const w = Math.floor(image.width / factor);
  const h = Math.floor(image.height / factor);
  const out = new Uint8Array(w * h);
  const area = factor * factor;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx] as number;
      }
      out[y * w + x] = sum / area;
    }
  return { width: w, height: h, data: out };
};

/**
 * The share of pixels clearly darker than the page's paper (its 90th-percentile brightness), ignoring a margin
 * where scanner edges and punched holes show. A blank back of a letter scores well under 0.3%; a page with a
 * few lines of writing well over.
 */
export const inkRatio = (image: GreyImage): number => {
  const small = downscale(image, 1000);
  const { width: w, height: h, data } = small;
  const mx = Math.floor(w * 0.06);
  const my = Math.floor(h * 0.06);
  const histogram = new Uint32Array(256);
  let total = 0;
  for (let y = my; y < h - my; y++)
    for (let x = mx; x < w - mx; x++) {
      const v = data[y * w + x] as number;
      histogram[v] = (histogram[v] as number) + 1;
      total += 1;
    }
  if (total === 0) return 0;
  let seen = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v] as number;
    if (seen >= total * 0.9) {
      paper = v;
      break;
    }
  }
  const threshold = paper - 80;
  let ink = 0;
  for (let v = 0; v < Math.max(0, threshold); v++) ink += histogram[v] as number;
  return ink / total;
};

/** Binary PGM (P5): a few bytes of header in front of the pixels. */
export const toPgm = (image: GreyImage): Buffer =>
  Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), image.data]);

/** What an OCR engine is sent for a page: its JPEG as it came, or its pixels as PGM. */
export const ocrBytes = (
  image: OcrImage,
): { bytes: Buffer; type: 'image/jpeg' | 'image/x-portable-graymap' } =>
  'jpeg' in image
    ? { bytes: image.jpeg, type: 'image/jpeg' }
    : { bytes: toPgm(image), type: 'image/x-portable-graymap' };

/** RGBA, as jsQR and canvases want it. */
export const toRgba = (image: GreyImage): Uint8ClampedArray => {
  const out = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
    const v = image.data[i] as number;
    out[j] = v;
    out[j + 1] = v;
    out[j + 2] = v;
    out[j + 3] = 255;
  }
  return out;
};

/** Grey PNG: for showing a page in the tab, and for engines that take no PGM. */
export const toPng = (image: GreyImage): Buffer => {
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
};
