import type { IssuedToken, TokenService } from './auth';
import type {
  Actor,
  ConflictBehavior,
  DriveState,
  Grant,
  Grantee,
  Item,
  SimDirectoryGroup,
  SiteRole,
} from './drive-state';
import {
  bytes,
  empty,
  GraphError,
  isRecord,
  json,
  parseJsonBody,
  type SimRequest,
  type SimResponse,
} from './http';
import type { MailState, StoredMessage } from './mail';
import type { EntraRoutes } from './entra';
import { parseGraphPath, PathSyntaxError, type PathToken } from './path';

/**
 * Graph v1.0 routes: drives and their items (by id and by path), sites, sharing, mail. Every route
 * authenticates the bearer token first; drive routes then check the app's site permission (Sites.Selected plus
 * a grant) or a tenant-wide permission; mail routes a delegated Mail.Read (or the app role for /users).
 */

export interface GraphRouterOptions {
  tokens: TokenService;
  drives: DriveState;
  mail: MailState;
  /** Service principals, groups and users of Entra ID. */
  entra: EntraRoutes;
  /** `https://127.0.0.1:port/v1.0`: nextLinks point here. */
  graphBaseUrl: () => string;
  defaultPageSize: number;
  simpleUploadLimit: number;
  /** Site roles a Sites.Selected app needs to share (invite) or read permissions. */
  sharingRoles: SiteRole[];
}

const segmentNotFound = (segment: string): GraphError =>
  new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

const methodNotAllowed = (method: string): GraphError =>
  new GraphError(405, 'BadRequest', `The HTTP method '${method}' is not allowed for the requested resource.`);

const accessDenied = (message = 'Access denied'): GraphError => new GraphError(403, 'accessDenied', message);

const TENANT_WIDE_WRITE = [
  'Sites.FullControl.All',
  'Sites.Manage.All',
  'Sites.ReadWrite.All',
  'Files.ReadWrite.All',
];
const TENANT_WIDE_READ = ['Sites.Read.All', 'Files.Read.All'];
const DELEGATED_WRITE = [
  'Files.ReadWrite.All',
  'Sites.ReadWrite.All',
  'Sites.Manage.All',
  'Sites.FullControl.All',
];
const DELEGATED_READ = ['Files.Read.All', 'Sites.Read.All'];
const MAIL_SCOPES = ['Mail.Read', 'Mail.ReadWrite'];

const conflictValue = (value: unknown, fallback: ConflictBehavior): ConflictBehavior => {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === 'fail' || value === 'replace' || value === 'rename') return value;
  throw new GraphError(
    400,
    'invalidRequest',
    `Invalid value '${JSON.stringify(value)}' for @microsoft.graph.conflictBehavior.`,
  );
};

const positiveInt = (name: string, value: string | null): number | undefined => {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 0) {
    throw new GraphError(400, 'BadRequest', `Invalid value '${value}' for query option '${name}'.`);
  }
  return Number(value);
};

/** `$select=a,b`: only those properties (plus what `always` names), as Graph's `$select`. */
const applySelect = (
  body: Record<string, unknown>,
  select: string | null,
  always: string[] = [],
): Record<string, unknown> => {
  if (select === null || select.trim() === '') return body;
  const wanted = new Set([...select.split(',').map((s) => s.trim()), ...always]);
  return Object.fromEntries(Object.entries(body).filter(([k]) => wanted.has(k)));
};

const actorOf = (token: IssuedToken): Actor =>
  token.kind === 'app'
    ? { kind: 'application', id: token.appId }
    : { kind: 'user', id: token.oid ?? '', email: token.upn };

/** A query string as Graph writes nextLinks: `$` names literal, values percent-encoded. */
const queryString = (params: Array<[string, string]>): string =>
  params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

/** Only the query options a route tolerates reach it; names are checked by the conformance checker, not here. */
const queryOf = (req: SimRequest, name: string): string | null => req.query.get(name);

type Drive = ReturnType<DriveState['drive']>;
/** An addressed item: found (`missing` empty) or the deepest folder found and the names below it. */
interface Resolved {
  item: Item;
  missing: string[];
  /** Addressed by a path (`:/a/b:`) rather than by id: a name in a folder, so conflict behaviour applies. */
  viaPath: boolean;
}
type Site = ReturnType<DriveState['site']>;

export class GraphRouter {
  /** Opaque `$skiptoken`s of children listings, so a nextLink cannot be built by hand. */
  private readonly skipTokens = new Map<string, { driveId: string; itemId: string; offset: number }>();
  private nextSkipToken = 1;

  constructor(private readonly o: GraphRouterOptions) {}

  /** `req.path` starts with `/v1.0/`. */
  handle(req: SimRequest): SimResponse {
    const token = this.o.tokens.authenticate(req.headers.authorization);
    let tokens: PathToken[];
    try {
      tokens = parseGraphPath(req.path.slice('/v1.0'.length));
    } catch (error) {
      if (error instanceof PathSyntaxError)
        throw new GraphError(400, 'invalidRequest', error.message, 'invalidPath');
      throw error;
    }
    const [first, ...rest] = tokens;
    if (!first) throw new GraphError(400, 'BadRequest', 'Invalid request: no resource segment.');
    switch (first.segment) {
      case 'drives': {
        const [id, ...after] = rest;
        if (!id)
          throw new GraphError(400, 'BadRequest', 'Listing all drives of the tenant is not supported.');
        if (id.address) throw segmentNotFound(`${id.segment}:`);
        return this.driveRoutes(req, token, this.o.drives.drive(id.segment), after);
      }
      case 'sites':
        return this.siteRoutes(req, token, rest);
      case 'me':
        if (token.kind !== 'user') {
          throw new GraphError(
            400,
            'BadRequest',
            '/me request is only valid with delegated authentication flow.',
          );
        }
        return this.userRoutes(req, token, token.oid ?? '', rest, true);
      case 'users': {
        const [id, ...after] = rest;
        if (!id)
          throw new GraphError(
            403,
            'Authorization_RequestDenied',
            'Insufficient privileges to complete the operation.',
          );
        // An application reading a user (the directory sync): Entra's user, with User.Read.All.
        if (token.kind === 'app' && after.length === 0) return this.o.entra.user(req, token, id.segment);
        return this.userRoutes(req, token, id.segment, after, false);
      }
      case 'servicePrincipals':
        return this.o.entra.servicePrincipals(req, token, rest);
      case 'shares':
        return this.shareRoutes(req, token, rest);
      case 'groups':
        return this.o.entra.groups(req, token, rest);
      default:
        throw segmentNotFound(first.segment);
    }
  }

  // ---- sites and drives ----------------------------------------------------------------------------------

  private authorizeSite(token: IssuedToken, site: Site, need: 'read' | 'write' | 'share'): void {
    if (token.kind === 'app') {
      if (token.roles.some((r) => TENANT_WIDE_WRITE.includes(r))) return;
      if (need === 'read' && token.roles.some((r) => TENANT_WIDE_READ.includes(r))) return;
      if (token.roles.includes('Sites.Selected')) {
        const roles = this.o.drives.siteRoles(site, token.appId);
        if (roles.length === 0) throw accessDenied();
        if (need === 'read') return;
        if (need === 'write' && roles.some((r) => r !== 'read')) return;
        if (need === 'share' && roles.some((r) => this.o.sharingRoles.includes(r))) return;
        throw accessDenied();
      }
      if (token.roles.some((r) => TENANT_WIDE_READ.includes(r))) throw accessDenied();
      throw new GraphError(403, 'accessDenied', 'Either scp or roles claim need to be present in the token.');
    }
    if (token.scopes.some((s) => DELEGATED_WRITE.includes(s))) return;
    if (need === 'read' && token.scopes.some((s) => DELEGATED_READ.includes(s))) return;
    throw accessDenied();
  }

  private siteRoutes(req: SimRequest, token: IssuedToken, tokens: PathToken[]): SimResponse {
    const [id, ...rest] = tokens;
    if (!id) throw new GraphError(400, 'BadRequest', 'Searching sites is not supported by the simulation.');
    const site = id.address
      ? this.o.drives.siteByPath(id.segment, id.address.join('/'))
      : this.o.drives.site(id.segment);
    this.authorizeSite(token, site, 'read');
    const [next, ...after] = rest;
    if (!next) {
      if (req.method !== 'GET') throw methodNotAllowed(req.method);
      return json(200, applySelect(this.o.drives.siteJson(site), queryOf(req, '$select')));
    }
    if (next.segment === 'drive' && !next.address) {
      const drive = site.drives[0];
      if (!drive) throw new GraphError(404, 'itemNotFound', 'The site has no drive.');
      return this.driveRoutes(req, token, drive, after);
    }
    if (next.segment === 'drives' && !next.address) {
      const [driveId, ...more] = after;
      if (!driveId) {
        if (req.method !== 'GET') throw methodNotAllowed(req.method);
        return json(200, {
          value: site.drives.map((d) => applySelect(this.o.drives.driveJson(d), queryOf(req, '$select'))),
        });
      }
      const drive = site.drives.find((d) => d.id === driveId.segment);
      if (!drive) throw new GraphError(404, 'itemNotFound', 'The drive could not be found.');
      return this.driveRoutes(req, token, drive, more);
    }
    throw segmentNotFound(next.segment);
  }

  private driveRoutes(req: SimRequest, token: IssuedToken, drive: Drive, tokens: PathToken[]): SimResponse {
    const need = req.method === 'GET' ? 'read' : 'write';
    this.authorizeSite(token, drive.site, need);
    const [next, ...rest] = tokens;
    if (!next) {
      if (req.method !== 'GET') throw methodNotAllowed(req.method);
      return json(200, applySelect(this.o.drives.driveJson(drive), queryOf(req, '$select')));
    }
    let base: Item;
    let after: PathToken[];
    let addressed: PathToken;
    if (next.segment === 'root') {
      base = this.o.drives.root(drive);
      after = rest;
      addressed = next;
    } else if (next.segment === 'items' && !next.address) {
      const [id, ...more] = rest;
      if (!id)
        throw new GraphError(
          400,
          'BadRequest',
          'Listing all items of a drive is not supported; use root/children.',
        );
      base = this.o.drives.item(drive.id, id.segment);
      after = more;
      addressed = id;
    } else {
      throw segmentNotFound(next.segment);
    }
    const resolved: Resolved = addressed.address
      ? { ...this.o.drives.resolve(base, addressed.address), viaPath: addressed.address.length > 0 }
      : { item: base, missing: [], viaPath: false };
    return this.itemRoutes(req, token, drive, resolved, after);
  }

  private itemRoutes(
    req: SimRequest,
    token: IssuedToken,
    drive: Drive,
    resolved: Resolved,
    tokens: PathToken[],
  ): SimResponse {
    const state = this.o.drives;
    const existing = (): Item => {
      if (resolved.missing.length > 0)
        throw new GraphError(404, 'itemNotFound', 'The resource could not be found.');
      return resolved.item;
    };
    const [next, ...rest] = tokens;
    const op = next?.segment.replace(/^microsoft\.graph\./, '');
    if (next?.address) throw segmentNotFound(`${next.segment}:`);
    if (!next) {
      const item = existing();
      if (req.method === 'GET') return this.itemResponse(req, item);
      if (req.method === 'PATCH') return this.patchItem(req, token, drive, item);
      if (req.method === 'DELETE') {
        state.checkIfMatch(item, req.headers['if-match']);
        state.remove(item);
        return empty(204);
      }
      throw methodNotAllowed(req.method);
    }
    if (op === 'children') {
      const item = existing();
      const [childId, ...more] = rest;
      if (childId) {
        if (more.length > 0) throw segmentNotFound(more[0]?.segment ?? '');
        const child = state.item(drive.id, childId.segment);
        if (child.parentId !== item.id)
          throw new GraphError(404, 'itemNotFound', 'The resource could not be found.');
        if (req.method !== 'GET') throw methodNotAllowed(req.method);
        return this.itemResponse(req, child);
      }
      if (req.method === 'GET') return this.listChildren(req, drive, item);
      if (req.method === 'POST') return this.createFolder(req, token, drive, item);
      throw methodNotAllowed(req.method);
    }
    if (rest.length > 0 && op !== 'permissions') throw segmentNotFound(rest[0]?.segment ?? '');
    if (op === 'content') {
      if (req.method === 'GET') {
        const item = existing();
        if (item.kind !== 'file') throw new GraphError(400, 'invalidRequest', 'Only files have content.');
        return empty(302, { location: state.downloadUrl(item) });
      }
      if (req.method === 'PUT') return this.simpleUpload(req, token, drive, resolved);
      throw methodNotAllowed(req.method);
    }
    if (op === 'createUploadSession') {
      if (req.method !== 'POST') throw methodNotAllowed(req.method);
      return this.createUploadSession(req, token, drive, resolved);
    }
    if (op === 'invite') {
      if (req.method !== 'POST') throw methodNotAllowed(req.method);
      this.authorizeSite(token, drive.site, 'share');
      return this.invite(req, existing());
    }
    if (op === 'permissions') {
      this.authorizeSite(token, drive.site, 'share');
      const item = existing();
      const [permissionId, ...more] = rest;
      if (more.length > 0) throw segmentNotFound(more[0]?.segment ?? '');
      const all = state.permissions(item);
      if (!permissionId) {
        if (req.method !== 'GET') throw methodNotAllowed(req.method);
        return json(200, { value: all.map((p) => this.permissionJson(p.grant, p.inheritedFrom)) });
      }
      const found = all.find((p) => p.grant.id === permissionId.segment);
      if (!found) throw new GraphError(404, 'itemNotFound', 'The permission could not be found.');
      if (req.method === 'GET') return json(200, this.permissionJson(found.grant, found.inheritedFrom));
      if (req.method === 'DELETE') {
        if (found.inheritedFrom)
          throw new GraphError(400, 'invalidRequest', 'An inherited permission cannot be removed here.');
        item.grants = item.grants.filter((g) => g.id !== found.grant.id);
        return empty(204);
      }
      throw methodNotAllowed(req.method);
    }
    throw segmentNotFound(next.segment);
  }

  private itemResponse(req: SimRequest, item: Item): SimResponse {
    const state = this.o.drives;
    const body = state.toJson(item, { downloadUrl: true });
    const expand = queryOf(req, '$expand') ?? '';
    if (item.kind !== 'file' && /(^|,)\s*children\b/.test(expand)) {
      body.children = state
        .children(item)
        .slice(0, this.o.defaultPageSize)
        .map((c) => state.toJson(c, { downloadUrl: true }));
    }
    return json(
      200,
      applySelect(body, queryOf(req, '$select'), expand.includes('children') ? ['children'] : []),
      {
        etag: state.eTag(item),
      },
    );
  }

  private listChildren(req: SimRequest, drive: Drive, folder: Item): SimResponse {
    const state = this.o.drives;
    const skipToken = queryOf(req, '$skiptoken');
    let offset = 0;
    if (skipToken !== null) {
      const saved = this.skipTokens.get(skipToken);
      if (!saved || saved.itemId !== folder.id || saved.driveId !== drive.id) {
        throw new GraphError(400, 'invalidRequest', 'Invalid $skiptoken.');
      }
      offset = saved.offset;
    }
    const top = positiveInt('$top', queryOf(req, '$top')) ?? this.o.defaultPageSize;
    if (top === 0) throw new GraphError(400, 'BadRequest', "Invalid value '0' for query option '$top'.");
    const pageSize = Math.min(top, this.o.defaultPageSize);
    const all = state.children(folder);
    const page = all.slice(offset, offset + pageSize);
    const select = queryOf(req, '$select');
    const body: Record<string, unknown> = {
      '@odata.context': `${this.o.graphBaseUrl()}/$metadata#drives('${drive.id}')/items('${folder.id}')/children`,
      value: page.map((c) => applySelect(state.toJson(c, { downloadUrl: true }), select)),
    };
    if (offset + pageSize < all.length) {
      const token = `${this.nextSkipToken++}.${Math.random().toString(36).slice(2)}`;
      this.skipTokens.set(token, { driveId: drive.id, itemId: folder.id, offset: offset + pageSize });
      const params: Array<[string, string]> = [['$top', String(top)]];
      if (select !== null) params.push(['$select', select]);
      params.push(['$skiptoken', token]);
      body['@odata.nextLink'] =
        `${this.o.graphBaseUrl()}/drives/${drive.id}/items/${folder.id}/children?${queryString(params)}`;
    }
    return json(200, body);
  }

  private createFolder(req: SimRequest, token: IssuedToken, drive: Drive, parent: Item): SimResponse {
    const body = parseJsonBody(req);
    if (typeof body.name !== 'string')
      throw new GraphError(400, 'invalidRequest', "The 'name' property is required.");
    if (!isRecord(body.folder)) {
      throw new GraphError(
        400,
        'invalidRequest',
        'Only folders can be created this way: the body needs a folder facet.',
      );
    }
    const conflict = conflictValue(
      body['@microsoft.graph.conflictBehavior'] ?? queryOf(req, '@microsoft.graph.conflictBehavior'),
      'fail',
    );
    const { item, status } = this.o.drives.createFolder(drive, parent, body.name, conflict, actorOf(token));
    return json(status, this.o.drives.toJson(item));
  }

  private patchItem(req: SimRequest, token: IssuedToken, drive: Drive, item: Item): SimResponse {
    const state = this.o.drives;
    state.checkIfMatch(item, req.headers['if-match']);
    const body = parseJsonBody(req);
    let parent: Item | undefined;
    const ref = body.parentReference;
    if (ref !== undefined) {
      if (!isRecord(ref)) throw new GraphError(400, 'invalidRequest', 'parentReference must be an object.');
      if (ref.driveId !== undefined && ref.driveId !== drive.id) {
        throw new GraphError(
          400,
          'invalidRequest',
          'Moving to another drive is not supported by PATCH; use copy.',
        );
      }
      if (typeof ref.id === 'string') parent = state.item(drive.id, ref.id);
      else if (typeof ref.path === 'string') {
        const prefix = `/drives/${drive.id}/root:`;
        if (!ref.path.startsWith(prefix))
          throw new GraphError(400, 'invalidRequest', 'Invalid parentReference.path.');
        const segments = ref.path
          .slice(prefix.length)
          .split('/')
          .filter((s) => s !== '');
        const resolved = state.resolve(state.root(drive), segments);
        if (resolved.missing.length > 0)
          throw new GraphError(404, 'itemNotFound', 'The destination folder does not exist.');
        parent = resolved.item;
      } else throw new GraphError(400, 'invalidRequest', 'parentReference needs an id or a path.');
    }
    if (body.name !== undefined && typeof body.name !== 'string')
      throw new GraphError(400, 'invalidRequest', 'name must be a string.');
    const conflict = conflictValue(
      queryOf(req, '@microsoft.graph.conflictBehavior') ?? body['@microsoft.graph.conflictBehavior'],
      'fail',
    );
    const updated = state.update(drive, item, { name: body.name, parent }, conflict, actorOf(token));
    return json(200, state.toJson(updated), { etag: state.eTag(updated) });
  }

  private simpleUpload(req: SimRequest, token: IssuedToken, drive: Drive, resolved: Resolved): SimResponse {
    const state = this.o.drives;
    if (req.body.length > this.o.simpleUploadLimit) {
      throw new GraphError(
        413,
        'requestTooLarge',
        `Simple upload supports files up to ${this.o.simpleUploadLimit} bytes; use an upload session.`,
      );
    }
    const conflict = conflictValue(queryOf(req, '@microsoft.graph.conflictBehavior'), 'replace');
    const actor = actorOf(token);
    if (resolved.missing.length === 0) {
      const item = resolved.item;
      if (item.kind !== 'file') {
        if (resolved.viaPath)
          throw new GraphError(409, 'nameAlreadyExists', 'A folder with this name already exists.');
        throw new GraphError(400, 'invalidRequest', 'Content can only be written to a file.');
      }
      state.checkIfMatch(item, req.headers['if-match']);
      // By id: new content for this file. By path: a name in a folder, so the conflict behaviour decides.
      if (!resolved.viaPath || conflict === 'replace') {
        const { item: stored } = state.storeFile(drive, { existing: item }, req.body, conflict, actor);
        return json(200, state.toJson(stored));
      }
      const parent = state.items.get(item.parentId ?? '') as Item;
      const { item: stored, created } = state.storeFile(
        drive,
        { parent, folders: [], name: item.name },
        req.body,
        conflict,
        actor,
      );
      return json(created ? 201 : 200, state.toJson(stored));
    }
    const folders = resolved.missing.slice(0, -1);
    const name = resolved.missing[resolved.missing.length - 1] ?? '';
    const { item, created } = state.storeFile(
      drive,
      { parent: resolved.item, folders, name },
      req.body,
      conflict,
      actor,
    );
    return json(created ? 201 : 200, state.toJson(item));
  }

  private createUploadSession(
    req: SimRequest,
    token: IssuedToken,
    drive: Drive,
    resolved: Resolved,
  ): SimResponse {
    const state = this.o.drives;
    const body = parseJsonBody(req);
    const item = isRecord(body.item) ? body.item : {};
    const conflict = conflictValue(
      item['@microsoft.graph.conflictBehavior'] ?? queryOf(req, '@microsoft.graph.conflictBehavior'),
      'fail',
    );
    const deferCommit = body.deferCommit === true;
    const fileSize = typeof item.fileSize === 'number' ? item.fileSize : undefined;
    const existingItem = resolved.missing.length === 0 ? resolved.item : undefined;
    if (existingItem) {
      state.checkIfMatch(existingItem, req.headers['if-match']);
      if (req.headers['if-none-match']?.trim() === '*') {
        throw new GraphError(412, 'preconditionFailed', 'The item already exists (If-None-Match: *).');
      }
    }
    if (fileSize !== undefined && drive.quotaBytes !== undefined && fileSize > state.quota(drive).remaining) {
      throw new GraphError(507, 'quotaLimitReached', 'Insufficient Space Available');
    }
    let session;
    if (existingItem && existingItem.kind === 'file') {
      session = state.createUploadSession({
        driveId: drive.id,
        parentId: existingItem.parentId ?? '',
        pendingFolders: [],
        name: existingItem.name,
        // Addressed by id: new content for this file. By path: a name in the folder, the conflict rule applies.
        targetItemId: resolved.viaPath ? undefined : existingItem.id,
        conflict,
        deferCommit,
        total: fileSize ?? null,
        actor: actorOf(token),
      });
    } else if (existingItem) {
      throw new GraphError(400, 'invalidRequest', 'An upload session needs a file name, not a folder.');
    } else {
      const folders = resolved.missing.slice(0, -1);
      const name = resolved.missing[resolved.missing.length - 1] ?? '';
      state.checkNewPath(drive, resolved.item, folders, name);
      if (resolved.item.kind === 'file') throw new GraphError(400, 'invalidRequest', 'The parent is a file.');
      session = state.createUploadSession({
        driveId: drive.id,
        parentId: resolved.item.id,
        pendingFolders: folders,
        name,
        targetItemId: undefined,
        conflict,
        deferCommit,
        total: fileSize ?? null,
        actor: actorOf(token),
      });
    }
    return json(200, {
      '@odata.context': `${this.o.graphBaseUrl()}/$metadata#microsoft.graph.uploadSession`,
      uploadUrl: state.uploadUrl(session),
      expirationDateTime: new Date(session.expiresAt).toISOString(),
      nextExpectedRanges: ['0-'],
    });
  }

  private invite(req: SimRequest, item: Item): SimResponse {
    const state = this.o.drives;
    const body = parseJsonBody(req);
    const recipients = body.recipients;
    if (!Array.isArray(recipients) || recipients.length === 0) {
      throw new GraphError(400, 'invalidRequest', "The 'recipients' parameter is required.");
    }
    const roles = body.roles;
    if (!Array.isArray(roles) || roles.length !== 1 || (roles[0] !== 'read' && roles[0] !== 'write')) {
      throw new GraphError(400, 'invalidRequest', 'The \'roles\' parameter must be ["read"] or ["write"].');
    }
    const groupGrantee = (group: SimDirectoryGroup): Grantee => ({
      kind: 'group',
      objectId: group.id,
      email: group.email,
      displayName: group.displayName,
    });
    // driveRecipient: "the email, alias, or objectId of the recipient. Only one of these values is required;
    // multiple values are not accepted" (https://learn.microsoft.com/graph/api/resources/driverecipient).
    const grantees: Grantee[] = recipients.map((r: unknown) => {
      if (!isRecord(r)) throw new GraphError(400, 'invalidRequest', 'Each recipient must be an object.');
      const given = ['email', 'alias', 'objectId'].filter((k) => r[k] !== undefined);
      if (given.length > 1)
        throw new GraphError(400, 'invalidRequest', 'One of the provided arguments is not acceptable.');
      if (typeof r.objectId === 'string') {
        const user = state.directoryUser(r.objectId);
        if (user)
          return { kind: 'user', objectId: user.id, email: user.email, displayName: user.displayName };
        // Observed: a group named by its object id is not found ("One of the provided recipients could not
        // be found"; https://github.com/OneDrive/onedrive-api-docs/issues/805). Name it by e-mail or alias.
        if (state.directoryGroup(r.objectId))
          throw new GraphError(404, 'itemNotFound', 'One of the provided recipients could not be found');
        if (state.hasDirectory())
          throw new GraphError(400, 'invalidRequest', 'One or more users could not be resolved.');
        return { kind: 'user', objectId: r.objectId };
      }
      if (typeof r.email === 'string') {
        const user = state.directoryUserByEmail(r.email);
        if (user)
          return { kind: 'user', objectId: user.id, email: user.email, displayName: user.displayName };
        const group = state.directoryGroupByEmail(r.email);
        if (group) return groupGrantee(group);
        return { kind: 'user', email: r.email };
      }
      if (typeof r.alias === 'string') {
        const group = state.directoryGroupByAlias(r.alias);
        if (group) return groupGrantee(group);
        throw new GraphError(400, 'invalidRequest', 'One or more users could not be resolved.');
      }
      throw new GraphError(400, 'invalidRequest', 'A recipient needs an email, an alias or an objectId.');
    });
    const grants = state.invite(item, grantees, roles[0], {
      requireSignIn: body.requireSignIn === true,
      sendInvitation: body.sendInvitation === true,
      message: typeof body.message === 'string' ? body.message : undefined,
    });
    return json(200, { value: grants.map((g) => this.permissionJson(g, null)) });
  }

  private permissionJson(grant: Grant, inheritedFrom: Item | null): Record<string, unknown> {
    const g = grant.grantee;
    const identity = {
      ...(g.objectId !== undefined ? { id: g.objectId } : {}),
      ...(g.email !== undefined ? { email: g.email } : {}),
      displayName: g.displayName ?? g.email ?? g.objectId ?? '',
    };
    const state = this.o.drives;
    return {
      id: grant.id,
      roles: grant.roles,
      ...(g.kind === 'user' ? { grantedTo: { user: identity } } : {}),
      grantedToV2: g.kind === 'user' ? { user: identity } : { group: identity },
      ...(grant.sendInvitation
        ? { invitation: { email: g.email ?? null, signInRequired: grant.requireSignIn } }
        : {}),
      ...(inheritedFrom
        ? {
            inheritedFrom: {
              driveId: inheritedFrom.driveId,
              id: inheritedFrom.id,
              path: `/drives/${inheritedFrom.driveId}/root:${inheritedFrom.kind === 'root' ? '' : state.pathOf(inheritedFrom)}`,
            },
          }
        : {}),
    };
  }

  // ---- shares -------------------------------------------------------------------------------------------

  /**
   * `GET /shares/{u!base64url(url)}/driveItem` and `…/driveItem/content`: the item a sharing URL (or an item's
   * own address) names, read with the caller's own permission. Delegated: Files.ReadWrite at least (Microsoft's
   * reference lists it as the least privileged) and the user must be able to open the item; application:
   * Files.ReadWrite.All or Sites.ReadWrite.All (https://learn.microsoft.com/graph/api/shares-get).
   */
  private shareRoutes(req: SimRequest, token: IssuedToken, tokens: PathToken[]): SimResponse {
    const [share, nav, next, ...more] = tokens;
    if (!share || nav?.segment !== 'driveItem' || more.length > 0)
      throw segmentNotFound(nav?.segment ?? 'shares');
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    if (!share.segment.startsWith('u!'))
      throw new GraphError(400, 'invalidRequest', 'The sharing token is not valid.');
    let url: string;
    try {
      url = Buffer.from(share.segment.slice(2), 'base64url').toString('utf8');
      new URL(url);
    } catch {
      throw new GraphError(400, 'invalidRequest', 'The sharing token is not valid.');
    }
    const allowed =
      token.kind === 'user'
        ? token.scopes.some((s) =>
            ['Files.ReadWrite', 'Files.ReadWrite.All', 'Sites.ReadWrite.All'].includes(s),
          )
        : token.roles.some((r) => ['Files.ReadWrite.All', 'Sites.ReadWrite.All'].includes(r));
    if (!allowed) throw accessDenied();
    const item = this.o.drives.itemByUrl(url);
    if (!item)
      throw new GraphError(
        404,
        'itemNotFound',
        'The sharing link no longer exists, or you do not have permission to access it.',
      );
    if (token.kind === 'user' && !this.o.drives.canRead(item, token.oid ?? ''))
      throw accessDenied(
        'Access denied. You do not have permission to perform this action or access this resource.',
      );
    if (!next) return this.itemResponse(req, item);
    if (next.segment === 'content' && item.kind === 'file')
      return empty(302, { location: this.o.drives.downloadUrl(item) });
    throw segmentNotFound(next.segment);
  }

  // ---- users and mail ------------------------------------------------------------------------------------

  private userRoutes(
    req: SimRequest,
    token: IssuedToken,
    userId: string,
    tokens: PathToken[],
    viaMe: boolean,
  ): SimResponse {
    const [next, ...rest] = tokens;
    if (!next) {
      if (req.method !== 'GET') throw methodNotAllowed(req.method);
      if (token.kind === 'user' && (viaMe || userId === token.oid) && token.scopes.includes('User.Read')) {
        return json(
          200,
          applySelect(
            { id: token.oid, userPrincipalName: token.upn ?? null, displayName: token.upn ?? null },
            queryOf(req, '$select'),
          ),
        );
      }
      throw new GraphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
    if (next.segment !== 'messages') throw segmentNotFound(next.segment);
    if (token.kind === 'app') {
      if (!token.roles.some((r) => MAIL_SCOPES.includes(r))) {
        throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
      }
    } else {
      const own =
        viaMe ||
        userId === token.oid ||
        (token.upn !== undefined && userId.toLowerCase() === token.upn.toLowerCase());
      if (!own || !token.scopes.some((s) => MAIL_SCOPES.includes(s))) {
        throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
      }
    }
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    const mail = this.o.mail;
    const [id, ...more] = rest;
    if (!id) return this.listMessages(req, userId, viaMe);
    const message = mail.message(userId, id.segment);
    const [sub, ...subRest] = more;
    if (!sub)
      return json(200, applySelect(mail.toJson(message), queryOf(req, '$select'), ['id', '@odata.etag']));
    if (sub.segment === '$value' && subRest.length === 0) {
      return bytes(200, Buffer.from(message.mime, 'utf8'), 'message/rfc822');
    }
    if (sub.segment === 'attachments') return this.attachments(req, message, subRest);
    throw segmentNotFound(sub.segment);
  }

  private attachments(req: SimRequest, message: StoredMessage, tokens: PathToken[]): SimResponse {
    const mail = this.o.mail;
    const [id, ...rest] = tokens;
    if (!id)
      return json(200, {
        value: message.attachments.map((a) =>
          applySelect(mail.attachmentJson(a, true), queryOf(req, '$select'), ['id']),
        ),
      });
    const attachment = message.attachments.find((a) => a.id === id.segment);
    if (!attachment)
      throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (rest.length === 0)
      return json(200, applySelect(mail.attachmentJson(attachment, true), queryOf(req, '$select'), ['id']));
    if (rest[0]?.segment === '$value' && rest.length === 1)
      return bytes(200, attachment.content, attachment.contentType);
    throw segmentNotFound(rest[0]?.segment ?? '');
  }

  private listMessages(req: SimRequest, userId: string, viaMe: boolean): SimResponse {
    const mail = this.o.mail;
    let messages = mail.messages(userId);
    const filter = queryOf(req, '$filter');
    if (filter !== null) messages = messages.filter(messageFilter(filter));
    const orderBy = (queryOf(req, '$orderby') ?? 'receivedDateTime desc').trim();
    if (/^receivedDateTime(\s+asc)?$/i.test(orderBy)) messages.reverse();
    else if (!/^receivedDateTime\s+desc$/i.test(orderBy)) {
      throw new GraphError(
        400,
        'BadRequest',
        `The simulation orders messages by receivedDateTime only, not '${orderBy}'.`,
      );
    }
    const top = Math.min(positiveInt('$top', queryOf(req, '$top')) ?? 10, 1000);
    const skip = positiveInt('$skip', queryOf(req, '$skip')) ?? 0;
    const select = queryOf(req, '$select');
    const page = messages.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      '@odata.context': `${this.o.graphBaseUrl()}/$metadata#users('${userId}')/messages`,
      value: page.map((m) => applySelect(mail.toJson(m), select, ['id', '@odata.etag'])),
    };
    if (skip + top < messages.length) {
      const params: Array<[string, string]> = [];
      for (const name of ['$select', '$filter', '$orderby']) {
        const value = queryOf(req, name);
        if (value !== null) params.push([name, value]);
      }
      params.push(['$top', String(top)], ['$skip', String(skip + top)]);
      body['@odata.nextLink'] =
        `${this.o.graphBaseUrl()}/${viaMe ? 'me' : `users/${encodeURIComponent(userId)}`}/messages?${queryString(params)}`;
    }
    return json(200, body);
  }
}

/** A small `$filter` subset for messages: `receivedDateTime ge|gt|le|lt <instant>`, `isRead|hasAttachments eq true|false`, joined by `and`. */
const messageFilter = (filter: string): ((m: StoredMessage) => boolean) => {
  const clauses = filter.split(/\s+and\s+/i).map((clause) => {
    const date = /^receivedDateTime\s+(ge|gt|le|lt)\s+(\S+)$/i.exec(clause.trim());
    if (date) {
      const at = Date.parse(date[2] ?? '');
      if (Number.isNaN(at)) throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
      const op = (date[1] ?? '').toLowerCase();
      return (m: StoredMessage) => {
        const t = Date.parse(m.seed.receivedDateTime);
        return op === 'ge' ? t >= at : op === 'gt' ? t > at : op === 'le' ? t <= at : t < at;
      };
    }
    const flag = /^(isRead|hasAttachments)\s+eq\s+(true|false)$/i.exec(clause.trim());
    if (flag) {
      const want = (flag[2] ?? '').toLowerCase() === 'true';
      return flag[1]?.toLowerCase() === 'isread'
        ? (m: StoredMessage) => (m.seed.isRead ?? false) === want
        : (m: StoredMessage) => m.attachments.length > 0 === want;
    }
    throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
  });
  return (m) => clauses.every((c) => c(m));
};
