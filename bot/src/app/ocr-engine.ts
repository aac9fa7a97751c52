/**
 * The OCR port: reads the words on one page image. Two adapters (bot/src/adapters/ocr/):
 * - local Tesseract (the default in both modes): tesseract.js in worker threads with English data from an npm
 *   package, or the native `tesseract` command when it is installed and chosen;
 * - Azure AI Document Intelligence's Read model (Microsoft 365 mode, optional): handwriting too.
 *
 * A page is the unit of work: the ingest pipeline hands one page at a time, as many at once as
 * `parallelism` says, and stores what comes back before the next step.
 */

/** A page image: 8-bit grey pixels, rows top to bottom. */
export interface GreyImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black to 255 white. */
  data: Uint8Array;
}

/**
 * A page as the engine is given it: grey pixels, or a scan's JPEG as it came (the engine decodes it itself, so
 * the service never holds its full-size pixels). `width` and `height` are its pixels either way; word boxes
 * are in them.
 */
export type OcrImage = GreyImage | { jpeg: Buffer; width: number; height: number };

export interface OcrWord {
  text: string;
  /** 0 to 100. */
  confidence: number;
  /** Pixels on the image given: left, top, right, bottom. */
  bbox: [number, number, number, number];
}

export interface OcrPage {
  /** The page's text, lines separated by newlines. */
  text: string;
  /** Mean word confidence, 0 to 100 (0 for a page with no words). */
  confidence: number;
  words: OcrWord[];
}

export interface OcrEngine {
  /** For logs, the health page and the benchmark: `tesseract.js`, `tesseract`, `document-intelligence`. */
  readonly name: string;
  /** How many pages it usefully reads at once (Tesseract: one per core). */
  readonly parallelism: number;
  /** Reads one page. @throws OcrError when it cannot (after its own retries); the page is then failed or retried. */
  recognize(image: OcrImage, options?: { signal?: AbortSignal | undefined }): Promise<OcrPage>;
  /** Stops its workers or processes. */
  close(): Promise<void>;
}

export type OcrErrorCode = 'timeout' | 'failed' | 'throttled' | 'unavailable' | 'refused';

/** A page the engine could not read. `retryable` pages go back to the queue; others are failed with the reason. */
export class OcrError extends Error {
  constructor(
    readonly code: OcrErrorCode,
    message: string,
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OcrError';
  }
}

/** Mean of the words' confidences, 0 when there are none. */
export const meanConfidence = (words: readonly OcrWord[]): number =>
  words.length === 0 ? 0 : words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
