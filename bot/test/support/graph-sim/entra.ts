import { randomUUID } from 'node:crypto';
import type { IssuedToken } from './auth';
import type { SimDirectoryGroup, SimDirectoryUser } from './drive-state';
import { GraphError, json, type SimRequest, type SimResponse } from './http';
import type { PathToken } from './path';

/**
 * The Entra ID side of Graph: service principals and their app role assignments, groups (direct and
 * transitive members, and the groups delta query), users. Built to Microsoft's v1.0 reference:
 *
 * - `GET /servicePrincipals?$filter=appId eq '…'` and `GET /servicePrincipals/{id}/appRoleAssignedTo`
 *   (Application.Read.All; https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto);
 * - `GET /groups/delta?$filter=id eq '…' or …&$select=members`: at most 50 ids; `members@delta` with
 *   `@odata.type` and `id`, `@removed: {reason}` for members gone; a large group's members spread over several
 *   pages with the group repeated; `@odata.nextLink` then `@odata.deltaLink`
 *   (GroupMember.Read.All; https://learn.microsoft.com/graph/api/group-delta, …/graph/delta-query-groups);
 *   a reset answers `410 Gone` with a `Location`, an expired token `400 syncStateNotFound`
 *   (https://learn.microsoft.com/graph/delta-query-overview);
 * - `GET /groups/{id}/transitiveMembers` (GroupMember.Read.All): nested groups flattened, each member with its
 *   `@odata.type`;
 * - `GET /users/{id}` with an application token (User.Read.All).
 *
 * Roles in tokens follow Entra's rule: a user holds a role assigned to them, or to a group they are a direct
 * member of; assignments do not cascade to nested groups
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal).
 */

export interface SimAppRole {
  id: string;
  value: string;
  displayName?: string;
}

/** An app registration with its service principal in the simulated tenant. */
export interface SimApplication {
  appId: string;
  /** The service principal's object id; default a new GUID. */
  servicePrincipalId?: string;
  displayName?: string;
  appRoles: SimAppRole[];
}

interface Assignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'User' | 'Group';
  principalDisplayName: string;
  resourceId: string;
  createdDateTime: string;
}

interface MemberChange {
  seq: number;
  groupId: string;
  memberId: string;
  removed: boolean;
}

interface DeltaToken {
  seq: number;
  groups: string[];
}

const USER = '#microsoft.graph.user';
const GROUP = '#microsoft.graph.group';
const DIRECTORY_PAGE = 100;
const DIRECTORY_MAX_PAGE = 999;

const READ_APPS = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const READ_MEMBERS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
];
const READ_USERS = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

const denied = (): GraphError =>
  new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

const notFound = (id: string): GraphError =>
  new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

const badFilter = (filter: string): GraphError =>
  new GraphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause: ${filter}`);

const requireApp = (token: IssuedToken, allowed: string[]): void => {
  const held = token.kind === 'app' ? token.roles : token.scopes;
  if (!held.some((p) => allowed.includes(p))) throw denied();
};

const select = (body: Record<string, unknown>, req: SimRequest, always: string[] = ['id']) => {
  const raw = req.query.get('$select');
  if (raw === null || raw.trim() === '') return body;
  const wanted = new Set([...raw.split(',').map((s) => s.trim()), ...always, '@odata.type']);
  return Object.fromEntries(Object.entries(body).filter(([k]) => wanted.has(k)));
};

const pageSize = (req: SimRequest, fallback = DIRECTORY_PAGE): number => {
  const top = req.query.get('$top');
  if (top === null) return fallback;
  if (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > DIRECTORY_MAX_PAGE)
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
    );
  return Number(top);
};

export class EntraState {
  readonly applications: Array<SimApplication & { servicePrincipalId: string }>;
  readonly assignments: Assignment[] = [];
  private readonly changes: MemberChange[] = [];
  private seq = 0;
  /** Delta tokens handed out; `resetDeltaTokens` makes Graph refuse them. */
  readonly deltaTokens = new Map<string, DeltaToken>();
  private deltaRefusal: 'gone' | 'expired' | null = null;

  constructor(
    readonly users: Array<SimDirectoryUser & Partial<EntraUserFields>>,
    readonly groups: Array<SimDirectoryGroup & { members?: string[] }>,
    applications: SimApplication[],
  ) {
    this.applications = applications.map((a) => ({
      ...a,
      servicePrincipalId: a.servicePrincipalId ?? randomUUID(),
    }));
    for (const g of groups) g.members = [...(g.members ?? [])];
  }

  // ---- what tests change -------------------------------------------------------------------------------

  addUser(user: SimDirectoryUser & Partial<EntraUserFields>): void {
    this.users.push(user);
  }

  setAccountEnabled(userId: string, enabled: boolean): void {
    const user = this.user(userId);
    if (!user) throw new Error(`No user ${userId}.`);
    user.accountEnabled = enabled;
  }

  /** Deletes a user: gone from every group and assignment, as Entra ID does. */
  removeUser(userId: string): void {
    for (const g of this.groups) if (g.members?.includes(userId)) this.removeMember(g.id, userId);
    for (let i = this.assignments.length - 1; i >= 0; i--)
      if (this.assignments[i]?.principalId === userId) this.assignments.splice(i, 1);
    this.users.splice(
      this.users.findIndex((u) => u.id === userId),
      1,
    );
  }

  addGroup(group: SimDirectoryGroup & { members?: string[] }): void {
    this.groups.push({ ...group, members: [] });
    for (const m of group.members ?? []) this.addMember(group.id, m);
  }

  addMember(groupId: string, memberId: string): void {
    const group = this.group(groupId);
    if (!group) throw new Error(`No group ${groupId}.`);
    if (group.members?.includes(memberId)) return;
    group.members?.push(memberId);
    this.changes.push({ seq: ++this.seq, groupId, memberId, removed: false });
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.group(groupId);
    if (!group?.members?.includes(memberId)) return;
    group.members = group.members.filter((m) => m !== memberId);
    this.changes.push({ seq: ++this.seq, groupId, memberId, removed: true });
  }

  /** Assigns the app's role (by its value) to a user or a group. */
  assign(appId: string, principalId: string, roleValue: string): void {
    const app = this.application(appId);
    const role = app.appRoles.find((r) => r.value === roleValue);
    if (!role) throw new Error(`The app ${appId} has no role ${roleValue}.`);
    const user = this.user(principalId);
    const group = user ? undefined : this.group(principalId);
    if (!user && !group) throw new Error(`No user or group ${principalId}.`);
    if (
      this.assignments.some(
        (a) =>
          a.principalId === principalId && a.appRoleId === role.id && a.resourceId === app.servicePrincipalId,
      )
    )
      return;
    this.assignments.push({
      id: randomUUID(),
      appRoleId: role.id,
      principalId,
      principalType: user ? 'User' : 'Group',
      principalDisplayName: user?.displayName ?? group?.displayName ?? principalId,
      resourceId: app.servicePrincipalId,
      createdDateTime: new Date().toISOString(),
    });
  }

  /** Removes the app's role (or every role of the app, without `roleValue`) from a user or group. */
  unassign(appId: string, principalId: string, roleValue?: string): void {
    const app = this.application(appId);
    const roleIds = new Set(
      app.appRoles.filter((r) => roleValue === undefined || r.value === roleValue).map((r) => r.id),
    );
    for (let i = this.assignments.length - 1; i >= 0; i--) {
      const a = this.assignments[i] as Assignment;
      if (
        a.principalId === principalId &&
        a.resourceId === app.servicePrincipalId &&
        roleIds.has(a.appRoleId)
      )
        this.assignments.splice(i, 1);
    }
  }

  /** Graph refuses every delta token handed out so far: `gone` (410, a reset) or `expired` (syncStateNotFound). */
  resetDeltaTokens(how: 'gone' | 'expired'): void {
    this.deltaRefusal = how;
    for (const token of this.deltaTokens.keys()) this.deltaTokens.set(token, { seq: -1, groups: [] });
  }

  /** The role values the app's token gives this user: assigned to them, or to a group they are directly in. */
  rolesFor(appId: string, userId: string): string[] {
    const app = this.applications.find((a) => a.appId === appId);
    if (!app) return [];
    const user = this.user(userId);
    if (!user || user.accountEnabled === false) return [];
    const direct = this.groups.filter((g) => g.members?.includes(userId)).map((g) => g.id);
    const ids = this.assignments
      .filter(
        (a) =>
          a.resourceId === app.servicePrincipalId &&
          (a.principalId === userId || direct.includes(a.principalId)),
      )
      .map((a) => a.appRoleId);
    return [...new Set(app.appRoles.filter((r) => ids.includes(r.id)).map((r) => r.value))];
  }

  // ---- lookups -------------------------------------------------------------------------------------------

  user(id: string) {
    return this.users.find((u) => u.id === id);
  }

  group(id: string) {
    return this.groups.find((g) => g.id === id);
  }

  application(appId: string) {
    const app = this.applications.find((a) => a.appId === appId);
    if (!app) throw new Error(`No application ${appId}.`);
    return app;
  }

  /** Users in the group, through nested groups too (each once), and the nested groups themselves. */
  transitive(groupId: string): { users: string[]; groups: string[] } {
    const users = new Set<string>();
    const groups = new Set<string>();
    const walk = (id: string) => {
      for (const m of this.group(id)?.members ?? []) {
        if (this.group(m)) {
          if (groups.has(m)) continue;
          groups.add(m);
          walk(m);
        } else users.add(m);
      }
    };
    walk(groupId);
    return { users: [...users], groups: [...groups] };
  }

  userJson(user: SimDirectoryUser & Partial<EntraUserFields>): Record<string, unknown> {
    return {
      '@odata.type': USER,
      id: user.id,
      displayName: user.displayName ?? null,
      userPrincipalName: user.userPrincipalName ?? user.email ?? null,
      mail: user.mail ?? user.email ?? null,
      accountEnabled: user.accountEnabled ?? true,
    };
  }

  // ---- delta ---------------------------------------------------------------------------------------------

  currentSeq(): number {
    return this.seq;
  }

  /** Net member changes of `groups` after `since`: the last change to each (group, member) wins. */
  changesSince(since: number, groups: string[]): MemberChange[] {
    const net = new Map<string, MemberChange>();
    for (const c of this.changes)
      if (c.seq > since && groups.includes(c.groupId)) net.set(`${c.groupId} ${c.memberId}`, c);
    return [...net.values()];
  }

  refusal(): 'gone' | 'expired' | null {
    return this.deltaRefusal;
  }
}

export interface EntraUserFields {
  userPrincipalName: string;
  mail: string;
  accountEnabled: boolean;
}

/** Entra routes; `graphBaseUrl` is where nextLinks and deltaLinks point. */
export class EntraRoutes {
  /** Opaque skip tokens of paged listings and delta rounds. */
  private readonly pages = new Map<
    string,
    { items: unknown[]; offset: number; size: number; deltaAfter?: DeltaToken }
  >();

  constructor(
    private readonly state: EntraState,
    private readonly graphBaseUrl: () => string,
    private readonly deltaPageSize: number,
    /** The most a page of a directory listing holds, whatever `$top` asks (Graph may give fewer). */
    private readonly maxPageSize: number = DIRECTORY_MAX_PAGE,
  ) {}

  servicePrincipals(req: SimRequest, token: IssuedToken, rest: PathToken[]): SimResponse {
    requireApp(token, READ_APPS);
    if (req.method !== 'GET') throw new GraphError(405, 'Request_BadRequest', 'Only GET is simulated here.');
    const [id, nav, ...more] = rest;
    if (!id) {
      const filter = req.query.get('$filter') ?? '';
      const match = /^\s*appId\s+eq\s+'([^']*)'\s*$/i.exec(filter);
      if (!match) throw badFilter(filter);
      const found = this.state.applications.filter((a) => a.appId === match[1]);
      return json(200, {
        '@odata.context': `${this.graphBaseUrl()}/$metadata#servicePrincipals`,
        value: found.map((a) =>
          select(
            {
              id: a.servicePrincipalId,
              appId: a.appId,
              displayName: a.displayName ?? a.appId,
              appRoles: a.appRoles.map((r) => ({
                allowedMemberTypes: ['User'],
                description: r.displayName ?? r.value,
                displayName: r.displayName ?? r.value,
                id: r.id,
                isEnabled: true,
                origin: 'Application',
                value: r.value,
              })),
            },
            req,
          ),
        ),
      });
    }
    const app = this.state.applications.find((a) => a.servicePrincipalId === id.segment);
    if (!app) throw notFound(id.segment);
    if (nav?.segment !== 'appRoleAssignedTo' || more.length > 0)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `The simulation serves appRoleAssignedTo only, not '${nav?.segment ?? ''}'.`,
      );
    const items = this.state.assignments
      .filter((a) => a.resourceId === app.servicePrincipalId)
      .map((a) =>
        select({ ...a, resourceDisplayName: app.displayName ?? app.appId, deletedDateTime: null }, req),
      );
    return this.page(req, `servicePrincipals/${id.segment}/appRoleAssignedTo`, items);
  }

  groups(req: SimRequest, token: IssuedToken, rest: PathToken[]): SimResponse {
    requireApp(token, READ_MEMBERS);
    if (req.method !== 'GET') throw new GraphError(405, 'Request_BadRequest', 'Only GET is simulated here.');
    const [id, nav, ...more] = rest;
    if (id?.segment === 'delta' || id?.segment === 'microsoft.graph.delta') {
      if (nav) throw new GraphError(400, 'Request_BadRequest', 'Nothing may follow delta.');
      return this.delta(req);
    }
    if (!id) throw new GraphError(400, 'Request_BadRequest', 'Listing all groups is not simulated.');
    const group = this.state.group(id.segment);
    if (!group) throw notFound(id.segment);
    if (nav?.segment !== 'transitiveMembers' || more.length > 0)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `The simulation serves transitiveMembers only, not '${nav?.segment ?? ''}'.`,
      );
    const { users, groups } = this.state.transitive(group.id);
    const items = [
      ...users.flatMap((u) => {
        const user = this.state.user(u);
        return user ? [select(this.state.userJson(user), req)] : [];
      }),
      ...groups.map((g) =>
        select({ '@odata.type': GROUP, id: g, displayName: this.state.group(g)?.displayName ?? null }, req),
      ),
    ];
    return this.page(req, `groups/${group.id}/transitiveMembers`, items);
  }

  user(req: SimRequest, token: IssuedToken, userId: string): SimResponse {
    requireApp(token, READ_USERS);
    if (req.method !== 'GET') throw new GraphError(405, 'Request_BadRequest', 'Only GET is simulated here.');
    const user =
      this.state.user(userId) ??
      this.state.users.find((u) => u.userPrincipalName?.toLowerCase() === userId.toLowerCase());
    if (!user) throw notFound(userId);
    const body = this.state.userJson(user);
    delete body['@odata.type'];
    return json(200, {
      '@odata.context': `${this.graphBaseUrl()}/$metadata#users/$entity`,
      ...select(body, req),
    });
  }

  /** A listing, paged with an opaque `$skiptoken`. */
  private page(req: SimRequest, path: string, items: unknown[]): SimResponse {
    const skip = req.query.get('$skiptoken');
    let offset = 0;
    let size = Math.min(pageSize(req), this.maxPageSize);
    if (skip !== null) {
      const saved = this.pages.get(skip);
      if (!saved) throw new GraphError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
      offset = saved.offset;
      size = saved.size;
      items = saved.items;
    }
    const value = items.slice(offset, offset + size);
    const body: Record<string, unknown> = {
      '@odata.context': `${this.graphBaseUrl()}/$metadata#directoryObjects`,
      value,
    };
    if (offset + size < items.length) {
      const next = randomUUID().replace(/-/g, '');
      this.pages.set(next, { items, offset: offset + size, size });
      body['@odata.nextLink'] = `${this.graphBaseUrl()}/${path}?$skiptoken=${next}`;
    }
    return json(200, body);
  }

  private delta(req: SimRequest): SimResponse {
    const deltaToken = req.query.get('$deltatoken');
    const skipToken = req.query.get('$skiptoken');
    if (skipToken !== null) {
      const saved = this.pages.get(skipToken);
      if (!saved?.deltaAfter) throw new GraphError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
      return this.deltaPage(saved.items, saved.offset, saved.deltaAfter);
    }
    let since = -1;
    let groups: string[];
    if (deltaToken !== null) {
      const saved = this.state.deltaTokens.get(deltaToken);
      if (!saved || saved.seq < 0) {
        if (this.state.refusal() === 'gone')
          throw new GraphError(
            410,
            'resyncRequired',
            'The delta token is no longer valid: resynchronise.',
            undefined,
            {
              location: `${this.graphBaseUrl()}/groups/delta?$deltatoken=`,
            },
          );
        throw new GraphError(400, 'syncStateNotFound', 'The sync state for this delta token was not found.');
      }
      since = saved.seq;
      groups = saved.groups;
    } else {
      const filter = req.query.get('$filter') ?? '';
      // The only filter the groups delta takes: `id eq '…'`, joined by `or`.
      const ids = filter.split(/\s+or\s+/i).map((clause) => /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(clause)?.[1]);
      if (ids.some((id) => id === undefined)) throw badFilter(filter);
      if (ids.length > 50)
        throw new GraphError(
          400,
          'Request_UnsupportedQuery',
          'The number of filtered objects exceeds the limit of 50.',
        );
      const selected = (req.query.get('$select') ?? '').split(',').map((s) => s.trim());
      if (!selected.includes('members'))
        throw new GraphError(
          400,
          'Request_BadRequest',
          'The simulation tracks membership only: use $select=members.',
        );
      groups = ids as string[];
    }
    const after: DeltaToken = { seq: this.state.currentSeq(), groups };
    // One entry per member change; a large group's entries spread over pages, the group repeated on each.
    const entries: Array<{ groupId: string; member?: Record<string, unknown>; groupRemoved?: boolean }> = [];
    for (const groupId of groups) {
      const group = this.state.group(groupId);
      if (since < 0) {
        if (!group) continue;
        const members = group.members ?? [];
        if (members.length === 0) entries.push({ groupId });
        for (const m of members)
          entries.push({ groupId, member: { '@odata.type': this.state.group(m) ? GROUP : USER, id: m } });
      } else {
        if (!group) {
          entries.push({ groupId, groupRemoved: true });
          continue;
        }
        for (const c of this.state.changesSince(since, [groupId]))
          entries.push({
            groupId,
            member: {
              '@odata.type': this.state.group(c.memberId) ? GROUP : USER,
              id: c.memberId,
              ...(c.removed ? { '@removed': { reason: 'deleted' } } : {}),
            },
          });
      }
    }
    return this.deltaPage(entries, 0, after);
  }

  private deltaPage(entries: unknown[], offset: number, after: DeltaToken): SimResponse {
    const slice = entries.slice(offset, offset + this.deltaPageSize) as Array<{
      groupId: string;
      member?: Record<string, unknown>;
      groupRemoved?: boolean;
    }>;
    const byGroup = new Map<string, Record<string, unknown>>();
    for (const e of slice) {
      const group =
        byGroup.get(e.groupId) ??
        (e.groupRemoved ? { id: e.groupId, '@removed': { reason: 'deleted' } } : { id: e.groupId });
      byGroup.set(e.groupId, group);
      if (e.member)
        group['members@delta'] = [...((group['members@delta'] as unknown[] | undefined) ?? []), e.member];
    }
    const body: Record<string, unknown> = {
      '@odata.context': `${this.graphBaseUrl()}/$metadata#groups(members)`,
      value: [...byGroup.values()],
    };
    if (offset + this.deltaPageSize < entries.length) {
      const next = randomUUID().replace(/-/g, '');
      this.pages.set(next, {
        items: entries,
        offset: offset + this.deltaPageSize,
        size: this.deltaPageSize,
        deltaAfter: after,
      });
      body['@odata.nextLink'] = `${this.graphBaseUrl()}/groups/delta?$skiptoken=${next}`;
    } else {
      const token = randomUUID().replace(/-/g, '');
      this.state.deltaTokens.set(token, after);
      body['@odata.deltaLink'] = `${this.graphBaseUrl()}/groups/delta?$deltatoken=${token}`;
    }
    return json(200, body);
  }
}
