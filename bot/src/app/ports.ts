import type {
  Case,
  CaseEvent,
  CaseEventDraft,
  CaseStatus,
  IsoDate,
  IsoInstant,
  NewCase,
} from '../domain/case';

export type { CaseEventDraft };
import type { CaseId, CaseRef, DepartmentId, PersonId, WardId } from '../domain/ids';
import type { Person } from '../domain/person';
import type { ListScope } from '../domain/access-policy';

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
}

export type { NewCase } from '../domain/case';

export interface CaseFilter {
  /** Only cases whose member is this person (the "mine" filter). */
  memberId?: PersonId | undefined;
  statuses?: readonly CaseStatus[] | undefined;
  /** Open cases whose response date is before this date. */
  overdueOn?: IsoDate | undefined;
  wardId?: WardId | undefined;
  departmentId?: DepartmentId | undefined;
  /** Free text over reference, title, description and category. */
  text?: string | undefined;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Cases, their timelines and their audit trail, changed atomically. */
export interface CaseStore {
  /** Stores a new case with its `raised` event and audit entry; allocates the next reference for the year. */
  create(draft: NewCase, event: CaseEventDraft, audit: AuditEntryDraft): Promise<Case>;
  findByRef(ref: CaseRef): Promise<Case | null>;
  /** Lists cases inside the access scope (from the access policy) that match the filter, overdue first then newest. */
  list(scope: ListScope, filter: CaseFilter, page: PageRequest): Promise<Page<Case>>;
  /**
   * Reads the case under a row lock, runs `decide`, and writes its result in the same transaction, so
   * two concurrent changes are applied one after the other and neither is lost. If `decide` throws,
   * nothing changes. With `expectedVersion`, a case changed since then raises ConflictError.
   */
  change(
    ref: CaseRef,
    decide: (current: Case) => CaseChange | Promise<CaseChange>,
    options?: { expectedVersion?: number | undefined },
  ): Promise<Case>;
  timeline(caseId: CaseId): Promise<CaseEvent[]>;
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
}

/** People, wards and departments: the seed in local mode, Entra groups and admin settings in Microsoft 365 mode. */
export interface Directory {
  personByOid(oid: string): Promise<Person | null>;
  person(id: PersonId): Promise<Person | null>;
  people(): Promise<Person[]>;
  wards(): Promise<Ward[]>;
  departments(): Promise<Department[]>;
}

/** The current instant; injected so tests and the SLA clock can control time. */
export interface Clock {
  now(): Date;
}
