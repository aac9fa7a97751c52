import type { z } from 'zod';
import type {
  BatchListSchema,
  BatchProgressSchema,
  BatchViewSchema,
  CoverSheetBody,
  DecisionBody,
  FileOutcomeShape,
  IngestDocumentListSchema,
  IngestDocumentSchema,
  LegacyPaperListSchema,
  RetentionSchema,
  RetriedSchema,
  ReviewSchema,
  StartBatchBody,
} from '../../../bot/src/http/schemas';

/**
 * Scan-ingest and legacy papers as the tab sees them: inferred from the service's own zod schemas
 * (bot/src/http/schemas.ts), which check every request and response, so the two sides cannot drift. These are
 * type-only imports: nothing of the service is bundled into the tab.
 */
export type IngestBatch = z.infer<typeof BatchViewSchema>;
export type IngestBatchList = z.infer<typeof BatchListSchema>;
export type StartBatchInput = z.input<typeof StartBatchBody>;
export type FileOutcome = FileOutcomeShape;
export type BatchProgress = z.infer<typeof BatchProgressSchema>;
export type BatchFile = BatchProgress['files'][number];
export type IngestDocument = z.infer<typeof IngestDocumentSchema>;
export type IngestDocumentList = z.infer<typeof IngestDocumentListSchema>;
export type Review = z.infer<typeof ReviewSchema>;
export type ReviewPage = Review['pages'][number];
export type Suggestion = NonNullable<IngestDocument['suggestions']['caseRef']>;
export type Retention = z.infer<typeof RetentionSchema>;
export type DecisionInput = z.input<typeof DecisionBody>;
export type CoverSheetInput = z.input<typeof CoverSheetBody>;
export type Retried = z.infer<typeof RetriedSchema>;
export type LegacyPaperList = z.infer<typeof LegacyPaperListSchema>;
export type LegacyPaper = LegacyPaperList['items'][number]['paper'];
