import type { Case, Constituent } from '../domain/case';
import {
  decide,
  permittedOperations,
  visibleConstituent,
  type CaseOperation,
  type CaseRecordOperation,
} from '../domain/access-policy';
import type { SlaAssessment, SlaClock } from '../domain/sla-clock';
import type { Person } from '../domain/person';
import { isActionPossible } from '../domain/case-lifecycle';
import { isWithinFollowUpWindow } from '../domain/case-news';

/** A case as one person may see it: constituent redacted where the policy says, SLA state, permitted actions. */
export interface CaseView extends Omit<Case, 'constituent'> {
  constituent: Constituent;
  sla: SlaAssessment;
  /**
   * What this person may do next: allowed by the access policy and possible in the case's current state (a
   * follow-up only while the window is open, say). The tab and the bot show only these.
   */
  permittedActions: CaseOperation[];
  /**
   * Whether the follow-up window is open today (`isWithinFollowUpWindow`): the same rule that accepts a
   * follow-up, so nothing offers a window that has closed.
   */
  followUpOpen: boolean;
  /** In lists: whether the case has news for the reader (`domain/case-news.ts`); absent elsewhere. */
  news?: boolean | undefined;
  /**
   * The officers' record this person may keep on the case (`app/case-record.ts`): reading and adding internal
   * notes, linking related cases. Decided by role and relationship only, so it says nothing about whether
   * any note or link exists.
   */
  recordActions: CaseRecordOperation[];
}

const RECORD_OPERATIONS: readonly CaseRecordOperation[] = ['read-notes', 'add-note', 'link-cases'];

export const toCaseView = (person: Person, c: Case, sla: SlaClock, now: Date): CaseView => ({
  ...c,
  constituent: visibleConstituent(person, c),
  sla: sla.assess(c, now),
  permittedActions: permittedOperations(person, c).filter(
    (op) => op === 'file-message' || (op !== 'read' && isActionPossible(c, op, sla.today(now))),
  ),
  followUpOpen: isWithinFollowUpWindow(c, sla.today(now)),
  recordActions: RECORD_OPERATIONS.filter((op) => decide(person, op, c).allowed),
});
