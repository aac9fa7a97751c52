import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import { PNG } from 'pngjs';
import * as UTIF from 'utif2';
import { checkPageSize, refuse, type ScanKind, type ScanLimits } from '../../domain/ingest/scan-files';
import type { ScanDocument, ScanPage } from '../../app/scan-tools';
import { decodeJpegGrey, JpegDecodeError } from './jpeg-decoder';
import { downscale, toGrey, type GreyImage } from './raster';

/**
 * Opens a scan (PDF, TIFF, JPEG or PNG) and gives its pages as grey images. Every page's size is checked from
 * its header before any pixels are decoded, and a PDF's page images are taken as they are embedded (a scanned
 * PDF is a picture per page) instead of rasterising the page: faster, lossless, and no renderer to install.
 * A JPEG page is kept as its bytes: the OCR engine and the searchable PDF take it as it is, and only the small
 * copies the checks need are decoded (scaled while decoding, see jpeg-decoder.ts).
 */

export type { ScanDocument, ScanPage };

const DEFAULT_DPI = 300;
const pt = (pixels: number, dpi: number) => (pixels * 72) / dpi;
const sensibleDpi = (dpi: number | undefined): number =>
  dpi !== undefined && Number.isFinite(dpi) && dpi >= 72 && dpi <= 1200 ? dpi : DEFAULT_DPI;

/** Width, height and density from a JPEG's markers, without decoding it. */
const jpegHeader = (bytes: Buffer): { width: number; height: number; dpi?: number } => {
  let at = 2;
  let dpi: number | undefined;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) {
      at += 1;
      continue;
    }
    const marker = bytes[at + 1] as number;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe0 && bytes.subarray(at + 4, at + 9).toString('latin1') === 'JFIF\0') {
      const units = bytes[at + 11];
      const x = bytes.readUInt16BE(at + 12);
      if (units === 1) dpi = x;
      else if (units === 2) dpi = x * 2.54;
    }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), dpi };
    at += 2 + length;
  }
  return refuse('corrupt', 'The JPEG is damaged: it has no image header.');
};

const decodeJpeg = (bytes: Uint8Array, maxSide?: number): GreyImage => {
  try {
    return decodeJpegGrey(bytes, maxSide);
  } catch (error) {
    if (!(error instanceof JpegDecodeError)) throw error;
    return refuse('corrupt', 'The JPEG is damaged and cannot be read.');
  }
};

/** A page kept as its JPEG: pixels only when asked for, and small ones scaled while decoding. */
const jpegPage = (
  bytes: Buffer,
  width: number,
  height: number,
  widthPt: number,
  heightPt: number,
): ScanPage => ({
  width,
  height,
  widthPt,
  heightPt,
  jpeg: bytes,
  grey: () => decodeJpeg(bytes),
  preview: (maxSide) => decodeJpeg(bytes, maxSide),
});

/** A page whose pixels are decoded once, when first asked for. */
const pixelPage = (
  width: number,
  height: number,
  widthPt: number,
  heightPt: number,
  decode: () => GreyImage,
): ScanPage => {
  let pixels: GreyImage | undefined;
  const grey = () => (pixels ??= decode());
  return {
    width,
    height,
    widthPt,
    heightPt,
    jpeg: null,
    grey,
    preview: (maxSide) => downscale(grey(), Math.max(maxSide, Math.ceil(Math.max(width, height) / 8))),
  };
};

const openJpeg = (bytes: Buffer, limits: ScanLimits): ScanDocument => {
  const { width, height, dpi } = jpegHeader(bytes);
  checkPageSize(width, height, limits);
  const d = sensibleDpi(dpi);
  return {
    kind: 'jpeg',
    pageCount: 1,
    page: () => Promise.resolve(jpegPage(bytes, width, height, pt(width, d), pt(height, d))),
  };
};

const openPng = (bytes: Buffer, limits: ScanLimits): ScanDocument => {
  if (bytes.length < 33 || bytes.subarray(12, 16).toString('latin1') !== 'IHDR')
    refuse('corrupt', 'The PNG is damaged: it has no image header.');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  checkPageSize(width, height, limits);
  const phys = bytes.indexOf('pHYs', 8, 'latin1');
  const dpi =
    phys > 0 && bytes[phys + 12] === 1 ? Math.round(bytes.readUInt32BE(phys + 4) * 0.0254) : undefined;
  const d = sensibleDpi(dpi);
  return {
    kind: 'png',
    pageCount: 1,
    page: () =>
      Promise.resolve(
        pixelPage(width, height, pt(width, d), pt(height, d), () => {
          let png: PNG;
          try {
            png = PNG.sync.read(bytes, { skipRescale: false });
          } catch {
            return refuse('corrupt', 'The PNG is damaged and cannot be read.');
          }
          return toGrey(
            png.width,
            png.height,
            new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
            4,
          );
        }),
      ),
  };
};

type Ifd = UTIF.IFD & Record<string, unknown>;
const tagNumber = (ifd: Ifd, tag: string): number | undefined => {
  const value = ifd[tag] as number[] | undefined;
  return Array.isArray(value) ? value[0] : undefined;
};

const openTiff = (bytes: Buffer, limits: ScanLimits): ScanDocument => {
  let ifds: Ifd[];
  try {
    ifds = (UTIF.decode(bytes) as Ifd[]).filter((ifd) => tagNumber(ifd, 't256') !== undefined);
  } catch {
    return refuse('corrupt', 'The TIFF is damaged and cannot be read.');
  }
  if (ifds.length === 0) refuse('corrupt', 'The TIFF has no pages.');
  if (ifds.length > limits.maxPages)
    refuse('too-many-pages', `The TIFF has ${ifds.length} pages; at most ${limits.maxPages} are accepted.`);
  for (const ifd of ifds) checkPageSize(tagNumber(ifd, 't256') ?? 0, tagNumber(ifd, 't257') ?? 0, limits);
  return {
    kind: 'tiff',
    pageCount: ifds.length,
    page: (index) => {
      const ifd = ifds[index] as Ifd;
      const width = tagNumber(ifd, 't256') ?? 0;
      const height = tagNumber(ifd, 't257') ?? 0;
      const dpi = sensibleDpi((ifd.t282 as number[] | undefined)?.[0]);
      return Promise.resolve(
        pixelPage(width, height, pt(width, dpi), pt(height, dpi), () => {
          try {
            UTIF.decodeImage(bytes, ifd);
            return toGrey(ifd.width, ifd.height, UTIF.toRGBA8(ifd), 4);
          } catch {
            return refuse('corrupt', `Page ${index + 1} of the TIFF is damaged.`);
          }
        }),
      );
    },
  };
};

// ---- PDF ----

interface PdfImage {
  stream: PDFRawStream;
  width: number;
  height: number;
  bits: number;
  filter: string;
  colorSpace: string;
  channels: number;
  predictor: number;
}

const nameOf = (value: unknown): string => (value instanceof PDFName ? value.decodeText() : '');

/** The largest picture drawn on a page (directly, not inside forms): on a scanned page, the scan. */
const pageImage = (doc: PDFDocument, pageIndex: number): PdfImage | null => {
  const page = doc.getPage(pageIndex);
  const resources = page.node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  let best: PdfImage | null = null;
  for (const [, ref] of xobjects?.entries() ?? []) {
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
    if (!(stream instanceof PDFRawStream)) continue;
    const dict = stream.dict;
    if (nameOf(dict.get(PDFName.of('Subtype'))) !== 'Image') continue;
    const num = (key: string) => {
      const v = dict.lookup(PDFName.of(key));
      return v instanceof PDFNumber ? v.asNumber() : 0;
    };
    let filterValue = dict.lookup(PDFName.of('Filter'));
    if (filterValue instanceof PDFArray)
      filterValue = filterValue.size() === 1 ? filterValue.lookup(0) : undefined;
    let cs = dict.lookup(PDFName.of('ColorSpace'));
    if (cs instanceof PDFArray && nameOf(cs.lookup(0)) === 'ICCBased') {
      const icc = cs.lookup(1);
      const n = icc instanceof PDFRawStream ? icc.dict.lookup(PDFName.of('N')) : undefined;
      cs = PDFName.of(n instanceof PDFNumber && n.asNumber() === 1 ? 'DeviceGray' : 'DeviceRGB');
    }
    const colorSpace = nameOf(cs);
    const parms = dict.lookup(PDFName.of('DecodeParms'));
    const predictor =
      parms instanceof PDFDict
        ? ((parms.lookup(PDFName.of('Predictor')) as PDFNumber | undefined)?.asNumber() ?? 1)
        : 1;
    const image: PdfImage = {
      stream,
      width: num('Width'),
      height: num('Height'),
      bits: num('BitsPerComponent') || 8,
      filter:
        filterValue === undefined ? (dict.has(PDFName.of('Filter')) ? 'chain' : 'none') : nameOf(filterValue),
      colorSpace,
      channels:
        colorSpace === 'DeviceRGB'
          ? 3
          : colorSpace === 'DeviceGray'
            ? 1
            : colorSpace === 'DeviceCMYK'
              ? 4
              : 0,
      predictor,
    };
    if (!best || image.width * image.height > best.width * best.height) best = image;
  }
  return best;
};

/** Undoes PNG row predictors (PDF Predictor 10-15) in place of a copy. */
const unpredict = (data: Buffer, width: number, channels: number, bits: number): Uint8Array => {
  const bpp = Math.max(1, (channels * bits) / 8);
  const rowBytes = Math.ceil((width * channels * bits) / 8);
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)] as number;
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const raw = data[src + i] as number;
      const left = i >= bpp ? (out[dst + i - bpp] as number) : 0;
      const up = r > 0 ? (out[dst - rowBytes + i] as number) : 0;
      const upLeft = r > 0 && i >= bpp ? (out[dst - rowBytes + i - bpp] as number) : 0;
      let v = raw;
      if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
};

const unsupportedImage = (pageNo: number): never =>
  refuse(
    'no-page-image',
    `Page ${pageNo} has no scanned picture this service can read (JPEG or Flate, grey or colour): ` +
      'scan it again as JPEG, TIFF or PNG.',
  );

/** Whether this service reads the picture: JPEG, or Flate (or unfiltered) 8-bit grey or RGB, or 1-bit. */
const readable = (image: PdfImage): boolean =>
  image.filter === 'DCTDecode' ||
  ((image.filter === 'FlateDecode' || image.filter === 'none') &&
    (image.channels === 1 || image.channels === 3) &&
    (image.bits === 8 || (image.bits === 1 && image.channels === 1)));

/** A PDF page's Flate (or unfiltered) picture as grey pixels. */
const decodePdfImage = (image: PdfImage, pageNo: number, limits: ScanLimits): GreyImage => {
  const contents = Buffer.from(image.stream.contents);
  const rowBytes = Math.ceil((image.width * image.channels * image.bits) / 8);
  const expected = rowBytes * image.height + (image.predictor >= 10 ? image.height : 0);
  let raw: Buffer;
  try {
    raw =
      image.filter === 'none'
        ? contents
        : inflateSync(contents, { maxOutputLength: Math.min(limits.maxStreamBytes, expected + 1024) });
  } catch {
    return refuse('corrupt', `Page ${pageNo}'s picture is damaged or larger than it says.`);
  }
  const pixels: Uint8Array =
    image.predictor >= 10 ? unpredict(raw, image.width, image.channels, image.bits) : raw;
  if (pixels.length < rowBytes * image.height) refuse('corrupt', `Page ${pageNo}'s picture is cut short.`);
  if (image.bits === 1) {
    const grey = new Uint8Array(image.width * image.height);
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++)
        grey[y * image.width + x] =
          ((pixels[y * rowBytes + (x >> 3)] as number) >> (7 - (x & 7))) & 1 ? 255 : 0;
    return { width: image.width, height: image.height, data: grey };
  }
  return toGrey(image.width, image.height, pixels, image.channels);
};

const openPdf = async (bytes: Buffer, limits: ScanLimits): Promise<ScanDocument> => {
  let doc: PDFDocument;
  try {
    // Loaded with encryption ignored, then refused if encrypted: pdf-lib's own EncryptedPDFError cannot be
    // told apart with instanceof (its ES5 build loses the subclass).
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
  } catch {
    return refuse('corrupt', 'The PDF is damaged (cut short or malformed) and cannot be read.');
  }
  if (doc.isEncrypted)
    refuse('encrypted', 'The PDF is encrypted (password-protected): send it without a password.');
  let pageCount: number;
  try {
    pageCount = doc.getPageCount();
  } catch {
    return refuse('corrupt', 'The PDF is damaged: its pages cannot be found.');
  }
  if (pageCount === 0) refuse('corrupt', 'The PDF has no pages.');
  if (pageCount > limits.maxPages)
    refuse('too-many-pages', `The PDF has ${pageCount} pages; at most ${limits.maxPages} are accepted.`);
  const images: PdfImage[] = [];
  for (let i = 0; i < pageCount; i++) {
    let image: PdfImage | null;
    try {
      image = pageImage(doc, i);
    } catch {
      return refuse('corrupt', `The PDF is damaged: page ${i + 1} cannot be read.`);
    }
    if (!image || !readable(image)) return unsupportedImage(i + 1);
    checkPageSize(image.width, image.height, limits);
    images.push(image);
  }
  return {
    kind: 'pdf',
    pageCount,
    page: (index) => {
      try {
        const image = images[index] as PdfImage;
        const { width: widthPt, height: heightPt } = doc.getPage(index).getSize();
        if (image.filter === 'DCTDecode') {
          const bytes = Buffer.from(image.stream.contents);
          const { width, height } = jpegHeader(bytes);
          checkPageSize(width, height, limits);
          return Promise.resolve(jpegPage(bytes, width, height, widthPt, heightPt));
        }
        return Promise.resolve(
          pixelPage(image.width, image.height, widthPt, heightPt, () =>
            decodePdfImage(image, index + 1, limits),
          ),
        );
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
};

/** Opens a scan of a known kind (see `sniffScanKind`). Refuses (ScanRefusedError) what it cannot read. */
export const openScan = async (
  kind: Exclude<ScanKind, 'zip'>,
  bytes: Buffer,
  limits: ScanLimits,
): Promise<ScanDocument> => {
  if (bytes.length > limits.maxFileBytes)
    refuse('too-large', `The file is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB.`);
  switch (kind) {
    case 'pdf':
      return openPdf(bytes, limits);
    case 'tiff':
      return openTiff(bytes, limits);
    case 'jpeg':
      return openJpeg(bytes, limits);
    case 'png':
      return openPng(bytes, limits);
  }
};
