import {
  DeltaResetError,
  type AppRoleAssignment,
  type EntraDirectory,
  type EntraUser,
  type GroupMemberChanges,
} from '../../app/entra-directory';
import { DocumentStoreError } from '../../app/document-store';
import { graphQuery, odataString, type GraphClient } from './graph-client';

/**
 * Entra ID through Microsoft Graph, with the application's own read-only permissions (docs/people.md):
 *
 * | request | permission (application, least privileged) |
 * |---|---|
 * | `GET /servicePrincipals?$filter=appId eq …`, `GET /servicePrincipals/{id}/appRoleAssignedTo` | Application.Read.All |
 * | `GET /groups/delta?$filter=id eq …&$select=members`, `GET /groups/{id}/transitiveMembers` | GroupMember.Read.All |
 * | `GET /users/{id}` | User.Read.All |
 *
 * Every collection is read to its end through `@odata.nextLink`; throttling (429 with Retry-After) and
 * transient failures are the one Graph client's to wait out.
 */

/** Graph's largest page for directory objects. */
const PAGE = 999;
/** The groups delta filters at most this many groups (https://learn.microsoft.com/graph/api/group-delta). */
export const DELTA_FILTER_LIMIT = 50;
/** Users read at once (each a request of its own, retried on its own). */
const USER_CONCURRENCY = 4;
const USER_SELECT = 'id,displayName,userPrincipalName,mail,accountEnabled';
const USER_TYPE = '#microsoft.graph.user';

interface DeltaMember {
  '@odata.type'?: string;
  id?: string;
  '@removed'?: unknown;
}

interface DeltaGroup {
  id?: string;
  'members@delta'?: DeltaMember[];
  '@removed'?: unknown;
}

interface DeltaPage {
  value?: DeltaGroup[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Delta links Graph no longer takes answer 410 Gone, or a 40x with `syncStateNotFound` (delta-query-overview). */
const isDeltaReset = (error: unknown): boolean =>
  error instanceof DocumentStoreError &&
  (error.details.status === 410 ||
    (error.details.status !== undefined &&
      error.details.status >= 400 &&
      error.details.status < 500 &&
      ['syncStateNotFound', 'resyncRequired', 'syncStateInvalid'].some(
        (code) => code.toLowerCase() === error.details.storeCode?.toLowerCase(),
      )));

export class GraphEntraDirectory implements EntraDirectory {
  constructor(private readonly graph: GraphClient) {}

  async servicePrincipal(appId: string) {
    const page = await this.graph.get<{
      value?: { id: string; appRoles?: { id: string; value?: string | null }[] }[];
    }>(
      `/servicePrincipals${graphQuery({ $filter: `appId eq ${odataString(appId)}`, $select: 'id,appRoles' })}`,
      { operation: 'find the app\u2019s service principal' },
    );
    const found = page?.value?.[0];
    if (!found) return null;
    const appRoles = new Map<string, string>();
    for (const role of found.appRoles ?? []) if (role.value) appRoles.set(role.id, role.value);
    return { id: found.id, appRoles };
  }

  async appRoleAssignments(servicePrincipalId: string): Promise<AppRoleAssignment[]> {
    const items = await this.graph.collect<Partial<AppRoleAssignment>>(
      `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo${graphQuery({
        $select: 'principalId,principalType,appRoleId',
        $top: PAGE,
      })}`,
      { operation: 'list app role assignments' },
    );
    return items.flatMap((a) =>
      typeof a.principalId === 'string' && typeof a.appRoleId === 'string'
        ? [
            {
              principalId: a.principalId.toLowerCase(),
              principalType: a.principalType ?? '',
              appRoleId: a.appRoleId,
            },
          ]
        : [],
    );
  }

  async groupMembersDelta(groupIds: readonly string[], deltaLink: string | null) {
    if (groupIds.length === 0 || groupIds.length > DELTA_FILTER_LIMIT)
      throw new RangeError(
        `The groups delta takes 1 to ${DELTA_FILTER_LIMIT} groups, not ${groupIds.length}.`,
      );
    let next: string | undefined =
      deltaLink ??
      `/groups/delta${graphQuery({
        $filter: groupIds.map((id) => `id eq ${odataString(id)}`).join(' or '),
        $select: 'members',
      })}`;
    const changes = new Map<string, GroupMemberChanges>();
    const changeFor = (groupId: string): GroupMemberChanges => {
      const found = changes.get(groupId) ?? { groupId, added: [], removed: [], groupRemoved: false };
      changes.set(groupId, found);
      return found;
    };
    for (let page = 0; next !== undefined; page += 1) {
      if (page > 10_000) throw new DocumentStoreError('failed', 'Graph paging did not end');
      let body: DeltaPage;
      try {
        body = await this.graph.get<DeltaPage>(next, { operation: 'track group members (delta)' });
      } catch (error) {
        if (isDeltaReset(error)) throw new DeltaResetError();
        throw error;
      }
      // A large group's members come over several pages, the group repeated on each: merge them all.
      for (const group of body?.value ?? []) {
        if (typeof group.id !== 'string') continue;
        const change = changeFor(group.id.toLowerCase());
        if (group['@removed'] !== undefined) change.groupRemoved = true;
        for (const member of group['members@delta'] ?? []) {
          // Only users hold roles: a nested group's members are not assigned through it.
          if (member['@odata.type'] !== USER_TYPE || typeof member.id !== 'string') continue;
          (member['@removed'] !== undefined ? change.removed : change.added).push(member.id.toLowerCase());
        }
      }
      if (body?.['@odata.deltaLink'] !== undefined)
        return { changes: [...changes.values()], deltaLink: body['@odata.deltaLink'] };
      next = body?.['@odata.nextLink'];
    }
    throw new DocumentStoreError('failed', 'The groups delta ended without a delta link.');
  }

  async transitiveUserMembers(groupId: string): Promise<string[] | null> {
    try {
      const members = await this.graph.collect<{ '@odata.type'?: string; id?: string }>(
        `/groups/${encodeURIComponent(groupId)}/transitiveMembers${graphQuery({ $select: 'id', $top: PAGE })}`,
        { operation: 'list a department group\u2019s members' },
      );
      return members.flatMap((m) =>
        m['@odata.type'] === USER_TYPE && typeof m.id === 'string' ? [m.id.toLowerCase()] : [],
      );
    } catch (error) {
      if (error instanceof DocumentStoreError && error.code === 'not-found') return null;
      throw error;
    }
  }

  async users(ids: readonly string[]): Promise<Map<string, EntraUser | null>> {
    const found = new Map<string, EntraUser | null>();
    const queue = [...new Set(ids)];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const response = await this.graph.request<Partial<EntraUser>>({
          method: 'GET',
          url: `/users/${encodeURIComponent(id)}${graphQuery({ $select: USER_SELECT })}`,
          accept: [404],
          operation: 'read a user',
        });
        const u = response.body;
        found.set(
          id,
          response.status === 404 || typeof u?.id !== 'string'
            ? null
            : {
                id: u.id.toLowerCase(),
                displayName: u.displayName ?? null,
                userPrincipalName: u.userPrincipalName ?? null,
                mail: u.mail ?? null,
                accountEnabled: u.accountEnabled !== false,
              },
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(USER_CONCURRENCY, queue.length) }, worker));
    return found;
  }
}
