import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/app/ports';
import type { Case } from '../../src/domain/case';
import { migrate, PostgresCaseRecordStore, PostgresCaseStore } from '../../src/adapters/postgres';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';

const SETUP_TIMEOUT_MS = 120_000;

/**
 * The behaviour of the store of officers' record beside a case (internal notes, links, duplicate candidates)
 * on a `Database`. `open` returns a new, empty database; the suite migrates it and clears the tables between
 * tests.
 */
export const describeCaseRecordContract = (name: string, open: () => Promise<Database>): void => {
  describe(`CaseRecordStore on ${name}`, () => {
    let db: Database;
    let cases: PostgresCaseStore;
    let record: PostgresCaseRecordStore;

    beforeAll(async () => {
      db = await open();
      await migrate(db);
      cases = new PostgresCaseStore(db, { queueNotifications: false });
      record = new PostgresCaseRecordStore(db);
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    beforeEach(() => db.query('TRUNCATE case_events, cases, case_ref_counters, case_links, case_notes'));

    const create = (overrides: Parameters<typeof newCase>[0] = {}): Promise<Case> => {
      const draft = newCase(overrides);
      return cases.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
    };
    const at = '2026-03-20T12:00:00.000Z';

    it('links two cases once, finds the link from either side, and unlinks it from either side', async () => {
      const a = await create();
      const b = await create({ title: 'Second' });
      expect(await record.link(b.id, a.id, 'p-sue', at, [auditEntry('case.link', 'p-sue', at)])).toBe(true);
      expect(await record.link(a.id, b.id, 'p-sue', at, [])).toBe(false);
      expect((await record.links(a.id)).map((l) => [l.other.ref, l.linkedBy])).toEqual([[b.ref, 'p-sue']]);
      expect((await record.links(b.id)).map((l) => l.other.ref)).toEqual([a.ref]);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_links');
      expect(rows[0]?.n).toBe(1);
      expect(await record.unlink(a.id, b.id, [])).toBe(true);
      expect(await record.unlink(b.id, a.id, [])).toBe(false);
      expect(await record.links(a.id)).toEqual([]);
    });

    it('writes a link\u2019s audit entries with it, and none when the link is refused by the database', async () => {
      const a = await create();
      const marker = `case.link.${randomUUID()}`;
      await expect(record.link(a.id, a.id, 'p-sue', at, [auditEntry(marker, 'p-sue', at)])).rejects.toThrow();
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1',
        [marker],
      );
      expect(rows[0]?.n).toBe(0);
    });

    it('keeps notes apart from the timeline: oldest first, and the case\u2019s events and version untouched', async () => {
      const c = await create();
      for (const [i, when] of ['2026-03-20T12:00:02.000Z', '2026-03-20T12:00:01.000Z'].entries())
        await record.addNote(
          { id: randomUUID(), caseId: c.id, at: when, authorId: 'p-hal', text: `note ${i}` },
          auditEntry('case.note.add', 'p-hal', when),
        );
      expect((await record.notes(c.id)).map((n) => n.text)).toEqual(['note 1', 'note 0']);
      expect((await cases.timeline(c.id)).map((e) => e.type)).toEqual(['raised']);
      expect((await cases.findByRef(c.ref))?.version).toBe(c.version);
      expect(await record.notes('not-a-uuid')).toEqual([]);
    });

    it('offers as duplicate candidates only recent cases in scope that share a category or a constituent detail', async () => {
      const recent = '2026-03-01T10:00:00.000Z';
      const byEmail = await create({
        createdAt: recent,
        category: 'Waste',
        constituent: {
          name: 'A',
          email: 'Pat@Example.org',
          address: '1 X',
          postcode: 'WQ9 9ZZ',
          consentToShare: true,
        },
      });
      const byPhone = await create({
        createdAt: recent,
        category: 'Waste',
        constituent: {
          name: 'B',
          phone: '+44 (0)7700-900123',
          address: '1 X',
          postcode: 'WQ9 9ZZ',
          consentToShare: true,
        },
      });
      const byCategory = await create({ createdAt: recent, category: 'roads and pavements' });
      await create({ createdAt: recent, category: 'Waste' }); // nothing in common
      await create({ createdAt: '2025-11-01T10:00:00.000Z' }); // too old
      await create({ createdAt: recent, memberId: 'p-bob', raisedBy: 'p-bob' }); // another member's
      const found = await record.recentCandidates(
        { kind: 'member', memberId: 'p-alice' },
        {
          since: '2026-01-01T00:00:00.000Z',
          category: 'Roads and Pavements',
          email: 'pat@example.org',
          phoneDigits: '7700900123',
          postcode: 'WQ5 5AA',
        },
        50,
      );
      expect(found.map((c) => c.ref).sort()).toEqual([byEmail.ref, byPhone.ref, byCategory.ref].sort());
    });
  });
};
