import type { Database } from '../../src/app/ports';
import { migrate, PostgresAuditLog } from '../../src/adapters/postgres';

/** The AuditLog port on a `Database`; `open` returns a new, empty database. */
export const describeAuditLogContract = (name: string, open: () => Promise<Database>): void => {
  describe(`AuditLog on ${name}`, () => {
    let db: Database;
    let audit: PostgresAuditLog;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      audit = new PostgresAuditLog(db);
    }, 120_000);
    afterAll(() => db?.close());

    it('records entries and lists them newest first, by case or by actor', async () => {
      const caseId = '5b0c7d1e-8a4f-4c53-9a53-2c1f0e6d7a10';
      await audit.record({
        at: '2026-03-02T09:00:00.000Z',
        actorId: 'p-alice',
        action: 'case.read',
        outcome: 'allowed',
        caseId,
        caseRef: 'MH-2026-00001',
        requestId: 'r1',
        detail: { via: 'tab' },
      });
      await audit.record({
        at: '2026-03-02T10:00:00.000Z',
        actorId: 'p-bob',
        action: 'case.read',
        outcome: 'denied',
        caseId,
      });
      await audit.record({
        at: '2026-03-02T11:00:00.000Z',
        actorId: 'p-alice',
        action: 'case.list',
        outcome: 'allowed',
      });
      await audit.record({
        at: '2026-03-02T12:00:00.000Z',
        actorId: null,
        action: 'auth.denied',
        outcome: 'failed',
        caseId: 'not-a-uuid',
      });

      const forCase = await audit.list({ caseId, limit: 10 });
      expect(forCase.map((e) => [e.actorId, e.outcome])).toEqual([
        ['p-bob', 'denied'],
        ['p-alice', 'allowed'],
      ]);
      expect(forCase[1]).toEqual({
        id: expect.any(Number),
        at: '2026-03-02T09:00:00.000Z',
        actorId: 'p-alice',
        action: 'case.read',
        outcome: 'allowed',
        caseId,
        caseRef: 'MH-2026-00001',
        requestId: 'r1',
        detail: { via: 'tab' },
      });
      expect((await audit.list({ actorId: 'p-alice', limit: 10 })).map((e) => e.action)).toEqual([
        'case.list',
        'case.read',
      ]);
      expect((await audit.list({ limit: 2 })).map((e) => e.action)).toEqual(['auth.denied', 'case.list']);
      expect((await audit.list({ caseId: 'not-a-uuid', limit: 10 }))[0]).toMatchObject({
        caseRef: null,
        detail: {},
      });
    });

    it('cannot be altered or emptied', async () => {
      await audit.record({
        at: '2026-03-03T09:00:00.000Z',
        actorId: 'p-sue',
        action: 'case.read',
        outcome: 'allowed',
      });
      await expect(db.query(`UPDATE audit_log SET outcome = 'denied'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(db.transaction((tx) => tx.query(`TRUNCATE audit_log`))).rejects.toThrow(/append-only/);
      expect((await audit.list({ actorId: 'p-sue', limit: 10 })).map((e) => e.outcome)).toEqual(['allowed']);
    });
  });
};
