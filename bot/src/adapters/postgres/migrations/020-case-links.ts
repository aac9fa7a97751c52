import type { Migration } from './migration';

/**
 * Related cases (issue 16). A link is symmetric, so it is stored once, the two case ids in order
 * (`case_a < case_b`), and found from either side through the primary key and `case_links_b`. Who linked and
 * when are kept for the record; linking and unlinking are audited (`case.link`, `case.unlink`) on both cases.
 * Links are not timeline entries: an entry naming the other case would tell a reader of one case about a case
 * they may not see.
 */
export const caseLinks: Migration = {
  version: 20,
  name: 'case-links',
  statements: [
    `CREATE TABLE case_links (
       case_a    uuid NOT NULL,
       case_b    uuid NOT NULL,
       linked_by text NOT NULL,
       linked_at timestamptz NOT NULL,
       PRIMARY KEY (case_a, case_b),
       CHECK (case_a < case_b)
     )`,
    `CREATE INDEX case_links_b ON case_links (case_b)`,
  ],
};
