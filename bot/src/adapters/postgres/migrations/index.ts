import type { Migration } from './migration';
import { initialSchema } from './001-initial-schema';
import { jobRuns } from './002-job-runs';
import { notifications } from './003-notifications';
import { listAndStatisticsIndexes } from './004-list-and-statistics-indexes';
import { documents } from './005-documents';
import { caseRequestKeys } from './006-case-request-keys';
import { durableFiling } from './007-durable-filing';
import { entraDirectory } from './008-entra-directory';
import { messageFilingRequests } from './009-message-filing-requests';
import { scanIngest } from './010-scan-ingest';
import { briefings } from './013-briefings';
import { caseReads } from './016-case-reads';
import { constituentSearch } from './017-constituent-search';
import { caseCategories } from './018-case-categories';
import { caseNotes } from './019-case-notes';
import { caseLinks } from './020-case-links';

export type { Migration };

/**
 * Every migration, in order. Add a file `NNN-what-it-does.ts` and append it here; never change one that
 * has been released (the runner refuses to start when an applied migration's text has changed).
 */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  jobRuns,
  notifications,
  listAndStatisticsIndexes,
  documents,
  caseRequestKeys,
  durableFiling,
  entraDirectory,
  messageFilingRequests,
  scanIngest,
  briefings,
  caseReads,
  constituentSearch,
  caseCategories,
  caseNotes,
  caseLinks,
];
