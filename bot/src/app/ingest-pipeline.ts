import { randomUUID } from 'node:crypto';
import { legacyPapersSegments } from '../domain/document-names';
import { suggest, type CandidateCase, type CandidateWard } from '../domain/ingest/matching';
import { ScanRefusedError } from '../domain/ingest/scan-files';
import { splitAtCoverSheets } from '../domain/ingest/stack-split';
import type { CoverSheet } from '../domain/ingest/cover-sheet';
import type { Logger } from '../logger';
import { contentFromBuffer, type ContentSource } from './document-store';
import type { Documents } from './documents';
import type {
  ClaimedDocument,
  ClaimedPage,
  IngestPage,
  IngestStore,
  NewIngestDocument,
  PageResult,
} from './ingest-store';
import { OcrError, type OcrEngine, type OcrPage } from './ocr-engine';
import type { CaseStore, Clock, Directory } from './ports';
import type { ScanPage, ScanTools } from './scan-tools';
import { scanIngestSource, type IngestScans } from './ingest-scans';

/**
 * The pipeline's steps, run by the ingest worker (jobs/ingest-worker.ts) on pages and documents it has
 * claimed: read a page (cover sheet, blank, or OCR with rotation correction), split a finished file into
 * documents with suggestions, and file a reviewed document as a searchable PDF. Each step writes its result
 * with the claim's lease, so a step repeated after a crash changes nothing twice.
 */

export interface PipelineDeps {
  ingest: IngestStore;
  /** The batch's scans as files: opened from the store (cached here), and a document's searchable PDF. */
  scans: IngestScans;
  documents: Pick<Documents, 'upload' | 'fileIntoMemberFolder'>;
  cases: Pick<CaseStore, 'list'>;
  directory: Pick<Directory, 'person' | 'people' | 'wards'>;
  ocr: OcrEngine;
  tools: ScanTools;
  clock: Clock;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'> | undefined;
  /** Pages read with less mean confidence than this are flagged for a person (default 70). */
  lowConfidence?: number | undefined;
  /** Crash tests only: wraps a searchable PDF's content on its way to the store (see test-hold.ts). */
  filingContent?: ((content: ContentSource) => ContentSource) | undefined;
}

/** A page with less ink than this is blank (the back of a single-sided letter). */
const BLANK_INK = 0.002;
/** Below this mean confidence, or with fewer words, the other three orientations are tried. */
const ROTATION_CHECK_CONFIDENCE = 55;
/** The longer side of the copy the blank check looks at (about 75 dpi for A4 scanned at 300). */
const CHECK_SIDE = 1000;
/** The longer side of the copy a cover sheet's QR code is looked for in first (its modules about 5 px). */
const QR_SIDE = 500;
/** A cover sheet's printed title (cover-sheets.ts), as OCR reads it. */
const COVER_SHEET_WORDS = /COVER\s*SHEET/i;
/** The longer side of the copy other orientations are tried on (about 150 dpi for A4 at 300). */
const ROTATION_TRIAL_SIDE = 1800;
const PAGE_ATTEMPTS = 3;
const FILING_ATTEMPTS = 5;

const backoff = (attempt: number) => Math.min(5 * 60_000, 2_000 * 2 ** attempt);

const score = (page: OcrPage): number =>
  page.words.filter((w) => w.text.length > 1).reduce((sum, w) => sum + w.confidence, 0);

export const makeIngestPipeline = (deps: PipelineDeps) => {
  const { ingest, documents, ocr, tools, clock, logger, scans } = deps;
  const lowConfidence = deps.lowConfidence ?? 70;

  const { openFile } = scans;

  /**
   * OCR, turning the page a quarter at a time when it reads badly, and keeping the best reading. The engine
   * gets a JPEG page as it came; only a page that needs turning is decoded here.
   */
  const readPage = async (scan: ScanPage): Promise<{ page: OcrPage; rotation: number }> => {
    const upright = await ocr.recognize(
      scan.jpeg ? { jpeg: scan.jpeg, width: scan.width, height: scan.height } : scan.grey(),
    );
    if (upright.confidence >= ROTATION_CHECK_CONFIDENCE && upright.words.length >= 5)
      return { page: upright, rotation: 0 };
    // Try the other orientations on a smaller copy (cheaper), then read the winner at full size.
    const small = scan.preview(ROTATION_TRIAL_SIDE);
    let best = { turns: 0, score: score(upright) * (small.width / scan.width) };
    for (const turns of [1, 2, 3]) {
      const trial = await ocr.recognize(tools.rotate(small, turns));
      const s = score(trial);
      if (s > best.score * 1.5 && s > 0) best = { turns, score: s };
    }
    if (best.turns === 0) return { page: upright, rotation: 0 };
    return { page: await ocr.recognize(tools.rotate(scan.grey(), best.turns)), rotation: best.turns * 90 };
  };

  const analysePage = async (claim: ClaimedPage): Promise<PageResult> => {
    const doc = await openFile(claim.file);
    const scan = await doc.page(claim.pageNo - 1);
    const base = { width: scan.width, height: scan.height, engine: ocr.name };
    const coverPage = (cover: CoverSheet): PageResult => ({
      ...base,
      kind: 'cover',
      cover,
      rotation: 0,
      confidence: 100,
      text: '',
      words: [],
    });
    // Blank pages are told from a small copy (a quarter of a 300 dpi scan), and cover sheets' QR codes are
    // looked for in one smaller still: a text page full of letter shapes costs the QR finder most.
    const preview = scan.preview(CHECK_SIDE);
    if (tools.inkRatio(preview) < BLANK_INK)
      return { ...base, kind: 'blank', cover: null, rotation: 0, confidence: 100, text: '', words: [] };
    const cover = tools.findCoverSheet(tools.downscale(preview, QR_SIDE));
    if (cover) return coverPage(cover);
    const { page, rotation } = await readPage(scan);
    // A cover sheet whose code was too small or worn to read there is read again at full size.
    if (COVER_SHEET_WORDS.test(page.text)) {
      const again = tools.findCoverSheet(scan.preview(ROTATION_TRIAL_SIDE));
      if (again) return coverPage(again);
    }
    const turned = rotation % 180 === 0 ? base : { ...base, width: scan.height, height: scan.width };
    return {
      ...turned,
      kind: 'text',
      cover: null,
      rotation,
      confidence: page.confidence,
      text: page.text,
      words: page.words,
    };
  };

  /** Reads one claimed page and records the outcome; never rejects. */
  const processPage = async (claim: ClaimedPage): Promise<'done' | 'retry' | 'failed' | 'lost'> => {
    try {
      const result = await analysePage(claim);
      const saved = await ingest.completePage(claim, result);
      if (!saved) return 'lost';
      await assemble(claim.fileId);
      return 'done';
    } catch (error) {
      const refused = error instanceof ScanRefusedError;
      const retryable =
        !refused && (!(error instanceof OcrError) || error.retryable) && claim.attempts < PAGE_ATTEMPTS;
      const reason = refused
        ? error.refusal.reason
        : error instanceof OcrError
          ? error.message
          : 'The page could not be read.';
      logger?.warn(
        {
          fileId: claim.fileId,
          pageNo: claim.pageNo,
          attempt: claim.attempts,
          err: refused ? undefined : error,
        },
        retryable ? 'ingest page failed; it will be tried again' : 'ingest page failed',
      );
      await ingest.failPage(claim, reason, retryable ? { inMs: backoff(claim.attempts) } : null);
      return retryable ? 'retry' : 'failed';
    }
  };

  const candidates = async (
    memberId: string | null,
  ): Promise<{ cases: CandidateCase[]; wards: CandidateWard[] }> => {
    const page = await deps.cases.list(
      memberId ? { kind: 'member', memberId } : { kind: 'all' },
      memberId ? { memberId } : {},
      { limit: 500, offset: 0 },
    );
    const people = await deps.directory.people();
    const wards = (await deps.directory.wards()).map((w) => ({
      id: w.id,
      postcodePrefixes: w.postcodePrefixes,
      memberIds: people
        .filter((p) => p.roles.includes('Councillor') && p.wardIds?.includes(w.id))
        .map((p) => p.id),
    }));
    return {
      cases: page.items.map((c) => ({
        ref: c.ref,
        memberId: c.memberId,
        constituentName: c.constituent.name,
        postcode: c.constituent.postcode,
      })),
      wards,
    };
  };

  /** Once every page of a file is read, splits it into documents with their suggestions (once). */
  const assemble = async (fileId: string): Promise<void> => {
    const pages = await ingest.finishedPages(fileId);
    if (!pages || pages.some((p) => p.status !== 'done')) return;
    const file = await ingest.file(fileId);
    if (!file || file.status !== 'queued') return;
    const batch = await ingest.batch(file.batchId);
    if (!batch) return;
    const byNo = new Map(pages.map((p) => [p.pageNo, p]));
    const segments = splitAtCoverSheets(
      pages.map((p) => ({ pageNo: p.pageNo, kind: p.kind ?? 'text', cover: p.cover })),
    );
    const drafts: NewIngestDocument[] = [];
    for (const [seq, segment] of segments.entries()) {
      const memberId = segment.cover?.memberId ?? file.manifest?.memberId ?? batch.memberId;
      const docPages = segment.pages.map((n) => byNo.get(n) as IngestPage);
      const { cases, wards } = await candidates(memberId);
      const suggestions = suggest({
        pages: docPages.map((p) => ({
          pageNo: p.pageNo,
          words: (p.words ?? []).map((w) => ({ text: w.text, bbox: w.bbox })),
        })),
        cases,
        wards,
        knownMemberId: memberId,
        knownCaseRef: segment.cover?.caseRef ?? null,
      });
      const firstLine = (docPages[0]?.text ?? '').split('\n').find((l) => l.trim().length > 3) ?? file.name;
      drafts.push({
        id: randomUUID(),
        batchId: file.batchId,
        fileId,
        seq: seq + 1,
        pages: segment.pages,
        cover: segment.cover,
        suggestions,
        lowConfidencePages: docPages.filter((p) => (p.confidence ?? 0) < lowConfidence).map((p) => p.pageNo),
        memberId: memberId ?? suggestions.memberId?.value ?? null,
        caseRef: segment.cover?.caseRef ?? suggestions.caseRef?.value ?? null,
        box: segment.cover?.box ?? file.manifest?.box ?? null,
        dateFrom: file.manifest?.dateFrom ?? suggestions.dateFrom?.value ?? null,
        dateTo: file.manifest?.dateTo ?? suggestions.dateTo?.value ?? null,
        description: (file.manifest?.description ?? firstLine).trim().slice(0, 200),
        createdAt: clock.now().toISOString(),
      });
    }
    await ingest.addDocuments(fileId, drafts);
  };

  const fileName = (d: ClaimedDocument['document']): string => {
    const date = d.dateFrom ?? (d.decidedAt ?? d.createdAt).slice(0, 10);
    return `${date} ${(d.description ?? 'Legacy paper').slice(0, 100)}${d.box ? ` (box ${d.box})` : ''}.pdf`;
  };

  /** Files one reviewed document; never rejects. */
  const fileDocument = async (claim: ClaimedDocument): Promise<'filed' | 'retry' | 'failed' | 'lost'> => {
    const d = claim.document;
    try {
      if (!d.memberId || !d.retention || !d.decidedBy)
        throw new Error('The document has no decision to file by.');
      const { pdf, text, pages } = await scans.searchablePdf(d);
      const built = contentFromBuffer(pdf);
      const content = deps.filingContent ? deps.filingContent(built) : built;
      const name = fileName(d);
      let storeFileId: string | null = null;
      let documentId: string | null = null;
      if (d.caseRef) {
        const reviewer = await deps.directory.person(d.decidedBy);
        if (!reviewer) throw new Error('The reviewer is no longer in the directory.');
        // Through the filing journal, with a source any instance can rebuild the same PDF from: a filing
        // interrupted here is completed by the document work, and this retry then finds it filed.
        const filed = await documents.upload({ person: reviewer, requestId: `ingest-${d.id}` }, d.caseRef, {
          name,
          contentType: 'application/pdf',
          content,
          source: scanIngestSource(d.id),
        });
        documentId = filed.document.id;
      } else {
        const year = Number((d.dateFrom ?? d.decidedAt ?? d.createdAt).slice(0, 4));
        const stored = await documents.fileIntoMemberFolder(
          d.memberId,
          (owner) => legacyPapersSegments(owner, year),
          {
            name,
            contentType: 'application/pdf',
            content,
          },
        );
        storeFileId = stored.id;
      }
      const now = clock.now().toISOString();
      const saved = await ingest.completeFiling(
        claim,
        {
          id: randomUUID(),
          ingestDocumentId: d.id,
          memberId: d.memberId,
          caseRef: d.caseRef,
          documentId,
          storeFileId,
          name,
          size: content.size,
          sha256: content.sha256,
          pages,
          box: d.box,
          dateFrom: d.dateFrom,
          dateTo: d.dateTo,
          retention: d.retention,
          text,
          filedBy: d.decidedBy,
          filedAt: now,
        },
        {
          at: now,
          actorId: null,
          action: 'legacy-paper.file',
          outcome: 'allowed',
          caseRef: d.caseRef,
          detail: { ingestDocumentId: d.id, memberId: d.memberId, pages, decidedBy: d.decidedBy },
        },
      );
      return saved ? 'filed' : 'lost';
    } catch (error) {
      const retryable = claim.document.attempts < FILING_ATTEMPTS;
      logger?.warn(
        { ingestDocumentId: d.id, attempt: d.attempts, err: error },
        'filing a legacy paper failed',
      );
      await ingest.failFiling(
        claim,
        'The document could not be filed: the document store did not accept it.',
        retryable ? { inMs: backoff(claim.document.attempts) } : null,
      );
      return retryable ? 'retry' : 'failed';
    }
  };

  /**
   * A page's picture, upright, for the tab: an upright JPEG page as it came (the browser scales it), any other
   * page turned upright and at most `maxSide` pixels long, as PNG.
   */
  const pagePicture = async (
    fileId: string,
    pageNo: number,
    maxSide = 1800,
  ): Promise<{ bytes: Buffer; contentType: 'image/jpeg' | 'image/png' } | null> => {
    const stored = await scans.openStored(fileId);
    if (!stored || pageNo < 1 || pageNo > stored.pageCount) return null;
    const read = await ingest.page(fileId, pageNo);
    const doc = stored.doc;
    const scan = await doc.page(pageNo - 1);
    const turns = Math.round((read?.rotation ?? 0) / 90) % 4;
    if (scan.jpeg && turns === 0) return { bytes: scan.jpeg, contentType: 'image/jpeg' };
    return { bytes: tools.png(tools.rotate(scan.preview(maxSide), turns)), contentType: 'image/png' };
  };

  return { processPage, assemble, fileDocument, pagePicture };
};

export type IngestPipeline = ReturnType<typeof makeIngestPipeline>;
