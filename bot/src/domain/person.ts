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
}

export const hasRole = (person: Pick<Person, 'roles'>, role: Role): boolean => person.roles.includes(role);

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
