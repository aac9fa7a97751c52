import { randomUUID } from 'node:crypto';
import { ReadOnlyError, ValidationError } from '../domain/errors';
import type { DepartmentId, PersonId, WardId } from '../domain/ids';
import { personEntryIssues, type Person, type Role } from '../domain/person';
import { parseSlaPolicy, type SlaPolicy } from '../domain/sla-policy';
import { UK_REGIONS, type UkRegion } from '../domain/working-days';
import type { Actor } from './actor';
import { makeAdministratorGate } from './administrator-gate';
import type { CachedDirectory } from './cached-directory';
import type { CurrentSlaClock } from './current-sla-clock';
import type { DirectorySync, DirectorySyncStatus } from './directory-sync';
import type {
  AuditEntryDraft,
  AuditLog,
  Clock,
  Department,
  Directory,
  DirectoryEditor,
  SettingsStore,
  Ward,
} from './ports';

/** What the admin page shows: the SLA policy in force, where people come from, the regions. */
export interface AdminSettings {
  sla: SlaPolicy;
  /**
   * Whether people are added and changed here: true in local mode; false in Microsoft 365 mode, where people
   * and their roles come from Entra ID and only their wards are set here. Wards and departments are the
   * council's own and are kept here in both modes.
   */
  directoryEditable: boolean;
  /** `local`: people are kept here; `entra`: from Entra ID (app roles; departments through mapped groups). */
  peopleFrom: 'local' | 'entra';
  regions: UkRegion[];
}

/** The directory sync as administrators see it (Microsoft 365 mode). */
export interface DirectorySyncView {
  enabled: boolean;
  last: DirectorySyncStatus | null;
}

/** A person as administrators see and edit them: with their e-mail, without their object id. */
export interface AdminPerson {
  id: PersonId;
  displayName: string;
  email: string;
  roles: Role[];
  departmentId?: DepartmentId | undefined;
  wardIds?: WardId[] | undefined;
}

export type PersonEntry = AdminPerson;

export interface AdministrationDeps {
  /** The directory itself, not the cache: checks against what is stored now. */
  directory: Pick<Directory, 'wards' | 'departments' | 'people'>;
  editor: DirectoryEditor;
  settings: Pick<SettingsStore, 'saveSlaPolicy'>;
  sla: Pick<CurrentSlaClock, 'policy' | 'use'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  /** `entra` in Microsoft 365 mode: people come from Entra ID and are not added or changed here. */
  peopleFrom: 'local' | 'entra';
  /** The directory sync, in Microsoft 365 mode when it is on. */
  sync?: Pick<DirectorySync, 'run' | 'status'> | undefined;
  /** This process's directory cache, forgotten after each change so it never serves what was just replaced. */
  cache: Pick<CachedDirectory, 'invalidate'>;
}

const adminPerson = (p: Person): AdminPerson => ({
  id: p.id,
  displayName: p.displayName,
  email: p.email,
  roles: [...p.roles],
  ...(p.departmentId !== undefined ? { departmentId: p.departmentId } : {}),
  ...(p.wardIds !== undefined ? { wardIds: [...p.wardIds] } : {}),
});

/**
 * Administrators' use cases: the SLA policy, and (in local mode) wards, departments and people. Only
 * `canAdminister` people may use them; every read, change and refusal is audited with ids only, never a
 * name, e-mail or postcode.
 */
export const makeAdministration = (deps: AdministrationDeps) => {
  const { directory, editor, settings, sla, audit, clock, peopleFrom, cache } = deps;
  const directoryEditable = peopleFrom === 'local';

  const gate = makeAdministratorGate({ audit, clock });

  /**
   * Runs `work` for an administrator (`makeAdministratorGate`); in Microsoft 365 mode a change to people is
   * refused as read-only. `work` gets the entry to commit with its change; reads record it afterwards.
   */
  const asAdministrator = <T>(
    actor: Actor,
    action: string,
    detail: Record<string, unknown>,
    options: { writesDirectory: boolean; writesPeople?: boolean },
    work: (allowed: AuditEntryDraft) => Promise<T>,
  ): Promise<T> =>
    gate(
      actor,
      action,
      detail,
      async (allowed) => {
        const result = await work(allowed());
        if (options.writesDirectory) cache.invalidate();
        return result;
      },
      options.writesPeople === true && !directoryEditable
        ? { reason: 'read_only', error: new ReadOnlyError() }
        : undefined,
    );

  const read = <T>(actor: Actor, action: string, work: () => Promise<T>): Promise<T> =>
    asAdministrator(actor, action, {}, { writesDirectory: false }, async (allowed) => {
      const result = await work();
      await audit.record(allowed);
      return result;
    });

  const currentSettings = (): AdminSettings => ({
    sla: sla.policy,
    directoryEditable,
    peopleFrom,
    regions: [...UK_REGIONS],
  });

  const checkPerson = async (person: Pick<Person, 'roles' | 'departmentId' | 'wardIds'>): Promise<void> => {
    const [wards, departments] = await Promise.all([directory.wards(), directory.departments()]);
    const issues = personEntryIssues(person, {
      wardIds: new Set(wards.map((w) => w.id)),
      departmentIds: new Set(departments.map((d) => d.id)),
    });
    if (issues.length > 0) throw new ValidationError('The person does not fit the directory.', issues);
  };

  return {
    settings: (actor: Actor): Promise<AdminSettings> =>
      read(actor, 'admin.settings.read', () => Promise.resolve(currentSettings())),

    /**
     * Stores a new SLA policy (missing fields take their defaults) and uses it at once in this process; other
     * instances pick it up at their next settings reload. Cases keep the dates already worked out for them.
     * @throws ValidationError listing every problem with the policy.
     */
    updateSlaPolicy: (actor: Actor, input: unknown): Promise<AdminSettings> =>
      asAdministrator(
        actor,
        'admin.sla.update',
        { setting: 'sla-policy' },
        { writesDirectory: false },
        async (allowed) => {
          const policy = parseSlaPolicy(input);
          await settings.saveSlaPolicy(policy, allowed);
          await sla.use(policy);
          return currentSettings();
        },
      ),

    people: (actor: Actor): Promise<AdminPerson[]> =>
      read(actor, 'admin.people.read', async () => (await directory.people()).map(adminPerson)),

    /** Departments with the Entra groups mapped to them. */
    departments: (actor: Actor): Promise<Department[]> =>
      read(actor, 'admin.departments.read', () => directory.departments()),

    addWard: (actor: Actor, ward: Ward): Promise<Ward> =>
      asAdministrator(actor, 'admin.ward.create', { wardId: ward.id }, { writesDirectory: true }, (allowed) =>
        editor.addWard(ward, allowed),
      ),

    updateWard: (actor: Actor, ward: Ward): Promise<Ward> =>
      asAdministrator(actor, 'admin.ward.update', { wardId: ward.id }, { writesDirectory: true }, (allowed) =>
        editor.updateWard(ward, allowed),
      ),

    addDepartment: (actor: Actor, department: Department): Promise<Department> =>
      asAdministrator(
        actor,
        'admin.department.create',
        { departmentId: department.id },
        { writesDirectory: true },
        (allowed) => editor.addDepartment(department, allowed),
      ),

    updateDepartment: (actor: Actor, department: Department): Promise<Department> =>
      asAdministrator(
        actor,
        'admin.department.update',
        { departmentId: department.id },
        { writesDirectory: true },
        (allowed) => editor.updateDepartment(department, allowed),
      ),

    /**
     * Adds a person with a new object id: in local mode the sign-in page lists them at once and the local
     * issuer signs tokens for that id, as it does for the seeded people.
     */
    addPerson: (actor: Actor, entry: PersonEntry): Promise<AdminPerson> =>
      asAdministrator(
        actor,
        'admin.person.create',
        { personId: entry.id },
        { writesDirectory: true, writesPeople: true },
        async (allowed) => {
          await checkPerson(entry);
          return adminPerson(await editor.addPerson({ ...entry, oid: randomUUID() }, allowed));
        },
      ),

    /** Replaces the person's entry; their object id (how they sign in) stays. */
    updatePerson: (actor: Actor, entry: PersonEntry): Promise<AdminPerson> =>
      asAdministrator(
        actor,
        'admin.person.update',
        { personId: entry.id },
        { writesDirectory: true, writesPeople: true },
        async (allowed) => {
          await checkPerson(entry);
          return adminPerson(await editor.updatePerson(entry, allowed));
        },
      ),

    /**
     * Sets the wards a person represents: in Microsoft 365 mode the one thing about a person typed in here
     * (Entra ID knows nothing of electoral divisions).
     * @throws ValidationError naming an unknown ward; NotFoundError for an unknown person.
     */
    setWards: (actor: Actor, personId: PersonId, wardIds: WardId[]): Promise<AdminPerson> =>
      asAdministrator(
        actor,
        'admin.person.wards',
        { personId, wardIds },
        { writesDirectory: true },
        async (allowed) => {
          await checkPerson({ roles: [], wardIds });
          return adminPerson(await editor.setWards(personId, wardIds, allowed));
        },
      ),

    /** The directory sync's last run (Microsoft 365 mode). */
    directorySync: (actor: Actor): Promise<DirectorySyncView> =>
      read(actor, 'admin.directory-sync.read', async () => ({
        enabled: deps.sync !== undefined,
        last: deps.sync ? await deps.sync.status() : null,
      })),

    /**
     * Runs the directory sync now (after mapping a department's group, say), and answers how it went.
     * @throws ReadOnlyError when there is no sync (local mode, or turned off).
     */
    runDirectorySync: (actor: Actor): Promise<DirectorySyncView> =>
      asAdministrator(actor, 'admin.directory-sync.run', {}, { writesDirectory: false }, async (allowed) => {
        const sync = deps.sync;
        if (!sync) throw new ReadOnlyError('There is no directory sync here: people are kept in this app.');
        await audit.record(allowed);
        // A failed run is recorded in its status, which is what the administrator is shown.
        await sync.run({ waitMs: 60_000 }).catch(() => null);
        cache.invalidate();
        return { enabled: true, last: await sync.status() };
      }),
  };
};

export type Administration = ReturnType<typeof makeAdministration>;
