/**
 * Small-count suppression for anything shown outside casework (channel briefings): a count of 1 or 2 in a
 * ward and month can point to a person ("the one complaint about the care home on Mill Lane"), so it is
 * shown as "fewer than 3", never as the number. Zero identifies nobody and is shown. Percentages and ages are
 * shown only when the count they are computed over is itself shown (3 or more).
 */
export const SMALL_COUNT_THRESHOLD = 3;

export type ShownCount = { kind: 'count'; value: number } | { kind: 'suppressed' };

export const showCount = (n: number): ShownCount => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a count: ${n}`);
  return n > 0 && n < SMALL_COUNT_THRESHOLD ? { kind: 'suppressed' } : { kind: 'count', value: n };
};

/** Whether a count is large enough to be shown, and to base a percentage or an age on. */
export const isShowable = (n: number): boolean => n === 0 || n >= SMALL_COUNT_THRESHOLD;

export const countText = (c: ShownCount): string =>
  c.kind === 'suppressed' ? `fewer than ${SMALL_COUNT_THRESHOLD}` : String(c.value);
