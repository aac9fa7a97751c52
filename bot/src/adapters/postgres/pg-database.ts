import pg from 'pg';
import type { Database, Sql } from '../../app/ports';
import { TEXT_PARSERS } from './type-parsers';

export interface PostgresOptions {
  connectionString: string;
  /** Pool size per service instance (default 10). */
  max?: number | undefined;
  /**
   * Schema to use instead of `public` (sets search_path at connection start-up). Lets tests and benchmarks
   * work in a throw-away schema of a shared database.
   */
  schema?: string | undefined;
  /** Called when an idle pooled connection fails (the pool has already discarded it). Default: a process warning. */
  onIdleError?: ((error: Error) => void) | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Type parsers for this pool only: the global pg.types are left alone. */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text'): ((value: string) => unknown) => {
    const parser = format === 'text' ? TEXT_PARSERS[oid] : undefined;
    return parser ?? (pg.types.getTypeParser(oid, format) as (value: string) => unknown);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const sqlOn = (client: pg.Pool | pg.PoolClient, isOpen: () => boolean = () => true): Sql => ({
  query: async <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
    if (!isOpen()) throw new Error('This transaction has already finished.');
    const result = await client.query(text, params ? [...params] : undefined);
    return { rows: result.rows as R[] };
  },
});

/** A PostgreSQL server (Azure Database for PostgreSQL in Microsoft 365 mode) through a connection pool. */
export const openPostgres = (options: PostgresOptions): Promise<Database> => {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new Error(`Not a plain lower-case schema name: ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: 'members-hub',
    types: typeParsers,
    ...(options.schema !== undefined ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on(
    'error',
    options.onIdleError ??
      ((error: Error) => process.emitWarning(`Idle PostgreSQL connection failed: ${error.message}`)),
  );

  const transaction = async <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let open = true;
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(sqlOn(client, () => open));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // The connection is unusable (e.g. the server went away): destroy it rather than pool it.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      open = false;
      client.release(broken);
    }
  };

  const pooled = sqlOn(pool);
  return Promise.resolve({
    kind: 'postgres',
    query: (text, params) => pooled.query(text, params),
    transaction,
    close: () => pool.end(),
  });
};
