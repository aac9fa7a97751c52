import { AsyncLocalStorage } from 'node:async_hooks';
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

  // Marks code running inside one of this database's transactions, so that a query on the database itself
  // from there fails at once with a clear error instead of waiting for ever on the one connection.
  const insideTransaction = new AsyncLocalStorage<true>();
  const refuseIfInside = (): void => {
    if (insideTransaction.getStore())
      throw new Error(
        'Query on the database from inside its own transaction: use the transaction handle (it would deadlock).',
      );
  };

  const query = async <R>(on: PGlite | Transaction, text: string, params?: readonly unknown[]) => {
    const result = await on.query<R>(text, params ? [...params] : undefined);
    return { rows: result.rows };
  };

  return {
    kind: 'pglite',
    query: async <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
      refuseIfInside();
      return query<R>(pg, text, params);
    },
    transaction: async <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
      refuseIfInside();
      return pg.transaction(async (tx) => {
        let open = true;
        const sql: Sql = {
          query: <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
            if (!open) return Promise.reject(new Error('This transaction has already finished.'));
            return query<R>(tx, text, params);
          },
        };
        try {
          return await insideTransaction.run(true, () => fn(sql));
        } finally {
          open = false;
        }
      });
    },
    close: () => pg.close(),
  };
};
