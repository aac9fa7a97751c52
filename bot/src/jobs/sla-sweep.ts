import type { AuditEntryDraft, CaseChange, CaseStore, Clock } from '../app/ports';
import { OPEN_STATUSES, type Case } from '../domain/case';
import { NotFoundError } from '../domain/errors';
import type { CaseRef } from '../domain/ids';
import type { SlaClock } from '../domain/sla-clock';

/** Cases read per page while collecting the open ones (stores serve pages of up to 500). */
const PAGE_SIZE = 100;

export interface SlaSweepDeps {
  cases: Pick<CaseStore, 'list' | 'change'>;
  sla: Pick<SlaClock, 'slaSweep'>;
  clock: Clock;
}

/** Counts only: logged and recorded in `job_runs`. (A type, not an interface, so it is a JobSummary.) */
export type SlaSweepSummary = {
  /** Open cases looked at. */
  examined: number;
  /** Cases given SLA events (a warning, a breach or an automatic escalation). */
  changed: number;
};

/** Thrown when some cases could not be swept; the others were. The run is recorded as failed and retried. */
export class SlaSweepIncompleteError extends Error {
  readonly code = 'sla_sweep_incomplete';
  constructor(
    readonly summary: SlaSweepSummary & { failed: number },
    options: { cause: unknown },
  ) {
    super(`The SLA sweep could not update ${summary.failed} of ${summary.examined} open cases.`, options);
    this.name = 'SlaSweepIncompleteError';
  }
}

/**
 * The SLA sweep: records due-soon warnings, breaches and automatic escalations on open cases, as the SLA
 * clock decides. Safe to run at any time and as often as wanted: a case already noticed is left alone.
 *
 * The open cases are collected before anything changes: a change moves its case in the list's order, and
 * offset paging over a list that moves can skip cases, so the sweep's own writes must not shift the pages,
 * whatever order the store lists in. Each case is then judged again on its current, locked row by
 * `CaseStore.change`, so one changed by someone else in the meantime is judged as it now is, and one with
 * nothing to do is not written at all. A case that someone else's change shifts while the pages are being
 * read (a few milliseconds) may be missed; the next run picks it up.
 */
export const makeSlaSweep = ({ cases, sla, clock }: SlaSweepDeps) => {
  const openCases = async (): Promise<Case[]> => {
    const found = new Map<CaseRef, Case>();
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await cases.list(
        { kind: 'all' },
        { statuses: OPEN_STATUSES },
        { limit: PAGE_SIZE, offset },
      );
      // A case moved by someone else's change while paging can appear twice; it is swept once.
      for (const c of page.items) found.set(c.ref, c);
      if (page.items.length < PAGE_SIZE) return [...found.values()];
    }
  };

  const run = async (): Promise<SlaSweepSummary> => {
    // One instant for the whole run, so every case is judged against the same "today".
    const now = clock.now();
    const at = now.toISOString();
    const open = await openCases();
    let changed = 0;
    let failed = 0;
    let firstError: unknown;

    for (const listed of open) {
      // Most open cases are on track: skip them without locking. A case that has become due since it was
      // listed is caught by the next run.
      if (sla.slaSweep(listed, now) === null) continue;
      let wrote = false as boolean;
      try {
        await cases.change(listed.ref, (current): CaseChange | null => {
          const swept = sla.slaSweep(current, now);
          if (swept === null) return null;
          wrote = true;
          const audit: AuditEntryDraft = {
            at,
            actorId: null,
            action: 'case.sla-sweep',
            outcome: 'allowed',
            detail: { events: swept.events.map((e) => e.type) },
          };
          return { next: swept.next, events: swept.events, audit: [audit] };
        });
        if (wrote) changed += 1;
      } catch (error) {
        // Deleted under the retention policy since it was listed: nothing left to sweep.
        if (error instanceof NotFoundError) continue;
        // One bad case must not hold up the others' warnings; the run still fails so it is retried.
        failed += 1;
        firstError ??= error;
      }
    }

    const summary = { examined: open.length, changed };
    if (failed > 0) throw new SlaSweepIncompleteError({ ...summary, failed }, { cause: firstError });
    return summary;
  };

  return { run };
};

export type SlaSweep = ReturnType<typeof makeSlaSweep>;
