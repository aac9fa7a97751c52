import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import {
  meanConfidence,
  OcrError,
  type OcrImage,
  type OcrEngine,
  type OcrPage,
  type OcrWord,
} from '../../app/ocr-engine';
import type { Logger } from '../../logger';
import { ocrBytes } from '../scans/raster';

/**
 * Tesseract in WebAssembly (tesseract.js), one worker thread per core. Nothing is fetched at run time: the
 * English model comes from the `@tesseract.js-data/eng` npm package (a local `langPath`; without it
 * tesseract.js downloads from a CDN), and the WASM core from `tesseract.js-core` in node_modules.
 *
 * Guarded against its known traps: every worker has an `errorHandler` (without one, a failed job throws from
 * a message handler and takes the process down) and an `error` listener on its thread; a page that runs past
 * `pageTimeoutMs` has its worker terminated and replaced, so a stuck page never holds a core for ever.
 */

export interface TesseractJsOptions {
  /** Worker threads (default: the machine's cores, at most 4). */
  workers?: number | undefined;
  /** Longest one page may take before its worker is replaced (default 60 s). */
  pageTimeoutMs?: number | undefined;
  /** `best_int` (default, the package's LSTM model) or `legacy` (the larger 4.0.0 model). */
  model?: 'best_int' | 'legacy' | undefined;
  logger?: Pick<Logger, 'warn' | 'error'> | undefined;
}

/** The folder holding eng.traineddata.gz inside the npm package. */
export const tesseractLangPath = (model: 'best_int' | 'legacy' = 'best_int'): string =>
  join(
    dirname(require.resolve('@tesseract.js-data/eng/package.json')),
    model === 'best_int' ? '4.0.0_best_int' : '4.0.0',
  );

interface Slot {
  worker: Promise<Worker>;
  busy: boolean;
}

interface TessWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export const createTesseractJsEngine = (options: TesseractJsOptions = {}): OcrEngine => {
  const count = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
  const pageTimeoutMs = options.pageTimeoutMs ?? 60_000;
  const model = options.model ?? 'best_int';
  const log = options.logger;
  let closed = false;

  const spawn = async (): Promise<Worker> => {
    const worker = await createWorker('eng', model === 'best_int' ? OEM.LSTM_ONLY : OEM.DEFAULT, {
      langPath: tesseractLangPath(model),
      cacheMethod: 'none',
      gzip: true,
      errorHandler: (error: unknown) =>
        log?.warn({ err: String(error) }, 'tesseract.js worker reported an error'),
    });
    // The thread itself (a WASM abort, out of memory): without a listener its 'error' event would be thrown.
    const thread = (worker as unknown as { worker?: NodeJS.EventEmitter }).worker;
    thread?.on('error', (error: unknown) => log?.error({ err: error }, 'tesseract.js worker thread failed'));
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, user_defined_dpi: '300' });
    return worker;
  };

  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const slotFor = (): Slot => {
    const free = slots.find((s) => !s.busy);
    if (free) return free;
    const slot: Slot = { worker: spawn(), busy: false };
    slots.push(slot);
    return slot;
  };
  const acquire = (): Promise<Slot> => {
    if (slots.some((s) => !s.busy) || slots.length < count) {
      const slot = slotFor();
      slot.busy = true;
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  };

  const replace = (slot: Slot) => {
    const old = slot.worker;
    slot.worker = spawn();
    void old.then(
      (w) => w.terminate(),
      () => undefined,
    );
  };

  const recognize = async (image: OcrImage): Promise<OcrPage> => {
    if (closed) throw new OcrError('unavailable', 'The OCR engine has stopped.', true);
    const slot = await acquire();
    let timer: NodeJS.Timeout | undefined;
    try {
      const worker = await slot.worker;
      const job = worker.recognize(ocrBytes(image).bytes, {}, { text: true, blocks: true });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          replace(slot);
          reject(new OcrError('timeout', `A page took longer than ${pageTimeoutMs / 1000} s to read.`, true));
        }, pageTimeoutMs);
      });
      const { data } = await Promise.race([job, timeout]);
      const words: OcrWord[] = [];
      for (const block of data.blocks ?? [])
        for (const paragraph of block.paragraphs)
          for (const line of paragraph.lines)
            for (const w of line.words as TessWord[])
              if (w.text.trim() !== '')
                words.push({
                  text: w.text,
                  confidence: w.confidence,
                  bbox: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1],
                });
      return { text: data.text.replace(/\n{2,}/g, '\n').trim(), confidence: meanConfidence(words), words };
    } catch (error) {
      if (error instanceof OcrError) throw error;
      // A failed job may leave the worker in a bad state: start a fresh one for the next page.
      replace(slot);
      throw new OcrError('failed', 'Tesseract could not read the page.', true, { cause: error });
    } finally {
      clearTimeout(timer);
      release(slot);
    }
  };

  return {
    name: 'tesseract.js',
    parallelism: count,
    recognize,
    close: async () => {
      closed = true;
      await Promise.all(
        slots.map((s) =>
          s.worker.then(
            (w) => w.terminate(),
            () => undefined,
          ),
        ),
      );
    },
  };
};
