import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { GraphError, isoSeconds } from './http';
import { checkName, checkPathLength } from './names';
import { quickXorHash } from './quick-xor-hash';

/**
 * Sites, document libraries (drives), their items, sharing grants and upload sessions: the state behind the
 * drive routes, kept in memory. Every operation is synchronous, so one request's change is atomic, and two
 * racing requests see each other's result exactly as two requests to Graph would (the second `fail` create of a
 * folder gets 409).
 *
 * Choices where Graph's behaviour is unspecified or varies, made here and kept consistent:
 * - Names are compared case-insensitively (SharePoint's rule).
 * - `rename` conflict behaviour appends ` 1`, ` 2`, … before a file's extension (`report 1.pdf`) and at the end
 *   of a folder name (`Case 1`), the first free one, as SharePoint does.
 * - Creating by path (`PUT root:/a/b/c.pdf:/content`, `createUploadSession` by path) creates missing folders.
 * - Children are listed by name, case-insensitively.
 * - `mimeType` comes from the file extension, not the request's Content-Type, as SharePoint's does.
 */

export type SiteRole = 'read' | 'write' | 'owner' | 'fullcontrol';
export type ConflictBehavior = 'fail' | 'replace' | 'rename';

export interface SimDriveOptions {
  id: string;
  /** Display name; default `Documents`. */
  name?: string;
  /** The library's folder in the site, for path lengths and webUrl; default `Shared Documents`. */
  libraryPath?: string;
  /** When set, uploads that would take the drive past this many bytes get 507 `quotaLimitReached`. */
  quotaBytes?: number;
  /**
   * Report files without `file.hashes` (SharePoint may leave `quickXorHash` out, e.g. before it has hashed a
   * new file: "In some cases hash values may not be available", https://learn.microsoft.com/graph/api/resources/hashes).
   */
  omitHashes?: boolean;
  /**
   * People (object ids) who may read the drive's files with their own delegated token through `/shares`,
   * e.g. a OneDrive's owner and those its files were shared with in a chat. A grant on an item counts too.
   */
  readers?: string[];
}

export interface SimSiteOptions {
  id: string;
  /** Default `contoso.sharepoint.com`. */
  hostname?: string;
  /** Server-relative path of the site; default `/sites/members-hub`. */
  path?: string;
  displayName?: string;
  /** The first is the site's default drive (`/sites/{id}/drive`). At least one. */
  drives: SimDriveOptions[];
  /** Sites.Selected grants: apps that may use this site, with their roles. */
  grants?: Array<{ appId: string; roles: SiteRole[] }>;
}

export interface SimDirectoryUser {
  id: string;
  email?: string;
  displayName?: string;
}
export interface SimDirectoryGroup {
  id: string;
  displayName?: string;
  email?: string;
  /** The mail nickname: how a security group without an e-mail address is named in an invite. */
  alias?: string;
}

/** Who did something, as `createdBy`/`lastModifiedBy` show it. */
export type Actor =
  { kind: 'application'; id: string } | { kind: 'user'; id: string; email?: string | undefined };

export interface Grantee {
  kind: 'user' | 'group';
  objectId?: string | undefined;
  email?: string | undefined;
  displayName?: string | undefined;
}

export interface Grant {
  id: string;
  roles: Array<'read' | 'write'>;
  grantee: Grantee;
  requireSignIn: boolean;
  sendInvitation: boolean;
  message?: string | undefined;
}

interface Site {
  id: string;
  hostname: string;
  path: string;
  displayName: string;
  createdAt: number;
  drives: Drive[];
  grants: Map<string, SiteRole[]>;
}

interface Drive {
  id: string;
  name: string;
  site: Site;
  libraryPath: string;
  quotaBytes: number | undefined;
  omitHashes: boolean;
  rootId: string;
  createdAt: number;
  readers: string[];
}

export interface Item {
  id: string;
  driveId: string;
  name: string;
  parentId: string | null;
  kind: 'root' | 'folder' | 'file';
  guid: string;
  etagVersion: number;
  ctagVersion: number;
  createdAt: number;
  modifiedAt: number;
  createdBy: Actor;
  modifiedBy: Actor;
  content: Buffer;
  mimeType: string;
  quickXorHash: string;
  grants: Grant[];
}

/** An item as tests inspect it. */
export interface SimItemView {
  id: string;
  name: string;
  /** Path under the library root, `/`-separated, starting with `/` (`/` for the root). */
  path: string;
  kind: 'root' | 'folder' | 'file';
  parentId: string | null;
  size: number;
  eTag: string;
  cTag: string | null;
  mimeType: string | null;
  quickXorHash: string | null;
  sha256: string | null;
  createdBy: Actor;
}

export interface UploadSession {
  token: string;
  driveId: string;
  parentId: string;
  /** Folders still to be created under `parentId` at commit (path addressing). */
  pendingFolders: string[];
  name: string;
  /** Set when the session uploads new content for an existing item (`/items/{id}/createUploadSession`). */
  targetItemId: string | undefined;
  conflict: ConflictBehavior;
  deferCommit: boolean;
  total: number | null;
  chunks: Buffer[];
  nextExpected: number;
  expiresAt: number;
  actor: Actor;
  /** Set once the last byte arrived under deferCommit: the session waits for the POST that commits it. */
  complete: boolean;
}

const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.zip': 'application/x-zip-compressed',
  '.eml': 'message/rfc822',
  '.msg': 'application/vnd.ms-outlook',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const mimeTypeFor = (name: string): string =>
  MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';

/** SharePoint-looking item ids: `01` and 32 upper-case base-32 characters. */
const newItemId = (): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const random = randomBytes(32);
  let id = '01';
  for (const byte of random) id += alphabet[byte % 32];
  return id;
};

const notFound = (what = 'The resource could not be found.'): GraphError =>
  new GraphError(404, 'itemNotFound', what);

export const nameAlreadyExists = (message = 'Name already exists'): GraphError =>
  new GraphError(409, 'nameAlreadyExists', message);

export interface DriveStateOptions {
  sites: SimSiteOptions[];
  directory: { users: SimDirectoryUser[]; groups: SimDirectoryGroup[] };
  maxPathLength: number;
  uploadSessionLifetimeMs: number;
}

export class DriveState {
  readonly sites = new Map<string, Site>();
  readonly drives = new Map<string, Drive>();
  readonly items = new Map<string, Item>();
  private readonly childrenIndex = new Map<string, Set<string>>();
  readonly uploadSessions = new Map<string, UploadSession>();
  readonly downloads = new Map<string, { driveId: string; itemId: string; expiresAt: number }>();
  /** `https://localhost:port`: where upload and download URLs point. Set once the server listens. */
  preAuthBase = '';
  uploadSessionLifetimeMs: number;

  constructor(private readonly options: DriveStateOptions) {
    this.uploadSessionLifetimeMs = options.uploadSessionLifetimeMs;
    for (const site of options.sites) this.addSite(site);
  }

  addSite(options: SimSiteOptions): void {
    if (options.drives.length === 0) throw new Error(`Site ${options.id} needs at least one drive.`);
    const now = Date.now();
    const site: Site = {
      id: options.id,
      hostname: options.hostname ?? 'contoso.sharepoint.com',
      path: (options.path ?? '/sites/members-hub').replace(/\/+$/, ''),
      displayName: options.displayName ?? 'Members Hub',
      createdAt: now,
      drives: [],
      grants: new Map((options.grants ?? []).map((g) => [g.appId, [...g.roles]])),
    };
    this.sites.set(site.id, site);
    for (const d of options.drives) {
      const system: Actor = { kind: 'application', id: 'sharepoint' };
      const root = this.newItem(d.id, 'root', null, 'root', system);
      const rootId = root.id;
      const drive: Drive = {
        id: d.id,
        name: d.name ?? 'Documents',
        site,
        libraryPath: d.libraryPath ?? 'Shared Documents',
        quotaBytes: d.quotaBytes,
        omitHashes: d.omitHashes ?? false,
        rootId,
        createdAt: now,
        readers: [...(d.readers ?? [])],
      };
      site.drives.push(drive);
      this.drives.set(drive.id, drive);
      this.items.set(rootId, root);
      this.childrenIndex.set(rootId, new Set());
    }
  }

  site(siteId: string): Site {
    const site = this.sites.get(siteId);
    if (!site) throw notFound('Requested site could not be found');
    return site;
  }

  /** `/sites/{hostname}:/{server-relative path}`. */
  siteByPath(hostname: string, path: string): Site {
    const wanted = `/${path.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
    for (const site of this.sites.values()) {
      if (site.hostname.toLowerCase() === hostname.toLowerCase() && site.path.toLowerCase() === wanted)
        return site;
    }
    throw notFound('Requested site could not be found');
  }

  drive(driveId: string): Drive {
    const drive = this.drives.get(driveId);
    if (!drive) throw notFound('The drive could not be found.');
    return drive;
  }

  siteRoles(site: Site, appId: string): SiteRole[] {
    return site.grants.get(appId) ?? [];
  }

  grantSite(siteId: string, appId: string, roles: SiteRole[]): void {
    this.site(siteId).grants.set(appId, [...roles]);
  }

  revokeSite(siteId: string, appId: string): void {
    this.site(siteId).grants.delete(appId);
  }

  root(drive: Drive): Item {
    return this.items.get(drive.rootId) as Item;
  }

  item(driveId: string, itemId: string): Item {
    const drive = this.drive(driveId);
    if (itemId === 'root') return this.root(drive);
    const item = this.items.get(itemId);
    if (!item || item.driveId !== driveId) throw notFound();
    return item;
  }

  children(item: Item): Item[] {
    const ids = this.childrenIndex.get(item.id) ?? new Set<string>();
    return [...ids]
      .map((id) => this.items.get(id) as Item)
      .sort(
        (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name),
      );
  }

  findChild(parent: Item, name: string): Item | undefined {
    const lower = name.toLowerCase();
    for (const id of this.childrenIndex.get(parent.id) ?? []) {
      const child = this.items.get(id);
      if (child && child.name.toLowerCase() === lower) return child;
    }
    return undefined;
  }

  /**
   * Follows `segments` from `base`. Returns the item, or the deepest existing item and what is missing below it.
   * A file in the middle of the path is `400 invalidRequest`.
   */
  resolve(base: Item, segments: string[]): { item: Item; missing: string[] } {
    let current = base;
    for (let i = 0; i < segments.length; i++) {
      const name = segments[i] ?? '';
      if (current.kind === 'file')
        throw new GraphError(400, 'invalidRequest', `'${current.name}' is a file, not a folder.`);
      const child = this.findChild(current, name);
      if (!child) return { item: current, missing: segments.slice(i) };
      current = child;
    }
    return { item: current, missing: [] };
  }

  /** Path under the library root: `/` for the root, `/A/B/c.pdf` otherwise. */
  pathOf(item: Item): string {
    const names: string[] = [];
    let current: Item | undefined = item;
    while (current && current.kind !== 'root') {
      names.unshift(current.name);
      current = current.parentId === null ? undefined : this.items.get(current.parentId);
    }
    return `/${names.join('/')}`;
  }

  isAncestor(ancestor: Item, item: Item): boolean {
    let current: Item | undefined = item;
    while (current) {
      if (current.id === ancestor.id) return true;
      current = current.parentId === null ? undefined : this.items.get(current.parentId);
    }
    return false;
  }

  eTag(item: Item): string {
    return `"{${item.guid}},${item.etagVersion}"`;
  }

  cTag(item: Item): string {
    return `"c:{${item.guid}},${item.ctagVersion}"`;
  }

  /** If-Match: `*`, or the current eTag or cTag exactly. Mismatch is 412 (Graph: "412 Precondition Failed"). */
  checkIfMatch(item: Item, ifMatch: string | undefined): void {
    if (ifMatch === undefined) return;
    const wanted = ifMatch.trim();
    if (wanted === '*' || wanted === this.eTag(item) || (item.kind === 'file' && wanted === this.cTag(item)))
      return;
    throw new GraphError(
      412,
      'resourceModified',
      "ETag does not match current item's value",
      'resourceModified',
    );
  }

  private prefix(drive: Drive): string {
    return `${drive.site.path}/${drive.libraryPath}/`;
  }

  private checkPath(drive: Drive, path: string): void {
    checkPathLength(this.prefix(drive), path, this.options.maxPathLength);
  }

  /** The longest path below a folder, relative to it (`/a/b.pdf`), or '' when it is empty. */
  private longestDescendantPath(item: Item): string {
    let longest = '';
    for (const child of this.children(item)) {
      const candidate = `/${child.name}${this.longestDescendantPath(child)}`;
      if (candidate.length > longest.length) longest = candidate;
    }
    return longest;
  }

  private newItem(
    driveId: string,
    name: string,
    parentId: string | null,
    kind: Item['kind'],
    actor: Actor,
  ): Item {
    const now = Date.now();
    return {
      id: newItemId(),
      driveId,
      name,
      parentId,
      kind,
      guid: randomUUID().toUpperCase(),
      etagVersion: 1,
      ctagVersion: 1,
      createdAt: now,
      modifiedAt: now,
      createdBy: actor,
      modifiedBy: actor,
      content: Buffer.alloc(0),
      mimeType: kind === 'file' ? mimeTypeFor(name) : '',
      quickXorHash: kind === 'file' ? quickXorHash(Buffer.alloc(0)) : '',
      grants: [],
    };
  }

  private attach(item: Item): void {
    this.items.set(item.id, item);
    if (item.kind !== 'file') this.childrenIndex.set(item.id, new Set());
    if (item.parentId !== null) this.childrenIndex.get(item.parentId)?.add(item.id);
  }

  private detach(item: Item): void {
    if (item.parentId !== null) this.childrenIndex.get(item.parentId)?.delete(item.id);
  }

  /** The first free `name 1`, `name 2`, … in `parent`. */
  private freeName(parent: Item, name: string, kind: 'file' | 'folder'): string {
    const ext = kind === 'file' ? extname(name) : '';
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; ; n++) {
      const candidate = `${stem} ${n}${ext}`;
      if (!this.findChild(parent, candidate)) return candidate;
    }
  }

  private atRoot(parent: Item): boolean {
    return parent.kind === 'root';
  }

  /** Creates missing folders below `parent` (path addressing); returns the last one. */
  private ensureFolders(drive: Drive, parent: Item, names: string[], actor: Actor): Item {
    let current = parent;
    for (const name of names) {
      const existing = this.findChild(current, name);
      if (existing) {
        if (existing.kind === 'file')
          throw new GraphError(400, 'invalidRequest', `'${existing.name}' is a file, not a folder.`);
        current = existing;
        continue;
      }
      checkName(name, 'folder', this.atRoot(current));
      const folder = this.newItem(drive.id, name, current.id, 'folder', actor);
      this.checkPath(drive, `${this.pathOf(current)}/${name}`);
      this.attach(folder);
      current = folder;
    }
    return current;
  }

  /** Checks names and path length of a path-addressed create before anything is made. */
  checkNewPath(drive: Drive, parent: Item, folders: string[], name: string): void {
    let atRoot = this.atRoot(parent);
    for (const folder of folders) {
      checkName(folder, 'folder', atRoot);
      atRoot = false;
    }
    checkName(name, 'file', atRoot);
    this.checkPath(drive, [this.pathOf(parent), ...folders, name].join('/'));
  }

  /** POST …/children with a folder facet. 201 for a new folder, 200 when `replace` met an existing folder. */
  createFolder(
    drive: Drive,
    parent: Item,
    name: string,
    conflict: ConflictBehavior,
    actor: Actor,
  ): { item: Item; status: number } {
    if (parent.kind === 'file')
      throw new GraphError(400, 'invalidRequest', 'The parent item is not a folder.');
    checkName(name, 'folder', this.atRoot(parent));
    const existing = this.findChild(parent, name);
    let finalName = name;
    if (existing) {
      if (conflict === 'fail') throw nameAlreadyExists('Name already exists');
      if (conflict === 'replace') {
        // Observed (platform-facts §1): replacing a folder with a folder answers 200 and keeps its contents.
        if (existing.kind === 'folder') return { item: existing, status: 200 };
        this.remove(existing);
      } else {
        finalName = this.freeName(parent, name, 'folder');
      }
    }
    this.checkPath(drive, `${this.pathOf(parent)}/${finalName}`);
    const folder = this.newItem(drive.id, finalName, parent.id, 'folder', actor);
    this.attach(folder);
    return { item: folder, status: 201 };
  }

  private usedBytes(drive: Drive): number {
    let used = 0;
    for (const item of this.items.values())
      if (item.driveId === drive.id && item.kind === 'file') used += item.content.length;
    return used;
  }

  private checkQuota(drive: Drive, adding: number, replacing = 0): void {
    if (drive.quotaBytes === undefined) return;
    if (this.usedBytes(drive) - replacing + adding > drive.quotaBytes) {
      throw new GraphError(507, 'quotaLimitReached', 'Insufficient Space Available');
    }
  }

  quota(drive: Drive) {
    const used = this.usedBytes(drive);
    const total = drive.quotaBytes ?? 27_487_790_694_400;
    return { deleted: 0, remaining: Math.max(0, total - used), state: 'normal', total, used };
  }

  private setContent(item: Item, content: Buffer, actor: Actor): void {
    item.content = Buffer.from(content);
    item.quickXorHash = quickXorHash(item.content);
    item.etagVersion += 1;
    item.ctagVersion += 1;
    item.modifiedAt = Date.now();
    item.modifiedBy = actor;
  }

  /**
   * Stores a file: a simple upload or an upload session's commit. `existingTarget` is the item addressed by id
   * (`/items/{id}/content`); otherwise the file goes to `parent` (after creating `folders`) under `name`.
   */
  storeFile(
    drive: Drive,
    target: { existing: Item } | { parent: Item; folders: string[]; name: string },
    content: Buffer,
    conflict: ConflictBehavior,
    actor: Actor,
    sessionCommit = false,
  ): { item: Item; created: boolean } {
    if ('existing' in target) {
      if (target.existing.kind !== 'file')
        throw new GraphError(400, 'invalidRequest', 'Content can only be written to a file.');
      this.checkQuota(drive, content.length, target.existing.content.length);
      this.setContent(target.existing, content, actor);
      return { item: target.existing, created: false };
    }
    this.checkNewPath(drive, target.parent, target.folders, target.name);
    const parent = this.ensureFolders(drive, target.parent, target.folders, actor);
    const existing = this.findChild(parent, target.name);
    let name = target.name;
    if (existing) {
      if (existing.kind !== 'file' || conflict === 'fail') {
        throw nameAlreadyExists(
          sessionCommit
            ? 'Another file exists with the same name as the uploaded session. Upload session failed.'
            : 'The specified item name already exists.',
        );
      }
      if (conflict === 'replace') {
        this.checkQuota(drive, content.length, existing.content.length);
        this.setContent(existing, content, actor);
        return { item: existing, created: false };
      }
      name = this.freeName(parent, target.name, 'file');
      this.checkPath(drive, `${this.pathOf(parent)}/${name}`);
    }
    this.checkQuota(drive, content.length);
    const file = this.newItem(drive.id, name, parent.id, 'file', actor);
    file.content = Buffer.from(content);
    file.quickXorHash = quickXorHash(file.content);
    this.attach(file);
    return { item: file, created: true };
  }

  /** PATCH: rename and/or move. `conflict` defaults to `fail`. */
  update(
    drive: Drive,
    item: Item,
    change: { name?: string | undefined; parent?: Item | undefined },
    conflict: ConflictBehavior,
    actor: Actor,
  ): Item {
    if (item.kind === 'root')
      throw new GraphError(400, 'invalidRequest', 'The root folder cannot be renamed or moved.');
    const parent = change.parent ?? this.items.get(item.parentId ?? '');
    if (!parent) throw notFound();
    if (parent.kind === 'file')
      throw new GraphError(400, 'invalidRequest', 'The destination is not a folder.');
    if (parent.driveId !== item.driveId) {
      throw new GraphError(
        400,
        'invalidRequest',
        'Moving items between drives is not supported by this operation.',
      );
    }
    if (item.kind === 'folder' && this.isAncestor(item, parent)) {
      throw new GraphError(
        400,
        'invalidRequest',
        'A folder cannot be moved into itself or one of its subfolders.',
      );
    }
    let name = change.name ?? item.name;
    checkName(name, item.kind === 'folder' ? 'folder' : 'file', this.atRoot(parent));
    const clash = this.findChild(parent, name);
    if (clash && clash.id !== item.id) {
      if (conflict === 'fail') throw nameAlreadyExists('The specified item name already exists.');
      if (conflict === 'replace') this.remove(clash);
      else name = this.freeName(parent, name, item.kind === 'folder' ? 'folder' : 'file');
    }
    const newPath = `${this.pathOf(parent)}/${name}`;
    this.checkPath(drive, newPath);
    if (item.kind === 'folder') this.checkPath(drive, `${newPath}${this.longestDescendantPath(item)}`);
    if (name === item.name && parent.id === item.parentId) return item;
    this.detach(item);
    item.name = name;
    item.parentId = parent.id;
    this.childrenIndex.get(parent.id)?.add(item.id);
    if (item.kind === 'file') item.mimeType = mimeTypeFor(name);
    item.etagVersion += 1;
    item.modifiedAt = Date.now();
    item.modifiedBy = actor;
    return item;
  }

  /** Deletes an item and everything under it. */
  remove(item: Item): void {
    if (item.kind === 'root')
      throw new GraphError(403, 'accessDenied', 'The root of a drive cannot be deleted.');
    for (const child of this.children(item)) this.remove(child);
    this.detach(item);
    this.items.delete(item.id);
    this.childrenIndex.delete(item.id);
  }

  /** POST …/invite: one permission per grantee and item; a second invite keeps the stronger role (write > read). */
  invite(
    item: Item,
    recipients: Grantee[],
    role: 'read' | 'write',
    flags: { requireSignIn: boolean; sendInvitation: boolean; message?: string | undefined },
  ): Grant[] {
    const result: Grant[] = [];
    for (const grantee of recipients) {
      const same = item.grants.find(
        (g) =>
          (grantee.objectId !== undefined && g.grantee.objectId === grantee.objectId) ||
          (grantee.objectId === undefined &&
            grantee.email !== undefined &&
            g.grantee.email?.toLowerCase() === grantee.email.toLowerCase()),
      );
      if (same) {
        if (role === 'write' && !same.roles.includes('write')) same.roles = ['write'];
        result.push(same);
        continue;
      }
      const grant: Grant = {
        id: Buffer.from(`aTowIy5mfG1lbWJlcnNodWJ8${randomUUID()}`).toString('base64url').slice(0, 48),
        roles: [role],
        grantee,
        requireSignIn: flags.requireSignIn,
        sendInvitation: flags.sendInvitation,
        message: flags.message,
      };
      item.grants.push(grant);
      result.push(grant);
    }
    return result;
  }

  /** The item's own grants, then those it inherits from its folders (nearest first), with where they come from. */
  permissions(item: Item): Array<{ grant: Grant; inheritedFrom: Item | null }> {
    const result: Array<{ grant: Grant; inheritedFrom: Item | null }> = item.grants.map((grant) => ({
      grant,
      inheritedFrom: null,
    }));
    let current = item.parentId === null ? undefined : this.items.get(item.parentId);
    while (current) {
      for (const grant of current.grants) result.push({ grant, inheritedFrom: current });
      current = current.parentId === null ? undefined : this.items.get(current.parentId);
    }
    return result;
  }

  createUploadSession(
    session: Omit<UploadSession, 'token' | 'chunks' | 'nextExpected' | 'expiresAt' | 'complete'>,
  ): UploadSession {
    const created: UploadSession = {
      ...session,
      token: randomBytes(24).toString('base64url'),
      chunks: [],
      nextExpected: 0,
      expiresAt: Date.now() + this.uploadSessionLifetimeMs,
      complete: false,
    };
    this.uploadSessions.set(created.token, created);
    return created;
  }

  /** The live session, or 404 `itemNotFound` (unknown, deleted or expired). */
  uploadSession(token: string): UploadSession {
    const session = this.uploadSessions.get(token);
    if (!session) throw notFound('The upload session was not found.');
    if (Date.now() >= session.expiresAt) {
      this.uploadSessions.delete(token);
      throw notFound('The upload session was not found.');
    }
    return session;
  }

  uploadUrl(session: UploadSession): string {
    return `${this.preAuthBase}/upload/${session.token}`;
  }

  downloadUrl(item: Item): string {
    const token = randomBytes(24).toString('base64url');
    this.downloads.set(token, { driveId: item.driveId, itemId: item.id, expiresAt: Date.now() + 3_600_000 });
    return `${this.preAuthBase}/download/${token}`;
  }

  /** The item an address names (a sharing URL, or the item's own web address), compared decoded. */
  itemByUrl(url: string): Item | undefined {
    const wanted = decodeURI(url).toLowerCase();
    for (const item of this.items.values()) {
      if (item.kind === 'root') continue;
      const webUrl = this.toJson(item).webUrl;
      if (typeof webUrl === 'string' && decodeURIComponent(webUrl).toLowerCase() === wanted) return item;
    }
    return undefined;
  }

  /** Whether this user may open the item with their own token: a reader of its drive, or granted it. */
  canRead(item: Item, userId: string): boolean {
    if (this.drive(item.driveId).readers.includes(userId)) return true;
    for (let current: Item | undefined = item; current; current = this.items.get(current.parentId ?? '')) {
      if (current.grants.some((g) => g.grantee.objectId === userId)) return true;
      if (current.parentId === null) break;
    }
    return false;
  }

  /** The driveItem resource as Graph returns it. */
  toJson(item: Item, options: { downloadUrl?: boolean } = {}): Record<string, unknown> {
    const drive = this.drive(item.driveId);
    const site = drive.site;
    const path = this.pathOf(item);
    const webPath = `${site.path}/${drive.libraryPath}${item.kind === 'root' ? '' : path}`;
    const identity = (actor: Actor) =>
      actor.kind === 'application'
        ? { application: { id: actor.id, displayName: actor.id } }
        : {
            user: {
              id: actor.id,
              ...(actor.email !== undefined ? { email: actor.email } : {}),
              displayName: actor.email ?? actor.id,
            },
          };
    const parent = item.parentId === null ? undefined : this.items.get(item.parentId);
    const body: Record<string, unknown> = {
      createdDateTime: isoSeconds(item.createdAt),
      eTag: this.eTag(item),
      id: item.id,
      lastModifiedDateTime: isoSeconds(item.modifiedAt),
      name: item.name,
      webUrl: `https://${site.hostname}${webPath.split('/').map(encodeURIComponent).join('/')}`,
      ...(item.kind === 'file' ? { cTag: this.cTag(item) } : {}),
      size: item.kind === 'file' ? item.content.length : this.folderSize(item),
      createdBy: identity(item.createdBy),
      lastModifiedBy: identity(item.modifiedBy),
      parentReference: parent
        ? {
            driveType: 'documentLibrary',
            driveId: drive.id,
            id: parent.id,
            name: parent.kind === 'root' ? drive.libraryPath : parent.name,
            path: `/drives/${drive.id}/root:${parent.kind === 'root' ? '' : this.pathOf(parent)}`,
            siteId: site.id,
          }
        : { driveType: 'documentLibrary', driveId: drive.id },
      fileSystemInfo: {
        createdDateTime: isoSeconds(item.createdAt),
        lastModifiedDateTime: isoSeconds(item.modifiedAt),
      },
    };
    if (item.kind === 'file') {
      body.file = drive.omitHashes
        ? { mimeType: item.mimeType }
        : { mimeType: item.mimeType, hashes: { quickXorHash: item.quickXorHash } };
      body.shared = { scope: 'users' };
      if (options.downloadUrl) body['@microsoft.graph.downloadUrl'] = this.downloadUrl(item);
    } else {
      body.folder = { childCount: this.childrenIndex.get(item.id)?.size ?? 0 };
      if (item.kind === 'root') body.root = {};
    }
    return body;
  }

  private folderSize(item: Item): number {
    let size = 0;
    for (const child of this.children(item))
      size += child.kind === 'file' ? child.content.length : this.folderSize(child);
    return size;
  }

  view(item: Item): SimItemView {
    return {
      id: item.id,
      name: item.name,
      path: this.pathOf(item),
      kind: item.kind,
      parentId: item.parentId,
      size: item.kind === 'file' ? item.content.length : 0,
      eTag: this.eTag(item),
      cTag: item.kind === 'file' ? this.cTag(item) : null,
      mimeType: item.kind === 'file' ? item.mimeType : null,
      quickXorHash: item.kind === 'file' ? item.quickXorHash : null,
      sha256: item.kind === 'file' ? createHash('sha256').update(item.content).digest('hex') : null,
      createdBy: item.createdBy,
    };
  }

  siteJson(site: Site): Record<string, unknown> {
    return {
      createdDateTime: isoSeconds(site.createdAt),
      description: '',
      id: site.id,
      lastModifiedDateTime: isoSeconds(site.createdAt),
      name: site.path.split('/').pop() ?? site.id,
      webUrl: `https://${site.hostname}${site.path}`,
      displayName: site.displayName,
      root: {},
      siteCollection: { hostname: site.hostname },
    };
  }

  driveJson(drive: Drive): Record<string, unknown> {
    return {
      createdDateTime: isoSeconds(drive.createdAt),
      description: '',
      id: drive.id,
      lastModifiedDateTime: isoSeconds(drive.createdAt),
      name: drive.name,
      webUrl: `https://${drive.site.hostname}${drive.site.path}/${encodeURIComponent(drive.libraryPath)}`,
      driveType: 'documentLibrary',
      createdBy: { user: { displayName: 'System Account' } },
      owner: { group: { displayName: `${drive.site.displayName} Owners` } },
      quota: this.quota(drive),
    };
  }

  directoryUser(objectId: string): SimDirectoryUser | undefined {
    return this.options.directory.users.find((u) => u.id === objectId);
  }

  directoryUserByEmail(email: string): SimDirectoryUser | undefined {
    return this.options.directory.users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
  }

  directoryGroupByEmail(email: string): SimDirectoryGroup | undefined {
    return this.options.directory.groups.find((g) => g.email?.toLowerCase() === email.toLowerCase());
  }

  directoryGroupByAlias(alias: string): SimDirectoryGroup | undefined {
    return this.options.directory.groups.find((g) => g.alias?.toLowerCase() === alias.toLowerCase());
  }

  directoryGroup(objectId: string): SimDirectoryGroup | undefined {
    return this.options.directory.groups.find((g) => g.id === objectId);
  }

  hasDirectory(): boolean {
    return this.options.directory.users.length + this.options.directory.groups.length > 0;
  }
}
