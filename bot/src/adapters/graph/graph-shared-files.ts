import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DocumentStoreError } from '../../app/document-store';
import type { OnBehalfOf } from '../../app/mailbox';
import { SharedFileError, type CopiedFile, type SharedFiles } from '../../app/shared-files';
import { GRAPH_RESOURCE } from './graph-auth';
import { graphQuery, type GraphClient } from './graph-client';

/**
 * Files shared in Teams messages, copied through Graph's `/shares/{encoded-url}/driveItem` with the person's
 * delegated permission (on-behalf-of): a reference attachment's `contentUrl` is a OneDrive or SharePoint
 * address that Graph reads only with a token of someone who may open it
 * (https://learn.microsoft.com/graph/api/shares-get; the address itself refuses an app's token:
 * https://github.com/MicrosoftDocs/msteams-docs/issues/3887). The least-privileged delegated permission
 * Microsoft's reference lists for `GET /shares/…` is `Files.ReadWrite`.
 */

/** "Base64 encode the URL … unpadded base64url … append `u!`" (shares-get, "Encoding sharing URLs"). */
export const shareIdOf = (url: string): string => `u!${Buffer.from(url, 'utf8').toString('base64url')}`;

interface SharedItem {
  name?: string;
  size?: number;
  file?: { mimeType?: string };
  folder?: unknown;
}

const reasonOf = (error: unknown): SharedFileError | null => {
  if (!(error instanceof DocumentStoreError)) return null;
  if (error.code === 'not-found') return new SharedFileError('not-found', error.message);
  if (error.code === 'forbidden') return new SharedFileError('no-access', error.message);
  return null;
};

export class GraphSharedFiles implements SharedFiles {
  private readonly scopes: readonly string[];

  constructor(
    private readonly graph: GraphClient,
    options: { scopes?: readonly string[] } = {},
  ) {
    this.scopes = options.scopes ?? [`${GRAPH_RESOURCE}/Files.ReadWrite`];
  }

  async copy(who: OnBehalfOf, url: string, toPath: string, maxBytes: number): Promise<CopiedFile> {
    const auth = { onBehalfOf: who.userAssertion, scopes: this.scopes };
    const base = `/shares/${shareIdOf(url)}/driveItem`;
    try {
      const item = await this.graph.get<SharedItem>(
        `${base}${graphQuery({ $select: 'name,size,file,folder' })}`,
        {
          auth,
          operation: 'find a shared file',
        },
      );
      if (item.file === undefined) throw new SharedFileError('not-a-file', 'The shared item is not a file.');
      if ((item.size ?? 0) > maxBytes)
        throw new SharedFileError('too-large', `The shared file is ${item.size ?? '?'} bytes.`);
      let size = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(
            size > maxBytes ? new SharedFileError('too-large', 'The shared file is too large.') : null,
            chunk,
          );
        },
      });
      try {
        await pipeline(
          await this.graph.content(`${base}/content`, {
            auth,
            operation: 'copy a shared file',
            timeoutMs: 120_000,
          }),
          limit,
          createWriteStream(toPath, { mode: 0o600 }),
        );
      } catch (error) {
        await rm(toPath, { force: true });
        throw error;
      }
      return {
        name: item.name ?? 'file',
        contentType: item.file.mimeType ?? 'application/octet-stream',
        size,
      };
    } catch (error) {
      if (error instanceof SharedFileError) throw error;
      const known = reasonOf(error);
      if (known) throw known;
      throw new SharedFileError('failed', error instanceof Error ? error.message : String(error));
    }
  }
}
