import { PEOPLE, aCase, startTestApp, type TestApp, type Who } from './support/test-app';

/**
 * Internal notes, related cases and the likely-duplicate check through the API (issue 16): who may keep them,
 * and that nothing of them reaches anyone who may not see it: not a note's text, not a linked case's reference,
 * not a count.
 */
describe('internal notes, related cases and likely duplicates', () => {
  let t: TestApp;
  let alice1: string; // Alice's case, routed to Highways
  let alice2: string; // Alice's second case
  let bobCase: string; // Bob's case, not visible to Alice
  const missing = 'MH-2019-99999';
  const NOTE_WORD = 'xylophonic';

  const raise = async (who: Who, overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await t.call(who, 'POST', '/api/cases', aCase(overrides));
    expect(res.status).toBe(201);
    return res.body.ref as string;
  };
  const shape = (b: any) => ({ code: b.code, message: b.message });

  beforeAll(async () => {
    t = await startTestApp();
    alice1 = await raise('alice', {
      constituent: {
        name: 'Pat Resident',
        email: 'pat@example.org',
        phone: '07700 900123',
        address: '1 Elm Road, Northtown',
        postcode: 'WQ1 2AB',
        consentToShare: true,
      },
    });
    const routed = await t.call('sue', 'POST', `/api/cases/${alice1}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    expect(routed.status).toBe(200);
    alice2 = await raise('alice', {
      title: 'Broken streetlight',
      category: 'Street lighting',
      constituent: {
        name: 'Lee Lamp',
        address: '1 Elm Road, Northtown',
        postcode: 'WQ1 2AB',
        consentToShare: true,
      },
    });
    bobCase = await raise('bob', {
      wardId: 'ward-south',
      constituent: {
        name: 'Sam Southerner',
        address: '4 Oak Lane, Southtown',
        postcode: 'WQ2 3CD',
        consentToShare: false,
      },
      title: 'Overgrown hedge',
      category: 'Highways',
    });
  });
  afterAll(async () => t.stop());

  describe('internal notes', () => {
    it('lets the department officer add a note, shown to officers, queueing nothing and changing nothing', async () => {
      const queued = async () =>
        (
          await t.app.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notification_outbox WHERE case_ref = $1`,
            [alice1],
          )
        ).rows[0]?.n;
      const queuedBefore = await queued();
      // The member has read the case: a note must not make it news to her again.
      await t.call('alice', 'GET', `/api/cases/${alice1}`);
      const before = await t.call('sue', 'GET', `/api/cases/${alice1}`);
      const added = await t.call('hal', 'POST', `/api/cases/${alice1}/notes`, {
        text: `Spoke to the gang: ${NOTE_WORD} repair booked for Tuesday.`,
      });
      expect(added.status).toBe(201);
      expect(added.body.authorId).toBe(PEOPLE.hal.id);
      const after = await t.call('sue', 'GET', `/api/cases/${alice1}`);
      expect(after.body.version).toBe(before.body.version);
      expect(after.body.updatedAt).toBe(before.body.updatedAt);
      expect(await queued()).toBe(queuedBefore);
      const list = await t.call('alice', 'GET', '/api/cases?mine=true');
      expect(list.body.items.find((c: { ref: string }) => c.ref === alice1)?.news).toBe(false);
      const notes = await t.call('sue', 'GET', `/api/cases/${alice1}/notes`);
      expect(notes.status).toBe(200);
      expect(notes.body.notes.map((n: { text: string }) => n.text)).toEqual([
        `Spoke to the gang: ${NOTE_WORD} repair booked for Tuesday.`,
      ]);
      const audit = await t.app.db.query<{ action: string; detail: Record<string, unknown> }>(
        `SELECT action, detail FROM audit_log WHERE action = 'case.note.add' AND outcome = 'allowed'`,
      );
      expect(audit.rows).toHaveLength(1);
      expect(JSON.stringify(audit.rows[0]?.detail)).not.toContain(NOTE_WORD);
    });

    it('keeps the note from the councillor: not in the case, its timeline or a search', async () => {
      const notes = await t.call('alice', 'GET', `/api/cases/${alice1}/notes`);
      expect(notes.status).toBe(403);
      const view = await t.call('alice', 'GET', `/api/cases/${alice1}`);
      const timeline = await t.call('alice', 'GET', `/api/cases/${alice1}/timeline`);
      expect(JSON.stringify([view.body, timeline.body])).not.toContain(NOTE_WORD);
      expect(timeline.body.events.map((e: { type: string }) => e.type)).not.toContain('note-added');
      // The timeline's numbering has no gap where a note might be.
      const seqs = timeline.body.events.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
      expect(view.body.recordActions).toEqual(['link-cases']);
      for (const who of ['alice', 'sue', 'hal'] as const) {
        const search = await t.call(who, 'GET', `/api/cases?text=${NOTE_WORD}`);
        expect(search.body.items).toEqual([]);
      }
    });

    it('refuses notes to an administrator and to the officers of another department as if the case did not exist', async () => {
      for (const who of ['ada', 'wes'] as const) {
        const other = await t.call(who, 'POST', `/api/cases/${alice1}/notes`, { text: 'A note' });
        const none = await t.call(who, 'POST', `/api/cases/${missing}/notes`, { text: 'A note' });
        expect(other.status).toBe(404);
        expect(shape(other.body)).toEqual(shape(none.body));
        const read = await t.call(who, 'GET', `/api/cases/${alice1}/notes`);
        expect(read.status).toBe(404);
      }
    });

    it.each([
      ['name', 'Rang pat  RESIDENT back today'],
      ['email', 'Sent details to Pat@Example.org'],
      ['phone', 'Call on +44 7700-900 123 after 5'],
      ['postcode', 'Site visit at wq12ab on Monday'],
    ])(
      'refuses a note holding the constituent\u2019s %s, naming the field, and stores nothing',
      async (detail, text) => {
        const res = await t.call('sue', 'POST', `/api/cases/${alice1}/notes`, { text });
        expect(res.status).toBe(422);
        expect(res.body.issues).toEqual([
          { path: 'text', message: expect.stringContaining(detail === 'email' ? 'e-mail' : detail) },
        ]);
        const notes = await t.call('sue', 'GET', `/api/cases/${alice1}/notes`);
        expect(notes.body.notes.map((n: { text: string }) => n.text)).not.toContain(text);
      },
    );

    it('refuses an empty or over-long note, naming the field', async () => {
      for (const text of ['   ', 'x'.repeat(4001)]) {
        const res = await t.call('sue', 'POST', `/api/cases/${alice1}/notes`, { text });
        expect(res.status).toBe(400);
        expect(res.body.issues?.[0]?.path).toBe('text');
      }
    });
  });

  describe('related cases', () => {
    it('links two of a member\u2019s cases both ways, audited, and unlinks them', async () => {
      const linked = await t.call('alice', 'POST', `/api/cases/${alice1}/links`, { ref: alice2 });
      expect(linked.status).toBe(201);
      expect(linked.body.links.map((l: { ref: string }) => l.ref)).toEqual([alice2]);
      const again = await t.call('sue', 'POST', `/api/cases/${alice2}/links`, { ref: alice1 });
      expect(again.status).toBe(200);
      const back = await t.call('alice', 'GET', `/api/cases/${alice2}/links`);
      expect(back.body.links.map((l: { ref: string }) => l.ref)).toEqual([alice1]);
      const audit = await t.app.db.query<{ case_ref: string }>(
        `SELECT case_ref FROM audit_log WHERE action = 'case.link' AND outcome = 'allowed' ORDER BY id LIMIT 2`,
      );
      expect(audit.rows.map((r) => r.case_ref).sort()).toEqual([alice1, alice2].sort());
      const removed = await t.call('alice', 'DELETE', `/api/cases/${alice2}/links/${alice1}`);
      expect(removed.status).toBe(200);
      expect(removed.body.links).toEqual([]);
      const gone = await t.call('alice', 'DELETE', `/api/cases/${alice2}/links/${alice1}`);
      expect(gone.status).toBe(404);
    });

    it('answers a councillor linking to a case they may not see exactly as to a missing one', async () => {
      const other = await t.call('alice', 'POST', `/api/cases/${alice1}/links`, { ref: bobCase });
      const none = await t.call('alice', 'POST', `/api/cases/${alice1}/links`, { ref: missing });
      expect(other.status).toBe(404);
      expect(shape(other.body)).toEqual(shape(none.body));
      const links = await t.call('alice', 'GET', `/api/cases/${alice1}/links`);
      expect(links.body.links).toEqual([]);
    });

    it('never shows a councillor a linked case they may not see: not its reference, not a count', async () => {
      const linked = await t.call('sue', 'POST', `/api/cases/${alice1}/links`, { ref: bobCase });
      expect(linked.status).toBe(201);
      const seenBySue = await t.call('sue', 'GET', `/api/cases/${alice1}/links`);
      expect(seenBySue.body.links.map((l: { ref: string }) => l.ref)).toEqual([bobCase]);
      for (const [who, ref, hidden] of [
        ['alice', alice1, bobCase],
        ['bob', bobCase, alice1],
      ] as const) {
        const res = await t.call(who, 'GET', `/api/cases/${ref}/links`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ ref, links: [] });
        const view = await t.call(who, 'GET', `/api/cases/${ref}`);
        const timeline = await t.call(who, 'GET', `/api/cases/${ref}/timeline`);
        expect(JSON.stringify([view.body, timeline.body])).not.toContain(hidden);
        // Nor can they remove it: the other case is answered as missing.
        const unlink = await t.call(who, 'DELETE', `/api/cases/${ref}/links/${hidden}`);
        expect(unlink.status).toBe(404);
        expect(shape(unlink.body)).toEqual(
          shape((await t.call(who, 'DELETE', `/api/cases/${ref}/links/${missing}`)).body),
        );
      }
      // The department officer sees Alice's case (Highways) but not Bob's (not routed).
      const hal = await t.call('hal', 'GET', `/api/cases/${alice1}/links`);
      expect(hal.body.links).toEqual([]);
      await t.call('sue', 'DELETE', `/api/cases/${alice1}/links/${bobCase}`);
    });

    it('refuses a case linked to itself and a malformed reference, naming the field', async () => {
      const self = await t.call('alice', 'POST', `/api/cases/${alice1}/links`, { ref: alice1 });
      expect(self.status).toBe(422);
      expect(self.body.issues[0].path).toBe('ref');
      const bad = await t.call('alice', 'POST', `/api/cases/${alice1}/links`, { ref: 'not-a-ref' });
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0].path).toBe('ref');
    });
  });

  describe('likely duplicates', () => {
    const probe = (overrides: Record<string, unknown> = {}, category = 'Potholes') => ({
      constituent: {
        name: 'Someone Else',
        address: '9 Birch Way, Northtown',
        postcode: 'WQ1 9ZZ',
        ...overrides,
      },
      category,
    });

    it('finds the member\u2019s earlier case for the same constituent by e-mail, phone, or name and postcode', async () => {
      for (const overrides of [
        { email: 'PAT@example.org' },
        { phone: '+44 7700 900123' },
        { name: 'pat resident', postcode: 'wq1 2ab' },
      ]) {
        const res = await t.call('alice', 'POST', '/api/cases/likely-duplicates', probe(overrides));
        expect(res.status).toBe(200);
        expect(res.body.matches).toEqual([
          expect.objectContaining({ ref: alice1, reasons: ['same-constituent'] }),
        ]);
      }
    });

    it('finds an earlier case on the same street in the same category', async () => {
      const res = await t.call(
        'alice',
        'POST',
        '/api/cases/likely-duplicates',
        probe({ address: 'Flat 3, 22 Elm Road\nNorthtown', postcode: 'WQ1 4XY' }, 'drainage'),
      );
      expect(res.body.matches.map((m: { ref: string; reasons: string[] }) => [m.ref, m.reasons])).toEqual([
        [alice1, ['same-street-and-category']],
      ]);
    });

    it('finds nothing for a different constituent elsewhere, and nothing older than 90 days', async () => {
      const res = await t.call('alice', 'POST', '/api/cases/likely-duplicates', probe());
      expect(res.body.matches).toEqual([]);
      await t.app.db.query(`UPDATE cases SET created_at = now() - interval '91 days' WHERE ref = $1`, [
        alice2,
      ]);
      const old = await t.call(
        'alice',
        'POST',
        '/api/cases/likely-duplicates',
        probe({ address: '1 Elm Road', postcode: 'WQ1 2AB' }, 'Street lighting'),
      );
      expect(old.body.matches).toEqual([]);
    });

    it('never tells one councillor of another\u2019s case, however closely it matches', async () => {
      const bobsOwn = await t.call(
        'bob',
        'POST',
        '/api/cases/likely-duplicates',
        probe({ name: 'Sam Southerner', postcode: 'WQ2 3CD', address: '4 Oak Lane' }, 'Highways'),
      );
      expect(bobsOwn.body.matches.map((m: { ref: string }) => m.ref)).toEqual([bobCase]);
      const asAlice = await t.call(
        'alice',
        'POST',
        '/api/cases/likely-duplicates',
        probe({ name: 'Sam Southerner', postcode: 'WQ2 3CD', address: '4 Oak Lane' }, 'Highways'),
      );
      expect(asAlice.body).toEqual({ matches: [] });
      // A department officer who sees a case without the constituent's consent learns nothing either.
      await t.call('sue', 'POST', `/api/cases/${bobCase}/actions`, {
        type: 'triage',
        departmentId: 'dept-waste',
      });
      const asWes = await t.call(
        'wes',
        'POST',
        '/api/cases/likely-duplicates',
        probe({ name: 'Sam Southerner', postcode: 'WQ2 3CD', address: '4 Oak Lane' }, 'Highways'),
      );
      expect(asWes.body).toEqual({ matches: [] });
    });

    it('refuses a malformed check naming the field', async () => {
      const res = await t.call('alice', 'POST', '/api/cases/likely-duplicates', {
        constituent: { name: 'X', address: 'Y', postcode: 'nope' },
        category: 'Drainage',
      });
      expect(res.status).toBe(400);
      expect(res.body.issues[0].path).toBe('constituent.postcode');
    });
  });
});
