import type { IngestStore } from '../app/ingest-store';
import type { IngestPipeline } from '../app/ingest-pipeline';
import type { Logger } from '../logger';

/**
 * The background worker for scan-ingest: claims pages (as many at once as the OCR engine reads in parallel)
 * and reviewed documents from the database, and runs them through the pipeline. Several instances share the
 * work: a claim is a lease on the row (`FOR UPDATE SKIP LOCKED`), so each page and document is held by one
 * worker at a time, and a crashed instance's claims return to the queue when their lease runs out.
 */

export interface IngestWorkerOptions {
  /** Pages read at once (default: the OCR engine's parallelism). */
  concurrency: number;
  /** How long a claim is held (default 5 min): longer than any page's OCR time limit. */
  leaseMs: number;
  /** Pause between polls when there was nothing to do (default 1 s). */
  pollIntervalMs: number;
}

export interface IngestWorker {
  /** Claims and runs what is due now, until nothing is (tests call this). Never rejects. */
  drain(): Promise<{ pages: number; documents: number }>;
  /** Stops polling and waits for work in progress to finish. */
  stop(): Promise<void>;
}

export const startIngestWorker = (deps: {
  ingest: Pick<IngestStore, 'claimPages' | 'claimDocuments'>;
  pipeline: Pick<IngestPipeline, 'processPage' | 'fileDocument'>;
  logger: Pick<Logger, 'error' | 'debug'>;
  options: IngestWorkerOptions;
  /** Start the polling loop (default true; tests drive `drain` themselves). */
  poll?: boolean;
}): IngestWorker => {
  const { ingest, pipeline, logger, options } = deps;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<{ pages: number; documents: number }> | undefined;

  const round = async (): Promise<{ pages: number; documents: number }> => {
    let pages = 0;
    let documents = 0;
    for (;;) {
      if (stopped) break;
      const claimed = await ingest.claimPages(options.concurrency, options.leaseMs);
      if (claimed.length > 0) {
        pages += claimed.length;
        await Promise.all(claimed.map((c) => pipeline.processPage(c)));
        continue;
      }
      const docs = await ingest.claimDocuments(1, options.leaseMs);
      if (docs.length === 0) break;
      documents += docs.length;
      for (const d of docs) await pipeline.fileDocument(d);
    }
    return { pages, documents };
  };

  const drain = (): Promise<{ pages: number; documents: number }> => {
    inFlight ??= round()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'ingest worker round failed; the next poll tries again');
        return { pages: 0, documents: 0 };
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void drain().then(schedule);
    }, options.pollIntervalMs);
    timer.unref();
  };
  if (deps.poll ?? true) schedule();

  return {
    drain,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
};
