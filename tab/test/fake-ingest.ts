import type { BatchProgress, IngestDocument, Review } from '../src/api/ingest-types';

/** Scan-ingest answers as the service sends them, for the tab's component tests. */
export const BATCH_ID = '11111111-1111-4111-8111-111111111111';
export const FILE_ID = '22222222-2222-4222-8222-222222222222';
export const DOC_ID = '33333333-3333-4333-8333-333333333333';

export const aBatch = {
  id: BATCH_ID,
  label: 'Box 1 from print services',
  memberId: 'cllr-ann',
  createdBy: 'sue',
  createdAt: '2026-12-01T10:00:00.000Z',
};

export const aProgress = (over: Partial<BatchProgress> = {}): BatchProgress => ({
  batch: aBatch,
  files: [
    {
      id: FILE_ID,
      parentId: null,
      name: 'box-1-stack.pdf',
      status: 'queued',
      reason: null,
      pageCount: 5,
      pagesDone: 3,
      pagesFailed: 1,
      failedPages: [{ pageNo: 4, reason: 'A page took longer than 60 s to read.' }],
      duplicateOf: null,
    },
  ],
  pagesTotal: 5,
  pagesDone: 3,
  pagesFailed: 1,
  secondsLeft: 95,
  documents: { review: 0, queued: 0, filed: 0, destroyed: 0, failed: 0 },
  ...over,
});

export const aDocument = (over: Partial<IngestDocument> = {}): IngestDocument => ({
  id: DOC_ID,
  batchId: BATCH_ID,
  fileId: FILE_ID,
  fileName: 'box-1-stack.pdf',
  seq: 1,
  pages: [2],
  status: 'review',
  suggestions: {
    caseRef: {
      value: 'MH-2026-00042',
      score: 1,
      evidence: [{ pageNo: 2, words: [4], label: 'case reference' }],
    },
    memberId: null,
    wardId: { value: 'ward-south', score: 0.7, evidence: [{ pageNo: 2, words: [2, 3], label: 'postcode' }] },
    dateFrom: {
      value: '2019-03-14',
      score: 0.8,
      evidence: [{ pageNo: 2, words: [5, 6, 7], label: 'date' }],
    },
    dateTo: null,
  },
  lowConfidencePages: [2],
  memberId: 'cllr-ann',
  caseRef: null,
  box: 'B1',
  dateFrom: '2019-03-14',
  dateTo: null,
  description: '105 Beacon Hill Road',
  retention: null,
  decidedBy: null,
  decidedAt: null,
  error: null,
  filedAt: null,
  ...over,
});

const word = (text: string, x: number) => ({
  text,
  bbox: [x, 100, x + 80, 130] as [number, number, number, number],
  confidence: 60,
});

export const aReview = (over: Partial<IngestDocument> = {}): Review => ({
  document: aDocument(over),
  pages: [
    {
      pageNo: 2,
      width: 1240,
      height: 1754,
      confidence: 61,
      text: '105 Beacon Hill Road\nFallowmere WQ2 2DN\nRef MH-2026-00042\n14 March 2019',
      words: ['105', 'Beacon', 'WQ2', '2DN', 'MH-2026-00042', '14', 'March', '2019'].map((t, i) =>
        word(t, 100 + i * 100),
      ),
      lowConfidence: true,
    },
  ],
});
