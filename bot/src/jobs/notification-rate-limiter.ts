/** At most `limit` requests in any `perMs` milliseconds. */
export interface RateWindow {
  limit: number;
  perMs: number;
}

/**
 * Teams' limits per bot per conversation thread for sending (platform-facts §5): 7 per second, 8 per 2
 * seconds, 60 per 30 seconds, 1800 per hour.
 */
export const TEAMS_PER_CONVERSATION: readonly RateWindow[] = [
  { limit: 7, perMs: 1_000 },
  { limit: 8, perMs: 2_000 },
  { limit: 60, perMs: 30_000 },
  { limit: 1_800, perMs: 3_600_000 },
];

/** Teams' global limit per app per tenant: 50 requests per second. */
export const TEAMS_PER_APP: readonly RateWindow[] = [{ limit: 50, perMs: 1_000 }];

/** How long to look again when every slot is held by a request still in flight (its end time is unknown). */
const IN_FLIGHT_RECHECK_MS = 25;

/**
 * A sliding-window log per key: each request is remembered until it falls out of the longest window. A
 * request is remembered by the time its response arrived (and counts as "now" while it is in flight), not the
 * time it started: the service sees it somewhere between the two, so spacing the next start from the last end
 * keeps the service's own count within the limit however long each request took on the wire.
 *
 * `marginMs` widens every window a little, for clock granularity. One instance only: several instances
 * sending to one conversation could together exceed the limit; the outbox gives each person's notifications
 * to one instance at a time, and a 429 from the service is honoured in any case.
 */
export class SlidingWindowLimiter {
  /** Per key, ascending end times; `Infinity` while a request is in flight. */
  private readonly log = new Map<string, number[]>();
  private readonly longestMs: number;

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly now: () => number,
    private readonly marginMs = 0,
  ) {
    for (const w of windows) {
      if (!Number.isInteger(w.limit) || w.limit < 1 || !(w.perMs > 0))
        throw new RangeError(`Not a rate window: ${w.limit} per ${w.perMs} ms`);
    }
    this.longestMs = Math.max(0, ...windows.map((w) => w.perMs)) + marginMs;
  }

  /** Milliseconds to wait before a request for `key` may start; 0 when it may start now. */
  delayFor(key: string): number {
    const now = this.now();
    const times = this.prune(key, now);
    let wait = 0;
    for (const { limit, perMs } of this.windows) {
      const span = perMs + this.marginMs;
      const recent = times.filter((t) => t > now - span);
      if (recent.length < limit) continue;
      // The next request may start once enough of the oldest requests have left the window.
      const blocking = recent[recent.length - limit] ?? Infinity;
      wait = Math.max(wait, blocking === Infinity ? IN_FLIGHT_RECHECK_MS : blocking + span - now);
    }
    return wait;
  }

  /** Records a request for `key` starting now; call the returned function when its response has arrived. */
  begin(key: string): () => void {
    const times = this.prune(key, this.now());
    times.push(Infinity);
    this.log.set(key, times);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const list = this.log.get(key) ?? [];
      const i = list.indexOf(Infinity);
      if (i >= 0) list.splice(i, 1);
      list.push(this.now());
      list.sort((a, b) => a - b);
      this.log.set(key, list);
    };
  }

  /** Keys with requests still remembered (for tests and metrics). */
  get size(): number {
    return this.log.size;
  }

  private prune(key: string, now: number): number[] {
    const times = (this.log.get(key) ?? []).filter((t) => t > now - this.longestMs);
    if (times.length === 0) this.log.delete(key);
    else this.log.set(key, times);
    return times;
  }
}
