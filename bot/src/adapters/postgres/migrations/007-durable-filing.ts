import type { Migration } from './migration';

/**
 * Filing that survives a crash, and sharing that cannot block filing (issues 11 and 12).
 *
 * - `document_filings`: the journal of documents being filed. A row is written before anything reaches the
 *   document store and finished (`done`, with the document it listed, or `failed`) in the same transaction
 *   that indexes the document. A row still `pending` after its lease ran out belongs to a process that
 *   stopped part-way; any instance claims it (`FOR UPDATE SKIP LOCKED`, as the notification outbox does) and
 *   completes it: the file is found in the store (by `store_file_id`, recorded as soon as the store answers,
 *   or by content) and indexed, or stored again from its `source` when that is still there, or given up
 *   with nothing left in the store. `source` says where the bytes come from (a spool file, the bytes
 *   themselves for a small message record, a download URL that is cleared once used): see
 *   `app/filing-sources.ts`. `batch_id` groups a Teams message's record with its attachments.
 * - `folder_shares`: each member folder's sharing with its member (and the support officers' group), wanted
 *   when the folder is made and done in the background, retried with backoff until it works, so a failed
 *   share never fails filing. Administrators see the state (`GET /api/admin/document-shares`).
 * - `case_folders.folder_path`: the case folder's path in the store when it was made, so filing into a known
 *   folder needs no request to the store to find it (SharePoint's path limit is counted from it).
 *
 * No foreign keys to `cases`, as for `documents`.
 */
export const durableFiling: Migration = {
  version: 7,
  name: 'durable-filing',
  statements: [
    `CREATE TABLE document_filings (
       id              uuid PRIMARY KEY,
       -- The order filings were recorded in (a message's record before its attachments), across instances.
       seq             bigint GENERATED ALWAYS AS IDENTITY,
       case_id         uuid NOT NULL,
       case_ref        text NOT NULL,
       batch_id        uuid NULL,
       actor_id        text NOT NULL,
       request_id      text NULL,
       name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
       content_type    text NOT NULL,
       kind            text NOT NULL CHECK (kind IN ('file', 'email', 'message')),
       origin          text NULL,
       source          jsonb NOT NULL CHECK (jsonb_typeof(source) = 'object'),
       size            bigint NULL CHECK (size IS NULL OR size >= 0),
       sha256          text NULL CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$'),
       store_file_id   text NULL,
       status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
       document_id     uuid NULL,
       created         boolean NULL,
       attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       lease_until     timestamptz NULL,
       lease_token     uuid NULL,
       last_error      text NULL,
       created_at      timestamptz NOT NULL DEFAULT now(),
       finished_at     timestamptz NULL,
       CHECK ((finished_at IS NULL) = (status = 'pending')),
       CHECK (status <> 'done' OR document_id IS NOT NULL)
     )`,
    `CREATE INDEX document_filings_due ON document_filings (next_attempt_at, seq) WHERE status = 'pending'`,
    // One filing of the same content into a case at a time: a second waits for the first and is then answered
    // with its document, so two uploads of one file at once never leave two copies in the store.
    `CREATE UNIQUE INDEX document_filings_one_at_a_time ON document_filings (case_id, sha256)
       WHERE status = 'pending' AND sha256 IS NOT NULL`,
    `CREATE INDEX document_filings_batch ON document_filings (batch_id) WHERE batch_id IS NOT NULL`,
    `CREATE INDEX document_filings_finished ON document_filings (finished_at) WHERE finished_at IS NOT NULL`,

    `CREATE TABLE folder_shares (
       id              uuid PRIMARY KEY,
       folder_id       text NOT NULL,
       grantee_kind    text NOT NULL CHECK (grantee_kind IN ('user', 'group')),
       grantee_id      text NOT NULL,
       person_id       text NULL,
       recipient       jsonb NOT NULL CHECK (jsonb_typeof(recipient) = 'object'),
       role            text NOT NULL CHECK (role IN ('read', 'write')),
       status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'shared', 'failed')),
       attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       lease_until     timestamptz NULL,
       lease_token     uuid NULL,
       last_error      text NULL,
       last_request_id text NULL,
       created_at      timestamptz NOT NULL DEFAULT now(),
       updated_at      timestamptz NOT NULL DEFAULT now(),
       shared_at       timestamptz NULL,
       UNIQUE (folder_id, grantee_kind, grantee_id)
     )`,
    `CREATE INDEX folder_shares_due ON folder_shares (next_attempt_at) WHERE status = 'pending'`,

    `ALTER TABLE case_folders ADD COLUMN folder_path text NULL`,
  ],
};
