import type { Department, DepartmentInput, DirectoryPerson, PersonInput, Role, Ward } from '../../api/types';

export const ROLE_LABELS: Record<Role, string> = {
  Councillor: 'Councillor',
  SupportOfficer: 'Support officer',
  DepartmentOfficer: 'Department officer',
  Administrator: 'Administrator',
};
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export type Errors<F extends string> = Partial<Record<F, string>>;
const hasErrors = (errors: object) => Object.keys(errors).length > 0;

/** A new record's id: short, lower case, safe in an address (`/ward/ward-north`). */
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** An id suggested from a name while the administrator has not typed one: "Fallowmere North" → "fallowmere-north". */
export const idFromName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);

const checkNewId = (id: string, taken: readonly string[], what: string): string | undefined => {
  if (!id.trim()) return `Enter an id for the ${what}.`;
  if (!ID_PATTERN.test(id.trim()))
    return 'Use lower-case letters, numbers and hyphens only, starting with a letter or number.';
  if (taken.includes(id.trim())) return `There is already a ${what} with this id.`;
  return undefined;
};

const checkName = (name: string, what: string): string | undefined => {
  if (!name.trim()) return `Enter the ${what}’s name.`;
  if (name.trim().length > 200) return 'Keep the name to 200 characters or fewer.';
  return undefined;
};

// Wards.

export interface WardForm {
  id: string;
  name: string;
  postcodePrefixes: string;
}
export type WardField = keyof WardForm;

/** A postcode area (WQ), district (WQ1, WQ1A) or sector (WQ1 2). */
const PREFIX_PATTERN = /^[A-Z]{1,2}(\d[A-Z\d]?( \d)?)?$/;
const tidyPrefix = (s: string) => s.trim().toUpperCase().replace(/\s+/g, ' ');

export const wardForm = (ward?: Ward): WardForm => ({
  id: ward?.id ?? '',
  name: ward?.name ?? '',
  postcodePrefixes: ward?.postcodePrefixes.join(', ') ?? '',
});

/** `taken`: the ids already in use, when adding; the id cannot change when editing. */
export const checkWardForm = (
  form: WardForm,
  taken: readonly string[] | null,
): { ward: Ward } | { errors: Errors<WardField> } => {
  const errors: Errors<WardField> = {};
  if (taken) {
    const id = checkNewId(form.id, taken, 'ward');
    if (id) errors.id = id;
  }
  const name = checkName(form.name, 'ward');
  if (name) errors.name = name;
  const prefixes = form.postcodePrefixes
    .split(',')
    .map(tidyPrefix)
    .filter((p) => p !== '');
  const bad = prefixes.find((p) => !PREFIX_PATTERN.test(p));
  if (bad !== undefined)
    errors.postcodePrefixes = `“${bad}” is not a postcode area, district or sector. Use forms like WQ, WQ1 or WQ1 2.`;
  if (hasErrors(errors)) return { errors };
  return { ward: { id: form.id.trim(), name: form.name.trim(), postcodePrefixes: [...new Set(prefixes)] } };
};

// Departments.

export interface DepartmentForm {
  id: string;
  name: string;
  /** The Entra group's object id (Microsoft 365 mode); empty for none. */
  entraGroupId: string;
}
export type DepartmentField = keyof DepartmentForm;

export const departmentForm = (department?: Department): DepartmentForm => ({
  id: department?.id ?? '',
  name: department?.name ?? '',
  entraGroupId: department?.entraGroupId ?? '',
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The department to save; with `groups` (Microsoft 365 mode) its Entra group too, or null for none. */
export const checkDepartmentForm = (
  form: DepartmentForm,
  taken: readonly string[] | null,
  options: { groups?: boolean } = {},
): { department: DepartmentInput } | { errors: Errors<DepartmentField> } => {
  const errors: Errors<DepartmentField> = {};
  if (taken) {
    const id = checkNewId(form.id, taken, 'department');
    if (id) errors.id = id;
  }
  const name = checkName(form.name, 'department');
  if (name) errors.name = name;
  const group = form.entraGroupId.trim().toLowerCase();
  if (options.groups && group !== '' && !GUID.test(group))
    errors.entraGroupId =
      'Enter the group’s object id, as Entra ID shows it: 36 characters such as 0b7c43a6-1c1d-4f00-9b2a-6f5d3a9c0e11.';
  if (hasErrors(errors)) return { errors };
  return {
    department: {
      id: form.id.trim(),
      name: form.name.trim(),
      ...(options.groups ? { entraGroupId: group === '' ? null : group } : {}),
    },
  };
};

// People.

export interface PersonForm {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  departmentId: string;
  wardIds: string[];
}
export type PersonField = keyof PersonForm;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The directory lists people without their email address; when a listing does carry one (the service may
 * add it for administrators) the form starts from it.
 */
export const personForm = (person?: DirectoryPerson): PersonForm => ({
  id: person?.id ?? '',
  displayName: person?.displayName ?? '',
  email: person && 'email' in person && typeof person.email === 'string' ? person.email : '',
  roles: person ? [...person.roles] : [],
  departmentId: person?.departmentId ?? '',
  wardIds: person?.wardIds ? [...person.wardIds] : [],
});

export const checkPersonForm = (
  form: PersonForm,
  taken: readonly string[] | null,
): { id: string; person: PersonInput } | { errors: Errors<PersonField> } => {
  const errors: Errors<PersonField> = {};
  if (taken) {
    const id = checkNewId(form.id, taken, 'person');
    if (id) errors.id = id;
  }
  const name = checkName(form.displayName, 'person');
  if (name) errors.displayName = name;
  if (!form.email.trim()) errors.email = 'Enter the person’s work email address.';
  else if (!EMAIL_PATTERN.test(form.email.trim()))
    errors.email = 'Enter an email address in the right form, like name@council.gov.uk.';
  if (form.roles.length === 0) errors.roles = 'Choose at least one role.';
  if (form.roles.includes('DepartmentOfficer') && !form.departmentId)
    errors.departmentId = 'A department officer needs a department: choose the one whose cases they handle.';
  if (form.roles.includes('Councillor') && form.wardIds.length === 0)
    errors.wardIds = 'A councillor needs at least one ward: choose the wards they represent.';
  if (hasErrors(errors)) return { errors };
  return {
    id: form.id.trim(),
    person: {
      displayName: form.displayName.trim(),
      email: form.email.trim(),
      roles: ROLES.filter((r) => form.roles.includes(r)),
      ...(form.departmentId ? { departmentId: form.departmentId } : {}),
      ...(form.wardIds.length > 0 ? { wardIds: form.wardIds } : {}),
    },
  };
};

/** Field messages from the service's validation issues, by the issue path's first segment. */
export const errorsFromIssues = <F extends string>(
  issues: readonly { path: string; message: string }[],
  fields: readonly F[],
): Errors<F> => {
  const errors: Errors<F> = {};
  for (const issue of issues) {
    const head = issue.path.replace(/^body\./, '').split('.')[0] as F;
    if (fields.includes(head) && !errors[head]) errors[head] = issue.message;
  }
  return errors;
};
