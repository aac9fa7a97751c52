import type { CoverSheet } from '../domain/ingest/cover-sheet';
import type { ScanKind, ScanLimits } from '../domain/ingest/scan-files';
import type { GreyImage, OcrWord } from './ocr-engine';

/**
 * What scan-ingest needs done to files and pictures, behind one port so the use case stays free of format
 * libraries. The adapter is `bot/src/adapters/scans/` (pdf-lib, libjpeg-turbo in WebAssembly, pngjs, utif2,
 * jsQR, qrcode).
 * Readers refuse what they cannot read with `ScanRefusedError` (domain/ingest/scan-files.ts).
 */

export interface ScanPage {
  /** Pixels across and down, as scanned. */
  width: number;
  height: number;
  widthPt: number;
  heightPt: number;
  /**
   * The page's JPEG as it came, when it is one: the OCR engine reads it and the searchable PDF embeds it
   * unchanged, so its pixels are never decoded here at full size.
   */
  jpeg: Buffer | null;
  /** Every pixel, grey (decoded on each call: keep the result while it is needed). */
  grey(): GreyImage;
  /**
   * A smaller grey copy whose longer side is at most about `maxSide` (at most 1/8 of the page): cheap for a
   * JPEG, which is scaled while it is decoded.
   */
  preview(maxSide: number): GreyImage;
}

export interface ScanDocument {
  kind: Exclude<ScanKind, 'zip'>;
  pageCount: number;
  page(index: number): Promise<ScanPage>;
}

/** A page of a searchable PDF: the picture as scanned, the turns that make it upright, and its words. */
export interface SearchablePage {
  /** The scan's JPEG (embedded as it is) or its grey pixels (embedded losslessly). */
  picture: { jpeg: Buffer } | { grey: GreyImage };
  /** Pixels across and down, as scanned. */
  width: number;
  height: number;
  /** Size as scanned, in points. */
  widthPt: number;
  heightPt: number;
  /** Clockwise quarter turns that make the scan upright; the PDF page shows it upright. */
  quarterTurns: number;
  /** The words, in pixels of the upright picture. */
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
