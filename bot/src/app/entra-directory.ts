import type { Role } from '../domain/person';
import type { Person } from '../domain/person';
import type { AuditEntryDraft } from './ports';

/**
 * People from Entra ID (Microsoft 365 mode): the ports the sign-in registration (`entra-sign-in.ts`) and the
 * directory sync (`directory-sync.ts`) work through. The Graph adapter is `adapters/graph/graph-entra-directory.ts`,
 * the store `adapters/postgres/postgres-entra-people.ts`. See docs/people.md.
 */

/** One app role assignment on the app's service principal (`appRoleAssignedTo`). */
export interface AppRoleAssignment {
  /** The user's, group's or service principal's object id. */
  principalId: string;
  /** `User`, `Group` or `ServicePrincipal`, as Graph says. */
  principalType: string;
  appRoleId: string;
}

/** What the sync reads about a user. */
export interface EntraUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  accountEnabled: boolean;
}

/** Changes to the direct members of one group, from a groups delta round. */
export interface GroupMemberChanges {
  groupId: string;
  added: string[];
  removed: string[];
  /** The group itself was deleted: every member is gone. */
  groupRemoved: boolean;
}

/** A stored delta link Graph no longer accepts (410 Gone, or an expired token): read everything again. */
export class DeltaResetError extends Error {
  constructor(message = 'Graph asked for a full synchronisation: the delta link is no longer valid.') {
    super(message);
    this.name = 'DeltaResetError';
  }
}

/** Entra ID, read through Microsoft Graph with the application's own permissions (read only). */
export interface EntraDirectory {
  /**
   * The service principal of the app registration `appId` in this tenant, and its app roles (id → value),
   * or null when the app has no service principal here.
   */
  servicePrincipal(appId: string): Promise<{ id: string; appRoles: ReadonlyMap<string, string> } | null>;
  /** Every app role assignment granted on the service principal (users, groups and service principals). */
  appRoleAssignments(servicePrincipalId: string): Promise<AppRoleAssignment[]>;
  /**
   * A round of the groups delta query for at most 50 groups (`$filter=id eq …`, `$select=members`): with no
   * link, every current member as `added`; with a link, what changed since it was issued. Resolves with the
   * link for the next round.
   * @throws DeltaResetError when Graph no longer accepts `deltaLink`.
   */
  groupMembersDelta(
    groupIds: readonly string[],
    deltaLink: string | null,
  ): Promise<{ changes: GroupMemberChanges[]; deltaLink: string }>;
  /** The users who are members of the group directly or through nested groups; null when there is no such group. */
  transitiveUserMembers(groupId: string): Promise<string[] | null>;
  /** The users with these object ids (null for one that no longer exists). */
  users(ids: readonly string[]): Promise<Map<string, EntraUser | null>>;
}

/** A person as a token or the sync describes them. */
export interface EntraPersonFacts {
  /** Entra object id, lower case: also the person's id in Members' Hub. */
  oid: string;
  displayName: string;
  email: string;
  roles: readonly Role[];
  /** When these roles were true in Entra ID (a token's `iat`, the sync's start), ISO. */
  asOf: string;
}

/** What one run of the sync found, to be stored at once. */
export interface DirectorySnapshot {
  /** When the run started reading: roles stored later than this (from a token) are newer and kept. */
  asOf: string;
  /** Everyone who holds at least one role now. Name and e-mail only where the run read them. */
  people: ReadonlyArray<{ oid: string; roles: readonly Role[]; displayName?: string; email?: string }>;
  /** Direct members of the groups assigned roles, and transitive members of the departments' groups. */
  members: {
    direct: ReadonlyMap<string, ReadonlySet<string>>;
    transitive: ReadonlyMap<string, ReadonlySet<string>>;
  };
}

/** What storing a snapshot changed. */
export interface SnapshotOutcome {
  registered: number;
  changed: number;
  removed: number;
}

/** A person whose roles a sync run changed (or who it registered), for their audit entry. */
export interface RoleChange {
  personId: string;
  from: readonly Role[];
  to: readonly Role[];
  registered: boolean;
}

/** The stored side of people from Entra ID. */
export interface EntraPeopleStore {
  /**
   * Registers a person from their first token, with its audit entry; when they were registered meanwhile (two
   * first requests at once), changes nothing and answers the stored person.
   */
  register(facts: EntraPersonFacts, audit: AuditEntryDraft): Promise<Person>;
  /**
   * Takes roles, name and e-mail from a token newer than what is stored (`roles_as_of` older than `asOf`);
   * otherwise changes nothing. Answers the person as stored afterwards (null if there is no such person).
   * `audit` is recorded when the roles changed.
   */
  updateFromToken(facts: EntraPersonFacts, audit: AuditEntryDraft): Promise<Person | null>;
  /**
   * Stores a sync run in one transaction: memberships replaced, people registered or updated, and everyone
   * from Entra ID not in `people` left with no roles, except where a token newer than the run said otherwise.
   * `audit` makes the entry for each person whose roles changed.
   */
  applySnapshot(
    snapshot: DirectorySnapshot,
    audit: (change: RoleChange) => AuditEntryDraft,
  ): Promise<SnapshotOutcome>;
  /** The object ids of everyone from Entra ID already stored. */
  knownOids(): Promise<Set<string>>;
  /** The direct members the last run stored, per group. */
  directMembers(): Promise<Map<string, Set<string>>>;
  /** A value the sync keeps between runs (delta links, its last outcome), or null. */
  state<T>(key: string): Promise<T | null>;
  saveState(key: string, value: unknown): Promise<void>;
  /**
   * Takes the sync's lease for `ms` if nobody holds it (true), so two runs (a scheduled one and one an
   * administrator asked for, on any instances) never overlap. `release` gives it back early.
   */
  lease(holder: string, ms: number): Promise<boolean>;
  release(holder: string): Promise<void>;
}
