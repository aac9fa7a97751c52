import type { DepartmentId, PersonId, WardId } from './ids';

/** App roles, as carried in the token's `roles` claim (Entra app roles in Microsoft 365 mode). */
export const ROLES = ['Councillor', 'SupportOfficer', 'DepartmentOfficer', 'Administrator'] as const;
export type Role = (typeof ROLES)[number];

/** Someone who uses Members' Hub, resolved from a validated token through the directory. */
export interface Person {
  id: PersonId;
  /** Entra object id (the token's `oid`); in local mode, the local issuer's subject for this person. */
  oid: string;
  displayName: string;
  email: string;
  roles: readonly Role[];
  /** For department officers: the department whose cases they see. */
  departmentId?: DepartmentId | undefined;
  /** For councillors: the electoral division(s) they represent. */
  wardIds?: readonly WardId[] | undefined;
  /**
   * Where the entry comes from: kept by hand (`local`: the seed, or an administrator in local mode; the
   * default) or from Entra ID (`entra`: registered from a token, kept in step by the directory sync).
   */
  source?: 'local' | 'entra' | undefined;
  /**
   * For people from Entra ID: when `roles` were last read from it (a token's `iat`, or the start of the
   * directory sync that read them), as an ISO instant. The newer of a token and the directory wins.
   */
  rolesAsOf?: string | undefined;
}

export const hasRole = (person: Pick<Person, 'roles'>, role: Role): boolean => person.roles.includes(role);

/** What Entra ID said a person's roles were, and when (epoch milliseconds). */
export interface RolesReading {
  roles: readonly Role[];
  asOf: number;
}

/**
 * The roles that hold when two readings of Entra ID (a token, the directory sync, what is stored) may
 * disagree: the later reading's. A token's `iat` has whole seconds only, so two readings in the same second
 * cannot be ordered: then only the roles both give hold, so a role just removed is never kept by a tie.
 */
export const reconcileRoles = (stored: RolesReading, fresh: RolesReading): RolesReading => {
  const storedSecond = Math.floor(stored.asOf / 1000);
  const freshSecond = Math.floor(fresh.asOf / 1000);
  if (freshSecond > storedSecond) return fresh;
  if (freshSecond < storedSecond) return stored;
  return {
    roles: ROLES.filter((r) => stored.roles.includes(r) && fresh.roles.includes(r)),
    asOf: Math.max(stored.asOf, fresh.asOf),
  };
};

export const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean =>
  a.length === b.length && a.every((r) => b.includes(r));

/**
 * What is wrong with a directory entry for a person, given the wards and departments that exist: a department
 * officer needs a department (it decides which cases they see), and every department and ward named must
 * exist. Empty when the entry fits.
 */
export const personEntryIssues = (
  person: Pick<Person, 'roles' | 'departmentId' | 'wardIds'>,
  known: { wardIds: ReadonlySet<WardId>; departmentIds: ReadonlySet<DepartmentId> },
): { path: string; message: string }[] => {
  const issues: { path: string; message: string }[] = [];
  if (hasRole(person, 'DepartmentOfficer') && person.departmentId === undefined)
    issues.push({ path: 'departmentId', message: 'a department officer needs a department' });
  if (person.departmentId !== undefined && !known.departmentIds.has(person.departmentId))
    issues.push({ path: 'departmentId', message: 'unknown department' });
  for (const [i, wardId] of (person.wardIds ?? []).entries())
    if (!known.wardIds.has(wardId)) issues.push({ path: `wardIds.${i}`, message: 'unknown ward' });
  return issues;
};
