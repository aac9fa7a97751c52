import type { OnBehalfOf } from './mailbox';

/**
 * Files people share in Teams messages from OneDrive or SharePoint (`contentType: reference` attachments: a
 * link, no bytes). "File to case" copies them into the case's folder with the filing person's own delegated
 * permission, so it copies only what that person may open (Microsoft 365 mode: Graph's `/shares` through the
 * on-behalf-of flow; see docs/documents.md, "Files shared in Teams messages").
 */

/** Why a shared file could not be copied; the message's record keeps its link and this reason. */
export type NotCopiedReason =
  'no-access' | 'not-found' | 'too-large' | 'not-a-file' | 'failed' | 'not-signed-in';

export class SharedFileError extends Error {
  constructor(
    readonly reason: Exclude<NotCopiedReason, 'not-signed-in'>,
    message: string,
  ) {
    super(message);
    this.name = 'SharedFileError';
  }
}

/** What was copied. */
export interface CopiedFile {
  name: string;
  contentType: string;
  size: number;
}

export interface SharedFiles {
  /**
   * Copies the file behind `url` (a OneDrive or SharePoint address from a Teams message) to the local file
   * `toPath`, as the person `who` (their token as the on-behalf-of assertion), refusing more than `maxBytes`.
   * @throws SharedFileError saying why it cannot be copied.
   */
  copy(who: OnBehalfOf, url: string, toPath: string, maxBytes: number): Promise<CopiedFile>;
}

/** What the person is told about a file that was linked rather than copied. */
export const NOT_COPIED: Record<NotCopiedReason, string> = {
  'no-access': 'you do not have access to it',
  'not-found': 'it was not found (moved or deleted)',
  'too-large': 'it is larger than Members\u2019 Hub accepts',
  'not-a-file': 'it is a folder, not a file',
  failed: 'OneDrive or SharePoint did not answer',
  'not-signed-in': 'it can be copied only from the Members\u2019 Hub dialog',
};
