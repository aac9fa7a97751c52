import { statsScope } from '../domain/access-policy';
import type { CaseOrigin } from '../domain/case';
import { ForbiddenError } from '../domain/errors';
import type { DepartmentId, WardId } from '../domain/ids';
import { monthOf, monthsOf, reportingPeriod, type IsoMonth } from '../domain/reporting-period';
import type { SlaClock } from '../domain/sla-clock';
import type { Actor } from './actor';
import type { AuditEntryDraft, AuditLog, CaseStatistics, Clock } from './ports';

/** Open cases' ages in working days since they were raised (day 0), as the statistics page groups them. */
export const AGE_BUCKETS = [
  { bucket: '0-5', upTo: 5 },
  { bucket: '6-10', upTo: 10 },
  { bucket: '11-20', upTo: 20 },
  { bucket: '21+', upTo: Number.POSITIVE_INFINITY },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['bucket'];

/** The statistics page's figures: counts only, never a case or a person. */
export interface StatisticsReport {
  /** `member`: only the caller's own cases; `all`: the whole council's. */
  scope: 'member' | 'all';
  from: IsoMonth;
  to: IsoMonth;
  generatedAt: string;
  /** The council's goal for the share of responses sent within target, in percent (the SLA policy's). */
  goalPercentWithinTarget: number;
  /** Responses sent per department and month (Europe/London), and how many of them met their due date. */
  answeredWithinTarget: {
    departmentId: DepartmentId;
    month: IsoMonth;
    answered: number;
    withinTarget: number;
  }[];
  /** Cases raised in the period, per ward, most first. */
  volumesByWard: { wardId: WardId; count: number }[];
  /** Cases raised in the period, per category, most first. */
  volumesByCategory: { category: string; count: number }[];
  /** Cases raised per month of the period by origin; every month present, oldest first. */
  byOrigin: ({ month: IsoMonth } & Record<CaseOrigin, number>)[];
  /** Cases awaiting a response now (not responded, not closed), by working days since raised; all buckets. */
  openByAge: { bucket: AgeBucket; count: number }[];
}

export interface StatisticsDeps {
  statistics: CaseStatistics;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  sla: Pick<SlaClock, 'today' | 'workingDaysSince' | 'policy'>;
}

/** The statistics use case: who may see which figures is the access policy's `statsScope`; every read is audited. */
export const makeStatistics = ({ statistics, audit, clock, sla }: StatisticsDeps) => {
  const read = async (
    actor: Actor,
    asked: { from?: string | undefined; to?: string | undefined },
  ): Promise<StatisticsReport> => {
    const now = clock.now();
    const base: Omit<AuditEntryDraft, 'outcome'> = {
      at: now.toISOString(),
      actorId: actor.person.id,
      action: 'stats.read',
      requestId: actor.requestId,
    };
    const scope = statsScope(actor.person);
    if (scope.kind === 'none') {
      await audit.record({ ...base, outcome: 'denied', detail: { reason: 'forbidden' } });
      throw new ForbiddenError('Statistics are for councillors, officers and administrators.');
    }
    const period = reportingPeriod(asked, monthOf(sla.today(now)));
    const counts = await statistics.counts({ scope, ...period });

    const byOrigin = new Map(monthsOf(period).map((month) => [month, { month, councillor: 0, mp: 0 }]));
    for (const { month, origin, count } of counts.raisedByOrigin) {
      const row = byOrigin.get(month);
      if (row) row[origin] += count;
    }
    const openByAge = AGE_BUCKETS.map(({ bucket }) => ({ bucket, count: 0 }));
    for (const { raisedOn, count } of counts.openByRaisedDate) {
      const age = sla.workingDaysSince(raisedOn, now);
      const index = AGE_BUCKETS.findIndex(({ upTo }) => age <= upTo);
      const row = openByAge[index];
      if (row) row.count += count;
    }

    await audit.record({ ...base, outcome: 'allowed', detail: { scope: scope.kind, ...period } });
    return {
      scope: scope.kind,
      ...period,
      generatedAt: now.toISOString(),
      goalPercentWithinTarget: sla.policy.goalPercentWithinTarget,
      answeredWithinTarget: counts.answered,
      volumesByWard: counts.raisedByWard,
      volumesByCategory: counts.raisedByCategory,
      byOrigin: [...byOrigin.values()],
      openByAge,
    };
  };

  return { read };
};

export type Statistics = ReturnType<typeof makeStatistics>;
