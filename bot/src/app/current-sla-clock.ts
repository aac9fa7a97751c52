import { createSlaClock, type SlaClock } from '../domain/sla-clock';
import type { SlaPolicy } from '../domain/sla-policy';

/** The SLA clock of the council's current policy, which an administrator may change while the service runs. */
export interface CurrentSlaClock extends SlaClock {
  /** Reads the policy again (the stored one, else the configured one) and uses it from then on. */
  reload(): Promise<void>;
  /** Uses `policy` from now on: for a policy this process has just stored. */
  use(policy: SlaPolicy): Promise<void>;
}

/**
 * An SlaClock that hands every calculation to the clock of the policy current at that moment.
 *
 * Why one delegating object rather than a new clock handed round: the casework and case-filing use cases,
 * the bot's cards, the seed and the SLA sweep are each built once in main.ts with the clock they keep. Giving
 * them this object means a change of policy reaches all of them at the next calculation, without rebuilding
 * them and without a module-level variable; the changeable state is this closure's alone, and it changes only
 * through `reload` and `use`. Each method call goes wholly to one policy's clock, so no single calculation
 * mixes two policies.
 *
 * Switches are applied one after another in the order asked: a reload that read the old policy just before
 * an administrator saved a new one cannot land after the new one and undo it.
 */
export const loadCurrentSlaClock = async (load: () => Promise<SlaPolicy>): Promise<CurrentSlaClock> => {
  let clock = createSlaClock(await load());
  let switches: Promise<void> = Promise.resolve();

  const switchTo = (policy: SlaPolicy): void => {
    // Policies are frozen values: an unchanged one keeps its clock (and nothing needs recomputing).
    if (JSON.stringify(policy) !== JSON.stringify(clock.policy)) clock = createSlaClock(policy);
  };
  const enqueue = (step: () => Promise<void>): Promise<void> => {
    const done = switches.then(step);
    // The queue goes on after a failed step; the failure still reaches whoever asked for that step.
    switches = done.catch(() => undefined);
    return done;
  };

  return {
    get policy() {
      return clock.policy;
    },
    reload: () => enqueue(async () => switchTo(await load())),
    use: (policy) => enqueue(() => Promise.resolve(switchTo(policy))),
    today: (now) => clock.today(now),
    acknowledgeBy: (createdAt) => clock.acknowledgeBy(createdAt),
    respondBy: (receivedAt) => clock.respondBy(receivedAt),
    extendedRespondBy: (currentRespondBy) => clock.extendedRespondBy(currentRespondBy),
    followUpUntil: (respondedAt) => clock.followUpUntil(respondedAt),
    workingDaysOnHold: (heldAt, resumedAt) => clock.workingDaysOnHold(heldAt, resumedAt),
    shiftForHold: (respondBy, heldAt, resumedAt) => clock.shiftForHold(respondBy, heldAt, resumedAt),
    assess: (c, now) => clock.assess(c, now),
    atRiskUntil: (now) => clock.atRiskUntil(now),
    workingDaysSince: (date, now) => clock.workingDaysSince(date, now),
    slaSweep: (c, now) => clock.slaSweep(c, now),
  };
};
