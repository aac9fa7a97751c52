import type { CoverSheet } from '../domain/ingest/cover-sheet';
import type { ScanKind, ScanLimits } from '../domain/ingest/scan-files';
import type { GreyImage, OcrWord } from './ocr-engine';

/**
 * What scan-ingest needs done to files and pictures, behind one port so the use case stays free of format
 * libraries. The adapter is `bot/src/adapters/scans/` (pdf-lib, pngjs, jpeg-js, utif2, jsQR, qrcode).
 * Readers refuse what they cannot read with `ScanRefusedError` (domain/ingest/scan-files.ts).
 */

export interface ScanPage {
  image: GreyImage;
  /** The page's JPEG as it came, when it can go into the searchable PDF unchanged. */
  jpeg: Buffer | null;
  widthPt: number;
  heightPt: number;
}

export interface ScanDocument {
  kind: Exclude<ScanKind, 'zip'>;
  pageCount: number;
  page(index: number): Promise<ScanPage>;
}

export interface SearchablePage extends ScanPage {
  words: readonly OcrWord[];
}

export interface ScanTools {
  open(kind: Exclude<ScanKind, 'zip'>, bytes: Buffer, limits: ScanLimits): Promise<ScanDocument>;
  unzip(bytes: Buffer, limits: ScanLimits): { name: string; bytes: Buffer }[];
  findCoverSheet(image: GreyImage): CoverSheet | null;
  /** Share of the page covered in ink, 0 to 1. */
  inkRatio(image: GreyImage): number;
  rotate(image: GreyImage, quarterTurns: number): GreyImage;
  downscale(image: GreyImage, maxSide: number): GreyImage;
  /** PNG of the picture, for showing a page in the tab. */
  png(image: GreyImage): Buffer;
  searchablePdf(
    pages: readonly SearchablePage[],
    meta: { title: string; subject?: string; keywords?: readonly string[]; created: Date },
  ): Promise<Buffer>;
  coverSheetPdf(sheet: CoverSheet, labels: { memberName: string; caseTitle?: string }): Promise<Buffer>;
}
