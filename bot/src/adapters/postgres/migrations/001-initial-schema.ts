import type { Migration } from './migration';

/**
 * Cases, their timelines, the append-only audit log, reference counters, the local directory and settings.
 * Each statement is run on its own (PGlite's extended protocol takes one statement per query).
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  statements: [
    `CREATE TABLE cases (
       id            uuid PRIMARY KEY,
       ref           text NOT NULL UNIQUE,
       version       integer NOT NULL CHECK (version >= 1),
       member_id     text NULL,
       department_id text NULL,
       ward_id       text NOT NULL,
       status        text NOT NULL
                     CHECK (status IN ('new', 'triaged', 'with-department', 'responded', 'on-hold', 'closed')),
       stage         smallint NOT NULL CHECK (stage IN (1, 2)),
       respond_by    date NOT NULL,
       created_at    timestamptz NOT NULL,
       updated_at    timestamptz NOT NULL,
       shared_with   text[] NOT NULL DEFAULT '{}',
       origin        text NOT NULL CHECK (origin IN ('councillor', 'mp')),
       kind          text NOT NULL CHECK (kind IN ('member-enquiry', 'service-request', 'complaint')),
       doc           jsonb NOT NULL CHECK (jsonb_typeof(doc) = 'object'),
       search        tsvector GENERATED ALWAYS AS (
                       setweight(to_tsvector('english'::regconfig, ref), 'A')
                       || setweight(to_tsvector('english'::regconfig, coalesce(doc->>'title', '')), 'A')
                       || setweight(to_tsvector('english'::regconfig, coalesce(doc->>'category', '')), 'B')
                       || setweight(to_tsvector('english'::regconfig, coalesce(doc->>'description', '')), 'C')
                     ) STORED
     )`,
    `CREATE INDEX cases_member_status ON cases (member_id, status)`,
    `CREATE INDEX cases_department_status ON cases (department_id, status)`,
    `CREATE INDEX cases_status_respond_by ON cases (status, respond_by)`,
    `CREATE INDEX cases_ward ON cases (ward_id)`,
    `CREATE INDEX cases_shared_with ON cases USING gin (shared_with)`,
    `CREATE INDEX cases_search ON cases USING gin (search)`,
    // The unique index on ref uses the database collation; prefix matches (LIKE 'MH-2026-0004%') need this one.
    `CREATE INDEX cases_ref_prefix ON cases (ref text_pattern_ops)`,

    `CREATE TABLE case_ref_counters (
       year integer PRIMARY KEY,
       last integer NOT NULL CHECK (last >= 0)
     )`,

    `CREATE TABLE case_events (
       case_id  uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
       seq      integer NOT NULL CHECK (seq >= 1),
       at       timestamptz NOT NULL,
       actor_id text NULL,
       type     text NOT NULL,
       data     jsonb NOT NULL DEFAULT '{}',
       PRIMARY KEY (case_id, seq)
     )`,

    // No foreign key to cases: the audit trail outlives a case deleted under the retention policy, and an
    // audit entry must never be refused because the id it names is malformed (case_id is text for that reason).
    `CREATE TABLE audit_log (
       id         bigserial PRIMARY KEY,
       at         timestamptz NOT NULL,
       actor_id   text NULL,
       action     text NOT NULL,
       outcome    text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
       case_id    text NULL,
       case_ref   text NULL,
       request_id text NULL,
       detail     jsonb NOT NULL DEFAULT '{}'
     )`,
    `CREATE INDEX audit_log_case ON audit_log (case_id, at DESC) WHERE case_id IS NOT NULL`,
    `CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC) WHERE actor_id IS NOT NULL`,
    `CREATE INDEX audit_log_at ON audit_log (at DESC)`,
    `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
         USING ERRCODE = 'insufficient_privilege';
     END
     $$`,
    `CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,

    `CREATE TABLE departments (
       id   text PRIMARY KEY,
       name text NOT NULL
     )`,
    `CREATE TABLE wards (
       id                text PRIMARY KEY,
       name              text NOT NULL,
       postcode_prefixes text[] NOT NULL DEFAULT '{}'
     )`,
    `CREATE TABLE people (
       id            text PRIMARY KEY,
       oid           text NOT NULL UNIQUE,
       display_name  text NOT NULL,
       email         text NOT NULL,
       roles         text[] NOT NULL DEFAULT '{}',
       department_id text NULL,
       ward_ids      text[] NULL
     )`,
    `CREATE TABLE settings (
       key        text PRIMARY KEY,
       value      jsonb NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
  ],
};
