import type { IngestStore } from '../app/ingest-store';
import type { IngestPipeline } from '../app/ingest-pipeline';
import type { Logger } from '../logger';

/**
 * The background worker for scan-ingest: claims pages (one more at a time than the OCR engine reads in
 * parallel) and reviewed documents from the database, and runs them through the pipeline. Several instances share the
 * work: a claim is a lease on the row (`FOR UPDATE SKIP LOCKED`), so each page and document is held by one
 * worker at a time, and a crashed instance's claims return to the queue when their lease runs out.
 */

export interface IngestWorkerOptions {
  /** Pages (or documents) worked on at once: the OCR engine's parallelism and one more, being prepared. */
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

  /**
   * One lane: claims a page at a time (then, when no page is due, a document to file) until nothing is due.
   * Lanes run side by side, so a lane that finishes a page takes the next at once instead of waiting for the
   * slowest page of a group, and one lane's page is being opened and checked while the others' are read.
   */
  const lane = async (): Promise<{ pages: number; documents: number }> => {
    let pages = 0;
    let documents = 0;
    while (!stopped) {
      const [page] = await ingest.claimPages(1, options.leaseMs);
      if (page) {
        pages += 1;
        await pipeline.processPage(page);
        continue;
      }
      const [document] = await ingest.claimDocuments(1, options.leaseMs);
      if (!document) break;
      documents += 1;
      await pipeline.fileDocument(document);
    }
    return { pages, documents };
  };

  const round = async (): Promise<{ pages: number; documents: number }> => {
    const lanes = await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
    return lanes.reduce((a, b) => ({ pages: a.pages + b.pages, documents: a.documents + b.documents }));
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
