import type { Constituent, Priority } from './case';
import type { DepartmentId, PersonId } from './ids';

/**
 * Everything that can be done to an existing case. Each is validated at the edge (HTTP schema, bot card),
 * authorised by the access policy, then applied by the lifecycle (case-lifecycle.ts).
 */
export type CaseAction =
  /** Support officer: route to a department and set stage 1; acknowledges the enquiry. */
  | {
      type: 'triage';
      departmentId: DepartmentId;
      priority?: Priority | undefined;
      category?: string | undefined;
    }
  /** Officer: give the case to an officer of its department (moves it to "with department"). */
  | { type: 'assign'; officerId: PersonId }
  /** Officer: send the department's response; opens the follow-up window. */
  | { type: 'respond'; response: string }
  /** Raising member: a follow-up question within the follow-up window; the case goes back to the department. */
  | { type: 'follow-up'; text: string }
  /** Officer: propose a stage-2 extension; it takes effect only when the raising member agrees. */
  | { type: 'extend'; reason: string }
  /** Raising member: agree or decline the proposed extension. */
  | { type: 'agree-extension' }
  | { type: 'decline-extension' }
  /** Officer: pause the case (the response clock stops) with a reason; `resume` restarts it. */
  | { type: 'hold'; reason: string }
  | { type: 'resume' }
  /**
   * Department officer: the case is not for this department; it goes back to triage (status new, no
   * department, no officer) with the reason, for Democratic Services to route again.
   */
  | { type: 'return-to-triage'; reason: string }
  /**
   * Raising member or support officer: correct the case's details (a wrong postcode, a misspelt name, the
   * title). Only the fields given change; consent to share is not changed this way.
   */
  | {
      type: 'correct';
      constituent?:
        Partial<Pick<Constituent, 'name' | 'email' | 'phone' | 'address' | 'postcode'>> | undefined;
      title?: string | undefined;
      /** An active category from the managed list (checked by the use case). */
      category?: string | undefined;
    }
  /** Officer: close the case. */
  | { type: 'close'; reason: string }
  /** Raising member or officer: reopen a closed case within its follow-up window. */
  | { type: 'reopen'; reason: string }
  /** Officer: escalate one level by hand (the SLA job escalates automatically on breach). */
  | { type: 'escalate'; reason: string }
  /** Raising member: share the case with another member (e.g. a fellow ward councillor). */
  | { type: 'share'; memberId: PersonId };

export type CaseActionType = CaseAction['type'];

export const CASE_ACTION_TYPES = [
  'triage',
  'assign',
  'respond',
  'follow-up',
  'extend',
  'agree-extension',
  'decline-extension',
  'hold',
  'resume',
  'close',
  'reopen',
  'escalate',
  'share',
  'return-to-triage',
  'correct',
] as const satisfies readonly CaseActionType[];
