/**
 * Retry timing shared by the workers that post into Teams (notifications, briefings): both back off the same
 * way after a failed send, and both record a send's outcome at once, trying again briefly if the database
 * hiccups, because the shorter the gap after a send, the fewer duplicates.
 */

/** Exponential backoff with "equal jitter": at least half the step, so retries never bunch at zero. */
export const equalJitterBackoff =
  (options: { backoffBaseMs: number; backoffMaxMs: number }, random: () => number) =>
  (attempt: number): number => {
    const step = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(step / 2 + (random() * step) / 2);
  };

const SETTLE_TRIES = 3;

/**
 * Writes an outcome, trying again after 100 ms and 200 ms. After the last failure `giveUp` is told the error
 * and the answer is false: the row stays claimed until its lease runs out.
 */
export const settleWithRetries = async (
  write: () => Promise<boolean>,
  giveUp: (error: unknown) => void,
): Promise<boolean> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= SETTLE_TRIES) {
        giveUp(error);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
};
