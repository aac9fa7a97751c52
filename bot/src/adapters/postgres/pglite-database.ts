import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Sql } from '../../app/ports';
import { TEXT_PARSERS } from './type-parsers';

export interface PgliteOptions {
  /** Directory holding the database files, created on first use. Undefined: in memory (tests). */
  dataDir?: string | undefined;
}

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in-process. It has one connection, so PGlite
 * runs transactions one at a time; a query issued outside the transaction waits for it to finish. Code
 * inside `transaction` must therefore use the `tx` it is given, never the database itself.
 */
export const openPglite = async (options: PgliteOptions = {}): Promise<Database> => {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const pg = await PGlite.create(options.dataDir, { parsers: { ...TEXT_PARSERS } });

  const query = async <R>(on: PGlite | Transaction, text: string, params?: readonly unknown[]) => {
    const result = await on.query<R>(text, params ? [...params] : undefined);
    return { rows: result.rows };
  };

  return {
    kind: 'pglite',
    query: <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) =>
      query<R>(pg, text, params),
    transaction: <T>(fn: (tx: Sql) => Promise<T>): Promise<T> =>
      pg.transaction(async (tx) => {
        let open = true;
        const sql: Sql = {
          query: <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
            if (!open) return Promise.reject(new Error('This transaction has already finished.'));
            return query<R>(tx, text, params);
          },
        };
        try {
          return await fn(sql);
        } finally {
          open = false;
        }
      }),
    close: () => pg.close(),
  };
};
