import type { Migration } from './migration';

/**
 * Officers' internal notes on a case (issue 16). A table of their own, not entries in `case_events`: the
 * timeline is what the councillor, the bot, notifications and the "new since you last looked" marker read, and
 * a note must reach none of them (not even as a gap in the timeline's numbering). Adding a note leaves the
 * case's row, version and timeline alone. Notes are read only through `app/case-record.ts`, which the access
 * policy's `read-notes` guards; each note added is audited (`case.note.add`, without its text).
 *
 * No foreign key to `cases`, as for `documents` and `case_reads`: a note whose case has gone matches nothing.
 */
export const caseNotes: Migration = {
  version: 19,
  name: 'case-notes',
  statements: [
    `CREATE TABLE case_notes (
       id        uuid PRIMARY KEY,
       case_id   uuid NOT NULL,
       at        timestamptz NOT NULL,
       author_id text NOT NULL,
       text      text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000)
     )`,
    `CREATE INDEX case_notes_case ON case_notes (case_id, at)`,
  ],
};
