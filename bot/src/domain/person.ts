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
