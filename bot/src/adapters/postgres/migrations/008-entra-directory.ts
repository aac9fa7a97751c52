import type { Migration } from './migration';

/**
 * People from Entra ID (issue 12). In Microsoft 365 mode nobody is typed in: a person is registered from
 * their first token and kept in step with Entra ID by the directory sync (`app/directory-sync.ts`).
 *
 * - `people.source`: `local` (the seed, or an administrator in local mode) or `entra`.
 * - `people.roles_as_of`: when `roles` were last learned from Entra ID, by a token (its `iat`) or by the
 *   sync (when it started reading). Whichever source is newer wins, so a role removed in Entra ID is gone at
 *   the next sync or the next token, whichever comes first. Null for people kept by hand.
 * - `departments.entra_group_id`: the Entra group whose members (transitively) are the department's
 *   officers. An entra person's department is worked out from it when they are read, never stored.
 * - `entra_group_members`: the memberships the sync last read: `direct` members of the groups assigned app
 *   roles (Entra counts only direct members for roles) and `transitive` members of the departments' groups.
 * - `entra_sync_state`: one row per thing the sync remembers between runs: a groups delta link (per set of
 *   groups), when the last full read was, the lease that keeps two runs apart, the last run's outcome.
 */
export const entraDirectory: Migration = {
  version: 8,
  name: 'entra-directory',
  statements: [
    `ALTER TABLE people ADD COLUMN source text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'entra'))`,
    `ALTER TABLE people ADD COLUMN roles_as_of timestamptz NULL`,
    `ALTER TABLE departments ADD COLUMN entra_group_id text NULL
       CHECK (entra_group_id IS NULL OR entra_group_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')`,
    `CREATE UNIQUE INDEX departments_entra_group ON departments (entra_group_id) WHERE entra_group_id IS NOT NULL`,
    `CREATE TABLE entra_group_members (
       group_id text NOT NULL,
       via      text NOT NULL CHECK (via IN ('direct', 'transitive')),
       user_id  text NOT NULL,
       PRIMARY KEY (group_id, via, user_id)
     )`,
    `CREATE INDEX entra_group_members_user ON entra_group_members (user_id, via)`,
    `CREATE TABLE entra_sync_state (
       key        text PRIMARY KEY,
       value      jsonb NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
  ],
};
