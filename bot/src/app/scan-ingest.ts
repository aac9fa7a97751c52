import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { canIngest, canSeeLegacyPapers, legacyPapersScope } from '../domain/access-policy';
import type { CoverSheet } from '../domain/ingest/cover-sheet';
import { CASE_REF_PATTERN } from '../domain/ingest/matching';
import { checkRetention, destructionCsv, type RetentionDecision } from '../domain/ingest/retention';
import {
  DEFAULT_SCAN_LIMITS,
  ScanRefusedError,
  sniffScanKind,
  unsupported,
  type ScanLimits,
} from '../domain/ingest/scan-files';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { PersonId } from '../domain/ids';
import { hasRole } from '../domain/person';
import { londonDate } from '../domain/working-days';
import { safeName } from '../domain/document-names';
import type { Actor } from './actor';
import { contentFromBuffer, type DocumentStore } from './document-store';
import type { Documents } from './documents';
import type {
  IngestBatch,
  IngestDocument,
  IngestFile,
  IngestStore,
  LegacyPaper,
  ManifestRow,
} from './ingest-store';
import type { IngestPipeline } from './ingest-pipeline';
import type { AuditEntryDraft, AuditLog, CaseStore, Clock, Directory } from './ports';
import type { ScanTools } from './scan-tools';

/**
 * Scan-ingest for people: support officers start batches, hand in files (checked by content, de-duplicated
 * across every batch, stored before any page is read), follow progress, review each document's suggestions,
 * record retention decisions, print cover sheets and export the destruction log; members and support officers
 * find and open filed legacy papers. Every call checks the access policy first and is audited.
 */

export interface ScanIngestDeps {
  ingest: IngestStore;
  store: DocumentStore;
  documents: Pick<Documents, 'open'>;
  cases: Pick<CaseStore, 'findByRef'>;
  directory: Pick<Directory, 'person'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  tools: ScanTools;
  pipeline: Pick<IngestPipeline, 'pagePicture'>;
  limits?: ScanLimits | undefined;
}

/** The folder accepted originals are kept in, at the library's root (support officers only). */
export const INGEST_FOLDER = 'Scan ingest';
const MAX_LABEL = 200;
const MEMBER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BOX = /^[A-Za-z0-9._-]{1,64}$/;

export interface FileOutcome {
  name: string;
  status: IngestFile['status'];
  reason: string | null;
  fileId: string;
  pages: number;
  duplicateOf: IngestFile['duplicateOf'];
  /** Entries of a ZIP, each with its own outcome. */
  entries?: FileOutcome[];
}

export interface ReviewPage {
  pageNo: number;
  width: number;
  height: number;
  confidence: number;
  text: string;
  words: { text: string; bbox: [number, number, number, number]; confidence: number }[];
  lowConfidence: boolean;
}

export interface DecisionInput {
  memberId: string;
  caseRef: string | null;
  box: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  description: string;
  retention: RetentionDecision;
}

const outcome = (file: IngestFile, entries?: FileOutcome[]): FileOutcome => ({
  name: file.name,
  status: file.status,
  reason: file.reason,
  fileId: file.id,
  pages: file.pageCount,
  duplicateOf: file.duplicateOf,
  ...(entries ? { entries } : {}),
});

/** Parses print services' manifest: a header row naming at least `file`; other columns optional. */
export const parseManifest = (csv: string): ManifestRow[] => {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/[\s_-]+/g, ''),
  });
  const issues: { path: string; message: string }[] = [];
  if (!parsed.meta.fields?.includes('file'))
    throw new ValidationError('The manifest needs a header row with a "file" column.', [
      { path: 'manifest', message: 'no "file" column' },
    ]);
  const rows: ManifestRow[] = [];
  for (const [i, r] of parsed.data.entries()) {
    const get = (k: string) => (r[k] ?? '').trim() || undefined;
    const file = get('file');
    if (!file) {
      issues.push({ path: `manifest.${i + 2}.file`, message: 'empty' });
      continue;
    }
    const memberId = get('member');
    if (memberId && !MEMBER_ID.test(memberId))
      issues.push({ path: `manifest.${i + 2}.member`, message: 'not a member id' });
    const box = get('box') ?? get('boxnumber');
    if (box && !BOX.test(box))
      issues.push({ path: `manifest.${i + 2}.box`, message: 'letters, digits, . _ - only' });
    const decision = get('retention')?.toLowerCase();
    const reason = get('reason') ?? 'From the print services manifest';
    const until = get('until') ?? get('retentiondate') ?? '';
    let retention: RetentionDecision | undefined;
    if (decision === 'destroy') retention = { kind: 'destroy', reason };
    else if (decision === 'keep') retention = { kind: 'keep', until, reason };
    else if (decision === 'review') retention = { kind: 'review', on: until, reason };
    else if (decision)
      issues.push({ path: `manifest.${i + 2}.retention`, message: 'keep, review or destroy' });
    rows.push({
      file,
      ...(memberId ? { memberId } : {}),
      ...(box ? { box } : {}),
      ...(get('datefrom') ? { dateFrom: get('datefrom') } : {}),
      ...(get('dateto') ? { dateTo: get('dateto') } : {}),
      ...(get('description') ? { description: get('description')?.slice(0, 200) } : {}),
      ...(retention ? { retention } : {}),
    });
  }
  if (issues.length > 0) throw new ValidationError('The manifest has rows that cannot be used.', issues);
  return rows;
};

export const makeScanIngest = (deps: ScanIngestDeps) => {
  const { ingest, store, cases, directory, audit, clock, tools } = deps;
  const limits = deps.limits ?? DEFAULT_SCAN_LIMITS;

  const entry = (
    actor: Actor,
    action: string,
    outcome: AuditEntryDraft['outcome'],
    detail: Record<string, unknown> = {},
    extra: Partial<AuditEntryDraft> = {},
  ): AuditEntryDraft => ({
    at: clock.now().toISOString(),
    actorId: actor.person.id,
    action,
    outcome,
    requestId: actor.requestId,
    detail,
    ...extra,
  });

  /** Support officers only; anyone else is told the feature is not theirs, and the refusal is audited. */
  const officer = async (actor: Actor, action: string): Promise<void> => {
    if (canIngest(actor.person)) return;
    await audit.record(entry(actor, action, 'denied', { reason: 'not-permitted' }));
    throw new ForbiddenError('Scan-ingest is for support officers.');
  };

  const memberOrFail = async (memberId: string, path: string) => {
    const member = MEMBER_ID.test(memberId) ? await directory.person(memberId) : null;
    if (!member || !hasRole(member, 'Councillor'))
      throw new ValidationError('That is not a member of the council.', [{ path, message: 'not a member' }]);
    return member;
  };

  const batchOrFail = async (batchId: string): Promise<IngestBatch> => {
    const batch = await ingest.batch(batchId);
    if (!batch) throw new NotFoundError('batch');
    return batch;
  };

  const startBatch = async (
    actor: Actor,
    input: { label: string; memberId: string | null },
  ): Promise<IngestBatch> => {
    await officer(actor, 'ingest.batch.create');
    const label = input.label.trim();
    if (label.length < 1 || label.length > MAX_LABEL)
      throw new ValidationError('Name the batch (1 to 200 characters).', [
        { path: 'label', message: '1 to 200 characters' },
      ]);
    if (input.memberId !== null) await memberOrFail(input.memberId, 'memberId');
    const batch: IngestBatch = {
      id: randomUUID(),
      label,
      memberId: input.memberId,
      createdBy: actor.person.id,
      createdAt: clock.now().toISOString(),
    };
    await ingest.createBatch(
      batch,
      entry(actor, 'ingest.batch.create', 'allowed', { batchId: batch.id, memberId: batch.memberId }),
    );
    return batch;
  };

  const batches = async (actor: Actor): Promise<IngestBatch[]> => {
    await officer(actor, 'ingest.batch.list');
    return ingest.batches(50);
  };

  const setManifest = async (actor: Actor, batchId: string, csv: string): Promise<ManifestRow[]> => {
    await officer(actor, 'ingest.manifest');
    await batchOrFail(batchId);
    const rows = parseManifest(csv);
    const today = londonDate(clock.now());
    for (const [i, row] of rows.entries()) {
      if (row.memberId) await memberOrFail(row.memberId, `manifest.${i + 2}.member`);
      if (row.retention) checkRetention(row.retention, today);
    }
    await ingest.setManifest(
      batchId,
      rows,
      entry(actor, 'ingest.manifest', 'allowed', { batchId, rows: rows.length }),
    );
    return rows;
  };

  /** Records one file (not a ZIP): refused with its reason, a duplicate, or stored and queued page by page. */
  const addScan = async (
    actor: Actor,
    batch: IngestBatch,
    name: string,
    bytes: Buffer,
    manifest: ManifestRow[],
    parentId: string | null,
  ): Promise<FileOutcome> => {
    const content = contentFromBuffer(bytes);
    const row = manifest.find((m) => m.file.toLowerCase() === name.toLowerCase()) ?? null;
    const base = {
      id: randomUUID(),
      batchId: batch.id,
      parentId,
      name,
      size: bytes.length,
      sha256: content.sha256,
      manifest: row,
      createdAt: clock.now().toISOString(),
    };
    const record = async (file: Omit<Parameters<IngestStore['addFile']>[0], keyof typeof base>) =>
      outcome(
        await ingest.addFile(
          { ...base, ...file },
          entry(actor, 'ingest.file', 'allowed', {
            batchId: batch.id,
            fileId: base.id,
            status: file.status,
            code: file.code,
          }),
        ),
      );
    const refused = (code: string, reason: string, kind: IngestFile['kind'] = null) =>
      record({ kind, status: 'refused', code, reason, storeFileId: null, pageCount: 0 });

    if (bytes.length === 0) return refused('empty', 'The file is empty.');
    if (bytes.length > limits.maxFileBytes)
      return refused(
        'too-large',
        `The file is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB.`,
      );
    const kind = sniffScanKind(bytes.subarray(0, 16));
    if (kind === null || kind === 'zip') {
      const why = unsupported(bytes.subarray(0, 16));
      return refused(
        why.code,
        kind === 'zip' ? 'A ZIP inside a ZIP is not opened: send its files instead.' : why.reason,
      );
    }
    const existing = await ingest.fileByContent(content.sha256);
    if (existing)
      return record({
        kind,
        status: 'duplicate',
        code: 'duplicate',
        reason: null,
        storeFileId: null,
        pageCount: 0,
      });
    let pageCount: number;
    try {
      pageCount = (await tools.open(kind, bytes, limits)).pageCount;
    } catch (error) {
      if (error instanceof ScanRefusedError) return refused(error.refusal.code, error.refusal.reason, kind);
      throw error;
    }
    // Stored before anything is queued: an accepted file is never only in memory.
    const folder = await store.ensureFolder([INGEST_FOLDER, batch.id]);
    const put = await store.putFile(folder.id, {
      // Named by the file's id: unique in the batch's folder, whatever order files arrive in.
      name: safeName(`${base.id.slice(0, 8)} ${name}`, 'file'),
      contentType: 'application/octet-stream',
      content,
    });
    return record({ kind, status: 'queued', code: null, reason: null, storeFileId: put.file.id, pageCount });
  };

  /**
   * Hands in one file: a scan, or a ZIP of scans (each entry recorded on its own). One bad file, or one bad
   * entry, never stops the rest.
   */
  const addFile = async (
    actor: Actor,
    batchId: string,
    name: string,
    bytes: Buffer,
  ): Promise<FileOutcome> => {
    await officer(actor, 'ingest.file');
    const batch = await batchOrFail(batchId);
    const manifest = await ingest.manifest(batchId);
    const cleanName = safeName(name.trim() || 'scan', 'file');
    if (sniffScanKind(bytes.subarray(0, 16)) !== 'zip')
      return addScan(actor, batch, cleanName, bytes, manifest, null);
    const content = contentFromBuffer(bytes);
    const zipRecord = async (status: IngestFile['status'], code: string | null, reason: string | null) =>
      ingest.addFile(
        {
          id: randomUUID(),
          batchId,
          parentId: null,
          name: cleanName,
          size: bytes.length,
          sha256: content.sha256,
          kind: 'zip',
          status,
          code,
          reason,
          storeFileId: null,
          pageCount: 0,
          manifest: null,
          createdAt: clock.now().toISOString(),
        },
        entry(actor, 'ingest.file', 'allowed', { batchId, status, code }),
      );
    let entries: { name: string; bytes: Buffer }[];
    try {
      entries = tools.unzip(bytes, limits);
    } catch (error) {
      if (!(error instanceof ScanRefusedError)) throw error;
      return outcome(await zipRecord('refused', error.refusal.code, error.refusal.reason));
    }
    const zip = await zipRecord('unpacked', null, `${entries.length} files inside`);
    if (zip.status === 'duplicate') return outcome(zip);
    const results: FileOutcome[] = [];
    for (const e of entries)
      results.push(await addScan(actor, batch, safeName(e.name, 'file'), e.bytes, manifest, zip.id));
    return outcome(zip, results);
  };

  /** Live progress: pages done of total, each file's state, documents by state, and a time-left estimate. */
  const progress = async (actor: Actor, batchId: string) => {
    await officer(actor, 'ingest.batch.read');
    const p = await ingest.progress(batchId);
    if (!p) throw new NotFoundError('batch');
    const times = p.recentPageTimes.map((t) => Date.parse(t));
    const remaining = p.pagesTotal - p.pagesDone - p.pagesFailed;
    let secondsLeft: number | null = null;
    if (remaining === 0) secondsLeft = 0;
    else if (times.length > 0) {
      // The pace of the last pages read; while too few have finished apart to tell, the pace since the first
      // file still being read was handed in. Never "0 s" while pages remain.
      const span = ((times[0] as number) - (times.at(-1) as number)) / 1000;
      const reading = p.files.filter((f) => f.status === 'queued').map((f) => Date.parse(f.createdAt));
      const since = reading.length > 0 ? Math.min(...reading) : (times.at(-1) as number);
      const perPage =
        times.length >= 3 && span > 0
          ? span / (times.length - 1)
          : Math.max(0, clock.now().getTime() - since) / 1000 / Math.max(1, p.pagesDone);
      if (perPage > 0) secondsLeft = Math.max(1, Math.round(perPage * remaining));
    }
    return { ...p, secondsLeft };
  };

  const documentOrFail = async (id: string): Promise<IngestDocument> => {
    const d = await ingest.document(id);
    if (!d) throw new NotFoundError('document');
    return d;
  };

  const reviewQueue = async (actor: Actor, filter: { batchId?: string | undefined }) => {
    await officer(actor, 'ingest.review.list');
    return ingest.documents(filter.batchId ? { batchId: filter.batchId } : { status: 'review' }, 200);
  };

  const reviewDocument = async (
    actor: Actor,
    id: string,
  ): Promise<{ document: IngestDocument; pages: ReviewPage[] }> => {
    await officer(actor, 'ingest.review.read');
    const document = await documentOrFail(id);
    const pages: ReviewPage[] = [];
    for (const pageNo of document.pages) {
      const p = await ingest.page(document.fileId, pageNo);
      if (!p) continue;
      pages.push({
        pageNo,
        width: p.width ?? 0,
        height: p.height ?? 0,
        confidence: Math.round(p.confidence ?? 0),
        text: p.text ?? '',
        words: (p.words ?? []).map((w) => ({ text: w.text, bbox: w.bbox, confidence: w.confidence })),
        lowConfidence: document.lowConfidencePages.includes(pageNo),
      });
    }
    await audit.record(entry(actor, 'ingest.review.read', 'allowed', { ingestDocumentId: id }));
    return { document, pages };
  };

  /** A page's picture, upright (JPEG or PNG, as `contentType` says). */
  const pagePicture = async (actor: Actor, fileId: string, pageNo: number) => {
    await officer(actor, 'ingest.page.read');
    const picture = await deps.pipeline.pagePicture(fileId, pageNo);
    if (!picture) throw new NotFoundError('page');
    await audit.record(entry(actor, 'ingest.page.read', 'allowed', { fileId, pageNo }));
    return picture;
  };

  const decide = async (actor: Actor, id: string, input: DecisionInput): Promise<IngestDocument> => {
    await officer(actor, 'ingest.review.decide');
    const document = await documentOrFail(id);
    const member = await memberOrFail(input.memberId, 'memberId');
    const issues: { path: string; message: string }[] = [];
    if (input.caseRef !== null) {
      const c = CASE_REF_PATTERN.test(input.caseRef) ? await cases.findByRef(input.caseRef) : null;
      if (!c) issues.push({ path: 'caseRef', message: 'no such case' });
      else if (c.memberId !== member.id)
        issues.push({ path: 'caseRef', message: 'the case belongs to another member' });
    }
    if (input.box !== null && !BOX.test(input.box))
      issues.push({ path: 'box', message: 'letters, digits, . _ - only' });
    const description = input.description.trim();
    if (description.length < 1 || description.length > 200)
      issues.push({ path: 'description', message: '1 to 200 characters' });
    if (input.dateFrom && input.dateTo && input.dateFrom > input.dateTo)
      issues.push({ path: 'dateTo', message: 'on or after the first date' });
    if (issues.length > 0) throw new ValidationError('The decision is not complete.', issues);
    const retention = checkRetention(input.retention, londonDate(clock.now()));
    if (document.status !== 'review')
      throw new ValidationError('This document has been decided already.', [
        { path: 'status', message: document.status },
      ]);
    const now = clock.now().toISOString();
    const file = await ingest.file(document.fileId);
    const decided = await ingest.decide(
      id,
      { ...input, description, retention, decidedBy: actor.person.id, decidedAt: now },
      retention.kind === 'destroy'
        ? {
            ingestDocumentId: id,
            description,
            memberId: member.id,
            box: input.box,
            pages: document.pages.length,
            sha256: file?.sha256 ?? '',
            decidedBy: actor.person.id,
            decidedAt: now,
            reason: retention.reason,
          }
        : null,
      entry(
        actor,
        'ingest.review.decide',
        'allowed',
        { ingestDocumentId: id, retention: retention.kind, memberId: member.id },
        { caseRef: input.caseRef },
      ),
    );
    if (!decided)
      throw new ValidationError('This document has been decided already.', [
        { path: 'status', message: 'decided' },
      ]);
    return decided;
  };

  const retryFile = async (actor: Actor, fileId: string): Promise<number> => {
    await officer(actor, 'ingest.retry');
    if (!(await ingest.file(fileId))) throw new NotFoundError('file');
    return ingest.retryFile(fileId, entry(actor, 'ingest.retry', 'allowed', { fileId }));
  };

  const retryDocument = async (actor: Actor, id: string): Promise<boolean> => {
    await officer(actor, 'ingest.retry');
    await documentOrFail(id);
    return ingest.retryDocument(id, entry(actor, 'ingest.retry', 'allowed', { ingestDocumentId: id }));
  };

  const destructionLog = async (actor: Actor): Promise<string> => {
    await officer(actor, 'ingest.destruction-log');
    const rows = await ingest.destructionLog();
    const names = new Map<PersonId, string>();
    for (const r of rows)
      if (!names.has(r.decidedBy))
        names.set(r.decidedBy, (await directory.person(r.decidedBy))?.displayName ?? r.decidedBy);
    await audit.record(entry(actor, 'ingest.destruction-log', 'allowed', { rows: rows.length }));
    return destructionCsv(
      rows.map((r) => ({
        documentId: r.ingestDocumentId,
        description: r.description,
        memberId: r.memberId,
        box: r.box,
        pages: r.pages,
        sha256: r.sha256,
        decidedBy: r.decidedBy,
        decidedByName: names.get(r.decidedBy) ?? r.decidedBy,
        decidedAt: r.decidedAt,
        reason: r.reason,
      })),
    );
  };

  const coverSheet = async (actor: Actor, sheet: CoverSheet): Promise<Buffer> => {
    await officer(actor, 'ingest.cover-sheet');
    const member = await memberOrFail(sheet.memberId, 'memberId');
    let caseTitle: string | undefined;
    if (sheet.caseRef) {
      const c = CASE_REF_PATTERN.test(sheet.caseRef) ? await cases.findByRef(sheet.caseRef) : null;
      if (!c || c.memberId !== member.id)
        throw new ValidationError('That case is not this member’s.', [
          { path: 'caseRef', message: 'not the member’s case' },
        ]);
      caseTitle = c.title;
    }
    if (sheet.box !== undefined && !BOX.test(sheet.box))
      throw new ValidationError('The box number is letters, digits, dots, dashes and underscores.', [
        { path: 'box', message: 'letters, digits, . _ - only' },
      ]);
    await audit.record(
      entry(actor, 'ingest.cover-sheet', 'allowed', {
        memberId: member.id,
        caseRef: sheet.caseRef ?? null,
        box: sheet.box ?? null,
      }),
    );
    return tools.coverSheetPdf(sheet, {
      memberName: member.displayName,
      ...(caseTitle ? { caseTitle } : {}),
    });
  };

  // ---- Filed legacy papers: members see their own, support officers everyone's. ----

  const papers = async (actor: Actor, memberId: string | null): Promise<LegacyPaper[]> => {
    const scope = legacyPapersScope(actor.person);
    const items = await ingest.legacyPapers(scope, memberId, 200);
    await audit.record(
      entry(actor, 'legacy-paper.list', 'allowed', { scope: scope.kind, returned: items.length }),
    );
    return items;
  };

  const searchPapers = async (actor: Actor, q: string) => {
    const query = q.trim();
    if (query.length < 3 || query.length > 200)
      throw new ValidationError('Search for 3 to 200 characters.', [
        { path: 'q', message: '3 to 200 characters' },
      ]);
    const scope = legacyPapersScope(actor.person);
    const hits = await ingest.searchLegacyPapers(scope, query, 50);
    await audit.record(
      entry(actor, 'legacy-paper.search', 'allowed', {
        scope: scope.kind,
        queryLength: query.length,
        returned: hits.map((h) => h.paper.id),
      }),
    );
    return hits;
  };

  /** A filed paper's PDF, if the person may see the member's papers; otherwise exactly "no such paper". */
  const openPaper = async (actor: Actor, id: string) => {
    const paper = await ingest.legacyPaper(id);
    if (!paper || !canSeeLegacyPapers(actor.person, paper.memberId)) {
      await audit.record(
        entry(actor, 'legacy-paper.download', 'denied', { reason: paper ? 'invisible' : 'missing' }),
      );
      throw new NotFoundError('document');
    }
    if (paper.documentId) {
      const opened = await deps.documents.open(actor, paper.documentId);
      return { paper, stream: opened.stream };
    }
    const stream = await store.readFile(paper.storeFileId ?? '');
    await audit.record(
      entry(actor, 'legacy-paper.download', 'allowed', { legacyPaperId: id, memberId: paper.memberId }),
    );
    return { paper, stream };
  };

  return {
    startBatch,
    batches,
    setManifest,
    addFile,
    progress,
    reviewQueue,
    reviewDocument,
    pagePicture,
    decide,
    retryFile,
    retryDocument,
    destructionLog,
    coverSheet,
    papers,
    searchPapers,
    openPaper,
    limits,
  };
};

export type ScanIngest = ReturnType<typeof makeScanIngest>;
