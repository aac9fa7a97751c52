import type { IsoInstant } from '../domain/case';
import type { CaseId, CaseRef, PersonId } from '../domain/ids';
import type { DocumentKind } from './document-index';

/**
 * The filing journal port: documents being filed, recorded before anything reaches the document store and
 * finished in the same transaction that lists them, so that a filing interrupted at any point (a crash, a
 * restart, a lost connection to the store) is completed or given up by whichever instance next claims it,
 * and never left half-done. One adapter, `PostgresFilingJournal` (migration 007); how a filing is completed
 * is `app/documents.ts`, and the background work that claims them is `jobs/document-work.ts`.
 */

/**
 * Where a filing's bytes come from, as JSON any instance can read: `{ kind, …what that kind needs }`. The
 * kinds, and how each is opened, are in `app/filing-sources.ts`; a new way of bringing documents in (files
 * shared in Teams, copied through Graph) adds a kind there.
 */
export interface FilingSource {
  kind: string;
  [detail: string]: unknown;
}

export type FilingStatus = 'pending' | 'done' | 'failed';

export interface NewFiling {
  /** Also the id of the document it lists, when it makes a new one. */
  id: string;
  caseId: CaseId;
  caseRef: CaseRef;
  /** Filings made together (a Teams message's record and its attachments), reported on together. */
  batchId?: string | null | undefined;
  /** Who filed it: the document's `uploadedBy`, and the actor of its audit entry. */
  actorId: PersonId;
  requestId?: string | null | undefined;
  /** The name as asked for; made safe and fitted to the store when stored. */
  name: string;
  contentType: string;
  kind: DocumentKind;
  /** How it came in, for the audit entry (`mailbox`, `teams`); null for an upload. */
  origin?: string | null | undefined;
  source: FilingSource;
  /** Known up front for an upload; for a download, once it has been read. */
  size?: number | null | undefined;
  sha256?: string | null | undefined;
}

export interface Filing extends Required<Omit<NewFiling, 'size' | 'sha256'>> {
  size: number | null;
  sha256: string | null;
  status: FilingStatus;
  /** The file in the store, recorded as soon as the store answered. */
  storeFileId: string | null;
  /** The document listed (a new one, or the case's existing document with the same content). */
  documentId: string | null;
  created: boolean | null;
  attempts: number;
  lastError: string | null;
  createdAt: IsoInstant;
}

/** A filing this process holds until `leaseToken` is released or its lease runs out. */
export interface ClaimedFiling extends Filing {
  leaseToken: string;
}

export interface FilingJournal {
  /**
   * Records a new filing, held by the caller (leased for `leaseMs`), before anything is stored. Null when a
   * filing of the same content into the same case is under way: the caller waits for that one.
   */
  begin(filing: NewFiling, leaseMs: number): Promise<ClaimedFiling | null>;
  /** The filing of this content into this case that is under way, if any. */
  pendingFor(caseId: CaseId, sha256: string): Promise<Filing | null>;
  /**
   * Claims pending filings that nobody holds and whose time has come, oldest first; with `ids`, those filings
   * whatever their time (their recorder completing them at once). A filing whose holder stopped is claimable
   * again once its lease has run out.
   */
  claim(options: {
    limit: number;
    leaseMs: number;
    ids?: readonly string[] | undefined;
  }): Promise<ClaimedFiling[]>;
  /** Extends the lease; false when the caller no longer holds the filing. */
  renew(claimed: ClaimedFiling, leaseMs: number): Promise<boolean>;
  /**
   * Records the content's size and SHA-256 once known (before it is stored, so it can be found there later).
   * False when another filing of the same content into the case is under way: this one waits its turn.
   */
  describe(claimed: ClaimedFiling, content: { size: number; sha256: string }): Promise<boolean>;
  /** Records the file the store now holds for this filing. */
  stored(claimed: ClaimedFiling, storeFileId: string): Promise<void>;
  /**
   * Hands the filing back to be tried again after `delayMs` by whichever instance claims it; with
   * `dropSource`, its content is gone (the caller deleted it): the next attempt only looks in the store.
   */
  release(
    claimed: ClaimedFiling,
    outcome: { delayMs: number; error: string; dropSource?: boolean | undefined },
  ): Promise<void>;
  /** Gives the filing up: nothing of it is in the store (or it never got there). */
  fail(claimed: ClaimedFiling, error: string): Promise<void>;
  /** The filing, or null. */
  get(id: string): Promise<Filing | null>;
  /** The filings of a batch, in the order they were recorded. */
  batch(batchId: string): Promise<Filing[]>;
  /** Spool files still needed by pending filings (their `path`s), so a clean-up leaves them alone. */
  pendingSpoolPaths(): Promise<Set<string>>;
  /**
   * Ends every lease at once and makes every pending filing due. Only for a database no other process can be
   * using (the embedded one, at start-up): what is held or set aside there belongs to a process that has stopped.
   */
  releaseAll(): Promise<number>;
  /** Deletes finished filings older than `keepFinishedForMs`; returns how many. */
  prune(keepFinishedForMs: number): Promise<number>;
}
