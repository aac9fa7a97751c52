import type {
  Case,
  CaseEvent,
  CaseEventDraft,
  CaseOrigin,
  CaseStatus,
  IsoDate,
  IsoInstant,
  NewCase,
} from '../domain/case';

export type { CaseEventDraft };
import type { CaseId, CaseRef, DepartmentId, PersonId, WardId } from '../domain/ids';
import type { Person } from '../domain/person';
import type { ListScope, StatsScope } from '../domain/access-policy';
import type { NotificationDraft } from '../domain/notifications';
import type { IsoMonth } from '../domain/reporting-period';
import type { SlaPolicy } from '../domain/sla-policy';
import type { CaseCategory, CaseCategoryWithUse } from '../domain/case-category';
import type { NewFiling } from './filing-journal';

/** SQL access shared by the PGlite and PostgreSQL adapters. Parameters are positional ($1, $2 ...). */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

/** A relational database: PGlite (embedded) or a PostgreSQL server through a pool. */
export interface Database extends Sql {
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

/** One entry for the append-only audit log. */
export interface AuditEntryDraft {
  at: IsoInstant;
  actorId: PersonId | null;
  /** e.g. case.read, case.list, case.create, case.action.triage, auth.denied */
  action: string;
  outcome: 'allowed' | 'denied' | 'failed';
  caseId?: CaseId | null | undefined;
  caseRef?: CaseRef | null | undefined;
  requestId?: string | undefined;
  /** Ids and codes only: never constituents' personal data. */
  detail?: Record<string, unknown> | undefined;
}

export interface AuditEntry extends AuditEntryDraft {
  id: number;
}

/** What a change to one case produces, applied atomically by `CaseStore.change`. */
export interface CaseChange {
  next: Case;
  events: readonly CaseEventDraft[];
  audit: readonly AuditEntryDraft[];
  /**
   * Documents to file into the case, recorded in the filing journal with the change (a Teams message's record
   * and attachments with its timeline entry): the one is never without the other.
   */
  filings?: readonly NewFiling[] | undefined;
}

export type { NewCase } from '../domain/case';

export interface CaseFilter {
  /** Only cases whose member is this person (the "mine" filter). */
  memberId?: PersonId | undefined;
  statuses?: readonly CaseStatus[] | undefined;
  /** Open cases whose response date is before this date. */
  overdueOn?: IsoDate | undefined;
  /**
   * Open cases whose response date is on or before this date: due soon or overdue when the date is the SLA
   * clock's `atRiskUntil`.
   */
  atRiskUntil?: IsoDate | undefined;
  /** Only cases not yet routed to a department (true); false or absent: no condition. */
  unassigned?: boolean | undefined;
  wardId?: WardId | undefined;
  departmentId?: DepartmentId | undefined;
  /** Only cases in this category, as the case shows it, whatever its letter case. */
  category?: string | undefined;
  /** Only cases raised on or after this day, in Europe/London. */
  raisedFrom?: IsoDate | undefined;
  /** Only cases raised on or before this day, in Europe/London. */
  raisedTo?: IsoDate | undefined;
  /** What was typed into a search (`domain/case-search.ts`): references, words, numbers. */
  text?: string | undefined;
  /**
   * Whether `text` may match the constituent's address and postcode (`constituentSearch` in the access
   * policy); absent: it may not.
   */
  constituentText?: 'all' | 'consented' | 'none' | undefined;
  /**
   * Only cases open to this reader on this date (`isOpenTo` in `domain/case-news.ts`): awaiting an answer, or
   * answered with the answer new to the case's own member within the follow-up window.
   */
  openTo?: { readerId: PersonId; today: IsoDate } | undefined;
  /** Mark each listed case with whether it has news for this reader (`ListedCase.news`). */
  newsFor?: PersonId | undefined;
}

/** A case in a list, marked with whether it has news for the reader the list was asked for (`newsFor`). */
export type ListedCase = Case & { news?: boolean | undefined };

export interface PageRequest {
  limit: number;
  offset: number;
}

/**
 * The order of a case list. Two fixed orders: `attention` (default), open overdue cases first, most overdue
 * first, then the most recently updated; `oldest`, oldest raised first. And one per column of the tab's
 * lists, in either direction (`SortDirection`, ascending unless asked): `ref`; `title` (letter case
 * ignored); `status`, in the order of `CASE_STATUSES` (new, triaged, with the department, responded, on
 * hold, closed); `raised`; `due` (the response date); `department` and `member`, by name, cases with
 * none (not yet routed; an MP's enquiry) last either way. Ties go by reference in the same direction, so
 * pages are stable and a descending list is the ascending one reversed.
 */
export const CASE_SORTS = [
  'attention',
  'oldest',
  'ref',
  'title',
  'status',
  'raised',
  'due',
  'department',
  'member',
] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** The sorts that take a direction: every one but the two fixed orders. */
export const isColumnSort = (sort: CaseSort): sort is Exclude<CaseSort, 'attention' | 'oldest'> =>
  sort !== 'attention' && sort !== 'oldest';

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** A page of a case list, in an order. */
export interface CasePageRequest extends PageRequest {
  sort?: CaseSort | undefined;
  /** For a column sort; ascending when absent. */
  dir?: SortDirection | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** What makes a request to raise a case the same request again: who sent it, their key, what it asked for. */
export interface CaseRequestKey {
  actorId: PersonId;
  /** The client's idempotency key: 1 to 128 of `A–Z a–z 0–9 . _ : -`. */
  key: string;
  /** SHA-256 (hex) of the request as asked for. */
  hash: string;
}

/** Cases, their timelines and their audit trail, changed atomically. */
export interface CaseStore {
  /** Stores a new case with its `raised` event and audit entry; allocates the next reference for the year. */
  create(draft: NewCase, event: CaseEventDraft, audit: AuditEntryDraft): Promise<Case>;
  /**
   * As `create`, once per request key: the first call with `request.key` creates the case and remembers the
   * key with it, in one transaction; a later call with the same key (and the same `request.hash`) creates
   * nothing and answers the case the first one made, `replayed: true`, even when both arrive at once.
   * @throws RequestKeyReusedError when the key was used for a different request (another `hash`).
   */
  createOnce(
    draft: NewCase,
    event: CaseEventDraft,
    audit: AuditEntryDraft,
    request: CaseRequestKey,
  ): Promise<{ case: Case; replayed: boolean }>;
  /** Whether `actorId` has already raised a case with the request key `key` (see `createOnce`). */
  requestKeyUsed(actorId: PersonId, key: string): Promise<boolean>;
  findByRef(ref: CaseRef): Promise<Case | null>;
  /**
   * Lists cases inside the access scope (from the access policy) that match the filter, in `page.sort` order
   * (default `attention`: overdue first, then most recently updated). A page holds 1 to 500 cases.
   */
  list(scope: ListScope, filter: CaseFilter, page: CasePageRequest): Promise<Page<ListedCase>>;
  /**
   * Records that `personId` has seen the case up to timeline entry `seq` (never moving back), so it has no
   * news for them until someone else changes it again (`domain/case-news.ts`).
   */
  markSeen(personId: PersonId, caseId: CaseId, seq: number, at: IsoInstant): Promise<void>;
  /**
   * Reads the case under a row lock, runs `decide`, and writes its result in the same transaction, so
   * two concurrent changes are applied one after the other and neither is lost. If `decide` throws,
   * nothing changes. If it returns null there is nothing to do: nothing is written, the version stays, and
   * the current case is returned. With `expectedVersion`, a case changed since then raises ConflictError.
   * `authorize` runs first, against the locked case: whatever it throws (the access policy's refusal) is what
   * the caller gets, so a version conflict can never tell someone about a case they may not see.
   */
  change(
    ref: CaseRef,
    decide: (current: Case) => CaseChange | null | Promise<CaseChange | null>,
    options?: {
      expectedVersion?: number | undefined;
      authorize?: ((current: Case) => void) | undefined;
    },
  ): Promise<Case>;
  /** The case's events in order; with `last`, only its last `last` events (still oldest first). */
  timeline(caseId: CaseId, options?: { last?: number | undefined }): Promise<CaseEvent[]>;
  /**
   * The case and its last `last` events (oldest first) in one round trip, or null when there is no such
   * case. For callers that show a case with its recent history, so the case is read once.
   */
  findWithTimeline(ref: CaseRef, options: { last: number }): Promise<CaseWithEvents | null>;
}

/** A case and (some of) its timeline, oldest event first. */
export interface CaseWithEvents {
  case: Case;
  events: CaseEvent[];
  /** The number of the case's last timeline entry when it was read (0: none), whatever `last` was. */
  lastSeq: number;
  /** The case's latest response (its `responded` entry), whether or not it is among `events`. */
  latestResponse?: CaseEvent | undefined;
}

export interface AuditLog {
  record(entry: AuditEntryDraft): Promise<void>;
  /** Newest first. */
  list(filter: { caseId?: CaseId; actorId?: PersonId; limit: number }): Promise<AuditEntry[]>;
}

export interface Ward {
  id: WardId;
  name: string;
  /** Outward codes / postcode districts in the division, used to suggest the ward from a postcode. */
  postcodePrefixes: readonly string[];
}

export interface Department {
  id: DepartmentId;
  name: string;
  /**
   * Microsoft 365 mode: the Entra group (object id) whose members, directly or through nested groups, are the
   * department's officers. Set by administrators; absent when the department has no group.
   */
  entraGroupId?: string | undefined;
}

/** People, wards and departments: the seed in local mode, Entra groups and admin settings in Microsoft 365 mode. */
export interface Directory {
  personByOid(oid: string): Promise<Person | null>;
  person(id: PersonId): Promise<Person | null>;
  people(): Promise<Person[]>;
  wards(): Promise<Ward[]>;
  departments(): Promise<Department[]>;
}

/** Writes to the local directory (administrators, in local mode). Each write commits with its audit entry. */
export interface DirectoryEditor {
  /** @throws ConflictError when a ward with this id exists. */
  addWard(ward: Ward, audit: AuditEntryDraft): Promise<Ward>;
  /** Replaces the ward's name and postcode prefixes. @throws NotFoundError when there is no such ward. */
  updateWard(ward: Ward, audit: AuditEntryDraft): Promise<Ward>;
  /** @throws ConflictError when a department with this id exists. */
  addDepartment(department: Department, audit: AuditEntryDraft): Promise<Department>;
  /** @throws NotFoundError when there is no such department. */
  updateDepartment(department: Department, audit: AuditEntryDraft): Promise<Department>;
  /** @throws ConflictError when a person with this id (or object id) exists. */
  addPerson(person: Person, audit: AuditEntryDraft): Promise<Person>;
  /**
   * Replaces everything about the person but their object id, which stays (it is how they sign in).
   * @throws NotFoundError when there is no such person.
   */
  updatePerson(person: Omit<Person, 'oid'>, audit: AuditEntryDraft): Promise<Person>;
  /**
   * Sets the wards a person represents (an empty list: none): in Microsoft 365 mode the one part of a person
   * kept here. @throws NotFoundError when there is no such person.
   */
  setWards(id: PersonId, wardIds: readonly WardId[], audit: AuditEntryDraft): Promise<Person>;
}

/** Council settings that administrators change, kept in the database and shared by every instance. */
export interface SettingsStore {
  /**
   * The stored SLA policy, or null when none has been saved.
   * @throws ValidationError when the stored value is not a valid policy (edited outside the app).
   */
  slaPolicy(): Promise<SlaPolicy | null>;
  /** Stores the policy with its audit entry, in one transaction. */
  saveSlaPolicy(policy: SlaPolicy, audit: AuditEntryDraft): Promise<void>;
}

/**
 * The managed list of case categories (issue 16). Every change commits with its audit entry; renaming and
 * merging rewrite the category on its cases in the same transaction, so no case keeps a name that is no
 * longer on the list. `audit` is given the number of cases changed.
 */
export interface CaseCategoryStore {
  /** Every category, active or not, in pick-list order (what raising and routing check against). */
  list(): Promise<CaseCategory[]>;
  /** The same, each with how many cases have it (administrators' view; counts every case). */
  listWithUse(): Promise<CaseCategoryWithUse[]>;
  /**
   * Adds an active category at the end of the list, its id a slug of its name (made unique).
   * @throws ConflictError when a category of that name (whatever its case) exists.
   */
  add(name: string, at: string, audit: AuditEntryDraft): Promise<CaseCategory>;
  /**
   * Renames the category and its cases. @throws NotFoundError for an unknown id; ConflictError when another
   * category has the name.
   */
  rename(
    id: string,
    name: string,
    at: string,
    audit: (counts: { cases: number }) => AuditEntryDraft,
  ): Promise<CaseCategory>;
  /** Retires (`false`) or restores a category. @throws NotFoundError for an unknown id. */
  setActive(id: string, active: boolean, at: string, audit: AuditEntryDraft): Promise<CaseCategory>;
  /**
   * Puts the categories in the order of `ids`, which must name every category once.
   * @throws ConflictError when `ids` is not exactly the list's ids (someone added or merged one meanwhile).
   */
  reorder(ids: readonly string[], at: string, audit: AuditEntryDraft): Promise<void>;
  /**
   * Moves every case of `fromId` to `intoId` and removes `fromId` from the list, in one transaction.
   * @throws NotFoundError when either id is unknown.
   */
  merge(
    fromId: string,
    intoId: string,
    at: string,
    audit: (counts: { cases: number; from: CaseCategory; into: CaseCategory }) => AuditEntryDraft,
  ): Promise<{ into: CaseCategory; cases: number }>;
}

/** Which cases a statistics query counts, and over which months (Europe/London), both ends included. */
export interface CaseStatisticsQuery {
  scope: Exclude<StatsScope, { kind: 'none' }>;
  from: IsoMonth;
  to: IsoMonth;
}

/** Counts for the statistics page, as the database aggregates them; the use case shapes them for the API. */
export interface CaseStatisticsCounts {
  /** Responses sent in the period (`responded` events), per department and month of the response. */
  answered: { departmentId: DepartmentId; month: IsoMonth; answered: number; withinTarget: number }[];
  /** Cases raised in the period, per ward. */
  raisedByWard: { wardId: WardId; count: number }[];
  /** Cases raised in the period, per category. */
  raisedByCategory: { category: string; count: number }[];
  /** Cases raised in the period, per month and origin; months with none are absent. */
  raisedByOrigin: { month: IsoMonth; origin: CaseOrigin; count: number }[];
  /** Cases open now (neither responded nor closed; on hold included), per Europe/London date raised. */
  openByRaisedDate: { raisedOn: IsoDate; count: number }[];
}

/** Aggregates over cases and their timelines for the statistics page: counts only, no personal data. */
export interface CaseStatistics {
  counts(query: CaseStatisticsQuery): Promise<CaseStatisticsCounts>;
}

/** The current instant; injected so tests and the SLA clock can control time. */
export interface Clock {
  now(): Date;
}

// ---- Proactive notifications (issue 3). Plain data only: botbuilder stays in bot/ and adapters/teams/. ----

/** Where the app is installed for a person: their personal chat with the bot, a team, or a group chat. */
export type ConversationScope = 'personal' | 'team' | 'groupChat';

/**
 * A Bot Framework conversation reference as plain, serialisable data. Every field is optional so that
 * botbuilder's `Partial<ConversationReference>` (from `TurnContext.getConversationReference`) can be passed
 * as it is; `ConversationReferences.save` checks the fields a proactive message needs.
 */
export interface ConversationReferenceData {
  activityId?: string | undefined;
  channelId?: string | undefined;
  /** The connector to send to: Teams' regional service, or the Agents Playground in local mode. */
  serviceUrl?: string | undefined;
  locale?: string | undefined;
  conversation?:
    | {
        id: string;
        tenantId?: string | undefined;
        conversationType?: string | undefined;
        isGroup?: boolean | undefined;
      }
    | undefined;
  /** The person: `id` is their Teams user id (MRI, `29:…`), `aadObjectId` their Entra object id. */
  user?: { id: string; aadObjectId?: string | undefined } | undefined;
  bot?: { id: string; name?: string | undefined } | undefined;
}

/** A reference with what a proactive message needs. */
export type DeliverableConversationReference = ConversationReferenceData & {
  channelId: string;
  serviceUrl: string;
  conversation: NonNullable<ConversationReferenceData['conversation']>;
};

export interface SavedConversationReference {
  personId: PersonId;
  scope: ConversationScope;
  conversationId: string;
  reference: DeliverableConversationReference;
  updatedAt: IsoInstant;
}

/** Where each person can be reached in Teams, kept from installation and conversation updates and messages. */
export interface ConversationReferences {
  /**
   * Stores or refreshes where a person can be reached and makes it active again. A personal reference also
   * wakes the person's notifications that were waiting for one.
   * @throws ValidationError when the service URL, channel or conversation id is missing.
   */
  save(personId: PersonId, reference: ConversationReferenceData, scope: ConversationScope): Promise<void>;
  /** The person's active references, most recently refreshed first. */
  forPerson(personId: PersonId): Promise<SavedConversationReference[]>;
  /**
   * Stops sending to a conversation (the app was removed, or the person blocked the bot): for everyone in
   * it, or for one person only. A later `save` makes it active again.
   */
  markInactive(conversationId: string, options?: { personId?: PersonId; reason?: string }): Promise<void>;
}

/** A proactive message: an Adaptive Card and the short text Teams shows in notifications and previews. */
export interface ProactiveMessage {
  card: Record<string, unknown>;
  summary: string;
}

/**
 * How a send ended. `throttled`: 429, wait `retryAfterMs` (null: no usable Retry-After) and try again.
 * `retryable`: 412, 5xx, a timeout or a network failure. `blocked`: 403 MessageWritesBlocked (the person
 * blocked or removed the bot): never retry this conversation. `conversation-gone`: 404, the conversation no
 * longer exists. `rejected`: the connector refused the message itself (400, 413 ...): retrying cannot help.
 */
export type ProactiveSendResult =
  | { kind: 'sent'; activityId: string | null }
  | { kind: 'throttled'; status: number; retryAfterMs: number | null }
  | { kind: 'retryable'; status: number | null; code: string }
  | { kind: 'blocked'; status: number; code: string }
  | { kind: 'conversation-gone'; status: number; code: string }
  | { kind: 'rejected'; status: number | null; code: string };

/** Sends one message into an existing conversation (Bot Framework connector, or the local playground's). */
export interface ProactiveSender {
  /** Makes exactly one HTTP request (no hidden retries: the caller owns retrying and rate limits). */
  send(reference: DeliverableConversationReference, message: ProactiveMessage): Promise<ProactiveSendResult>;
}

/** A notification claimed for delivery: held by this worker until `leaseToken`'s lease runs out. */
export interface ClaimedNotification extends NotificationDraft {
  id: number;
  /** Attempts so far, this one included. */
  attempts: number;
  leaseToken: string;
}

/** What became of one claimed notification. */
export type NotificationOutcome =
  | { kind: 'sent'; activityId: string | null; conversationId: string }
  /** Try again after `delayMs`; `countAttempt: false` when nothing was sent (e.g. waiting out a 429 seen for a sibling). */
  | { kind: 'retry'; delayMs: number; code: string; countAttempt: boolean }
  /** Not attempted (the worker is stopping): back in the queue at once, the attempt not counted. */
  | { kind: 'release' }
  /** The person has no active personal reference: wait until one is saved. */
  | { kind: 'no-reference' }
  /** Finished without sending: blocked (`undeliverable`), given up (`failed`) or no longer relevant (`cancelled`). */
  | { kind: 'closed'; status: 'undeliverable' | 'failed' | 'cancelled'; code: string };

/** The transactional outbox of notifications, written by the case store and drained by the delivery worker. */
export interface NotificationOutbox {
  /** Leases up to `limit` due notifications to this caller; other instances skip them until the lease ends. */
  claim(limit: number, leaseMs: number): Promise<ClaimedNotification[]>;
  /** Extends the lease before a send; false when the lease was lost (another worker may hold the row). */
  renew(claimed: ClaimedNotification, leaseMs: number): Promise<boolean>;
  /** Records the outcome and ends the lease; false when the lease had been lost and nothing was written. */
  settle(claimed: ClaimedNotification, outcome: NotificationOutcome): Promise<boolean>;
  /** Housekeeping: wakes waiting rows that now have a reference, expires stale ones, deletes old finished ones. */
  maintain(options: { expireAfterMs: number; keepFinishedForMs: number }): Promise<OutboxMaintenance>;
}

export interface OutboxMaintenance {
  woken: number;
  expired: number;
  deleted: number;
}

/** An officer's internal note on a case (issue 16): officers' working record, never shown beyond them. */
export interface InternalNote {
  id: string;
  caseId: CaseId;
  at: IsoInstant;
  authorId: PersonId;
  text: string;
}

/** A link between two related cases, as seen from one of them. */
export interface CaseLink {
  /** The other case. */
  other: Case;
  linkedBy: PersonId;
  linkedAt: IsoInstant;
}

/**
 * Officers' record beside a case: internal notes and links to related cases (migrations 019, 020), and the
 * recent cases a new one is compared with. None of it touches the case's row, version or timeline.
 */
export interface CaseRecordStore {
  /** Stores a note with its audit entry, in one transaction. */
  addNote(note: InternalNote, audit: AuditEntryDraft): Promise<void>;
  /** A case's notes, oldest first. */
  notes(caseId: CaseId): Promise<InternalNote[]>;
  /** Links two cases (either order) with the audit entries; false when they were linked already. */
  link(
    a: CaseId,
    b: CaseId,
    by: PersonId,
    at: IsoInstant,
    audit: readonly AuditEntryDraft[],
  ): Promise<boolean>;
  /** Removes a link (either order) with the audit entries; false when there was none. */
  unlink(a: CaseId, b: CaseId, audit: readonly AuditEntryDraft[]): Promise<boolean>;
  /** Every case linked to `caseId`, oldest link first. The caller filters them by what the reader may see. */
  links(caseId: CaseId): Promise<CaseLink[]>;
  /**
   * Cases in `scope` raised since `since` that may match: the same category, or a constituent with the same
   * e-mail, phone digits or postcode. A coarse filter; `domain/likely-duplicate.ts` decides. Newest first, at
   * most `limit`.
   */
  recentCandidates(
    scope: Exclude<ListScope, { kind: 'none' }>,
    probe: {
      since: IsoInstant;
      category: string;
      email?: string | undefined;
      phoneDigits?: string | undefined;
      postcode: string;
    },
    limit: number,
  ): Promise<Case[]>;
}
