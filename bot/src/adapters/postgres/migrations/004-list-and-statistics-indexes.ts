import type { Migration } from './migration';

/**
 * Indexes for the tab's case lists and the statistics page (issue 4). Each serves one query:
 *
 * - `cases_unassigned`: the triage queue (`unassigned=true`, cases with no department yet), usually a few
 *   dozen rows among thousands, by status and response date;
 * - `cases_created_at`: cases raised in a reporting period (statistics), and the `oldest` list order;
 * - `case_events_responded`: responses sent in a reporting period (answered within target), without reading
 *   the far more numerous other events.
 */
export const listAndStatisticsIndexes: Migration = {
  version: 4,
  name: 'list-and-statistics-indexes',
  statements: [
    `CREATE INDEX cases_unassigned ON cases (status, respond_by) WHERE department_id IS NULL`,
    `CREATE INDEX cases_created_at ON cases (created_at)`,
    `CREATE INDEX case_events_responded ON case_events (at) WHERE type = 'responded'`,
  ],
};
