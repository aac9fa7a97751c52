/** The longest wait taken from a Retry-After header; anything longer is treated as this (one hour). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

const SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * Milliseconds to wait according to a Retry-After header (RFC 9110 §10.2.3): either a number of seconds or an
 * HTTP date. Null when there is no usable value, so the caller backs off exponentially instead. A date in
 * the past means "now" (0). Capped at MAX_RETRY_AFTER_MS so a garbled header cannot park work for days.
 */
export const parseRetryAfter = (value: string | null | undefined, nowMs: number): number | null => {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = SECONDS.exec(value);
  if (seconds) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(seconds[1]) * 1000));
  // Only the HTTP-date form: a plain number was handled above, and Date.parse would read "2026" as a year.
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - nowMs));
};
