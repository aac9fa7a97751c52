import type { Logger } from '../logger';

/** How often each instance re-reads administrators' settings: a change reaches every instance within this. */
export const SETTINGS_RELOAD_INTERVAL_MS = 30_000;

export interface SettingsReload {
  /** Stops the timer and waits for a reload in progress. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Re-reads settings on every instance, every `intervalMs` (not once per period across instances, as the
 * scheduler's jobs run: each instance holds its own copy). A failed reload is logged and the instance keeps
 * what it had; the next one tries again.
 */
export const reloadSettingsEvery = (options: {
  intervalMs: number;
  reload: () => Promise<void>;
  logger: Pick<Logger, 'error'>;
}): SettingsReload => {
  const { intervalMs, reload, logger } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = reload()
        .catch((error: unknown) => {
          logger.error({ err: error }, 'could not reload the settings; keeping the current ones');
        })
        .finally(() => {
          inFlight = undefined;
          schedule();
        });
    }, intervalMs);
    // Background work never keeps the process alive on its own.
    timer.unref();
  };
  schedule();

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
};
