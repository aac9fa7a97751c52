import { openPglite } from '../src/adapters/postgres';

describe('the embedded database', () => {
  it('refuses a query on the database from inside its own transaction instead of deadlocking', async () => {
    const db = await openPglite({});
    try {
      await expect(db.transaction(async () => db.query('SELECT 1'))).rejects.toThrow(
        /inside its own transaction/,
      );
      await expect(
        db.transaction(async () => db.transaction(async (tx) => tx.query('SELECT 1'))),
      ).rejects.toThrow(/inside its own transaction/);
      // The database is still usable afterwards, inside and outside transactions.
      await expect(
        db.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 1 AS n')).rows),
      ).resolves.toEqual([{ n: 1 }]);
      await expect(db.query<{ n: number }>('SELECT 2 AS n')).resolves.toEqual({ rows: [{ n: 2 }] });
    } finally {
      await db.close();
    }
  });
});
