import type { Case, CaseOrigin, Constituent } from './case';
import type { CaseActionType } from './case-actions';
import type { DepartmentId, PersonId, WardId } from './ids';
import { hasRole, type Person } from './person';

/**
 * The one place that decides who may do what to which case, whose cases a person's statistics count, and who
 * may administer the app. Every path (API, bot, message extensions, search, document download, briefings,
 * statistics, admin) asks here; nothing else compares roles or owners.
 *
 * - A councillor sees the cases whose member they are, and cases explicitly shared with them; they may
 *   withdraw (close) their own.
 * - A department officer sees cases routed to their department.
 * - A support officer sees all cases.
 * - An administrator configures the app but reads no casework unless also a support officer.
 */

/**
 * What a person may do with a case: reading it, filing a message into its timeline (which adds to the record
 * but does not move the case through its lifecycle), or one of the lifecycle actions.
 */
export type CaseOperation = 'read' | 'file-message' | CaseActionType;

/**
 * What a person may do with a case's documents. Filing a document adds to the record, as filing a message
 * does (`file-document` follows `file-message`); reading them follows reading the case; removing one (it is
 * moved to the retained deleted items, not destroyed) is for support officers and the officers of the
 * department the case is routed to. Kept apart from `CaseOperation`, so they never appear among a case's
 * permitted actions.
 */
export type DocumentOperation = 'file-document' | 'read-documents' | 'remove-document';

/**
 * Officers' working record of a case (issue 16): `read-notes` and `add-note` for internal notes, which are
 * officers' only (support officers and the officers of the department the case is routed to; not the
 * councillor, and not an administrator who is not also one of those, as administrators read no casework);
 * `link-cases` for linking the case to a related one, for those officers and the case's own member (a member
 * only shared the case may read it, not add to it). Kept apart from `CaseOperation`, as documents' are.
 */
export type CaseRecordOperation = 'read-notes' | 'add-note' | 'link-cases';

/** Everything `decide` answers for. */
export type Operation = CaseOperation | DocumentOperation | CaseRecordOperation;

export type Decision = { allowed: true } | { allowed: false; reason: DenyReason };

/**
 * `invisible`: the person may not know the case exists; callers answer exactly as for a case that does not
 * exist (404). `not-permitted`: the person can see the case but not do this (403).
 */
export type DenyReason = 'invisible' | 'not-permitted';

/** The set of cases a person may list, applied by the store as a query condition. */
export type ListScope =
  | { kind: 'all' }
  | { kind: 'member'; memberId: PersonId }
  | { kind: 'department'; departmentId: DepartmentId }
  | { kind: 'none' };

type CaseFacts = Pick<Case, 'memberId' | 'sharedWith' | 'departmentId' | 'status'>;

/**
 * The raising member may also close (withdraw) their own case: it is their enquiry, and they are the data
 * controller for it. The closure is a lifecycle action like any other: audited, with a reason, and reopenable
 * within the follow-up window.
 */
const MEMBER_OPERATIONS: ReadonlySet<CaseOperation> = new Set([
  'read',
  'file-message',
  'follow-up',
  'agree-extension',
  'decline-extension',
  'correct',
  'close',
  'reopen',
  'share',
]);
/**
 * Members who were only shared a case may read it; acting on it, and adding to its record, stays with the
 * case's own member (the data controller).
 */
const SHARED_MEMBER_OPERATIONS: ReadonlySet<CaseOperation> = new Set(['read']);
const DEPARTMENT_OPERATIONS: ReadonlySet<CaseOperation> = new Set([
  'read',
  'file-message',
  'assign',
  'return-to-triage',
  'respond',
  'extend',
  'hold',
  'resume',
  'escalate',
]);
const SUPPORT_OPERATIONS: ReadonlySet<CaseOperation> = new Set([
  'read',
  'file-message',
  'triage',
  'assign',
  'respond',
  'extend',
  'hold',
  'resume',
  'correct',
  'close',
  'reopen',
  'escalate',
]);

const allow: Decision = { allowed: true };
const deny = (reason: DenyReason): Decision => ({ allowed: false, reason });

const isOwnMember = (person: Person, c: CaseFacts): boolean =>
  hasRole(person, 'Councillor') && c.memberId !== null && c.memberId === person.id;
const isSharedMember = (person: Person, c: CaseFacts): boolean =>
  hasRole(person, 'Councillor') && c.sharedWith.includes(person.id);
const isRoutedToOfficer = (person: Person, c: CaseFacts): boolean =>
  hasRole(person, 'DepartmentOfficer') &&
  person.departmentId !== undefined &&
  c.departmentId !== null &&
  c.departmentId === person.departmentId;

/** Whether `person` may see the case at all. */
export const canSee = (person: Person, c: CaseFacts): boolean =>
  hasRole(person, 'SupportOfficer') ||
  isOwnMember(person, c) ||
  isSharedMember(person, c) ||
  isRoutedToOfficer(person, c);

/** Decides one operation on one case. A person who may not see the case gets `invisible`, never `not-permitted`. */
export const decide = (person: Person, operation: Operation, c: CaseFacts): Decision => {
  if (!canSee(person, c)) return deny('invisible');
  if (operation === 'file-document') return decide(person, 'file-message', c);
  if (operation === 'read-documents') return decide(person, 'read', c);
  if (operation === 'remove-document' || operation === 'read-notes' || operation === 'add-note')
    return hasRole(person, 'SupportOfficer') || isRoutedToOfficer(person, c) ? allow : deny('not-permitted');
  if (operation === 'link-cases')
    return hasRole(person, 'SupportOfficer') || isRoutedToOfficer(person, c) || isOwnMember(person, c)
      ? allow
      : deny('not-permitted');
  const permitted =
    (hasRole(person, 'SupportOfficer') && SUPPORT_OPERATIONS.has(operation)) ||
    (isOwnMember(person, c) && MEMBER_OPERATIONS.has(operation)) ||
    (isSharedMember(person, c) && SHARED_MEMBER_OPERATIONS.has(operation)) ||
    (isRoutedToOfficer(person, c) && DEPARTMENT_OPERATIONS.has(operation));
  return permitted ? allow : deny('not-permitted');
};

/** The operations `person` may perform on the case, for showing only the buttons that will work. */
export const permittedOperations = (person: Person, c: CaseFacts): CaseOperation[] =>
  (['read', ...SUPPORT_OPERATIONS, ...MEMBER_OPERATIONS, ...DEPARTMENT_OPERATIONS] as CaseOperation[])
    .filter((op, i, all) => all.indexOf(op) === i)
    .filter((op) => decide(person, op, c).allowed);

/** The cases `person` may list. Support officers' scope wins over any other role they also hold. */
export const listScope = (person: Person): ListScope => {
  if (hasRole(person, 'SupportOfficer')) return { kind: 'all' };
  if (hasRole(person, 'Councillor')) return { kind: 'member', memberId: person.id };
  if (hasRole(person, 'DepartmentOfficer') && person.departmentId !== undefined)
    return { kind: 'department', departmentId: person.departmentId };
  return { kind: 'none' };
};

/**
 * Whether a person's case search may match the constituent's address and postcode: `all` where they see
 * them on every case they may list (support officers; councillors, on their own and shared cases),
 * `consented` for department officers, who see them only where the constituent consented to sharing
 * (`visibleConstituent`), so a search can never tell them what the case does not show.
 */
export const constituentSearch = (person: Person): 'all' | 'consented' | 'none' => {
  const scope = listScope(person);
  if (scope.kind === 'none') return 'none';
  return scope.kind === 'department' ? 'consented' : 'all';
};

/**
 * Who may raise a case: a councillor for themselves (origin councillor); a support officer on a member's
 * behalf or for an MP. Department officers and administrators raise none.
 */
export const canRaise = (person: Person, origin: CaseOrigin, memberId: PersonId | null): boolean => {
  if (hasRole(person, 'SupportOfficer')) return origin === 'mp' ? memberId === null : memberId !== null;
  return hasRole(person, 'Councillor') && origin === 'councillor' && memberId === person.id;
};

/** Whether `person` may change the council's configuration (wards, departments, SLA policy, people). */
export const canAdminister = (person: Person): boolean => hasRole(person, 'Administrator');

/**
 * Whose cases a person's statistics count: `all` for support officers, department officers and
 * administrators (the figures are counts per month, ward, category and department, with no personal data, so
 * an officer may see the whole council's); `member` for a councillor who holds none of those roles (only the
 * cases whose member they are, not those shared with them); `none` for anyone else, who gets no statistics.
 */
export type StatsScope = { kind: 'all' } | { kind: 'member'; memberId: PersonId } | { kind: 'none' };

/** The statistics `person` may read. An officer's or administrator's scope wins over being a councillor too. */
export const statsScope = (person: Person): StatsScope => {
  if (
    hasRole(person, 'SupportOfficer') ||
    hasRole(person, 'DepartmentOfficer') ||
    hasRole(person, 'Administrator')
  )
    return { kind: 'all' };
  if (hasRole(person, 'Councillor')) return { kind: 'member', memberId: person.id };
  return { kind: 'none' };
};

/**
 * Whether `person` sees the constituent's own details on the case (not the withheld placeholder of
 * `visibleConstituent`): support officers, the case's member and members it is shared with, and department
 * officers where the constituent consented to sharing.
 */
export const seesConstituent = (person: Person, c: CaseFacts & { constituent: Constituent }): boolean =>
  hasRole(person, 'SupportOfficer') ||
  isOwnMember(person, c) ||
  isSharedMember(person, c) ||
  c.constituent.consentToShare;

/**
 * The constituent's details as `person` may see them: department officers see them only when the
 * constituent consented to sharing; otherwise name and contact are withheld and only the postcode district
 * remains, enough to locate the issue.
 */
export const visibleConstituent = (
  person: Person,
  c: CaseFacts & { constituent: Constituent },
): Constituent => {
  if (seesConstituent(person, c)) return c.constituent;
  return {
    name: 'Withheld (no consent to share)',
    address: 'Withheld',
    postcode: c.constituent.postcode.split(' ')[0] ?? '',
    consentToShare: false,
  };
};

// ---- Briefings and the decisions register (issue 14) ----

/**
 * Briefing operations. `read-decisions`: the register (public information) for anyone with a role;
 * `manage-decisions`: add, edit and import decisions, and confirm their wards; `manage-briefings`: preview
 * drafts, edit their introduction, approve, see the delivery report; `configure-briefings`: map wards to
 * channels, set schedules, turn on sending without approval.
 */
export type BriefingOperation =
  'read-decisions' | 'manage-decisions' | 'manage-briefings' | 'configure-briefings';

export const canBriefing = (person: Person, operation: BriefingOperation): boolean => {
  const officer = hasRole(person, 'SupportOfficer');
  const admin = hasRole(person, 'Administrator');
  switch (operation) {
    case 'read-decisions':
      return person.roles.length > 0;
    case 'manage-decisions':
    case 'manage-briefings':
      return officer || admin;
    case 'configure-briefings':
      return admin;
  }
};

/**
 * Whether `person` may read a briefing. Drafts: those who manage briefings. Approved ones: those, and for a
 * ward briefing the ward's own councillors; the council-wide decision briefing is for everyone with a role
 * (it is public information). A briefing someone may not read is answered as missing.
 */
export const canReadBriefing = (
  person: Person,
  briefing: { kind: 'ward' | 'decision'; wardId: WardId | null; approved: boolean },
): boolean => {
  if (canBriefing(person, 'manage-briefings')) return true;
  if (!briefing.approved) return false;
  if (briefing.kind === 'decision') return person.roles.length > 0;
  return (
    hasRole(person, 'Councillor') &&
    briefing.wardId !== null &&
    (person.wardIds ?? []).includes(briefing.wardId)
  );
};

// ---- Scan-ingest of legacy papers (issue 13) ----

/**
 * Scan-ingest of legacy papers is support officers' work (DESIGN.md: they scan and file legacy papers): batches,
 * the review queue, retention decisions, cover sheets and the destruction log.
 */
export const canIngest = (person: Person): boolean => hasRole(person, 'SupportOfficer');

/**
 * Whose filed legacy papers a person may see: a member's papers are casework, seen by that member and by
 * support officers; nobody else (not department officers, not other members, not administrators).
 */
export const legacyPapersScope = (
  person: Person,
): { kind: 'all' } | { kind: 'member'; memberId: PersonId } | { kind: 'none' } => {
  if (hasRole(person, 'SupportOfficer')) return { kind: 'all' };
  if (hasRole(person, 'Councillor')) return { kind: 'member', memberId: person.id };
  return { kind: 'none' };
};

/** Whether `person` may see legacy papers of `memberId`. */
export const canSeeLegacyPapers = (person: Person, memberId: PersonId): boolean => {
  const scope = legacyPapersScope(person);
  return scope.kind === 'all' || (scope.kind === 'member' && scope.memberId === memberId);
};
