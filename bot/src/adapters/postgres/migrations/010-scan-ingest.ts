import type { Migration } from './migration';

/**
 * Scan-ingest of members' legacy papers (issue 13). Durable work in the database, shared by every instance:
 *
 * - `ingest_batches`: what a support officer started, for a member or "not yet known";
 * - `ingest_files`: every file handed in, accepted or not, with its reason; an accepted file's original is in
 *   the document store (`store_file_id`) before any page is queued. Content is unique across all batches
 *   (the partial unique index): a file already ingested is recorded as a duplicate of the first copy;
 * - `ingest_pages`: the unit of work. Claimed with a lease (`FOR UPDATE SKIP LOCKED`), so each page is read
 *   by one instance at a time and a crashed instance's pages come back when the lease runs out; the result
 *   (words with their boxes, confidence, cover sheet, blank) is written with the lease token;
 * - `ingest_documents`: the documents a file splits into at its cover sheets, with the suggestions, the
 *   reviewer's decision, and the filing (claimed with a lease like pages, filed exactly once: the store
 *   finds its own copy by content if a filing is retried after a crash);
 * - `legacy_papers`: filed papers, indexed for search and access (a member's papers are seen by that member
 *   and support officers only);
 * - `destruction_log`: append-only, like the audit log.
 */
export const scanIngest: Migration = {
  version: 10,
  name: 'scan-ingest',
  statements: [
    `CREATE TABLE ingest_batches (
       id          uuid PRIMARY KEY,
       label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
       member_id   text NULL,
       created_by  text NOT NULL,
       created_at  timestamptz NOT NULL,
       manifest    jsonb NULL CHECK (manifest IS NULL OR jsonb_typeof(manifest) = 'array')
     )`,
    `CREATE INDEX ingest_batches_created ON ingest_batches (created_at DESC)`,
    `CREATE TABLE ingest_files (
       id             uuid PRIMARY KEY,
       batch_id       uuid NOT NULL REFERENCES ingest_batches (id),
       parent_id      uuid NULL,
       seq            integer NOT NULL,
       name           text NOT NULL,
       size           bigint NOT NULL CHECK (size >= 0),
       sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
       kind           text NULL,
       status         text NOT NULL CHECK (status IN ('queued', 'refused', 'duplicate', 'unpacked', 'done', 'failed')),
       code           text NULL,
       reason         text NULL,
       duplicate_of   uuid NULL,
       store_file_id  text NULL,
       page_count     integer NOT NULL DEFAULT 0,
       manifest       jsonb NULL,
       created_at     timestamptz NOT NULL,
       UNIQUE (batch_id, seq)
     )`,
    `CREATE UNIQUE INDEX ingest_files_content ON ingest_files (sha256) WHERE status NOT IN ('refused', 'duplicate')`,
    `CREATE TABLE ingest_pages (
       file_id      uuid NOT NULL REFERENCES ingest_files (id),
       page_no      integer NOT NULL CHECK (page_no >= 1),
       status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
       attempts     integer NOT NULL DEFAULT 0,
       lease_until  timestamptz NULL,
       lease_token  uuid NULL,
       not_before   timestamptz NOT NULL DEFAULT now(),
       kind         text NULL CHECK (kind IN ('text', 'cover', 'blank')),
       cover        jsonb NULL,
       rotation     integer NOT NULL DEFAULT 0,
       width        integer NULL,
       height       integer NULL,
       confidence   real NULL,
       text         text NULL,
       words        jsonb NULL,
       engine       text NULL,
       error        text NULL,
       done_at      timestamptz NULL,
       PRIMARY KEY (file_id, page_no)
     )`,
    `CREATE INDEX ingest_pages_pending ON ingest_pages (not_before) WHERE status = 'pending'`,
    `CREATE TABLE ingest_documents (
       id             uuid PRIMARY KEY,
       batch_id       uuid NOT NULL REFERENCES ingest_batches (id),
       file_id        uuid NOT NULL REFERENCES ingest_files (id),
       seq            integer NOT NULL,
       pages          integer[] NOT NULL,
       status         text NOT NULL CHECK (status IN ('review', 'queued', 'filed', 'destroyed', 'failed')),
       cover          jsonb NULL,
       suggestions    jsonb NOT NULL DEFAULT '{}',
       low_confidence integer[] NOT NULL DEFAULT '{}',
       member_id      text NULL,
       case_ref       text NULL,
       box            text NULL,
       date_from      date NULL,
       date_to        date NULL,
       description    text NULL,
       retention      jsonb NULL,
       decided_by     text NULL,
       decided_at     timestamptz NULL,
       attempts       integer NOT NULL DEFAULT 0,
       lease_until    timestamptz NULL,
       lease_token    uuid NULL,
       not_before     timestamptz NOT NULL DEFAULT now(),
       error          text NULL,
       filed_at       timestamptz NULL,
       created_at     timestamptz NOT NULL,
       UNIQUE (file_id, seq)
     )`,
    `CREATE INDEX ingest_documents_status ON ingest_documents (status, created_at)`,
    `CREATE TABLE legacy_papers (
       id                  uuid PRIMARY KEY,
       ingest_document_id  uuid NOT NULL UNIQUE,
       member_id           text NOT NULL,
       case_ref            text NULL,
       document_id         uuid NULL,
       store_file_id       text NULL,
       name                text NOT NULL,
       size                bigint NOT NULL,
       sha256              text NOT NULL,
       pages               integer NOT NULL,
       box                 text NULL,
       date_from           date NULL,
       date_to             date NULL,
       retention           jsonb NOT NULL,
       text                text NULL,
       filed_by            text NOT NULL,
       filed_at            timestamptz NOT NULL,
       search              tsvector GENERATED ALWAYS AS (
                             setweight(to_tsvector('english'::regconfig, name), 'A')
                             || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'C')
                           ) STORED
     )`,
    `CREATE INDEX legacy_papers_member ON legacy_papers (member_id, filed_at DESC)`,
    `CREATE INDEX legacy_papers_search ON legacy_papers USING gin (search)`,
    `CREATE TABLE destruction_log (
       id                  bigserial PRIMARY KEY,
       ingest_document_id  uuid NOT NULL UNIQUE,
       description         text NOT NULL,
       member_id           text NULL,
       box                 text NULL,
       pages               integer NOT NULL,
       sha256              text NOT NULL,
       decided_by          text NOT NULL,
       decided_at          timestamptz NOT NULL,
       reason              text NOT NULL
     )`,
    `CREATE FUNCTION destruction_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'destruction_log is append-only: % is not allowed', TG_OP
         USING ERRCODE = 'insufficient_privilege';
     END
     $$`,
    `CREATE TRIGGER destruction_log_no_update_or_delete BEFORE UPDATE OR DELETE ON destruction_log
       FOR EACH ROW EXECUTE FUNCTION destruction_log_append_only()`,
    `CREATE TRIGGER destruction_log_no_truncate BEFORE TRUNCATE ON destruction_log
       FOR EACH STATEMENT EXECUTE FUNCTION destruction_log_append_only()`,
  ],
};
