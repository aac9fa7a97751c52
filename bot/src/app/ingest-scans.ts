import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanKind, ScanLimits } from '../domain/ingest/scan-files';
import { contentFromBuffer, type DocumentStore } from './document-store';
import type { FilingSource } from './filing-journal';
import type { FilingSourceKind } from './filing-sources';
import type { IngestDocument, IngestStore } from './ingest-store';
import type { ScanDocument, ScanTools, SearchablePage } from './scan-tools';

/**
 * A scan-ingest batch's scans as files: each original read from the document store once per instance (then
 * kept in `cacheDir`, `DATA_DIR/ingest-cache`), opened once for all its pages, and a reviewed document's
 * searchable PDF built from them. The PDF is deterministic (searchable-pdf.ts), so it is also a filing source:
 * the filing journal can rebuild the same bytes on any instance to finish an interrupted filing.
 */

export interface IngestScansDeps {
  ingest: Pick<IngestStore, 'file' | 'page' | 'document'>;
  store: Pick<DocumentStore, 'readFile'>;
  tools: ScanTools;
  limits: ScanLimits;
  cacheDir: string;
}

export interface StoredScan {
  storeFileId: string;
  kind: ScanKind;
  sha256: string;
}

/** The filing-journal source kind of a legacy paper filed into a case (`app/filing-sources.ts`). */
export const SCAN_INGEST_SOURCE = 'scan-ingest';
export const scanIngestSource = (ingestDocumentId: string): FilingSource => ({
  kind: SCAN_INGEST_SOURCE,
  ingestDocumentId,
});

export const makeIngestScans = (deps: IngestScansDeps) => {
  const { ingest, store, tools, limits, cacheDir } = deps;

  /** Recently opened scans, so the pages of one file are not each parsed from scratch. */
  const opened = new Map<string, Promise<ScanDocument>>();
  const remember = (sha256: string, doc: Promise<ScanDocument>) => {
    opened.set(sha256, doc);
    while (opened.size > 4) opened.delete(opened.keys().next().value as string);
    doc.catch(() => opened.delete(sha256));
  };

  /** The original's bytes: from this instance's cache, or from the document store (then cached). */
  const original = async (file: { storeFileId: string; sha256: string }): Promise<Buffer> => {
    const path = join(cacheDir, file.sha256);
    try {
      return await readFile(path);
    } catch {
      // Not cached here yet: read it from the store.
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await store.readFile(file.storeFileId)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomUUID()}.part`;
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, path);
    return bytes;
  };

  const openFile = (file: StoredScan): Promise<ScanDocument> => {
    const known = opened.get(file.sha256);
    if (known) return known;
    const kind = file.kind;
    if (kind === 'zip') return Promise.reject(new Error('A ZIP has no pages of its own.'));
    const doc = original(file).then((bytes) => tools.open(kind, bytes, limits));
    remember(file.sha256, doc);
    return doc;
  };

  /** A recorded file's scan, or null when it has no pages of its own (refused, a duplicate, a ZIP). */
  const openStored = async (fileId: string): Promise<{ doc: ScanDocument; pageCount: number } | null> => {
    const file = await ingest.file(fileId);
    if (!file?.storeFileId || !file.kind || file.kind === 'zip') return null;
    const doc = await openFile({ storeFileId: file.storeFileId, kind: file.kind, sha256: file.sha256 });
    return { doc, pageCount: file.pageCount };
  };

  /** The searchable PDF of a document: its pages' pictures (shown upright) and their words. */
  const searchablePdf = async (d: IngestDocument): Promise<{ pdf: Buffer; text: string; pages: number }> => {
    const stored = await openStored(d.fileId);
    if (!stored) throw new Error('The document’s file is missing.');
    const pages: SearchablePage[] = [];
    const texts: string[] = [];
    for (const pageNo of d.pages) {
      const read = await ingest.page(d.fileId, pageNo);
      const scan = await stored.doc.page(pageNo - 1);
      pages.push({
        picture: scan.jpeg ? { jpeg: scan.jpeg } : { grey: scan.grey() },
        width: scan.width,
        height: scan.height,
        widthPt: scan.widthPt,
        heightPt: scan.heightPt,
        quarterTurns: Math.round((read?.rotation ?? 0) / 90),
        words: read?.words ?? [],
      });
      texts.push(read?.text ?? '');
    }
    const pdf = await tools.searchablePdf(pages, {
      title: d.description ?? d.fileName,
      subject: `Legacy papers${d.box ? `, box ${d.box}` : ''}`,
      keywords: [d.box ? `box ${d.box}` : '', d.dateFrom ?? '', d.dateTo ?? ''].filter(Boolean),
      created: new Date(d.decidedAt ?? d.createdAt),
    });
    return { pdf, text: texts.join('\n\n'), pages: pages.length };
  };

  /** The filing source kind: the decided document's PDF, built again; nothing when the document is gone. */
  const filingSource: FilingSourceKind = {
    open: async (source) => {
      if (typeof source.ingestDocumentId !== 'string') return null;
      const d = await ingest.document(source.ingestDocumentId);
      if (!d || d.decidedAt === null) return null;
      return { content: contentFromBuffer((await searchablePdf(d)).pdf), contentType: 'application/pdf' };
    },
  };

  return { openFile, openStored, searchablePdf, filingSource };
};

export type IngestScans = ReturnType<typeof makeIngestScans>;
