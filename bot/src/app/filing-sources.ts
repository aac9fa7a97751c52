import { rm, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentFromBuffer, contentFromFile, type ContentSource } from './document-store';
import type { FilingSource } from './filing-journal';

/**
 * Where a filing's bytes come from, recorded in the filing journal so that whichever instance completes an
 * interrupted filing can get them again (docs/documents.md, "Crash-safe filing"). Each kind is a JSON shape
 * and an opener:
 *
 * | kind | holds | opened by |
 * |---|---|---|
 * | `spool` | `path`: an upload spooled under `DATA_DIR/tmp` | reading the file (deleted once the filing ends) |
 * | `inline` | `base64`: the bytes themselves (a Teams message's record, a few KB) | decoding them |
 * | `download` | `url`: a short-lived https URL Teams gave for an attachment (cleared once used) | the attachment downloader |
 * | `none` | nothing: the bytes cannot be had again (e-mail from the mailbox, read with the person's own token) | — |
 * | `scan-ingest` | `ingestDocumentId`: a reviewed legacy paper filed into a case | building its searchable PDF again (`app/ingest-scans.ts`, registered in `main.ts`) |
 *
 * A kind whose bytes cannot be fetched again later (say, a file read with the person's delegated token, which
 * is never stored) should be fetched while the person's request is being answered and recorded as `spool`.
 * When a source has nothing left to give, the filing is completed from the store if its file got there, or
 * given up.
 */

export interface OpenedSource {
  content: ContentSource;
  /** The content type the source reported (a download's), when it knows better than the filing. */
  contentType?: string | null | undefined;
}

export interface FilingSourceKind {
  /** The content, or null when the source has nothing left to give (its spool file is gone, say). */
  open(source: FilingSource, limits: { maxBytes: number }): Promise<OpenedSource | null>;
  /** Lets go of what the source holds once the filing has ended (a spool file is deleted). */
  discard?(source: FilingSource): Promise<void>;
}

export type FilingSources = Readonly<Record<string, FilingSourceKind>>;

/** Downloads an attachment, refusing more than `maxBytes`; see bot/attachment-download.ts. */
export type AttachmentDownloader = (
  url: string,
  maxBytes: number,
) => Promise<{ content: Buffer; contentType: string | null }>;

export const spoolSource = (path: string): FilingSource => ({ kind: 'spool', path });
export const inlineSource = (bytes: Buffer): FilingSource => ({
  kind: 'inline',
  base64: bytes.toString('base64'),
});
export const downloadSource = (url: string): FilingSource => ({ kind: 'download', url });
export const NO_SOURCE: FilingSource = { kind: 'none' };

/** Opens a filing's source with whichever kind it is; null for a kind this service does not know, or a spent one. */
export const openSource = (
  sources: FilingSources,
  source: FilingSource,
  limits: { maxBytes: number },
): Promise<OpenedSource | null> => {
  if (source.spent === true) return Promise.resolve(null);
  return sources[source.kind]?.open(source, limits) ?? Promise.resolve(null);
};

export const discardSource = async (sources: FilingSources, source: FilingSource): Promise<void> => {
  await sources[source.kind]?.discard?.(source);
};

/**
 * The kinds this service knows. `spoolDir` is where uploads are spooled: a `spool` path outside it is never
 * opened or deleted, whatever the journal says.
 */
export const makeFilingSources = (deps: {
  spoolDir: string;
  download?: AttachmentDownloader | undefined;
}): FilingSources => {
  const root = resolve(deps.spoolDir);
  const spoolPath = (source: FilingSource): string | null => {
    if (typeof source.path !== 'string') return null;
    const path = resolve(source.path);
    return path.startsWith(root + sep) ? path : null;
  };
  return {
    spool: {
      open: async (source) => {
        const path = spoolPath(source);
        if (path === null) return null;
        const found = await stat(path).catch(() => null);
        return found?.isFile() ? { content: await contentFromFile(path) } : null;
      },
      discard: async (source) => {
        const path = spoolPath(source);
        if (path !== null) await rm(path, { force: true });
      },
    },
    inline: {
      open: (source) =>
        Promise.resolve(
          typeof source.base64 === 'string'
            ? { content: contentFromBuffer(Buffer.from(source.base64, 'base64')) }
            : null,
        ),
    },
    download: {
      open: async (source, { maxBytes }) => {
        if (typeof source.url !== 'string' || deps.download === undefined) return null;
        const { content, contentType } = await deps.download(source.url, maxBytes);
        return { content: contentFromBuffer(content), contentType };
      },
    },
    none: { open: () => Promise.resolve(null) },
  };
};
