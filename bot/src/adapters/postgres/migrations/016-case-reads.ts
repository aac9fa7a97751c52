import type { Migration } from './migration';

/**
 * What each councillor has seen of their own cases (issue 16): the number of the last timeline entry on the
 * case when they last opened it in the tab or asked the bot for it. A case has news for its member while an
 * entry after that one was made by someone else (`domain/case-news.ts`). The number only ever rises. Reading
 * is audited in `audit_log` as `case.read`, with the entry seen in its detail.
 *
 * No foreign key to `cases`, as for `documents`: the rows hold two ids and a number, nothing personal, and
 * the tables that are emptied together (tests, retention) need not know of this one. A row whose case has
 * gone matches nothing.
 */
export const caseReads: Migration = {
  version: 16,
  name: 'case-reads',
  statements: [
    `CREATE TABLE case_reads (
       person_id text NOT NULL,
       case_id   uuid NOT NULL,
       seen_seq  integer NOT NULL CHECK (seen_seq >= 0),
       seen_at   timestamptz NOT NULL,
       PRIMARY KEY (person_id, case_id)
     )`,
    `CREATE INDEX case_reads_case ON case_reads (case_id)`,
  ],
};
