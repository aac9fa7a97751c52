import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { PEOPLE, aCase, startTestApp, type TestApp, type Who } from './support/test-app';
import {
  emailMessage,
  malformedPdf,
  pdfWithText,
  pngBytes,
  storedFilesUnder,
} from './support/documents-fixtures';

/**
 * Case documents through the HTTP API on the real service: PGlite in memory, the local document store in a
 * temporary data directory, tokens from the local issuer. Uploads are limited to 256 KiB here.
 */
const MAX_BYTES = 256 * 1024;

describe('case documents through the API', () => {
  let t: TestApp;
  let aliceRef: string;
  let bobRef: string;
  const missingRef = 'MH-2019-99999';
  const missingId = '00000000-0000-4000-8000-000000000000';

  const auth = async (who: Who) => ({ authorization: `Bearer ${await t.token(who)}` });

  const upload = async (
    who: Who,
    ref: string,
    name: string | null,
    bytes: Buffer,
    options: { contentType?: string; rawName?: string; stream?: boolean } = {},
  ) => {
    const headers: Record<string, string> = {
      ...(await auth(who)),
      'content-type': options.contentType ?? 'application/octet-stream',
    };
    if (options.rawName !== undefined) headers['x-file-name'] = options.rawName;
    else if (name !== null) headers['x-file-name'] = encodeURIComponent(name);
    const body = options.stream
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.length; at += 16 * 1024)
              controller.enqueue(new Uint8Array(bytes.subarray(at, at + 16 * 1024)));
            controller.close();
          },
        })
      : bytes;
    const response = await fetch(`${t.url}/api/cases/${ref}/documents`, {
      method: 'POST',
      headers,
      body,
      ...(options.stream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const json: any = await response.json();
    return { status: response.status, body: json };
  };

  const download = async (who: Who, id: string, query = '') => {
    const response = await fetch(`${t.url}/api/documents/${id}/content${query}`, {
      headers: await auth(who),
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  const documentsRoot = () => join(t.dataDir, 'documents');
  /** Every file in the local store (not the store's own bookkeeping), as paths relative to its root. */
  const storedFiles = (): string[] => storedFilesUnder(documentsRoot());
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const auditRows = (action: string) =>
    t.app.db.query<{ actor_id: string; outcome: string; case_ref: string | null; detail: any }>(
      `SELECT actor_id, outcome, case_ref, detail FROM audit_log WHERE action = $1 ORDER BY id`,
      [action],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) } });
    aliceRef = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
    bobRef = (
      await t.call(
        'bob',
        'POST',
        '/api/cases',
        aCase({ wardId: 'ward-south', title: 'Verge parking on Mill Lane' }),
      )
    ).body.ref;
    // Alice's case goes to Highways; Bob's stays with support.
    const triaged = await t.call('sue', 'POST', `/api/cases/${aliceRef}/actions`, {
      type: 'triage',
      departmentId: 'dept-highways',
    });
    expect(triaged.status).toBe(200);
  });
  afterAll(async () => t.stop());

  describe('filing, listing and downloading', () => {
    const notes = Buffer.from('Met the resident on site. The gully is silted up to the grating.\n');
    let notesId: string;

    it('files a document into the case folder and lists it', async () => {
      const res = await upload('alice', aliceRef, 'Site visit notes.txt', notes, {
        contentType: 'text/plain',
      });
      expect(res.status).toBe(201);
      expect(res.body.created).toBe(true);
      expect(res.body.document).toMatchObject({
        caseRef: aliceRef,
        name: 'Site visit notes.txt',
        contentType: 'text/plain',
        size: notes.length,
        kind: 'file',
        preview: 'none',
        uploadedBy: { id: PEOPLE.alice.id, name: PEOPLE.alice.displayName },
      });
      notesId = res.body.document.id;
      expect(storedFiles()).toContain(
        `Member casework/Cllr Alice Test (p-alice)/${aliceRef} - Blocked drain on Elm Road/Site visit notes.txt`,
      );

      const list = await t.call('alice', 'GET', `/api/cases/${aliceRef}/documents`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ canUpload: true, canRemove: false, maxBytes: MAX_BYTES });
      expect(list.body.items.map((d: any) => d.id)).toEqual([notesId]);
    });

    it('gives the same bytes back, as an attachment with safe headers', async () => {
      const res = await download('alice', notesId);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(notes)).toBe(true);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="Site visit notes.txt"; filename*=UTF-8''Site%20visit%20notes.txt`,
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      // Not previewable: asking for inline still gives an attachment.
      const inline = await download('alice', notesId, '?disposition=inline');
      expect(inline.headers.get('content-disposition')).toMatch(/^attachment;/);
    });

    it('answers the same content filed again with the existing document, and stores no copy', async () => {
      const res = await upload('alice', aliceRef, 'Another name.txt', notes, { contentType: 'text/plain' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        created: false,
        document: { id: notesId, name: 'Site visit notes.txt' },
      });
      const { rows } = await t.app.db.query(`SELECT id FROM documents WHERE sha256 = $1`, [sha(notes)]);
      expect(rows).toHaveLength(1);
      expect(storedFiles().filter((f) => f.startsWith('Member casework/Cllr Alice Test'))).toHaveLength(1);
    });

    it('stores a different file of the same name as "name (2)"', async () => {
      const res = await upload(
        'alice',
        aliceRef,
        'Site visit notes.txt',
        Buffer.from('Second visit: cleared.\n'),
      );
      expect(res.status).toBe(201);
      expect(res.body.document.name).toBe('Site visit notes (2).txt');
    });

    it('shows a PDF inline when asked, with a policy that loads nothing from elsewhere', async () => {
      const pdf = pdfWithText('Inspection report');
      const res = await upload('sue', aliceRef, 'Inspection.pdf', pdf, { contentType: 'application/pdf' });
      expect(res.status).toBe(201);
      expect(res.body.document.preview).toBe('pdf');
      const inline = await download('alice', res.body.document.id, '?disposition=inline');
      expect(inline.headers.get('content-type')).toBe('application/pdf');
      expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="Inspection.pdf"/);
      expect(inline.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(inline.bytes.equals(pdf)).toBe(true);
      const image = await upload('alice', aliceRef, 'photo', pngBytes(), { contentType: 'text/html' });
      // Judged by its bytes, not by the type claimed: a picture, served as one.
      expect(image.body.document).toMatchObject({ preview: 'image', contentType: 'image/png' });
    });

    it('refuses an empty file and an unknown document id', async () => {
      expect((await upload('alice', aliceRef, 'empty.txt', Buffer.alloc(0))).status).toBe(422);
      expect((await download('alice', missingId)).status).toBe(404);
      expect((await download('alice', 'not-a-uuid')).status).toBe(404);
    });
  });

  describe('size limit', () => {
    const tmpUploads = () =>
      existsSync(join(t.dataDir, 'tmp'))
        ? readdirSync(join(t.dataDir, 'tmp')).filter((n) => n.startsWith('upload-'))
        : [];

    it.each([
      ['with a Content-Length', false],
      ['streamed without one', true],
    ])(
      'refuses a file over the limit %s (413), storing nothing and leaving no temporary file',
      async (_how, stream) => {
        const before = storedFiles();
        const { rows: countBefore } = await t.app.db.query<{ n: number }>(
          `SELECT count(*) AS n FROM documents`,
        );
        const big = Buffer.alloc(MAX_BYTES + 1, 0x61);
        const res = await upload('alice', aliceRef, 'big.txt', big, { stream });
        expect(res.status).toBe(413);
        expect(res.body).toMatchObject({ code: 'payload_too_large', maxBytes: MAX_BYTES });
        expect(storedFiles()).toEqual(before);
        expect(tmpUploads()).toEqual([]);
        const { rows: countAfter } = await t.app.db.query<{ n: number }>(
          `SELECT count(*) AS n FROM documents`,
        );
        expect(countAfter[0]?.n).toBe(countBefore[0]?.n);
        // Exactly at the limit is fine.
        const fits = await upload(
          'alice',
          aliceRef,
          'fits.txt',
          Buffer.alloc(MAX_BYTES, stream ? 0x62 : 0x63),
          {
            stream,
          },
        );
        expect(fits.status).toBe(201);
        expect(tmpUploads()).toEqual([]);
      },
    );
  });

  describe('file names', () => {
    it.each([
      ['missing', null, undefined],
      ['blank', null, '%20%20'],
      ['1000 characters long', null, encodeURIComponent('a'.repeat(1000))],
      ['not percent-encoded UTF-8', null, '%E0%A4%A'],
    ])('refuses a name that is %s (400)', async (_what, name, raw) => {
      const res = await upload('alice', aliceRef, name, Buffer.from(`named ${_what}`), { rawName: raw });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad_request');
    });

    it.each([
      ['../../x', /^\.\.-\.\.-x$/],
      ['..\\..\\windows.ini', /^\.\.-\.\.-windows\.ini$/],
      ['\u0001evil\u0007name\n.txt', /^evil name \.txt$/],
      ['CON.txt', /^_CON\.txt$/],
    ])('stores %j under a safe name inside the case folder', async (name, expected) => {
      const res = await upload('alice', aliceRef, name, Buffer.from(`content for ${JSON.stringify(name)}`));
      expect(res.status).toBe(201);
      expect(res.body.document.name).toMatch(expected);
      const folder = `Member casework/Cllr Alice Test (p-alice)/${aliceRef} - Blocked drain on Elm Road/`;
      expect(storedFiles()).toContain(`${folder}${res.body.document.name}`);
      expect(storedFiles().every((f) => f.startsWith('Member casework/'))).toBe(true);
    });
  });

  describe('access', () => {
    let aliceDocId: string;
    let bobDocId: string;

    beforeAll(async () => {
      aliceDocId = (
        await upload('alice', aliceRef, 'Alice only.txt', Buffer.from('Private to Alice\u2019s case'))
      ).body.document.id;
      bobDocId = (await upload('bob', bobRef, 'Bob only.txt', Buffer.from('Private to Bob\u2019s case'))).body
        .document.id;
    });

    const shape = (body: any) => ({ code: body.code, message: body.message });

    it('answers another councillor exactly as for a case or document that does not exist, and audits it', async () => {
      const list = await t.call('bob', 'GET', `/api/cases/${aliceRef}/documents`);
      const listMissing = await t.call('bob', 'GET', `/api/cases/${missingRef}/documents`);
      expect(list.status).toBe(404);
      expect(shape(list.body)).toEqual(shape(listMissing.body));

      const other = await download('bob', aliceDocId);
      const missing = await download('bob', missingId);
      expect(other.status).toBe(404);
      expect(JSON.parse(other.bytes.toString()).message).toBe(JSON.parse(missing.bytes.toString()).message);

      const removal = await t.call('bob', 'DELETE', `/api/documents/${aliceDocId}`);
      expect(removal.status).toBe(404);
      const upload404 = await upload('bob', aliceRef, 'sneaky.txt', Buffer.from('sneaky'));
      expect(upload404.status).toBe(404);

      const downloads = await auditRows('document.download');
      expect(downloads.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actor_id: PEOPLE.bob.id,
            outcome: 'denied',
            detail: { documentId: aliceDocId, reason: 'invisible' },
          }),
        ]),
      );
      const lists = await auditRows('document.list');
      expect(lists.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actor_id: PEOPLE.bob.id, outcome: 'denied', case_ref: aliceRef }),
        ]),
      );
      // Nothing about the documents' names or content reaches the audit log.
      const all = await t.app.db.query<{ detail: unknown }>(`SELECT detail FROM audit_log`);
      expect(JSON.stringify(all.rows)).not.toMatch(/Alice only|Private to/);
    });

    it('lets a department officer see the documents of cases routed to them, and no others', async () => {
      const hal = await t.call('hal', 'GET', `/api/cases/${aliceRef}/documents`);
      expect(hal.status).toBe(200);
      expect(hal.body).toMatchObject({ canUpload: true, canRemove: true });
      expect((await download('hal', aliceDocId)).status).toBe(200);
      expect((await download('hal', bobDocId)).status).toBe(404);
      expect((await t.call('wes', 'GET', `/api/cases/${aliceRef}/documents`)).status).toBe(404);
      expect((await download('wes', aliceDocId)).status).toBe(404);
    });

    it('refuses a councillor removing a document from their own case (403), and changes nothing', async () => {
      const res = await t.call('alice', 'DELETE', `/api/documents/${aliceDocId}`);
      expect(res.status).toBe(403);
      expect((await download('alice', aliceDocId)).status).toBe(200);
    });

    it('moves a document an officer removes to the retained deleted items, and serves it no more', async () => {
      const res = await t.call('hal', 'DELETE', `/api/documents/${aliceDocId}`);
      expect(res.status).toBe(200);
      expect(res.body.document.id).toBe(aliceDocId);
      const caseFolder = `Member casework/Cllr Alice Test (p-alice)/${aliceRef} - Blocked drain on Elm Road`;
      expect(storedFiles()).not.toContain(`${caseFolder}/Alice only.txt`);
      const retained = `Retained deleted items/Cllr Alice Test (p-alice)/${aliceRef} - Blocked drain on Elm Road/Alice only.txt`;
      expect(storedFiles()).toContain(retained);
      expect(readFileSync(join(documentsRoot(), ...retained.split('/')), 'utf8')).toBe(
        'Private to Alice\u2019s case',
      );

      const list = await t.call('alice', 'GET', `/api/cases/${aliceRef}/documents`);
      expect(list.body.items.map((d: any) => d.id)).not.toContain(aliceDocId);
      // The case's history, as its member reads it, says who added the document and who removed it.
      const history = await t.call('alice', 'GET', `/api/cases/${aliceRef}/timeline`);
      const documentEvents = history.body.events
        .filter((e: any) => e.data.documentId === aliceDocId)
        .map((e: any) => [e.type, e.actorId, e.data.name]);
      expect(documentEvents).toEqual([
        ['document-added', PEOPLE.alice.id, 'Alice only.txt'],
        ['document-removed', PEOPLE.hal.id, 'Alice only.txt'],
      ]);
      expect((await download('alice', aliceDocId)).status).toBe(404);
      expect((await t.call('hal', 'DELETE', `/api/documents/${aliceDocId}`)).status).toBe(404);
      const removals = await auditRows('document.remove');
      expect(removals.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actor_id: PEOPLE.hal.id,
            outcome: 'allowed',
            case_ref: aliceRef,
            detail: { documentId: aliceDocId },
          }),
        ]),
      );
      const { rows } = await t.app.db.query<{ removed_by: string; retained_file_id: string }>(
        `SELECT removed_by, retained_file_id FROM documents WHERE id = $1`,
        [aliceDocId],
      );
      expect(rows[0]).toMatchObject({ removed_by: PEOPLE.hal.id, retained_file_id: expect.any(String) });
      // Filed again after removal, the same content is a new document.
      const again = await upload(
        'alice',
        aliceRef,
        'Alice only.txt',
        Buffer.from('Private to Alice\u2019s case'),
      );
      expect(again.status).toBe(201);
    });
  });

  describe('text search', () => {
    let pdfId: string;
    let emailId: string;

    beforeAll(async () => {
      const pdf = await upload(
        'alice',
        aliceRef,
        'Survey.pdf',
        pdfWithText('Culvert survey found xylophonic debris'),
        {
          contentType: 'application/pdf',
        },
      );
      expect(pdf.status).toBe(201);
      pdfId = pdf.body.document.id;
      const email = await upload('alice', aliceRef, 'Resident email.eml', emailMessage(), {
        contentType: 'message/rfc822',
      });
      expect(email.status).toBe(201);
      emailId = email.body.document.id;
      await upload('bob', bobRef, 'Bob survey.pdf', pdfWithText('Bob also mentions xylophonic matters'), {
        contentType: 'application/pdf',
      });
    });

    const search = (who: Who, q: string) => t.call(who, 'GET', `/api/documents?q=${encodeURIComponent(q)}`);

    it('finds a word in a PDF\u2019s text layer, with the case and a plain-text snippet', async () => {
      const res = await search('alice', 'xylophonic');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        document: { id: pdfId, name: 'Survey.pdf' },
        caseRef: aliceRef,
        caseTitle: 'Blocked drain on Elm Road',
      });
      expect(res.body.items[0].snippet).toContain('xylophonic');
      expect(res.body.items[0].snippet).not.toMatch(/<b>/);
    });

    it('finds a word in an e-mail\u2019s body and its attachment names, and reads its headers', async () => {
      const res = await search('alice', 'marmalade');
      expect(res.body.items.map((i: any) => i.document.id)).toEqual([emailId]);
      expect((await search('alice', 'lane-photo')).body.items.map((i: any) => i.document.id)).toContain(
        emailId,
      );
      const list = await t.call('alice', 'GET', `/api/cases/${aliceRef}/documents`);
      const email = list.body.items.find((d: any) => d.id === emailId);
      expect(email).toMatchObject({
        kind: 'email',
        contentType: 'message/rfc822',
        email: {
          from: 'Pat Resident <pat@resident.example>',
          to: ['Cllr Alice Test <alice@test.example>', 'ward-office@test.example'],
          subject: 'Flooding on Quillfeather Lane',
          date: '2026-03-03T09:15:00.000Z',
          attachments: 1,
        },
      });
      expect(email.email.preview).toMatch(/^The drain by the marmalade works/);
    });

    it('never returns another member\u2019s documents, and gives a department only its own cases\u2019', async () => {
      const bob = await search('bob', 'xylophonic');
      expect(bob.body.items.map((i: any) => i.caseRef)).toEqual([bobRef]);
      const sue = await search('sue', 'xylophonic');
      expect(sue.body.items.map((i: any) => i.caseRef).sort()).toEqual([aliceRef, bobRef].sort());
      const hal = await search('hal', 'xylophonic');
      expect(hal.body.items.map((i: any) => i.caseRef)).toEqual([aliceRef]);
      expect((await search('wes', 'xylophonic')).body.items).toEqual([]);
      expect((await search('ada', 'xylophonic')).body.items).toEqual([]);
      const audited = await auditRows('document.search');
      expect(audited.rows.at(-1)?.detail).toEqual({ scope: 'none', queryLength: 10, returned: [] });
      expect(JSON.stringify(audited.rows)).not.toContain('xylophonic');
    });

    it('finds the case in the case list by a word in one of its documents', async () => {
      const alice = await t.call('alice', 'GET', '/api/cases?text=marmalade');
      expect(alice.body.items.map((c: any) => c.ref)).toEqual([aliceRef]);
      const bob = await t.call('bob', 'GET', '/api/cases?text=marmalade');
      expect(bob.body.items).toEqual([]);
      // Words in the case itself still match as before.
      const own = await t.call('alice', 'GET', '/api/cases?text=Elm%20Road');
      expect(own.body.items.map((c: any) => c.ref)).toContain(aliceRef);
    });

    it('stops finding a document once it is removed', async () => {
      expect((await t.call('sue', 'DELETE', `/api/documents/${emailId}`)).status).toBe(200);
      expect((await search('alice', 'marmalade')).body.items).toEqual([]);
      expect((await t.call('alice', 'GET', '/api/cases?text=marmalade')).body.items).toEqual([]);
    });

    it('refuses a search shorter than 3 or longer than 200 characters', async () => {
      expect((await search('alice', 'ab')).status).toBe(400);
      expect((await search('alice', 'a'.repeat(201))).status).toBe(400);
    });

    it('stores a malformed PDF without text, and the service carries on', async () => {
      const res = await upload('alice', aliceRef, 'Broken.pdf', malformedPdf(), {
        contentType: 'application/pdf',
      });
      expect(res.status).toBe(201);
      const { rows } = await t.app.db.query<{ text: string | null }>(
        `SELECT text FROM documents WHERE id = $1`,
        [res.body.document.id],
      );
      expect(rows[0]?.text).toBeNull();
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect((await download('alice', res.body.document.id)).bytes.equals(malformedPdf())).toBe(true);
    });
  });

  describe('case folders', () => {
    it('keeps a case\u2019s folder when its title changes', async () => {
      const { rows: before } = await t.app.db.query<{ folder_id: string }>(
        `SELECT f.folder_id FROM case_folders f JOIN cases c ON c.id = f.case_id WHERE c.ref = $1`,
        [aliceRef],
      );
      expect(before).toHaveLength(1);
      // There is no API to retitle a case; the store's document is changed directly.
      await t.app.db.query(
        `UPDATE cases SET doc = jsonb_set(doc, '{title}', '"Renamed: gully on Elm Road"') WHERE ref = $1`,
        [aliceRef],
      );
      const res = await upload('alice', aliceRef, 'After rename.txt', Buffer.from('filed after the rename'));
      expect(res.status).toBe(201);
      expect(storedFiles()).toContain(
        `Member casework/Cllr Alice Test (p-alice)/${aliceRef} - Blocked drain on Elm Road/After rename.txt`,
      );
      const { rows: after } = await t.app.db.query<{ folder_id: string }>(
        `SELECT f.folder_id FROM case_folders f JOIN cases c ON c.id = f.case_id WHERE c.ref = $1`,
        [aliceRef],
      );
      expect(after).toEqual(before);
    });
  });

  describe('mailbox', () => {
    it('says there is no mailbox in the embedded default', async () => {
      const me = await t.call('alice', 'GET', '/api/me');
      expect(me.body.features).toEqual({ mailbox: false });
      const messages = await t.call('alice', 'GET', '/api/mail/messages');
      expect(messages.status).toBe(409);
      expect(messages.body.code).toBe('mailbox_unavailable');
      const filed = await t.call('alice', 'POST', `/api/cases/${aliceRef}/documents/from-mail`, {
        messageId: 'AAMk-1',
      });
      expect(filed.status).toBe(409);
      expect(filed.body.code).toBe('mailbox_unavailable');
    });
  });
});
