import { createHash, randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../domain/person';
import type { Logger } from '../logger';
import type { CachedDirectory } from './cached-directory';
import {
  DeltaResetError,
  type EntraDirectory,
  type EntraPeopleStore,
  type EntraUser,
} from './entra-directory';
import type { AuditEntryDraft, Clock, Directory } from './ports';

/** The groups delta takes at most this many groups per query. */
const DELTA_CHUNK = 50;
/** Delta links of directory objects last seven days; a full read once a day also refreshes names and e-mails. */
export const FULL_SYNC_EVERY_MS = 24 * 60 * 60 * 1000;
/** Longer than any run should take; a run that dies holds the lease no longer than this. */
const LEASE_MS = 10 * 60 * 1000;

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);
const isRole = (value: string | undefined): value is Role => value !== undefined && KNOWN_ROLES.has(value);

/** What the admin page shows of the last run. */
export interface DirectorySyncStatus {
  startedAt: string;
  finishedAt: string;
  outcome: 'succeeded' | 'failed';
  /** Counts (people holding a role, registered, changed, removed, groups read …); none when it failed. */
  summary: Record<string, number> | null;
  /** Departments whose Entra group was not found. */
  missingDepartmentGroups: string[];
  /** Why it failed, in words that carry no personal data (Graph's code and message, its request id). */
  error: string | null;
}

interface DeltaState {
  groups: string[];
  deltaLink: string;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const describeError = (error: unknown): string => {
  const e = error as { message?: unknown; details?: { requestId?: unknown } } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return message.slice(0, 500);
};

/**
 * The directory sync (Microsoft 365 mode; docs/people.md): reads who holds Members' Hub's app roles in Entra ID
 * and stores it, so the bot (which gets no token) knows people and their roles, departments come from the
 * groups administrators mapped, and a removed assignment takes access away at the next run even from someone
 * whose token has not expired yet.
 *
 * One run: the app's service principal and its app roles; every assignment on it (`appRoleAssignedTo`); the
 * direct members of each group assigned a role (Entra gives roles to direct members only), tracked with the
 * groups delta query; the transitive members of each department's group; the details of people not seen
 * before (all of them once a day, when the delta links are renewed too). Then one transaction stores it all.
 * Runs never overlap, across instances (a lease in the database).
 */
export const makeDirectorySync = (deps: {
  entra: EntraDirectory;
  store: EntraPeopleStore;
  directory: Pick<Directory, 'departments'>;
  cache: Pick<CachedDirectory, 'invalidate'>;
  clock: Clock;
  /** The app registration (CLIENT_ID) whose roles are read. */
  clientId: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  fullEveryMs?: number | undefined;
}) => {
  const { entra, store, clock } = deps;
  const fullEveryMs = deps.fullEveryMs ?? FULL_SYNC_EVERY_MS;

  const audit = (change: {
    personId: string;
    from: readonly Role[];
    to: readonly Role[];
    registered: boolean;
  }): AuditEntryDraft => ({
    at: clock.now().toISOString(),
    actorId: null,
    action: change.registered ? 'directory.person.register' : 'directory.person.roles',
    outcome: 'allowed',
    detail: { personId: change.personId, source: 'sync', from: [...change.from], to: [...change.to] },
  });

  /** Direct members of the groups, from the stored state moved on by a delta round (or read afresh). */
  const directMembers = async (groupIds: string[], full: boolean) => {
    const stored = full ? new Map<string, Set<string>>() : await store.directMembers();
    const members = new Map<string, Set<string>>();
    const states: [string, DeltaState][] = [];
    for (const chunk of chunks([...groupIds].sort(), DELTA_CHUNK)) {
      const key = `groups-delta:${createHash('sha256').update(chunk.join(',')).digest('hex').slice(0, 32)}`;
      let saved = full ? null : await store.state<DeltaState>(key);
      let round;
      try {
        round = await entra.groupMembersDelta(chunk, saved?.deltaLink ?? null);
      } catch (error) {
        if (!(error instanceof DeltaResetError) || saved === null) throw error;
        deps.logger.warn(
          { groups: chunk.length },
          'groups delta link no longer valid: reading the groups again',
        );
        saved = null;
        round = await entra.groupMembersDelta(chunk, null);
      }
      for (const groupId of chunk) members.set(groupId, new Set(saved ? (stored.get(groupId) ?? []) : []));
      for (const change of round.changes) {
        const set = members.get(change.groupId);
        if (!set) continue;
        if (change.groupRemoved) set.clear();
        for (const id of change.removed) set.delete(id);
        if (!change.groupRemoved) for (const id of change.added) set.add(id);
      }
      states.push([key, { groups: chunk, deltaLink: round.deltaLink }]);
    }
    return { members, states };
  };

  /** Takes the lease, waiting up to `waitMs` for a run elsewhere to finish; false if it could not. */
  const take = async (holder: string, waitMs: number): Promise<boolean> => {
    const until = Date.now() + waitMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
      if (await store.lease(holder, LEASE_MS)) return true;
      if (Date.now() + pause > until) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };

  /**
   * One run. The scheduler's runs skip a period another run is busy with; an administrator's (`waitMs`) waits
   * for it and then runs, so a department's group mapped a moment ago is read.
   */
  const run = async (options: { waitMs?: number } = {}): Promise<Record<string, number>> => {
    const holder = randomUUID();
    if (!(await take(holder, options.waitMs ?? 0))) {
      deps.logger.info('directory sync already running elsewhere');
      return { skipped: 1 };
    }
    const startedAt = clock.now();
    const missing: string[] = [];
    try {
      const lastFull = await store.state<{ at: string }>('full');
      const full = lastFull === null || startedAt.getTime() - Date.parse(lastFull.at) >= fullEveryMs;

      const sp = await entra.servicePrincipal(deps.clientId);
      if (!sp)
        throw new Error(
          `The app registration ${deps.clientId} has no service principal (enterprise application) in this tenant.`,
        );
      const userRoles = new Map<string, Set<Role>>();
      const groupRoles = new Map<string, Set<Role>>();
      const add = (map: Map<string, Set<Role>>, id: string, role: Role) =>
        map.set(id, (map.get(id) ?? new Set<Role>()).add(role));
      for (const a of await entra.appRoleAssignments(sp.id)) {
        const role = sp.appRoles.get(a.appRoleId);
        if (!isRole(role)) continue;
        if (a.principalType === 'User') add(userRoles, a.principalId, role);
        else if (a.principalType === 'Group') add(groupRoles, a.principalId, role);
      }

      const { members: direct, states } = await directMembers([...groupRoles.keys()], full);
      for (const [groupId, users] of direct)
        for (const userId of users)
          for (const role of groupRoles.get(groupId) ?? []) add(userRoles, userId, role);

      const transitive = new Map<string, Set<string>>();
      const departments = (await deps.directory.departments()).filter((d) => d.entraGroupId !== undefined);
      for (const d of departments) {
        const groupId = (d.entraGroupId as string).toLowerCase();
        const users = await entra.transitiveUserMembers(groupId);
        if (users === null) missing.push(d.id);
        else transitive.set(groupId, new Set(users));
      }

      const known = await store.knownOids();
      const wanted = [...userRoles.keys()].filter((oid) => full || !known.has(oid));
      const details = await entra.users(wanted);
      const described = (u: EntraUser) => ({
        displayName: u.displayName ?? u.userPrincipalName ?? u.id,
        email: u.mail ?? u.userPrincipalName ?? '',
      });
      const people: { oid: string; roles: Role[]; displayName?: string; email?: string }[] = [];
      for (const [oid, roles] of userRoles) {
        const sorted = ROLES.filter((r) => roles.has(r));
        if (!details.has(oid)) {
          people.push({ oid, roles: sorted });
          continue;
        }
        const user = details.get(oid);
        // Deleted, or unable to sign in: holds nothing here.
        if (user && user.accountEnabled) people.push({ oid, roles: sorted, ...described(user) });
      }

      const outcome = await store.applySnapshot(
        { asOf: startedAt.toISOString(), people, members: { direct, transitive } },
        audit,
      );
      // Delta links move on only once what they describe is stored: a failed run is replayed from the old ones.
      for (const [key, state] of states) await store.saveState(key, state);
      if (full) await store.saveState('full', { at: startedAt.toISOString() });
      deps.cache.invalidate();
      const summary = {
        people: people.length,
        ...outcome,
        roleGroups: groupRoles.size,
        departmentGroups: transitive.size,
        missingDepartmentGroups: missing.length,
        full: full ? 1 : 0,
      };
      const status: DirectorySyncStatus = {
        startedAt: startedAt.toISOString(),
        finishedAt: clock.now().toISOString(),
        outcome: 'succeeded',
        summary,
        missingDepartmentGroups: missing,
        error: null,
      };
      await store.saveState('last-run', status);
      return summary;
    } catch (error) {
      const status: DirectorySyncStatus = {
        startedAt: startedAt.toISOString(),
        finishedAt: clock.now().toISOString(),
        outcome: 'failed',
        summary: null,
        missingDepartmentGroups: missing,
        error: describeError(error),
      };
      // The run's own failure is what the scheduler logs; not recording it is only worth a warning.
      await store
        .saveState('last-run', status)
        .catch((recordError: unknown) =>
          deps.logger.warn({ err: recordError }, 'could not record the directory sync\u2019s failure'),
        );
      throw error;
    } finally {
      await store.release(holder);
    }
  };

  return {
    run,
    /** The last run, or null before the first. */
    status: (): Promise<DirectorySyncStatus | null> => store.state<DirectorySyncStatus>('last-run'),
  };
};

export type DirectorySync = ReturnType<typeof makeDirectorySync>;
