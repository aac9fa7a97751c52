import type { Actor } from '../../src/app/actor';
import { makeCasework } from '../../src/app/casework';
import type { CaseChange, Clock, ConversationReferenceData, Database } from '../../src/app/ports';
import {
  insertNotifications,
  PostgresAuditLog,
  PostgresCaseStore,
  PostgresConversationReferences,
  PostgresDirectory,
  PostgresNotificationOutbox,
} from '../../src/adapters/postgres';
import type { Case } from '../../src/domain/case';
import { ValidationError } from '../../src/domain/errors';
import type { NotificationDraft } from '../../src/domain/notifications';
import type { Person } from '../../src/domain/person';
import { createSlaClock } from '../../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../../src/domain/sla-policy';
import { auditEntry, newCase, raisedEvent } from '../fixtures/cases';
import { PEOPLE, prepareTestDatabase, testCaseCategories } from '../support/test-app';

const SETUP_TIMEOUT_MS = 120_000;
const NOW = '2026-03-20T10:00:00.000Z';
const clock: Clock = { now: () => new Date(NOW) };
const sla = createSlaClock(DEFAULT_SLA_POLICY);
const actor = (person: Person): Actor => ({ person, requestId: 'req-test' });

/** A personal chat reference as botbuilder's `TurnContext.getConversationReference` returns it. */
export const personalReference = (
  serviceUrl: string,
  conversationId: string,
  userId = '29:alice',
): ConversationReferenceData => ({
  activityId: 'f:1234',
  channelId: 'msteams',
  serviceUrl,
  locale: 'en-GB',
  conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
  user: { id: userId, aadObjectId: '00000000-0000-4000-8000-000000000001' },
  bot: { id: '28:members-hub', name: 'Members Hub' },
});

interface OutboxRow {
  id: number;
  case_ref: string;
  event_seq: number;
  kind: string;
  recipient: string;
  status: string;
  attempts: number;
  leased: boolean;
  last_error: string | null;
}

/**
 * The notification outbox and conversation references on every database the service supports: the outbox
 * row is written in the case change's transaction, claims are exclusive and leased, and every write after a
 * claim needs the lease. `open` returns a new, empty database (not yet migrated).
 */
export const describeNotificationOutboxContract = (name: string, open: () => Promise<Database>): void => {
  describe(`Notification outbox on ${name}`, () => {
    let db: Database;
    let store: PostgresCaseStore;
    let outbox: PostgresNotificationOutbox;
    let references: PostgresConversationReferences;

    beforeAll(async () => {
      db = await open();
      await prepareTestDatabase(db);
      store = new PostgresCaseStore(db, { clock });
      outbox = new PostgresNotificationOutbox(db, { clock });
      references = new PostgresConversationReferences(db);
    }, SETUP_TIMEOUT_MS);
    afterAll(() => db?.close());
    beforeEach(() =>
      db.query(
        'TRUNCATE notification_outbox, conversation_references, case_events, cases, case_ref_counters',
      ),
    );

    const casework = () =>
      makeCasework({
        categories: testCaseCategories(db, clock),
        cases: store,
        audit: new PostgresAuditLog(db),
        directory: new PostgresDirectory(db),
        clock,
        sla,
      });
    const create = (overrides: Partial<Parameters<typeof newCase>[0]> = {}) => {
      const draft = newCase(overrides);
      return store.create(
        draft,
        raisedEvent(draft),
        auditEntry('case.create', draft.raisedBy, draft.createdAt),
      );
    };
    const rows = async (): Promise<OutboxRow[]> =>
      (
        await db.query<OutboxRow>(
          `SELECT id, case_ref, event_seq, kind, recipient, status, attempts, last_error,
                  (lease_until IS NOT NULL AND lease_until > now()) AS leased
           FROM notification_outbox ORDER BY id`,
        )
      ).rows;
    const draft = (c: Case, seq: number, recipient = 'p-alice'): NotificationDraft => ({
      caseId: c.id,
      caseRef: c.ref,
      eventSeq: seq,
      kind: 'triaged',
      recipient,
      at: NOW,
      facts: { respondBy: '2026-03-30' },
    });
    const enqueue = (drafts: NotificationDraft[]) => db.transaction((tx) => insertNotifications(tx, drafts));
    /** What a crashed worker leaves behind once its lease has run out. */
    const expireLeases = () =>
      db.query(
        `UPDATE notification_outbox SET lease_until = now() - interval '1 second' WHERE lease_until IS NOT NULL`,
      );

    describe('written with the case change', () => {
      it('queues exactly one notification for the member when a support officer triages their case', async () => {
        const c = await create();
        expect(await rows()).toEqual([]);
        await casework().act(actor(PEOPLE.sue), c.ref, { type: 'triage', departmentId: 'dept-highways' });
        expect(await rows()).toEqual([
          expect.objectContaining({
            case_ref: c.ref,
            event_seq: 2,
            kind: 'triaged',
            recipient: 'p-alice',
            status: 'pending',
            attempts: 0,
            leased: false,
          }),
        ]);
      });

      it('queues nothing for the member\u2019s own action or for an MP\u2019s enquiry', async () => {
        const mine = await create({
          status: 'triaged',
          departmentId: 'dept-highways',
          extension: { requestedBy: 'p-hal', requestedAt: NOW, reason: 'More time' },
        });
        await casework().act(actor(PEOPLE.alice), mine.ref, { type: 'agree-extension' });
        const mp = await create({ origin: 'mp', mpName: 'Ms Ashdell MP', memberId: null, raisedBy: 'p-sue' });
        await casework().act(actor(PEOPLE.sue), mp.ref, { type: 'triage', departmentId: 'dept-highways' });
        expect(await rows()).toEqual([]);
      });

      it('queues nothing when the change is refused or rolled back', async () => {
        const c = await create();
        await expect(
          casework().act(actor(PEOPLE.sue), c.ref, { type: 'triage', departmentId: 'dept-highways' }, 7),
        ).rejects.toThrow();
        // A change whose audit entry cannot be written rolls back after its events were appended.
        const broken = (current: Case): CaseChange => ({
          next: { ...current, status: 'triaged', departmentId: 'dept-highways', updatedAt: NOW },
          events: [{ type: 'triaged', actorId: 'p-sue', at: NOW, data: { respondBy: current.respondBy } }],
          audit: [{ ...auditEntry('case.action.triage', 'p-sue', NOW), outcome: 'bogus' as 'allowed' }],
        });
        await expect(store.change(c.ref, broken)).rejects.toThrow();
        expect(await rows()).toEqual([]);
        expect(await store.findByRef(c.ref)).toEqual(c);
      });

      it('rolls the case change back when its notification cannot be queued', async () => {
        const c = await create();
        await db.query(`CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'outbox refused'; END $$`);
        await db.query(`CREATE TRIGGER refuse_outbox BEFORE INSERT ON notification_outbox
          FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`);
        try {
          await expect(
            casework().act(actor(PEOPLE.sue), c.ref, { type: 'triage', departmentId: 'dept-highways' }),
          ).rejects.toThrow(/outbox refused/);
        } finally {
          await db.query(`DROP TRIGGER refuse_outbox ON notification_outbox`);
          await db.query(`DROP FUNCTION refuse_outbox()`);
        }
        expect(await store.findByRef(c.ref)).toEqual(c);
        expect((await store.timeline(c.id)).map((e) => e.type)).toEqual(['raised']);
      });

      it('queues nothing for history written by a store told not to (the seeded demo council)', async () => {
        const c = await create();
        const quiet = new PostgresCaseStore(db, { clock, queueNotifications: false });
        await quiet.change(c.ref, (current) => ({
          next: { ...current, status: 'triaged', departmentId: 'dept-highways', updatedAt: NOW },
          events: [{ type: 'triaged', actorId: 'p-sue', at: NOW, data: { respondBy: current.respondBy } }],
          audit: [],
        }));
        expect(await rows()).toEqual([]);
      });

      it('never queues the same notification twice', async () => {
        const c = await create();
        await enqueue([draft(c, 2), draft(c, 2), draft(c, 2, 'p-bob')]);
        await enqueue([draft(c, 2)]);
        expect((await rows()).map((r) => [r.event_seq, r.recipient])).toEqual([
          [2, 'p-alice'],
          [2, 'p-bob'],
        ]);
      });
    });

    describe('claims', () => {
      it('leases due rows in queue order to one claimant, counting the attempt', async () => {
        const c = await create();
        await enqueue([draft(c, 2), draft(c, 3), draft(c, 4, 'p-bob')]);
        const first = await outbox.claim(10, 60_000);
        expect(first.map((n) => [n.eventSeq, n.recipient, n.attempts, n.kind])).toEqual([
          [2, 'p-alice', 1, 'triaged'],
          [3, 'p-alice', 1, 'triaged'],
          [4, 'p-bob', 1, 'triaged'],
        ]);
        expect(first[0]).toMatchObject({
          caseId: c.id,
          caseRef: c.ref,
          at: NOW,
          facts: { respondBy: '2026-03-30' },
        });
        expect(await outbox.claim(10, 60_000)).toEqual([]);
        expect((await rows()).every((r) => r.leased)).toBe(true);
      });

      it('gives a crashed worker\u2019s rows to another claimant once the lease has run out', async () => {
        const c = await create();
        await enqueue([draft(c, 2)]);
        const [crashed] = await outbox.claim(10, 60_000);
        await expireLeases();
        const [taken] = await outbox.claim(10, 60_000);
        expect(taken).toMatchObject({ id: crashed!.id, attempts: 2 });
        expect(taken!.leaseToken).not.toBe(crashed!.leaseToken);
        // The crashed worker's late writes are refused: the row belongs to its new holder.
        await expect(
          outbox.settle(crashed!, { kind: 'sent', activityId: 'x', conversationId: 'c' }),
        ).resolves.toBe(false);
        await expect(outbox.renew(crashed!, 60_000)).resolves.toBe(false);
        expect(await rows()).toEqual([expect.objectContaining({ status: 'pending', leased: true })]);
      });

      it('holds back a person\u2019s other rows while some of theirs are being delivered', async () => {
        const c = await create();
        await enqueue([draft(c, 2)]);
        const [held] = await outbox.claim(10, 60_000);
        await enqueue([draft(c, 3), draft(c, 4, 'p-bob')]);
        expect((await outbox.claim(10, 60_000)).map((n) => n.recipient)).toEqual(['p-bob']);
        await outbox.settle(held!, { kind: 'sent', activityId: null, conversationId: 'a:conv' });
        expect((await outbox.claim(10, 60_000)).map((n) => n.eventSeq)).toEqual([3]);
      });

      it('takes at most the limit, and concurrent claimants never share a row', async () => {
        const c = await create();
        await enqueue(Array.from({ length: 12 }, (_, i) => draft(c, i + 2, `p-person-${i}`)));
        expect(await outbox.claim(5, 60_000)).toHaveLength(5);
        const [a, b] = await Promise.all([outbox.claim(4, 60_000), outbox.claim(4, 60_000)]);
        const ids = [...a, ...b].map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(7);
      });
    });

    describe('outcomes', () => {
      const claimOne = async () => {
        const c = await create();
        await enqueue([draft(c, 2)]);
        const [claimed] = await outbox.claim(1, 60_000);
        return { c, claimed: claimed! };
      };

      it('records a send as sent, with where it went, and audits it', async () => {
        const { c, claimed } = await claimOne();
        await expect(
          outbox.settle(claimed, { kind: 'sent', activityId: 'activity-9', conversationId: 'a:conv' }),
        ).resolves.toBe(true);
        const { rows: sent } = await db.query(
          `SELECT status, activity_id, conversation_id, finished_at IS NOT NULL AS finished, lease_token FROM notification_outbox`,
        );
        expect(sent).toEqual([
          {
            status: 'sent',
            activity_id: 'activity-9',
            conversation_id: 'a:conv',
            finished: true,
            lease_token: null,
          },
        ]);
        const { rows: audit } = await db.query(
          `SELECT actor_id, action, case_ref, detail FROM audit_log WHERE case_id = $1 AND action LIKE 'case.notification%'`,
          [c.id],
        );
        expect(audit).toEqual([
          {
            actor_id: null,
            action: 'case.notification.sent',
            case_ref: c.ref,
            detail: { recipient: 'p-alice', kind: 'triaged', eventSeq: 2 },
          },
        ]);
        expect(await outbox.claim(10, 60_000)).toEqual([]);
      });

      it('schedules a retry after the delay, counting the attempt or not as told', async () => {
        const { claimed } = await claimOne();
        await outbox.settle(claimed, {
          kind: 'retry',
          delayMs: 60_000,
          code: 'ServiceError',
          countAttempt: true,
        });
        expect(await rows()).toEqual([
          expect.objectContaining({
            status: 'pending',
            attempts: 1,
            leased: false,
            last_error: 'ServiceError',
          }),
        ]);
        expect(await outbox.claim(10, 60_000)).toEqual([]);
        await db.query(`UPDATE notification_outbox SET next_attempt_at = now()`);
        const [again] = await outbox.claim(10, 60_000);
        expect(again?.attempts).toBe(2);
        await outbox.settle(again!, { kind: 'retry', delayMs: 0, code: 'throttled', countAttempt: false });
        expect(await rows()).toEqual([expect.objectContaining({ attempts: 1 })]);
      });

      it('hands a released row straight back without counting the attempt', async () => {
        const { claimed } = await claimOne();
        await outbox.settle(claimed, { kind: 'release' });
        expect(await outbox.claim(10, 60_000)).toEqual([
          expect.objectContaining({ id: claimed.id, attempts: 1 }),
        ]);
      });

      it('closes a row for good', async () => {
        const { claimed } = await claimOne();
        await outbox.settle(claimed, {
          kind: 'closed',
          status: 'undeliverable',
          code: 'MessageWritesBlocked',
        });
        expect(await rows()).toEqual([
          expect.objectContaining({
            status: 'undeliverable',
            last_error: 'MessageWritesBlocked',
            leased: false,
          }),
        ]);
        expect(await outbox.claim(10, 60_000)).toEqual([]);
      });

      it('parks a row without a reference until the person\u2019s personal reference is saved', async () => {
        const { claimed } = await claimOne();
        await outbox.settle(claimed, { kind: 'no-reference' });
        expect(await rows()).toEqual([expect.objectContaining({ status: 'no-reference', attempts: 0 })]);
        expect(await outbox.claim(10, 60_000)).toEqual([]);
        // A team reference is not where personal notifications go.
        await references.save(
          'p-alice',
          personalReference('https://smba.example/', '19:team@thread'),
          'team',
        );
        expect(await outbox.claim(10, 60_000)).toEqual([]);
        await references.save('p-alice', personalReference('https://smba.example/', 'a:alice'), 'personal');
        expect(await outbox.claim(10, 60_000)).toEqual([expect.objectContaining({ id: claimed.id })]);
      });

      it('does not park a row when a reference was saved while it was being looked at', async () => {
        const { claimed } = await claimOne();
        await references.save('p-alice', personalReference('https://smba.example/', 'a:alice'), 'personal');
        await outbox.settle(claimed, { kind: 'no-reference' });
        expect(await rows()).toEqual([expect.objectContaining({ status: 'pending', leased: false })]);
      });
    });

    describe('maintenance', () => {
      it('wakes parked rows that now have a reference, expires stale ones and deletes old finished ones', async () => {
        const c = await create();
        await enqueue([draft(c, 2), draft(c, 3, 'p-bob'), draft(c, 4, 'p-carol'), draft(c, 5, 'p-dan')]);
        await db.query(
          `UPDATE notification_outbox SET status = 'no-reference' WHERE recipient IN ('p-alice', 'p-bob')`,
        );
        // Saved behind the outbox's back (as a concurrent save could leave it): only maintenance notices.
        await db.query(
          `INSERT INTO conversation_references (person_id, conversation_id, scope, channel_id, service_url, reference)
           VALUES ('p-alice', 'a:alice', 'personal', 'msteams', 'https://smba.example/', '{}')`,
        );
        await db.query(
          `UPDATE notification_outbox SET enqueued_at = now() - interval '8 days' WHERE recipient = 'p-bob'`,
        );
        await db.query(
          `UPDATE notification_outbox SET status = 'sent', finished_at = now() - interval '31 days' WHERE recipient = 'p-carol'`,
        );
        await expect(
          outbox.maintain({ expireAfterMs: 7 * 86_400_000, keepFinishedForMs: 30 * 86_400_000 }),
        ).resolves.toEqual({ woken: 1, expired: 1, deleted: 1 });
        expect((await rows()).map((r) => [r.recipient, r.status])).toEqual([
          ['p-alice', 'pending'],
          ['p-bob', 'expired'],
          ['p-dan', 'pending'],
        ]);
      });
    });

    describe('conversation references', () => {
      it('keeps what a proactive message needs, drops the activity id and names, and lists the person\u2019s active ones', async () => {
        await references.save(
          'p-alice',
          personalReference('https://smba.example/emea/', 'a:alice'),
          'personal',
        );
        await references.save(
          'p-alice',
          personalReference('https://smba.example/emea/', '19:team@thread'),
          'team',
        );
        await references.save(
          'p-bob',
          personalReference('https://smba.example/emea/', 'a:bob', '29:bob'),
          'personal',
        );
        const saved = await references.forPerson('p-alice');
        expect(saved.map((r) => [r.scope, r.conversationId])).toEqual([
          ['team', '19:team@thread'],
          ['personal', 'a:alice'],
        ]);
        expect(saved[1]?.reference).toEqual({
          channelId: 'msteams',
          serviceUrl: 'https://smba.example/emea/',
          locale: 'en-GB',
          conversation: { id: 'a:alice', conversationType: 'personal', tenantId: 'tenant-1' },
          user: { id: '29:alice', aadObjectId: '00000000-0000-4000-8000-000000000001' },
          bot: { id: '28:members-hub', name: 'Members Hub' },
        });
        const { rows: stored } = await db.query(
          `SELECT user_id, aad_object_id, tenant_id, service_url, active FROM conversation_references WHERE person_id = 'p-alice' AND scope = 'personal'`,
        );
        expect(stored).toEqual([
          {
            user_id: '29:alice',
            aad_object_id: '00000000-0000-4000-8000-000000000001',
            tenant_id: 'tenant-1',
            service_url: 'https://smba.example/emea/',
            active: true,
          },
        ]);
      });

      it('refreshes a saved reference in place, e.g. when Teams moves the service URL', async () => {
        await references.save(
          'p-alice',
          personalReference('https://smba.example/emea/', 'a:alice'),
          'personal',
        );
        await references.save(
          'p-alice',
          personalReference('https://smba.example/uk/', 'a:alice'),
          'personal',
        );
        expect((await references.forPerson('p-alice')).map((r) => r.reference.serviceUrl)).toEqual([
          'https://smba.example/uk/',
        ]);
      });

      it('marks a conversation inactive for one person or for everyone in it, and a save reactivates it', async () => {
        await references.save(
          'p-alice',
          personalReference('https://smba.example/', '19:team@thread'),
          'team',
        );
        await references.save(
          'p-bob',
          personalReference('https://smba.example/', '19:team@thread', '29:bob'),
          'team',
        );
        await references.save('p-alice', personalReference('https://smba.example/', 'a:alice'), 'personal');
        await references.markInactive('a:alice', { personId: 'p-alice', reason: 'MessageWritesBlocked' });
        expect((await references.forPerson('p-alice')).map((r) => r.conversationId)).toEqual([
          '19:team@thread',
        ]);
        await references.markInactive('19:team@thread', { reason: 'uninstalled' });
        expect(await references.forPerson('p-alice')).toEqual([]);
        expect(await references.forPerson('p-bob')).toEqual([]);
        const { rows: reasons } = await db.query(
          `SELECT conversation_id, inactive_reason FROM conversation_references WHERE person_id = 'p-alice' ORDER BY conversation_id`,
        );
        expect(reasons).toEqual([
          { conversation_id: '19:team@thread', inactive_reason: 'uninstalled' },
          { conversation_id: 'a:alice', inactive_reason: 'MessageWritesBlocked' },
        ]);
        await references.save('p-alice', personalReference('https://smba.example/', 'a:alice'), 'personal');
        expect((await references.forPerson('p-alice')).map((r) => r.conversationId)).toEqual(['a:alice']);
      });

      it('refuses a reference that cannot be sent to, and changes nothing', async () => {
        const good = personalReference('https://smba.example/', 'a:alice');
        const bad: ConversationReferenceData[] = [
          { ...good, serviceUrl: undefined },
          { ...good, serviceUrl: 'javascript:alert(1)' },
          { ...good, channelId: '' },
          { ...good, conversation: undefined },
        ];
        for (const reference of bad)
          await expect(references.save('p-alice', reference, 'personal')).rejects.toBeInstanceOf(
            ValidationError,
          );
        await expect(references.save('p-alice', good, 'channel' as 'team')).rejects.toBeInstanceOf(
          ValidationError,
        );
        await expect(references.save('', good, 'personal')).rejects.toBeInstanceOf(ValidationError);
        expect(await references.forPerson('p-alice')).toEqual([]);
      });
    });
  });
};
