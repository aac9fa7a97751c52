import type { Request, Server } from 'restify';
import type { Administration, PersonEntry } from '../app/administration';
import type { RouteHelpers } from './server';
import {
  AdminDepartmentSchema,
  AdminDepartmentsSchema,
  DirectorySyncSchema,
  PersonWardsBody,
  AdminPeopleSchema,
  AdminPersonSchema,
  AdminSettingsSchema,
  AdminWardSchema,
  DepartmentBody,
  DirectoryIdSchema,
  NewDepartmentBody,
  NewPersonBody,
  NewWardBody,
  PersonBody,
  WardBody,
} from './schemas';
import { NotFoundError } from '../domain/errors';
import type { z } from 'zod';

/** The `:id` of a ward, department or person; one that cannot be an id names nothing. */
const idParam = (req: Request, what: string): string => {
  const parsed = DirectoryIdSchema.safeParse((req.params as Record<string, unknown>).id);
  if (!parsed.success) throw new NotFoundError(what);
  return parsed.data;
};

/** Null and absent both mean "none": the entry is stored without the field. */
const personEntry = (id: string, body: z.infer<typeof PersonBody>): PersonEntry => ({
  id,
  displayName: body.displayName,
  email: body.email,
  roles: body.roles,
  ...(body.departmentId ? { departmentId: body.departmentId } : {}),
  ...(body.wardIds ? { wardIds: body.wardIds } : {}),
});

/** A department as stored: no group is stored as absent. */
const department = (id: string, body: z.infer<typeof DepartmentBody>) => ({
  id,
  name: body.name,
  ...(body.entraGroupId ? { entraGroupId: body.entraGroupId } : {}),
});

/**
 * The admin API under `/api/admin`: settings (the SLA policy), wards, departments (with their Entra groups),
 * people's wards, and people themselves in local mode. Administrators only (`canAdminister`); in Microsoft 365
 * mode adding or changing a person answers 409 `read_only` (they come from Entra ID). See docs/api.md.
 */
export const adminRoutes =
  (deps: { administration: Administration }) =>
  (server: Server, { authed, send, body }: RouteHelpers): void => {
    const admin = deps.administration;

    server.get(
      '/api/admin/settings',
      authed(async (_req, res, actor) => {
        send(res, 200, AdminSettingsSchema, await admin.settings(actor));
      }),
    );

    // The body is the policy itself, checked by the domain's parser: a bad policy is 422 with every problem.
    server.put(
      '/api/admin/settings/sla',
      authed(async (req, res, actor) => {
        send(res, 200, AdminSettingsSchema, await admin.updateSlaPolicy(actor, body(req)));
      }),
    );

    server.get(
      '/api/admin/people',
      authed(async (_req, res, actor) => {
        send(res, 200, AdminPeopleSchema, { people: await admin.people(actor) });
      }),
    );

    server.post(
      '/api/admin/wards',
      authed(async (req, res, actor) => {
        const ward = NewWardBody.parse(body(req));
        send(res, 201, AdminWardSchema, await admin.addWard(actor, ward));
      }),
    );

    server.put(
      '/api/admin/wards/:id',
      authed(async (req, res, actor) => {
        const id = idParam(req, 'ward');
        const ward = WardBody.parse(body(req));
        send(res, 200, AdminWardSchema, await admin.updateWard(actor, { id, ...ward }));
      }),
    );

    server.get(
      '/api/admin/departments',
      authed(async (_req, res, actor) => {
        send(res, 200, AdminDepartmentsSchema, { departments: await admin.departments(actor) });
      }),
    );

    server.post(
      '/api/admin/departments',
      authed(async (req, res, actor) => {
        const { id, ...rest } = NewDepartmentBody.parse(body(req));
        send(res, 201, AdminDepartmentSchema, await admin.addDepartment(actor, department(id, rest)));
      }),
    );

    server.put(
      '/api/admin/departments/:id',
      authed(async (req, res, actor) => {
        const id = idParam(req, 'department');
        const changed = department(id, DepartmentBody.parse(body(req)));
        send(res, 200, AdminDepartmentSchema, await admin.updateDepartment(actor, changed));
      }),
    );

    server.post(
      '/api/admin/people',
      authed(async (req, res, actor) => {
        const { id, ...rest } = NewPersonBody.parse(body(req));
        send(res, 201, AdminPersonSchema, await admin.addPerson(actor, personEntry(id, rest)));
      }),
    );

    server.put(
      '/api/admin/people/:id/wards',
      authed(async (req, res, actor) => {
        const id = idParam(req, 'person');
        const { wardIds } = PersonWardsBody.parse(body(req));
        send(res, 200, AdminPersonSchema, await admin.setWards(actor, id, wardIds));
      }),
    );

    server.get(
      '/api/admin/directory-sync',
      authed(async (_req, res, actor) => {
        send(res, 200, DirectorySyncSchema, await admin.directorySync(actor));
      }),
    );

    server.post(
      '/api/admin/directory-sync',
      authed(async (_req, res, actor) => {
        send(res, 200, DirectorySyncSchema, await admin.runDirectorySync(actor));
      }),
    );

    server.put(
      '/api/admin/people/:id',
      authed(async (req, res, actor) => {
        const id = idParam(req, 'person');
        const entry = personEntry(id, PersonBody.parse(body(req)));
        send(res, 200, AdminPersonSchema, await admin.updatePerson(actor, entry));
      }),
    );
  };
