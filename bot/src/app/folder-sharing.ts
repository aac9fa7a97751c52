import { canAdminister } from '../domain/access-policy';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { PersonId } from '../domain/ids';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import { DocumentStoreError, type DocumentStore, type Grantee, type StoredFolder } from './document-store';
import type { ClaimedShare, FolderShare, FolderShares, ShareStatus, WantedShare } from './folder-shares';
import type { AuditEntryDraft, AuditLog, Clock, Directory } from './ports';

/**
 * Sharing members' folders, after filing and apart from it (issue 12: "filing that cannot be blocked by
 * sharing"). When a member's folder is made, the shares it should have are recorded (`want`): the member
 * (write) and, when configured, the support officers' group. The background work (`jobs/document-work.ts`)
 * claims them through the database, once across instances, and makes them (`run`); a failure is retried with
 * backoff (1 minute, doubling, at most 6 hours apart) and given up after `maxAttempts`, when an administrator
 * can ask for it again. Administrators see every share's state (`list`, `retry`). Nothing here ever fails a
 * filing: the document is stored and listed whatever becomes of its folder's sharing.
 */

export interface FolderSharingOptions {
  /** Share members' folders at all (`SHARE_MEMBER_FOLDERS`); when false nothing is recorded or made. */
  enabled: boolean;
  /** Shared with every member's folder as well: the support officers' group, when configured. */
  supportGroup?: Grantee | undefined;
  /** First retry delay, doubled for each further attempt (default 1 minute). */
  retryBaseMs?: number | undefined;
  /** Longest delay between attempts (default 6 hours). */
  retryMaxMs?: number | undefined;
  /** Attempts before a share is given up until an administrator retries it (default 12: about two days). */
  maxAttempts?: number | undefined;
}

export interface FolderSharingDeps {
  shares: FolderShares;
  store: Pick<DocumentStore, 'grantAccess'>;
  directory: Pick<Directory, 'person'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  options: FolderSharingOptions;
  /** Called when there is sharing to do now, so the background work need not wait for its next poll. */
  wake?: (() => void) | undefined;
  logger?: Logger | undefined;
}

/** A share as administrators see it: names, never an e-mail address or object id. */
export interface ShareView {
  id: string;
  /** Whose folder it is; null for the MP enquiries folder. */
  member: { id: PersonId; name: string } | null;
  grantee: { kind: Grantee['kind']; name: string };
  role: 'read' | 'write';
  status: ShareStatus;
  attempts: number;
  lastError: string | null;
  lastRequestId: string | null;
  nextAttemptAt: string;
  updatedAt: string;
  sharedAt: string | null;
}

export interface SharingState {
  enabled: boolean;
  counts: Record<ShareStatus, number>;
  items: ShareView[];
}

/** What each store error code means for an administrator, in the panel's words. */
export const SHARE_ERROR_HINTS: Readonly<Record<string, string>> = {
  forbidden:
    'The app is not allowed to share in the casework site: it needs the fullcontrol role on the site (docs/m365-documents.md), or set SHARE_MEMBER_FOLDERS=false.',
  'not-found':
    'SharePoint did not find the folder or the person: check the person has an account and an e-mail address.',
  throttled: 'SharePoint is throttling the app; it will try again.',
  unavailable: 'SharePoint could not be reached; it will try again.',
};

const DEFAULT_RETRY_BASE_MS = 60_000;
const DEFAULT_RETRY_MAX_MS = 6 * 60 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 12;
const MAX_LISTED = 200;

export const makeFolderSharing = (deps: FolderSharingDeps) => {
  const { shares, store, directory, audit, clock, options, logger } = deps;
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const retryMaxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  const entry = (
    actorId: PersonId | null,
    action: string,
    outcome: AuditEntryDraft['outcome'],
    extra: Partial<AuditEntryDraft> = {},
    requestId?: string,
  ): AuditEntryDraft => ({
    at: clock.now().toISOString(),
    actorId,
    action,
    outcome,
    ...(requestId ? { requestId } : {}),
    ...extra,
  });

  /** Records the shares a member's folder should have (nothing when sharing is off); made in the background. */
  const want = async (memberFolder: StoredFolder, memberId: PersonId | null): Promise<void> => {
    if (!options.enabled) return;
    const wanted: WantedShare[] = [];
    if (memberId !== null) {
      const member = await directory.person(memberId);
      if (member)
        wanted.push({
          folderId: memberFolder.id,
          personId: memberId,
          grantee: {
            kind: 'user',
            objectId: member.oid,
            email: member.email,
            displayName: member.displayName,
          },
          role: 'write',
        });
    }
    if (options.supportGroup)
      wanted.push({
        folderId: memberFolder.id,
        personId: memberId,
        grantee: options.supportGroup,
        role: 'write',
      });
    if (wanted.length === 0) return;
    await shares.want(wanted);
    deps.wake?.();
  };

  /** Makes one claimed share; a failure is recorded and retried later, never thrown. */
  const run = async (claimed: ClaimedShare): Promise<void> => {
    const detail = { shareId: claimed.id, grantee: claimed.grantee.kind, attempt: claimed.attempts };
    try {
      await store.grantAccess(claimed.folderId, { grantee: claimed.grantee, role: claimed.role });
      await shares.settle(claimed, { kind: 'shared' });
      await audit.record(entry(null, 'document.share', 'allowed', { detail }));
    } catch (error) {
      const code = error instanceof DocumentStoreError ? error.code : 'failed';
      const requestId = error instanceof DocumentStoreError ? error.details.requestId : undefined;
      const giveUp = claimed.attempts >= maxAttempts;
      const delayMs = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, claimed.attempts - 1));
      await shares.settle(
        claimed,
        giveUp
          ? { kind: 'failed', error: code, requestId }
          : { kind: 'retry', delayMs, error: code, requestId },
      );
      await audit.record(entry(null, 'document.share', 'failed', { detail: { ...detail, code } }));
      logger?.warn(
        { shareId: claimed.id, code, requestId, attempt: claimed.attempts, givenUp: giveUp },
        'member folder share failed; filing is unaffected',
      );
    }
  };

  const nameOf = async (id: PersonId): Promise<string> => (await directory.person(id))?.displayName ?? id;

  const view = async (share: FolderShare): Promise<ShareView> => ({
    id: share.id,
    member: share.personId === null ? null : { id: share.personId, name: await nameOf(share.personId) },
    grantee: {
      kind: share.grantee.kind,
      name:
        share.grantee.kind === 'group'
          ? (share.grantee.displayName ?? 'Support officers\u2019 group')
          : share.personId !== null
            ? await nameOf(share.personId)
            : 'A member',
    },
    role: share.role,
    status: share.status,
    attempts: share.attempts,
    lastError: share.lastError,
    lastRequestId: share.lastRequestId,
    nextAttemptAt: share.nextAttemptAt,
    updatedAt: share.updatedAt,
    sharedAt: share.sharedAt,
  });

  const mustAdminister = async (actor: Actor, action: string): Promise<void> => {
    if (canAdminister(actor.person)) return;
    await audit.record(entry(actor.person.id, action, 'denied', {}, actor.requestId));
    throw new ForbiddenError('Only administrators can see and retry folder sharing.');
  };

  /** Administrators: the shares in one state (all when none), most recently changed first, with counts. */
  const list = async (actor: Actor, status?: ShareStatus): Promise<SharingState> => {
    await mustAdminister(actor, 'admin.shares.read');
    const { items, counts } = await shares.list({ status, limit: MAX_LISTED });
    const views: ShareView[] = [];
    for (const item of items) views.push(await view(item));
    await audit.record(
      entry(
        actor.person.id,
        'admin.shares.read',
        'allowed',
        { detail: { status: status ?? 'all', returned: views.length } },
        actor.requestId,
      ),
    );
    return { enabled: options.enabled, counts, items: views };
  };

  /** Administrators: try a share again now. */
  const retry = async (actor: Actor, id: string): Promise<ShareView> => {
    await mustAdminister(actor, 'admin.share.retry');
    const share = await shares.retry(id);
    if (!share) throw new NotFoundError('share');
    await audit.record(
      entry(actor.person.id, 'admin.share.retry', 'allowed', { detail: { shareId: id } }, actor.requestId),
    );
    deps.wake?.();
    return view(share);
  };

  return { want, run, list, retry, enabled: options.enabled };
};

export type FolderSharing = ReturnType<typeof makeFolderSharing>;
