import type { Migration } from './migration';

/**
 * Case documents (issue 5). The files live in the document store (a folder tree locally, SharePoint in
 * Microsoft 365 mode); the database keeps the index the app searches and checks access against:
 *
 * - `case_folders`: each case's folder in the store, by id, so a case whose title changes keeps its folder;
 * - `documents`: one row per filed document, with its content hash (filing the same content into the same
 *   case again finds this row instead of making a copy: the partial unique index), the text extracted from
 *   it (PDF text layers, e-mail bodies, Teams messages) and a generated full-text vector over name and text.
 *   The name is indexed three ways, so `lane-photo.png`, `lane-photo` and `photo` all find `lane-photo.png`:
 *   as written (PostgreSQL's parser reads it as one file name), without its extension, and with `.`, `_` and
 *   `-` as spaces.
 *   A removed document keeps its row (`removed_at`, who removed it, and where the file was moved to).
 *
 * Neither table has a foreign key to `cases` (as the notification tables): the files outlive a row in the
 * store's own retention, deleting a case under the retention policy has to deal with its files first anyway,
 * and `TRUNCATE cases` in the storage tests must not depend on them. Every query joins to `cases`, so a
 * document whose case has gone is never listed, searched or served.
 */
export const documents: Migration = {
  version: 5,
  name: 'documents',
  statements: [
    `CREATE TABLE case_folders (
       case_id          uuid PRIMARY KEY,
       folder_id        text NOT NULL,
       member_folder_id text NOT NULL,
       created_at       timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE documents (
       id               uuid PRIMARY KEY,
       case_id          uuid NOT NULL,
       store_file_id    text NOT NULL,
       name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
       content_type     text NOT NULL,
       size             bigint NOT NULL CHECK (size >= 0),
       sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
       kind             text NOT NULL CHECK (kind IN ('file', 'email', 'message')),
       preview          text NOT NULL DEFAULT 'none' CHECK (preview IN ('pdf', 'image', 'none')),
       email            jsonb NULL CHECK (email IS NULL OR jsonb_typeof(email) = 'object'),
       text             text NULL,
       uploaded_by      text NOT NULL,
       uploaded_at      timestamptz NOT NULL,
       removed_at       timestamptz NULL,
       removed_by       text NULL,
       retained_file_id text NULL,
       search           tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('english'::regconfig,
                            name || ' ' || regexp_replace(name, '\\.[^.]*$', '') || ' ' || translate(name, '._-', '   ')
                          ), 'A')
                          || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'C')
                        ) STORED,
       CHECK ((removed_at IS NULL) = (removed_by IS NULL))
     )`,
    // Filing the same content into a case again is answered with the existing document; a removed one no
    // longer counts, so the same file can be filed again after removal.
    `CREATE UNIQUE INDEX documents_case_content ON documents (case_id, sha256) WHERE removed_at IS NULL`,
    `CREATE INDEX documents_case ON documents (case_id, uploaded_at) WHERE removed_at IS NULL`,
    `CREATE INDEX documents_search ON documents USING gin (search)`,
  ],
};
