import { createHash } from 'node:crypto';
import type { Database, Sql } from '../../app/ports';
import { MIGRATIONS, type Migration } from './migrations';

export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was already up to date). */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

const checksum = (m: Migration): string =>
  createHash('sha256').update(m.statements.join('\n;\n')).digest('hex');

/**
 * Serialises migrators: several service instances starting together take turns, and the later ones find the
 * work done. The second key is the current schema, so throw-away test schemas do not wait on each other.
 */
const lock = async (tx: Sql): Promise<void> => {
  await tx.query(`SELECT pg_advisory_xact_lock(7207, hashtext(current_schema()))`);
};

const ensureTable = async (tx: Sql): Promise<void> => {
  await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
};

const appliedChecksums = async (tx: Sql): Promise<Map<number, string>> => {
  const { rows } = await tx.query<{ version: number; checksum: string }>(
    `SELECT version, checksum FROM schema_migrations ORDER BY version`,
  );
  return new Map(rows.map((r) => [r.version, r.checksum]));
};

const checkOrder = (migrations: readonly Migration[]): void => {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (previous && m.version <= previous.version))
      throw new Error(
        `Migrations must have ascending positive versions; ${m.version} (${m.name}) is out of order.`,
      );
  });
};

/**
 * Brings the schema up to date: each pending migration runs in its own transaction together with its row in
 * `schema_migrations`, under an advisory lock, so it is applied exactly once even when instances race.
 * Safe to call on every start. Fails if a migration that was applied has since been edited.
 */
export const migrate = async (
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> => {
  checkOrder(migrations);
  await db.transaction(async (tx) => {
    await lock(tx);
    await ensureTable(tx);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const sum = checksum(migration);
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      await ensureTable(tx);
      const done = await appliedChecksums(tx);
      const existing = done.get(migration.version);
      if (existing !== undefined) {
        if (existing !== sum)
          throw new Error(
            `Migration ${migration.version} (${migration.name}) was changed after it was applied; add a new migration instead.`,
          );
        return false;
      }
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
        migration.version,
        migration.name,
        sum,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  const { rows } = await db.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM schema_migrations`,
  );
  return { applied, version: rows[0]?.version ?? 0 };
};
