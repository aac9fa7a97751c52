import { PostgresAuditLog, PostgresCaseRecordStore, PostgresCaseStore } from '../src/adapters/postgres';
import { makeCaseRecord } from '../src/app/case-record';
import { cardsIn, cardText, startBotHarness, type BotHarness } from './support/bot-harness';

/**
 * An officer's internal note never reaches the bot's side: the councillor's status card, their list of cases
 * and the notifications the bot delivers know nothing of it.
 */
describe('internal notes and the bot', () => {
  let h: BotHarness;
  let ref: string;
  const NOTE = 'Quotation from the contractor is zanzibarine';

  beforeAll(async () => {
    h = await startBotHarness();
    ref = await h.raise('alice');
    await h.casework.act(h.actor('sue'), ref, { type: 'triage', departmentId: 'dept-highways' });
  });
  afterAll(async () => h.stop());

  it('keeps the note out of the status card, my cases, and the notification outbox', async () => {
    const outbox = async () =>
      (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notification_outbox')).rows[0]?.n;
    const queued = await outbox();
    const record = makeCaseRecord({
      cases: new PostgresCaseStore(h.db),
      record: new PostgresCaseRecordStore(h.db),
      audit: new PostgresAuditLog(h.db),
      clock: { now: () => new Date('2026-03-02T11:00:00.000Z') },
    });
    await record.addNote(h.actor('hal'), ref, NOTE);
    expect((await record.notes(h.actor('sue'), ref)).map((n) => n.text)).toEqual([NOTE]);
    expect(await outbox()).toBe(queued);

    const said = async (text: string) => {
      const replies = await h.chat('alice').send(text);
      return [...replies.map((r) => r.text ?? ''), ...cardsIn(replies).map((card) => cardText(card))].join(
        '\n',
      );
    };
    for (const text of [`status ${ref}`, 'my cases']) {
      const reply = await said(text);
      expect(reply).toContain(ref);
      expect(reply).not.toMatch(/zanzibarine|quotation|internal note/i);
    }
    // A word only in the note finds nothing.
    expect(await said('zanzibarine')).toMatch(/could not find a case of yours/);
  });
});
