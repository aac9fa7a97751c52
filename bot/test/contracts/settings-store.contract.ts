import type { Database } from '../../src/app/ports';
import { migrate, PostgresSettingsStore, SLA_POLICY_KEY } from '../../src/adapters/postgres';
import { ValidationError } from '../../src/domain/errors';
import { parseSlaPolicy } from '../../src/domain/sla-policy';

/** The settings store on a `Database`; `open` returns a new, empty database. */
export const describeSettingsStoreContract = (name: string, open: () => Promise<Database>): void => {
  describe(`SettingsStore on ${name}`, () => {
    let db: Database;
    let settings: PostgresSettingsStore;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      settings = new PostgresSettingsStore(db);
    }, 120_000);
    afterAll(() => db?.close());

    const entry = (requestId: string) => ({
      at: '2026-03-20T12:00:00.000Z',
      actorId: 'p-ada',
      action: 'admin.sla.update',
      outcome: 'allowed' as const,
      requestId,
      detail: { setting: SLA_POLICY_KEY },
    });

    it('has no SLA policy until one is saved, then returns it exactly, and the last saved wins', async () => {
      expect(await settings.slaPolicy()).toBeNull();
      const scottish = parseSlaPolicy({ region: 'scotland', responseWorkingDays: { 1: 15, 2: 5 } });
      await settings.saveSlaPolicy(scottish, entry('req-sla-1'));
      expect(await settings.slaPolicy()).toEqual(scottish);
      const strict = parseSlaPolicy({ warnWorkingDaysBefore: 4, escalationWorkingDaysAfterBreach: [0, 2] });
      await settings.saveSlaPolicy(strict, entry('req-sla-2'));
      expect(await settings.slaPolicy()).toEqual(strict);
      const { rows } = await db.query<{ request_id: string }>(
        `SELECT request_id FROM audit_log WHERE action = 'admin.sla.update' ORDER BY id`,
      );
      expect(rows.map((r) => r.request_id)).toEqual(['req-sla-1', 'req-sla-2']);
    });

    it('refuses to use a stored policy that is not valid (edited outside the app)', async () => {
      await db.query(`UPDATE settings SET value = $1::jsonb WHERE key = $2`, [
        JSON.stringify({ acknowledgeWorkingDays: 30, responseWorkingDays: { 1: 10, 2: 10 } }),
        SLA_POLICY_KEY,
      ]);
      await expect(settings.slaPolicy()).rejects.toBeInstanceOf(ValidationError);
    });
  });
};
