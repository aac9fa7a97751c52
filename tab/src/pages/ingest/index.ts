/** The scan-ingest pages, loaded together on demand (support officers' work; one chunk). */
export { IngestHomePage } from './ingest-home';
export { BatchPage } from './batch-page';
export { ReviewQueuePage } from './review-queue';
export { ReviewPage } from './review-page';
export { DestructionLogPage } from './destruction-log';
