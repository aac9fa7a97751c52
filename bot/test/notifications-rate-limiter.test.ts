import {
  SlidingWindowLimiter,
  TEAMS_PER_APP,
  TEAMS_PER_CONVERSATION,
  type RateWindow,
} from '../src/jobs/notification-rate-limiter';

/** A fake clock in milliseconds. */
const fakeClock = (start = 0) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

/** Sends `n` instant requests as a well-behaved caller does: wait as told, then send. Returns start times. */
const sendAll = (
  limiter: SlidingWindowLimiter,
  clock: ReturnType<typeof fakeClock>,
  key: string,
  n: number,
  tookMs = 0,
) => {
  const starts: number[] = [];
  for (let i = 0; i < n; i += 1) {
    for (let wait = limiter.delayFor(key); wait > 0; wait = limiter.delayFor(key)) clock.advance(wait);
    starts.push(clock.now());
    const end = limiter.begin(key);
    clock.advance(tookMs);
    end();
  }
  return starts;
};

/** The largest number of requests in any half-open window [t, t + perMs) starting at a request. */
const busiest = (times: readonly number[], perMs: number): number =>
  Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + perMs).length));

describe('SlidingWindowLimiter', () => {
  it('lets 7 requests go at once, then holds the 8th until the first is a second old', () => {
    const clock = fakeClock(10_000);
    const limiter = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION, clock.now);
    const starts = sendAll(limiter, clock, 'conv', 8);
    expect(starts.slice(0, 7)).toEqual(Array(7).fill(10_000));
    expect(starts[7]).toBe(11_000);
  });

  it('spaces 20 sends to one conversation within 7 per second and 8 per 2 seconds', () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION, clock.now);
    const starts = sendAll(limiter, clock, 'conv', 20, 30);
    expect(busiest(starts, 1_000)).toBeLessThanOrEqual(7);
    expect(busiest(starts, 2_000)).toBeLessThanOrEqual(8);
    // And no slower than it must be: 8 in the first 2 s window, 8 more from 2 s, then 4 from 4 s.
    expect(starts[19]! - starts[0]!).toBeLessThan(4_200);
  });

  it('keeps to 60 per 30 seconds and 1800 per hour over a long run', () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION, clock.now);
    const starts = sendAll(limiter, clock, 'conv', 1_900);
    expect(busiest(starts.slice(0, 200), 30_000)).toBe(60);
    expect(busiest(starts, 3_600_000)).toBe(1_800);
    expect(starts[1_800]! - starts[0]!).toBeGreaterThanOrEqual(3_600_000);
  });

  it('counts from when the response arrived, so a slow request delays the next window', () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter([{ limit: 1, perMs: 1_000 }], clock.now);
    const end = limiter.begin('conv');
    clock.advance(400);
    end();
    // Started at 0 but answered at 400: the service may have counted it as late as 400.
    expect(limiter.delayFor('conv')).toBe(1_000);
    clock.advance(1_000);
    expect(limiter.delayFor('conv')).toBe(0);
  });

  it('counts a request still in flight against every window', () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter([{ limit: 1, perMs: 1_000 }], clock.now);
    const end = limiter.begin('conv');
    clock.advance(5_000);
    expect(limiter.delayFor('conv')).toBeGreaterThan(0);
    end();
    expect(limiter.delayFor('conv')).toBe(1_000);
  });

  it('keeps conversations apart, and an app-wide limiter caps them together at 50 per second', () => {
    const clock = fakeClock();
    const perConversation = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION, clock.now);
    const perApp = new SlidingWindowLimiter(TEAMS_PER_APP, clock.now);
    const starts: number[] = [];
    // 10 conversations × 7 requests, all wanting to go at once.
    for (let round = 0; round < 7; round += 1) {
      for (let c = 0; c < 10; c += 1) {
        const key = `conv-${c}`;
        for (;;) {
          const wait = Math.max(perConversation.delayFor(key), perApp.delayFor('app'));
          if (wait === 0) break;
          clock.advance(wait);
        }
        starts.push(clock.now());
        perConversation.begin(key)();
        perApp.begin('app')();
      }
    }
    expect(starts.filter((t) => t === 0)).toHaveLength(50);
    expect(busiest(starts, 1_000)).toBe(50);
  });

  it('widens each window by the margin', () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter([{ limit: 1, perMs: 1_000 }], clock.now, 20);
    limiter.begin('conv')();
    expect(limiter.delayFor('conv')).toBe(1_020);
  });

  it('forgets a conversation once its requests are older than the longest window', () => {
    const clock = fakeClock();
    const windows: RateWindow[] = [{ limit: 2, perMs: 1_000 }];
    const limiter = new SlidingWindowLimiter(windows, clock.now);
    limiter.begin('a')();
    limiter.begin('b')();
    expect(limiter.size).toBe(2);
    clock.advance(1_001);
    expect(limiter.delayFor('a')).toBe(0);
    expect(limiter.delayFor('b')).toBe(0);
    expect(limiter.size).toBe(0);
  });

  it('refuses a window that cannot be kept', () => {
    expect(() => new SlidingWindowLimiter([{ limit: 0, perMs: 1_000 }], Date.now)).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter([{ limit: 1, perMs: 0 }], Date.now)).toThrow(RangeError);
  });
});
