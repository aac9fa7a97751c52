/**
 * What a file handed to scan-ingest is, judged by its content (magic bytes), never by its name, and the limits
 * every file and page is held to. Pure: the adapters that read the formats apply these limits as they go.
 */

export type ScanKind = 'pdf' | 'tiff' | 'jpeg' | 'png' | 'zip';
export const SCAN_KINDS = ['pdf', 'tiff', 'jpeg', 'png', 'zip'] as const satisfies readonly ScanKind[];

export interface ScanLimits {
  /** Largest file accepted, in bytes (a ZIP's entries count each on their own as well). */
  maxFileBytes: number;
  /** Most pages in one file. */
  maxPages: number;
  /** Most pixels in one page image (width × height). */
  maxPixels: number;
  /** Longest side of a page image, in pixels. */
  maxSide: number;
  /** Most entries in a ZIP, and most bytes they may inflate to in all. */
  maxZipEntries: number;
  maxZipInflatedBytes: number;
  /** Most inflated bytes for one compressed image stream inside a PDF or TIFF. */
  maxStreamBytes: number;
}

/** 600 dpi A3 is about 7,000 × 9,900: the limits leave room for that and refuse anything far beyond. */
export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxPages: 500,
  maxPixels: 80_000_000,
  maxSide: 12_000,
  maxZipEntries: 1_000,
  maxZipInflatedBytes: 1024 * 1024 * 1024,
  maxStreamBytes: 256 * 1024 * 1024,
};

/** Why a file was refused: a code for programs and a sentence for people. */
export interface Refusal {
  code:
    | 'unsupported-type'
    | 'too-large'
    | 'empty'
    | 'too-many-pages'
    | 'too-many-pixels'
    | 'encrypted'
    | 'corrupt'
    | 'zip-bomb'
    | 'unsafe-path'
    | 'no-page-image';
  reason: string;
}

/** A refusal the readers throw; the pipeline records it against the file and carries on with the rest. */
export class ScanRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
    this.name = 'ScanRefusedError';
  }
}

export const refuse = (code: Refusal['code'], reason: string): never => {
  throw new ScanRefusedError({ code, reason });
};

/** The kind of scan the bytes are, or null. Only the formats print services produce are accepted. */
export const sniffScanKind = (head: Uint8Array): ScanKind | null => {
  const at = (bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);
  // A PDF's header may follow up to 1 KB of junk (ISO 32000-1 §7.5.2 allows readers to find it there); scans
  // from real scanners start with it, so only the start is accepted.
  if (at([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (at([0x49, 0x49, 0x2a, 0x00]) || at([0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (at([0xff, 0xd8, 0xff])) return 'jpeg';
  if (at([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at([0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return null;
};

export const unsupported = (head: Uint8Array): Refusal => {
  const ascii = Buffer.from(head.subarray(0, 4)).toString('latin1');
  const what =
    ascii.startsWith('MZ') || ascii === '\x7fELF'
      ? 'a program'
      : ascii.startsWith('PK')
        ? 'a ZIP this service cannot read'
        : 'not a scan';
  return {
    code: 'unsupported-type',
    reason: `This file is ${what}: send PDF, TIFF, JPEG or PNG scans, or a ZIP of them.`,
  };
};

/** Checks a page's size before its pixels are decoded: a decompression bomb is refused from its header. */
export const checkPageSize = (width: number, height: number, limits: ScanLimits): void => {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1)
    refuse('corrupt', 'A page has no size: the file is damaged.');
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels)
    refuse(
      'too-many-pixels',
      `A page is ${width} × ${height} pixels; at most ${limits.maxPixels.toLocaleString('en-GB')} pixels ` +
        `and ${limits.maxSide.toLocaleString('en-GB')} on a side are accepted.`,
    );
};

/**
 * A ZIP entry's name, made safe: refuses absolute paths and `..` (path traversal), and keeps only the last
 * segment for filing. Folders and the metadata macOS adds are skipped (null).
 */
export const zipEntryName = (raw: string): string | null => {
  const name = raw.replace(/\\/g, '/');
  if (name.endsWith('/')) return null;
  const segments = name.split('/');
  if (name.startsWith('/') || /^[a-z]:/i.test(name) || segments.some((s) => s === '..'))
    refuse('unsafe-path', `The ZIP holds an entry outside its own folder (${raw.slice(0, 80)}).`);
  if (segments[0] === '__MACOSX' || (segments.at(-1) ?? '').startsWith('._')) return null;
  return segments.at(-1) ?? null;
};
