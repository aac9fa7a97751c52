/**
 * Draws the app's two Teams icons into appPackage/ (both are committed; run again after changing the design):
 *
 *   npx tsx scripts/generate-icons.ts
 *
 * - color.png, 192×192: a white "MH" ligature (the M's right stem is the H's left stem) on a deep green
 *   rounded square, with a gold rule beneath, the symbol inside the central 120×120 area Teams asks for.
 * - outline.png, 32×32: the same ligature in pure white on a fully transparent background, as Teams requires.
 *
 * Shapes are described in design units and rasterised with 8×8 supersampling, so edges are anti-aliased and
 * the output is byte-for-byte the same on every run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
/** Whether a point (in design units) is inside a shape. */
type Shape = (x: number, y: number) => boolean;

const GREEN: Rgb = [0x1f, 0x5c, 0x4a];
const GOLD: Rgb = [0xe8, 0xb8, 0x4a];
const WHITE: Rgb = [0xff, 0xff, 0xff];
/** Keep in step with `accentColor` in appPackage/manifest.json. */
export const ACCENT_COLOR = '#1F5C4A';

const rect =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x < x1 && y >= y0 && y < y1;

/** A stroke of width `w` from (ax, ay) to (bx, by), with round ends. */
const stroke =
  (ax: number, ay: number, bx: number, by: number, w: number): Shape =>
  (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2;
  };

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return Math.hypot(x - cx, y - cy) <= r;
  };

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

/**
 * The ligature in a 30 × 20 design box: three stems 4 wide; a V between the first two makes the M, a
 * crossbar between the last two makes the H. The V is clipped to the box so its round ends never poke out.
 */
const GLYPH_WIDTH = 30;
const GLYPH_HEIGHT = 20;
const ligature: Shape = (x, y) =>
  y >= 0 &&
  y < GLYPH_HEIGHT &&
  union(
    rect(0, 0, 4, 20),
    rect(13, 0, 17, 20),
    rect(26, 0, 30, 20),
    stroke(2.2, 1.5, 8.5, 13, 3.6),
    stroke(8.5, 13, 14.8, 1.5, 3.6),
    rect(17, 8, 26, 12),
  )(x, y);

/** Places the glyph so that it is `width` pixels wide with its top-left corner at (left, top). */
const placed =
  (glyph: Shape, left: number, top: number, width: number): Shape =>
  (x, y) =>
    glyph(((x - left) / width) * GLYPH_WIDTH, ((y - top) / width) * GLYPH_WIDTH);

interface Layer {
  shape: Shape;
  color: Rgb;
}

const SAMPLES = 8;

/** Paints layers in order (later on top); where no layer covers a pixel fully, its alpha is the coverage. */
const render = (size: number, layers: Layer[]): PNG => {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          let top: Layer | undefined;
          for (let l = layers.length - 1; l >= 0 && !top; l -= 1) if (layers[l]?.shape(x, y)) top = layers[l];
          if (top) {
            r += top.color[0];
            g += top.color[1];
            b += top.color[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      // Colour is averaged over covered samples only, so a white glyph on transparency stays pure white.
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return png;
};

export const drawColorIcon = (): PNG => {
  const glyphWidth = 108;
  const glyphHeight = (glyphWidth * GLYPH_HEIGHT) / GLYPH_WIDTH;
  const left = (192 - glyphWidth) / 2;
  const top = 96 - glyphHeight / 2 - 8;
  return render(192, [
    { shape: roundedRect(0, 0, 192, 192, 40), color: GREEN },
    { shape: placed(ligature, left, top, glyphWidth), color: WHITE },
    { shape: rect(left, top + glyphHeight + 12, left + glyphWidth, top + glyphHeight + 20), color: GOLD },
  ]);
};

export const drawOutlineIcon = (): PNG => {
  const glyphWidth = 28;
  const glyphHeight = (glyphWidth * GLYPH_HEIGHT) / GLYPH_WIDTH;
  return render(32, [
    { shape: placed(ligature, (32 - glyphWidth) / 2, (32 - glyphHeight) / 2, glyphWidth), color: WHITE },
  ]);
};

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  writeFileSync(join(dir, 'color.png'), PNG.sync.write(drawColorIcon()));
  writeFileSync(join(dir, 'outline.png'), PNG.sync.write(drawOutlineIcon()));
  process.stdout.write(`Wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}\n`);
}
