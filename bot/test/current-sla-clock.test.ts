import { loadCurrentSlaClock } from '../src/app/current-sla-clock';
import { reloadSettingsEvery } from '../src/jobs/settings-reload';
import { DEFAULT_SLA_POLICY, parseSlaPolicy, type SlaPolicy } from '../src/domain/sla-policy';
import { delay } from './fixtures/cases';

/** Friday 20 March 2026, noon: ten working days on is Tuesday 7 April in England, Monday 6 April in Scotland. */
const NOW = new Date('2026-03-20T12:00:00.000Z');
const scotland = parseSlaPolicy({ region: 'scotland' });
const longer = parseSlaPolicy({ responseWorkingDays: { 1: 20, 2: 10 } });

/** A stored policy the test changes, and a load whose answer the test may hold back. */
const storedPolicy = (initial: SlaPolicy) => {
  let stored = initial;
  let gate: Promise<void> | undefined;
  let loads = 0;
  return {
    set: (p: SlaPolicy) => {
      stored = p;
    },
    hold: () => {
      let release!: () => void;
      gate = new Promise((ok) => (release = ok));
      return release;
    },
    load: async (): Promise<SlaPolicy> => {
      loads += 1;
      const read = stored;
      await gate;
      return read;
    },
    loads: () => loads,
  };
};

describe('the current SLA clock', () => {
  it('calculates with the policy loaded at start', async () => {
    const sla = await loadCurrentSlaClock(() => Promise.resolve(scotland));
    expect(sla.policy).toBe(scotland);
    expect(sla.respondBy(NOW)).toBe('2026-04-06');
    expect(sla.atRiskUntil(NOW)).toBe('2026-03-24');
  });

  it('uses a policy saved in this process from the next calculation on', async () => {
    const sla = await loadCurrentSlaClock(() => Promise.resolve(DEFAULT_SLA_POLICY));
    expect(sla.respondBy(NOW)).toBe('2026-04-07');
    await sla.use(longer);
    expect(sla.respondBy(NOW)).toBe('2026-04-21');
    expect(sla.assess({ status: 'new', respondBy: '2026-04-07' }, NOW).workingDaysLeft).toBe(10);
  });

  it('picks up a policy another instance stored when it reloads', async () => {
    const store = storedPolicy(DEFAULT_SLA_POLICY);
    const sla = await loadCurrentSlaClock(store.load);
    store.set(scotland);
    expect(sla.policy.region).toBe('england-and-wales');
    await sla.reload();
    expect(sla.policy.region).toBe('scotland');
  });

  it('never lets a reload that read the old policy undo a policy saved meanwhile', async () => {
    const store = storedPolicy(DEFAULT_SLA_POLICY);
    const sla = await loadCurrentSlaClock(store.load);
    const release = store.hold();
    const staleReload = sla.reload();
    await delay(5);
    // An administrator saves while the reload is waiting with the old value.
    store.set(longer);
    const saved = sla.use(longer);
    release();
    await Promise.all([staleReload, saved]);
    expect(sla.policy).toBe(longer);
  });

  it('fails to start when the policy cannot be read, rather than run on a guess', async () => {
    await expect(
      loadCurrentSlaClock(() => Promise.reject(new Error('database unavailable'))),
    ).rejects.toThrow('database unavailable');
  });

  it('keeps the current policy when a reload fails, and reloads again afterwards', async () => {
    const store = storedPolicy(DEFAULT_SLA_POLICY);
    let broken = false;
    const sla = await loadCurrentSlaClock(() =>
      broken ? Promise.reject(new Error('database unavailable')) : store.load(),
    );
    broken = true;
    await expect(sla.reload()).rejects.toThrow('database unavailable');
    expect(sla.policy).toBe(DEFAULT_SLA_POLICY);
    broken = false;
    store.set(scotland);
    await sla.reload();
    expect(sla.policy).toBe(scotland);
  });
});

describe('reloading settings on every instance', () => {
  it('reloads every interval, logs a failure and goes on, and stops cleanly', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const reload = reloadSettingsEvery({
      intervalMs: 5,
      reload: () => {
        calls += 1;
        return calls === 2 ? Promise.reject(new Error('database unavailable')) : Promise.resolve();
      },
      logger: { error: (obj: unknown) => errors.push(obj) },
    });
    const until = Date.now() + 5_000;
    while (calls < 4 && Date.now() < until) await delay(5);
    await reload.stop();
    const stoppedAt = calls;
    expect(stoppedAt).toBeGreaterThanOrEqual(4);
    expect(errors).toHaveLength(1);
    await delay(30);
    expect(calls).toBe(stoppedAt);
  });
});
