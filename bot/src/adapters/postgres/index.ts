/** Storage on PostgreSQL: PGlite embedded (local mode) or a PostgreSQL server (Microsoft 365 mode), same SQL. */
export { openPglite, type PgliteOptions } from './pglite-database';
export { openPostgres, type PostgresOptions } from './pg-database';
export { migrate, type MigrationReport } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export {
  PostgresCaseStore,
  formatCaseRef,
  MAX_PAGE_SIZE,
  type PostgresCaseStoreOptions,
} from './postgres-case-store';
export { PostgresAuditLog } from './postgres-audit-log';
export { PostgresDirectory, type DirectoryContent } from './postgres-directory';
export { PostgresEntraPeople } from './postgres-entra-people';
export { PostgresMessageFilingRequests } from './postgres-message-filing-requests';
export { PostgresNotificationOutbox, insertNotifications } from './postgres-notification-outbox';
export { PostgresConversationReferences, deliverableReference } from './postgres-conversation-references';
export { PostgresSettingsStore, SLA_POLICY_KEY } from './postgres-settings-store';
export { PostgresCaseStatistics } from './postgres-case-statistics';
export { PostgresCaseCategories } from './postgres-case-categories';
export { PostgresDocumentIndex, MAX_INDEXED_TEXT, MAX_SEARCH_RESULTS } from './postgres-document-index';
export { PostgresFilingJournal, insertFilings, finishFiling } from './postgres-filing-journal';
export { PostgresFolderShares } from './postgres-folder-shares';
export { PostgresDecisionStore } from './postgres-decision-store';
export { PostgresTeamChannels } from './postgres-team-channels';
export { PostgresBriefingStore } from './postgres-briefing-store';
export { PostgresBriefingDeliveries } from './postgres-briefing-deliveries';
export { PostgresBriefingFigures } from './postgres-briefing-figures';
export { PostgresIngestStore } from './postgres-ingest-store';
export { PostgresCaseRecordStore } from './postgres-case-record-store';
