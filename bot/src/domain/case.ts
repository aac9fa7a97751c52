import type { CaseId, CaseRef, DepartmentId, PersonId, WardId } from './ids';

export const CASE_KINDS = ['member-enquiry', 'service-request', 'complaint'] as const;
/** A member's enquiry, a service request tracked on the member's behalf, or a formal complaint. */
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_ORIGINS = ['councillor', 'mp'] as const;
/** Who the enquiry came from; MPs' enquiries are recorded by a support officer. */
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

export const CASE_STATUSES = ['new', 'triaged', 'with-department', 'responded', 'on-hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which the response clock is running. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'triaged', 'with-department'];

/**
 * The statuses in which the council still owes an answer: new, triaged, with the department, or on hold (the
 * clock stopped, the question not answered). Part of what "open" means wherever a person is shown open cases
 * (see `isOpenTo` in `case-news.ts`); `OPEN_STATUSES` is narrower, the statuses in which the clock runs.
 */
export const AWAITING_ANSWER_STATUSES: readonly CaseStatus[] = [
  'new',
  'triaged',
  'with-department',
  'on-hold',
];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Stage = 1 | 2;

/** The constituent a case is about. Personal data: never logged, shown only where the policy allows. */
export interface Constituent {
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  address: string;
  postcode: string;
  /** The constituent agreed that their details may be shared with the department handling the case. */
  consentToShare: boolean;
}

/** A stage-2 extension: proposed by an officer, effective only once the raising member agrees. */
export interface Extension {
  requestedBy: PersonId;
  requestedAt: string;
  reason: string;
  decision?: 'agreed' | 'declined' | undefined;
  decidedBy?: PersonId | undefined;
  decidedAt?: string | undefined;
}

/** Calendar dates are ISO `YYYY-MM-DD` in the council's time zone (Europe/London); instants are ISO strings. */
export type IsoDate = string;
export type IsoInstant = string;

export interface Case {
  id: CaseId;
  ref: CaseRef;
  /** Incremented on every change; callers may pass it back to detect a concurrent change (409). */
  version: number;
  kind: CaseKind;
  origin: CaseOrigin;
  /** For MP enquiries: the MP's name, as recorded by the officer. */
  mpName?: string | undefined;
  /** The councillor whose case this is (the data controller). Null for MP enquiries. */
  memberId: PersonId | null;
  /** Who entered the case: the member, or the support officer recording it for the member or an MP. */
  raisedBy: PersonId;
  constituent: Constituent;
  wardId: WardId;
  category: string;
  departmentId: DepartmentId | null;
  assignedOfficerId: PersonId | null;
  priority: Priority;
  title: string;
  description: string;
  status: CaseStatus;
  stage: Stage;
  /** Status to return to when a hold is lifted. */
  heldFrom?: CaseStatus | undefined;
  holdReason?: string | undefined;
  heldAt?: IsoInstant | undefined;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  acknowledgeBy: IsoDate;
  acknowledgedAt?: IsoInstant | undefined;
  respondBy: IsoDate;
  respondedAt?: IsoInstant | undefined;
  /** Last working day on which the member may follow up or reopen after a response. */
  followUpUntil?: IsoDate | undefined;
  closedAt?: IsoInstant | undefined;
  closeReason?: string | undefined;
  /** 0 = not escalated; 1.. = levels from the SLA policy. */
  escalationLevel: number;
  extension?: Extension | undefined;
  /** Other members the owning member has explicitly shared the case with. */
  sharedWith: readonly PersonId[];
  /**
   * The last SLA notice raised by the clock, and the response date it was about, so the sweep raises each
   * warning or breach once per due date (an extension or resumed hold gives a new due date).
   */
  slaNotice?: { kind: 'due-soon' | 'overdue'; forRespondBy: IsoDate } | undefined;
}

/** A new case before the store gives it an id, reference and version. */
export type NewCase = Omit<Case, 'id' | 'ref' | 'version'>;

/** One entry on a case's timeline: who did what, when. */
export interface CaseEvent {
  caseId: CaseId;
  seq: number;
  at: IsoInstant;
  /** Null for the system (SLA clock, scheduled jobs). */
  actorId: PersonId | null;
  type: CaseEventType;
  /** Small, typed detail per event type; never free text copied into logs. */
  data: Record<string, unknown>;
}

export const CASE_EVENT_TYPES = [
  'raised',
  'triaged',
  'assigned',
  'responded',
  'followed-up',
  'extension-requested',
  'extension-agreed',
  'extension-declined',
  'held',
  'resumed',
  'closed',
  'reopened',
  'escalated',
  'sla-warning',
  'sla-breached',
  'shared',
  'note-added',
  /** A Teams message filed into the case from the "File to case" message action. */
  'message-filed',
  /** A document filed into the case's folder (not one filed again with the same content), or removed from it. */
  'document-added',
  'document-removed',
  /** A department said the case is not theirs: it went back to triage. */
  'returned-to-triage',
  /** The case's details were corrected; the event names the fields, never their values. */
  'details-corrected',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** A timeline entry before the store numbers it. */
export interface CaseEventDraft {
  type: CaseEventType;
  actorId: PersonId | null;
  at: IsoInstant;
  data: Record<string, unknown>;
}
