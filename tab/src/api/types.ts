/**
 * The service's API as the tab sees it (docs/api.md). The service checks every response against its schema
 * (bot/src/http/schemas.ts), so these types describe what arrives; they are kept by hand because the tab is
 * built separately from the service.
 */

export const CASE_STATUSES = ['new', 'triaged', 'with-department', 'responded', 'on-hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'triaged', 'with-department'];

export const CASE_KINDS = ['member-enquiry', 'service-request', 'complaint'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Role = 'Councillor' | 'SupportOfficer' | 'DepartmentOfficer' | 'Administrator';

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
] as const;
export type CaseActionType = (typeof CASE_ACTION_TYPES)[number];

export interface Me {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  departmentId?: string;
  wardIds?: string[];
  mode: 'local' | 'm365';
  /**
   * What this deployment offers the person. `mailbox`: Outlook mail can be read and filed (Microsoft 365
   * mode). Absent from a service older than the documents area: read as all false.
   */
  features?: { mailbox: boolean };
}

export interface Constituent {
  name: string;
  email?: string;
  phone?: string;
  address: string;
  postcode: string;
  consentToShare: boolean;
}

export type SlaState = 'on-track' | 'due-soon' | 'overdue' | 'stopped';

export interface CaseView {
  id: string;
  ref: string;
  version: number;
  kind: CaseKind;
  origin: 'councillor' | 'mp';
  mpName?: string;
  memberId: string | null;
  raisedBy: string;
  constituent: Constituent;
  wardId: string;
  category: string;
  departmentId: string | null;
  assignedOfficerId: string | null;
  priority: Priority;
  title: string;
  description: string;
  status: CaseStatus;
  stage: 1 | 2;
  acknowledgeBy: string;
  respondBy: string;
  followUpUntil?: string;
  createdAt: string;
  updatedAt: string;
  escalationLevel: number;
  sharedWith: string[];
  sla: {
    state: SlaState;
    workingDaysLeft: number | null;
    overdueBy: number | null;
    escalationLevelDue: number;
  };
  permittedActions: ('read' | 'file-message' | CaseActionType)[];
  /** The follow-up window is open today (the rule that accepts a follow-up). */
  followUpOpen: boolean;
  /** In lists: the case changed (by someone else) since the reader last opened it. */
  news?: boolean;
  /** Officers' record this person may keep: internal notes (read, add), links to related cases. */
  recordActions: ('read-notes' | 'add-note' | 'link-cases')[];
}

export interface CasePage {
  items: CaseView[];
  total: number;
  limit: number;
  offset: number;
  /** A search under a status filter: how many cases match under the other statuses. */
  elsewhere?: number;
}

export interface CaseEvent {
  seq: number;
  at: string;
  actorId: string | null;
  type: string;
  data: Record<string, unknown>;
}

export interface Timeline {
  ref: string;
  events: CaseEvent[];
}

export interface Ward {
  id: string;
  name: string;
  postcodePrefixes: string[];
}
export interface Department {
  id: string;
  name: string;
  /** Microsoft 365 mode, administrators only: the Entra group whose members are its officers. */
  entraGroupId?: string;
}
/** A department as sent: `entraGroupId` null removes its group, absent leaves it out (local mode). */
export interface DepartmentInput {
  id: string;
  name: string;
  entraGroupId?: string | null;
}
export interface DirectoryPerson {
  id: string;
  displayName: string;
  roles: Role[];
  departmentId?: string;
  wardIds?: string[];
}
/** A case category as it is offered: the active ones from the managed list, in order. */
export interface OfferedCategory {
  id: string;
  name: string;
}

export interface DirectoryData {
  wards: Ward[];
  departments: Department[];
  people: DirectoryPerson[];
  /** The active case categories, in pick-list order: the only ones a case may be given. */
  categories: OfferedCategory[];
}

/** A category as administrators manage it (`/api/admin/categories`). */
export interface AdminCategory {
  id: string;
  name: string;
  /** False: retired, no longer offered; the cases that have it keep it. */
  active: boolean;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
  /** How many cases have it. */
  cases: number;
}

export interface WardSuggestion {
  postcode: string;
  ward: { id: string; name: string } | null;
}

/** A column the service can sort a case list by, in either direction (docs/api.md). */
export type CaseColumnSort = 'ref' | 'title' | 'status' | 'raised' | 'due' | 'department' | 'member';
export type CaseSort = 'attention' | 'oldest' | CaseColumnSort;
export type SortDirection = 'asc' | 'desc';

export interface ListCasesQuery {
  mine?: boolean;
  /** Cases open to the caller: awaiting an answer, or answered with the answer new to them (docs/api.md). */
  open?: boolean;
  status?: CaseStatus[];
  overdue?: boolean;
  ward?: string;
  department?: string;
  /** The category as cases show it; letter case ignored. */
  category?: string;
  /** The raising councillor's person id. */
  member?: string;
  /** Raised on or after this day, `YYYY-MM-DD` (Europe/London). */
  raisedFrom?: string;
  /** Raised on or before this day, `YYYY-MM-DD` (Europe/London). */
  raisedTo?: string;
  text?: string;
  sort?: CaseSort;
  /** The direction of a column sort. */
  dir?: SortDirection;
  unassigned?: boolean;
  atRisk?: boolean;
  limit?: number;
  offset?: number;
}

export interface RaiseCaseInput {
  kind: CaseKind;
  origin: 'councillor' | 'mp';
  mpName?: string;
  memberId?: string | null;
  constituent: Constituent;
  wardId: string;
  category: string;
  priority?: Priority;
  title: string;
  description: string;
}

export type CaseActionInput =
  | { type: 'triage'; departmentId: string; priority?: Priority; category?: string }
  | { type: 'assign'; officerId: string }
  | { type: 'respond'; response: string }
  | { type: 'follow-up'; text: string }
  | { type: 'extend' | 'hold' | 'close' | 'reopen' | 'escalate' | 'return-to-triage'; reason: string }
  | { type: 'agree-extension' | 'decline-extension' | 'resume' }
  | { type: 'share'; memberId: string }
  | {
      type: 'correct';
      constituent?: Partial<Pick<Constituent, 'name' | 'email' | 'phone' | 'address' | 'postcode'>>;
      title?: string;
      /** An active category from the managed list. */
      category?: string;
    };

export const AGE_BUCKETS = ['0-5', '6-10', '11-20', '21+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export interface Stats {
  scope: 'member' | 'all';
  from: string;
  to: string;
  generatedAt: string;
  /** The council's goal for the share answered within target, in percent. */
  goalPercentWithinTarget: number;
  answeredWithinTarget: { departmentId: string; month: string; answered: number; withinTarget: number }[];
  volumesByWard: { wardId: string; count: number }[];
  volumesByCategory: { category: string; count: number }[];
  byOrigin: { month: string; councillor: number; mp: number }[];
  openByAge: { bucket: AgeBucket; count: number }[];
}

export const UK_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;

export interface SlaPolicy {
  region: string;
  acknowledgeWorkingDays: number;
  responseWorkingDays: { 1: number; 2: number };
  followUpWorkingDays: number;
  warnWorkingDaysBefore: number;
  escalationWorkingDaysAfterBreach: number[];
  goalPercentWithinTarget: number;
}

export interface AdminSettings {
  sla: SlaPolicy;
  /** Whether people are added and changed here (local mode). */
  directoryEditable: boolean;
  /** Where people come from: kept here, or Entra ID (Microsoft 365 mode). */
  peopleFrom: 'local' | 'entra';
  regions: string[];
}

/** What became of a Teams message's documents when it was filed. */
export interface MessageDocuments {
  record: 'filed' | 'already-filed' | 'failed' | 'in-progress';
  attachments: { stored: number; failed: number; linked: number };
  notCopied?: {
    name: string;
    reason: 'no-access' | 'not-found' | 'too-large' | 'not-a-file' | 'failed' | 'not-signed-in';
  }[];
}

/** `GET /api/message-filings/:id`: a Teams message waiting for the "File to case" dialog. */
export interface MessageFiling {
  id: string;
  message: {
    senderName: string;
    sentAt: string | null;
    text: string;
    attachments: { name: string; kind: 'file' | 'shared' | 'link' }[];
  };
  filed: { ref: string; documents: MessageDocuments | null } | null;
}

/** `GET|POST /api/admin/directory-sync`: the sync with Entra ID, and its last run. */
export interface DirectorySyncView {
  enabled: boolean;
  last: {
    startedAt: string;
    finishedAt: string;
    outcome: 'succeeded' | 'failed';
    summary: Record<string, number> | null;
    missingDepartmentGroups: string[];
    error: string | null;
  } | null;
}

export interface PersonInput {
  displayName: string;
  email: string;
  roles: Role[];
  departmentId?: string;
  wardIds?: string[];
}

export interface RuntimeConfig {
  mode: 'local' | 'm365';
  signInUrl: string | null;
  clientId: string | null;
}

export type DocumentKind = 'file' | 'email' | 'message';

/** A document filed to a case (docs/api.md, "Documents"). */
export interface DocumentView {
  id: string;
  caseRef: string;
  /** The stored name: a different file of the same name is stored as `report (2).pdf`. */
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  kind: DocumentKind;
  uploadedBy: { id: string; name: string };
  /** ISO instant. */
  uploadedAt: string;
  /** What the tab may show inline. */
  preview: 'pdf' | 'image' | 'none';
  /** For an email (`.eml`): its headers and the start of its text. */
  email?: {
    from: string;
    to: string[];
    subject: string;
    date: string | null;
    preview: string;
    attachments: number;
  };
}

export interface DocumentList {
  items: DocumentView[];
  /** Whether this person may add documents to this case. */
  canUpload: boolean;
  /** Whether this person may remove documents (officers). */
  canRemove: boolean;
  /** The largest file the service accepts, in bytes, when the service says so. */
  maxBytes?: number;
}

/** An upload's answer: `created` false when the same content was already filed (no copy was made). */
export interface FiledDocument {
  document: DocumentView;
  created: boolean;
}

export interface DocumentMatch {
  document: DocumentView;
  caseRef: string;
  caseTitle: string;
  /** Plain text around the match. */
  snippet: string;
}

export interface MailMessage {
  id: string;
  subject: string;
  from: string;
  receivedAt: string;
  preview: string;
  hasAttachments: boolean;
}

/** The error body every refusal carries (docs/api.md). */
export interface ApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  issues?: { path: string; message: string }[];
  /** Some refusals say more: `payload_too_large` (413) carries `maxBytes`. */
  maxBytes?: number;
}

/** One member folder share, as administrators see it (`GET /api/admin/document-shares`). */
export interface FolderShare {
  id: string;
  /** Whose folder it is; null for the MP enquiries folder. */
  member: { id: string; name: string } | null;
  grantee: { kind: 'user' | 'group'; name: string };
  role: 'read' | 'write';
  status: 'pending' | 'shared' | 'failed';
  attempts: number;
  /** The store's code for the last failure, e.g. `forbidden`. */
  lastError: string | null;
  /** The store's request id of the last failure, for Microsoft support. */
  lastRequestId: string | null;
  nextAttemptAt: string;
  updatedAt: string;
  sharedAt: string | null;
}

export interface SharingState {
  enabled: boolean;
  counts: { pending: number; shared: number; failed: number };
  items: FolderShare[];
}

/** An officer's internal note on a case: never shown to the councillor or anyone outside the officers. */
export interface InternalNote {
  id: string;
  at: string;
  authorId: string;
  text: string;
}

/** A related case, as the reader may see it. */
export interface LinkedCase {
  ref: string;
  title: string;
  status: CaseStatus;
  linkedAt: string;
  linkedBy: string;
}

export type DuplicateReason = 'same-constituent' | 'same-street-and-category';

/** An earlier case (last 90 days) that a case about to be raised may repeat. */
export interface LikelyDuplicate {
  ref: string;
  title: string;
  status: CaseStatus;
  createdAt: string;
  reasons: DuplicateReason[];
}

export interface DuplicateProbe {
  constituent: { name: string; email?: string; phone?: string; address: string; postcode: string };
  category: string;
}
