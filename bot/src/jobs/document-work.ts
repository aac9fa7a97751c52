import type { ClaimedFiling, FilingJournal } from '../app/filing-journal';
import type { ClaimedShare, FolderShares } from '../app/folder-shares';
import type { Logger } from '../logger';

/**
 * Durable background work for documents, claimed through the database so that several instances share it and
 * none is done twice (`FOR UPDATE SKIP LOCKED` with leases, as the notification outbox):
 *
 * - filings left pending: interrupted by a crash or a restart, handed back after a failed request, or a
 *   Teams message's record and attachments still being stored when the bot answered (`documents.ts`);
 * - member folder shares to make or retry (`folder-sharing.ts`);
 * - upkeep: finished filings older than 30 days are deleted, and spool files no pending filing needs are
 *   removed.
 *
 * On the embedded database (PGlite, one process per data directory) a lease still held at start-up belongs to
 * a process that has stopped: all are released at once, so whatever it left is completed straight away, and
 * every spool file no pending filing needs is removed. On PostgreSQL another instance may be alive, so leases
 * run out by themselves and only spool files over an hour old are removed.
 */

export interface DocumentWorkOptions {
  /** How often this instance looks for work when it was not woken (default 5 s). */
  pollIntervalMs: number;
  /** How long a claim is held (default 2 minutes; renewed while a filing is worked on). */
  leaseMs: number;
  /** Filings and shares claimed per look (default 4 and 10). */
  filingBatch: number;
  shareBatch: number;
  /** How often upkeep runs (default 10 minutes). */
  maintenanceIntervalMs: number;
  /** Finished filings are kept this long (default 30 days). */
  keepFinishedForMs: number;
  /** On PostgreSQL, spool files older than this that no pending filing needs are removed (default 1 hour). */
  staleSpoolMs: number;
}

export const DEFAULT_DOCUMENT_WORK_OPTIONS: DocumentWorkOptions = {
  pollIntervalMs: 5_000,
  leaseMs: 2 * 60_000,
  filingBatch: 4,
  shareBatch: 10,
  maintenanceIntervalMs: 10 * 60_000,
  keepFinishedForMs: 30 * 86_400_000,
  staleSpoolMs: 60 * 60_000,
};

export interface DocumentWorkDeps {
  journal: Pick<FilingJournal, 'claim' | 'prune' | 'pendingSpoolPaths' | 'releaseAll'>;
  /** Completes one claimed filing; never rejects (documents.completeClaimed). */
  completeFiling: (claimed: ClaimedFiling) => Promise<void>;
  /** Member folder sharing, when sharing is on. */
  shares?: {
    store: Pick<FolderShares, 'claim' | 'releaseAll'>;
    run: (claimed: ClaimedShare) => Promise<void>;
  };
  /** Removes spool files older than `olderThanMs` that are not in `keep` (document-routes.ts). */
  cleanSpool: (options: { olderThanMs: number; keep: ReadonlySet<string> }) => Promise<number>;
  /** True on the embedded database: no other process can hold a lease (see above). */
  exclusive: boolean;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  options?: Partial<DocumentWorkOptions> | undefined;
}

export interface DocumentWork {
  /** Looks for work now rather than at the next poll (new shares wanted, a share retried). */
  wake(): void;
  /** Claims and does one round of work now (the loop does this; tests may too). Never rejects. */
  runOnce(): Promise<{ filings: number; shares: number }>;
  /** Stops looking for work and waits for the round in progress. Safe to call more than once. */
  stop(): Promise<void>;
}

export const startDocumentWork = async (deps: DocumentWorkDeps): Promise<DocumentWork> => {
  const options = { ...DEFAULT_DOCUMENT_WORK_OPTIONS, ...deps.options };
  const { journal, logger } = deps;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<{ filings: number; shares: number }> | undefined;
  let again = false;
  let lastMaintenance = 0;

  const maintain = async (olderThanMs: number): Promise<void> => {
    lastMaintenance = Date.now();
    const pruned = await journal.prune(options.keepFinishedForMs);
    const removed = await deps.cleanSpool({ olderThanMs, keep: await journal.pendingSpoolPaths() });
    if (pruned + removed > 0) logger.info({ pruned, removedSpoolFiles: removed }, 'document upkeep');
  };

  if (deps.exclusive) {
    const filings = await journal.releaseAll();
    const shares = (await deps.shares?.store.releaseAll()) ?? 0;
    if (filings + shares > 0)
      logger.warn({ filings, shares }, 'resuming document work left unfinished by a stopped process');
    await maintain(0);
  }

  const doRound = async (): Promise<{ filings: number; shares: number }> => {
    let filings = 0;
    let shares = 0;
    try {
      const claimed = await journal.claim({ limit: options.filingBatch, leaseMs: options.leaseMs });
      for (const filing of claimed) await deps.completeFiling(filing);
      filings = claimed.length;
      if (deps.shares) {
        const wanted = await deps.shares.store.claim({ limit: options.shareBatch, leaseMs: options.leaseMs });
        for (const share of wanted) await deps.shares.run(share);
        shares = wanted.length;
      }
      if (Date.now() - lastMaintenance >= options.maintenanceIntervalMs) await maintain(options.staleSpoolMs);
    } catch (error) {
      logger.error({ err: error }, 'document work failed; the next round tries again');
    }
    if (filings + shares > 0) logger.debug({ filings, shares }, 'document work done');
    return { filings, shares };
  };

  const runOnce = (): Promise<{ filings: number; shares: number }> => {
    if (round) {
      // Asked again while a round runs: one more round follows it, so nothing woken for is missed.
      again = true;
      return round;
    }
    round = doRound().finally(() => {
      round = undefined;
      if (again && !stopped) {
        again = false;
        void runOnce();
      }
    });
    return round;
  };

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void runOnce().then((done) =>
        // Work found: look again at once, there may be more; otherwise wait for the next poll.
        schedule(done.filings + done.shares > 0 ? 0 : options.pollIntervalMs),
      );
    }, delayMs);
    // Background work never keeps the process alive on its own.
    timer.unref();
  };
  schedule(0);

  return {
    wake: () => schedule(0),
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await round;
    },
  };
};
