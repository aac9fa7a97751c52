import type {
  DirectorySnapshot,
  RoleChange,
  EntraPeopleStore,
  EntraPersonFacts,
  SnapshotOutcome,
} from '../../app/entra-directory';
import type { AuditEntryDraft, Database, Sql } from '../../app/ports';
import { reconcileRoles, sameRoles, type Person, type Role } from '../../domain/person';
import { insertAuditEntry } from './audit-rows';
import { PERSON_SELECT, personFromRow, type PersonRow } from './postgres-directory';

const LEASE_KEY = 'lease';

/**
 * People from Entra ID in PostgreSQL: registration from tokens, the directory sync's snapshots, the group
 * memberships it read, and what it keeps between runs (migration 008). A person's id is their object id.
 */
export class PostgresEntraPeople implements EntraPeopleStore {
  constructor(private readonly db: Database) {}

  private async read(sql: Sql, oid: string): Promise<Person | null> {
    const { rows } = await sql.query<PersonRow>(
      `SELECT ${PERSON_SELECT} FROM people p WHERE p.oid = $1::text`,
      [oid],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  register(facts: EntraPersonFacts, audit: AuditEntryDraft): Promise<Person> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `INSERT INTO people (id, oid, display_name, email, roles, source, roles_as_of)
         VALUES ($1::text, $1::text, $2::text, $3::text, $4::text[], 'entra', $5::timestamptz)
         ON CONFLICT DO NOTHING RETURNING id`,
        [facts.oid, facts.displayName, facts.email, [...facts.roles], facts.asOf],
      );
      if (rows.length > 0) await insertAuditEntry(tx, audit);
      const person = await this.read(tx, facts.oid);
      if (!person) throw new Error(`person ${facts.oid} was neither registered nor found`);
      return person;
    });
  }

  updateFromToken(facts: EntraPersonFacts, audit: AuditEntryDraft): Promise<Person | null> {
    return this.db.transaction(async (tx) => {
      const before = await this.read(tx, facts.oid);
      const { rows } = await tx.query(
        `UPDATE people SET roles = $2::text[], roles_as_of = $3::timestamptz, display_name = $4::text,
           email = coalesce(nullif($5::text, ''), email)
         WHERE oid = $1::text AND source = 'entra' AND (roles_as_of IS NULL OR roles_as_of <= $3::timestamptz)
         RETURNING id`,
        [facts.oid, [...facts.roles], facts.asOf, facts.displayName, facts.email],
      );
      if (rows.length > 0 && before && !sameRoles(before.roles, facts.roles))
        await insertAuditEntry(tx, audit);
      return this.read(tx, facts.oid);
    });
  }

  applySnapshot(
    snapshot: DirectorySnapshot,
    audit: (change: RoleChange) => AuditEntryDraft,
  ): Promise<SnapshotOutcome> {
    return this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM entra_group_members`);
      for (const [via, groups] of Object.entries(snapshot.members) as [
        'direct' | 'transitive',
        ReadonlyMap<string, ReadonlySet<string>>,
      ][])
        for (const [groupId, members] of groups)
          if (members.size > 0)
            await tx.query(
              `INSERT INTO entra_group_members (group_id, via, user_id)
               SELECT $1::text, $2::text, unnest($3::text[]) ON CONFLICT DO NOTHING`,
              [groupId, via, [...members]],
            );

      const { rows: stored } = await tx.query<{ oid: string; roles: Role[]; roles_as_of: string | null }>(
        `SELECT oid, roles, roles_as_of FROM people WHERE source = 'entra'`,
      );
      const asOf = Date.parse(snapshot.asOf);
      const outcome: SnapshotOutcome = { registered: 0, changed: 0, removed: 0 };
      const read = new Map(snapshot.people.map((p) => [p.oid, p]));
      for (const p of snapshot.people) {
        if (stored.some((s) => s.oid === p.oid) || p.displayName === undefined) continue;
        // Someone with a role who has never signed in: the bot and the tab know them from now on.
        const { rows } = await tx.query(
          `INSERT INTO people (id, oid, display_name, email, roles, source, roles_as_of)
           VALUES ($1::text, $1::text, $2::text, $3::text, $4::text[], 'entra', $5::timestamptz)
           ON CONFLICT DO NOTHING RETURNING id`,
          [p.oid, p.displayName, p.email ?? '', [...p.roles], snapshot.asOf],
        );
        if (rows.length > 0) {
          outcome.registered += 1;
          await insertAuditEntry(tx, audit({ personId: p.oid, from: [], to: p.roles, registered: true }));
        }
      }
      for (const current of stored) {
        const p = read.get(current.oid);
        // A token newer than this run knows better; one from the same second keeps only what both say.
        const held = reconcileRoles(
          {
            roles: current.roles,
            asOf: current.roles_as_of === null ? -Infinity : Date.parse(current.roles_as_of),
          },
          { roles: p?.roles ?? [], asOf },
        );
        const changed = !sameRoles(current.roles, held.roles);
        const storedAsOf = current.roles_as_of === null ? -Infinity : Date.parse(current.roles_as_of);
        // Moving `roles_as_of` on matters even when nothing else changes: a token older than this run loses.
        if (!changed && held.asOf === storedAsOf && p?.displayName === undefined && p?.email === undefined)
          continue;
        await tx.query(
          `UPDATE people SET roles = $2::text[], roles_as_of = $3::timestamptz,
             display_name = coalesce($4::text, display_name), email = coalesce(nullif($5::text, ''), email)
           WHERE oid = $1::text AND source = 'entra'`,
          [
            current.oid,
            [...held.roles],
            new Date(held.asOf).toISOString(),
            p?.displayName ?? null,
            p?.email ?? null,
          ],
        );
        if (!changed) continue;
        if (held.roles.length === 0) outcome.removed += 1;
        else outcome.changed += 1;
        await insertAuditEntry(
          tx,
          audit({ personId: current.oid, from: current.roles, to: held.roles, registered: false }),
        );
      }
      return outcome;
    });
  }

  async knownOids(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ oid: string }>(`SELECT oid FROM people WHERE source = 'entra'`);
    return new Set(rows.map((r) => r.oid));
  }

  async directMembers(): Promise<Map<string, Set<string>>> {
    const { rows } = await this.db.query<{ group_id: string; user_id: string }>(
      `SELECT group_id, user_id FROM entra_group_members WHERE via = 'direct'`,
    );
    const members = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = members.get(r.group_id) ?? new Set<string>();
      set.add(r.user_id);
      members.set(r.group_id, set);
    }
    return members;
  }

  async state<T>(key: string): Promise<T | null> {
    const { rows } = await this.db.query<{ value: T }>(
      `SELECT value FROM entra_sync_state WHERE key = $1::text`,
      [key],
    );
    return rows[0]?.value ?? null;
  }

  async saveState(key: string, value: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO entra_sync_state (key, value, updated_at) VALUES ($1::text, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value)],
    );
  }

  async lease(holder: string, ms: number): Promise<boolean> {
    // One autocommitted statement: the row is inserted, or taken over when its lease ran out, or left alone.
    const { rows } = await this.db.query(
      `INSERT INTO entra_sync_state AS s (key, value, updated_at)
       VALUES ($1::text, jsonb_build_object('holder', $2::text, 'until', now() + make_interval(secs => $3::double precision)), now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE (s.value->>'until')::timestamptz < now() OR s.value->>'holder' = $2::text
       RETURNING key`,
      [LEASE_KEY, holder, ms / 1000],
    );
    return rows.length > 0;
  }

  async release(holder: string): Promise<void> {
    await this.db.query(`DELETE FROM entra_sync_state WHERE key = $1::text AND value->>'holder' = $2::text`, [
      LEASE_KEY,
      holder,
    ]);
  }
}
