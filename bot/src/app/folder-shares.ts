import type { IsoInstant } from '../domain/case';
import type { PersonId } from '../domain/ids';
import type { FolderGrant, Grantee } from './document-store';

/**
 * The folder shares port: which member folders should be shared with whom, and how far that has got. A share
 * is wanted when a member's folder is made, and done afterwards in the background (`app/folder-sharing.ts`,
 * claimed through the database by `jobs/document-work.ts`), so a share that fails never fails the filing
 * that made the folder; it is retried with backoff, and administrators see its state. One adapter,
 * `PostgresFolderShares` (migration 007).
 */

export type ShareStatus = 'pending' | 'shared' | 'failed';
export const SHARE_STATUSES = ['pending', 'shared', 'failed'] as const satisfies readonly ShareStatus[];

export interface WantedShare extends FolderGrant {
  folderId: string;
  /** The member whose folder it is (for administrators' view); null for the MP enquiries folder. */
  personId: PersonId | null;
}

export interface FolderShare extends WantedShare {
  id: string;
  grantee: Grantee;
  status: ShareStatus;
  attempts: number;
  /** The last failure's code (the store's error code), never personal data. */
  lastError: string | null;
  /** The store's request id of the last failure, which its support asks for. */
  lastRequestId: string | null;
  nextAttemptAt: IsoInstant;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  sharedAt: IsoInstant | null;
}

export interface ClaimedShare extends FolderShare {
  leaseToken: string;
}

export type ShareOutcome =
  | { kind: 'shared' }
  /** Try again after `delayMs`. */
  | { kind: 'retry'; delayMs: number; error: string; requestId?: string | undefined }
  /** Given up until an administrator asks for it again. */
  | { kind: 'failed'; error: string; requestId?: string | undefined };

export interface FolderShares {
  /** Records shares to make; one already wanted (same folder and grantee) is left as it is. */
  want(shares: readonly WantedShare[]): Promise<void>;
  /** Claims pending shares whose time has come and that nobody holds. */
  claim(options: { limit: number; leaseMs: number }): Promise<ClaimedShare[]>;
  /** Records how a claimed share went; false when the caller no longer held it. */
  settle(claimed: ClaimedShare, outcome: ShareOutcome): Promise<boolean>;
  /** Shares in the state asked for (all when none), most recently changed first, and how many there are of each. */
  list(options: {
    status?: ShareStatus | undefined;
    limit: number;
  }): Promise<{ items: FolderShare[]; counts: Record<ShareStatus, number> }>;
  /** Puts a share back to be tried at once (an administrator's "try again"); null when there is no such share. */
  retry(id: string): Promise<FolderShare | null>;
  /** Ends every lease (the embedded database at start-up, as for filings). */
  releaseAll(): Promise<number>;
}
