import { getDocumentProxy } from 'unpdf';
import { startTestApp, type TestApp, type Who } from './support/test-app';
import {
  characterErrorRate,
  coverPage,
  DEGRADED,
  degrade,
  blankPage,
  letterPage,
  LETTERS,
  pngOf,
  scannedPdf,
  tiffOf,
  truth,
  turned,
} from './support/scan-corpus';
import {
  encryptedPdf,
  exeAsPdf,
  hugePng,
  traversalZip,
  truncatedPdf,
  zipBomb,
} from './support/hostile-scans';

/**
 * Scan-ingest end to end on the real service (PGlite, the local document store, tesseract.js): a batch of
 * generated scans with ground truth and hostile files, through OCR, review, retention, filing and search, with
 * the access rules for filed legacy papers. Pages are 150 dpi letters: a handful, to keep CI quick.
 */
const LIMIT = 20 * 1024 * 1024;

describe('scan-ingest of legacy papers', () => {
  let t: TestApp;
  let batchId: string;
  const outcomes = new Map<string, any>();

  const send = async (who: Who, path: string, bytes: Buffer, name: string, method = 'POST') => {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await t.token(who)}`,
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(name),
      },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, body: await response.json() };
  };
  const get = async (who: Who, path: string) => {
    const response = await fetch(`${t.url}${path}`, {
      headers: { authorization: `Bearer ${await t.token(who)}` },
    });
    return response;
  };

  const [l1, l2, l3, l4] = LETTERS.map((l) => letterPage(l));

  beforeAll(async () => {
    t = await startTestApp({
      env: { INGEST_POLL_INTERVAL_MS: '0', DOCUMENT_MAX_BYTES: String(LIMIT), OCR_WORKERS: '2' },
    });
    const started = await t.call('sue', 'POST', '/api/ingest/batches', {
      label: 'Box 1 from print services',
      memberId: 'p-alice',
    });
    expect(started.status).toBe(201);
    batchId = started.body.id;

    const stack = await scannedPdf(
      [
        coverPage({ memberId: 'p-alice', box: 'B1' }, l1!),
        l1!,
        blankPage(l1!),
        coverPage({ memberId: 'p-alice', box: 'B2' }, l1!),
        l2!,
      ],
      { jpeg: true },
    );
    const files: [string, Buffer][] = [
      ['box-1-stack.pdf', stack],
      ['letter-3-worn.tif', tiffOf([degrade(l3!, DEGRADED)])],
      ['letter-4-upside-down.png', pngOf(turned(l4!, 2))],
      ['bomb.zip', await zipBomb(LIMIT + 1024 * 1024)],
      ['huge.png', hugePng()],
      ['locked.pdf', encryptedPdf(await scannedPdf([l1!], { classicTrailer: true }))],
      ['cut-short.pdf', truncatedPdf(await scannedPdf([l2!]))],
      ['invoice.pdf', exeAsPdf()],
      ['climb.zip', await traversalZip(pngOf(l1!))],
    ];
    for (const [name, bytes] of files) {
      const { body } = await send('sue', `/api/ingest/batches/${batchId}/files`, bytes, name);
      outcomes.set(name, body);
    }
    // The same stack again, in a new batch: recorded as a duplicate of the first copy.
    const again = await t.call('sue', 'POST', '/api/ingest/batches', {
      label: 'Box 1 again',
      memberId: null,
    });
    outcomes.set(
      'again',
      (await send('sue', `/api/ingest/batches/${again.body.id}/files`, stack, 'box-1-stack.pdf')).body,
    );
    await t.app.ingestWorker?.drain();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses each hostile file with its reason and accepts the rest of the batch', () => {
    const status = (name: string) => [outcomes.get(name)?.status, outcomes.get(name)?.reason];
    expect(status('box-1-stack.pdf')[0]).toBe('queued');
    expect(status('letter-3-worn.tif')[0]).toBe('queued');
    expect(status('letter-4-upside-down.png')[0]).toBe('queued');
    expect(status('bomb.zip')).toEqual(['refused', expect.stringMatching(/ZIP bomb/)]);
    expect(status('huge.png')).toEqual(['refused', expect.stringMatching(/50000 × 50000 pixels/)]);
    expect(status('locked.pdf')).toEqual(['refused', expect.stringMatching(/encrypted/)]);
    expect(status('cut-short.pdf')).toEqual(['refused', expect.stringMatching(/damaged/)]);
    expect(status('invoice.pdf')).toEqual(['refused', expect.stringMatching(/a program/)]);
    expect(status('climb.zip')).toEqual(['refused', expect.stringMatching(/outside its own folder/)]);
  });

  it('reports a file already ingested as a duplicate of the first copy', () => {
    const dup = outcomes.get('again');
    expect(dup.status).toBe('duplicate');
    expect(dup.duplicateOf).toEqual({
      fileId: outcomes.get('box-1-stack.pdf').fileId,
      batchId,
      name: 'box-1-stack.pdf',
    });
  });

  it('reads every page, splits the stack at its cover sheets and drops the sheets and blank pages', async () => {
    const progress = await t.call('sue', 'GET', `/api/ingest/batches/${batchId}`);
    expect(progress.body.pagesDone).toBe(7);
    expect(progress.body.pagesTotal).toBe(7);
    expect(progress.body.secondsLeft).toBe(0);
    const queue = await t.call('sue', 'GET', `/api/ingest/documents?batchId=${batchId}`);
    const stack = queue.body.items.filter((d: any) => d.fileName === 'box-1-stack.pdf');
    expect(stack.map((d: any) => [d.pages, d.box, d.memberId])).toEqual([
      [[2], 'B1', 'p-alice'],
      [[5], 'B2', 'p-alice'],
    ]);
    expect(queue.body.items).toHaveLength(4);
  });

  it('reads clean pages and worn, turned pages within a loose character error rate', async () => {
    const queue = await t.call('sue', 'GET', `/api/ingest/documents?batchId=${batchId}`);
    const byFile = new Map<string, any>(queue.body.items.map((d: any) => [`${d.fileName}#${d.seq}`, d]));
    const cer = async (key: string, letter: (typeof LETTERS)[number]) => {
      const review = await t.call('sue', 'GET', `/api/ingest/documents/${byFile.get(key).id}`);
      return characterErrorRate(truth(letter), review.body.pages[0].text);
    };
    expect(await cer('box-1-stack.pdf#1', LETTERS[0]!)).toBeLessThan(0.05);
    expect(await cer('box-1-stack.pdf#2', LETTERS[1]!)).toBeLessThan(0.05);
    expect(await cer('letter-3-worn.tif#1', LETTERS[2]!)).toBeLessThan(0.15);
    expect(await cer('letter-4-upside-down.png#1', LETTERS[3]!)).toBeLessThan(0.05);
  });

  it('suggests dates and the ward from the text, with the words as evidence', async () => {
    const queue = await t.call('sue', 'GET', `/api/ingest/documents?batchId=${batchId}`);
    const first = queue.body.items.find((d: any) => d.fileName === 'box-1-stack.pdf' && d.seq === 1);
    const review = await t.call('sue', 'GET', `/api/ingest/documents/${first.id}`);
    expect(review.body.document.dateFrom).toBe('2019-03-14');
    const evidence = review.body.document.suggestions.dateFrom.evidence[0];
    const words = evidence.words.map((i: number) => review.body.pages[0].words[i].text);
    expect(words.join(' ')).toBe('14 March 2019');
  });

  describe('once reviewed', () => {
    let keptId: string;
    beforeAll(async () => {
      const queue = await t.call('sue', 'GET', `/api/ingest/documents?batchId=${batchId}`);
      const [kept, destroyed] = queue.body.items;
      keptId = kept.id;
      const decision = (retention: unknown) => ({
        memberId: 'p-alice',
        caseRef: null,
        box: 'B1',
        dateFrom: '2019-03-14',
        dateTo: null,
        description: 'Fly-tipping behind Beacon Hill Road',
        retention,
      });
      expect(
        (
          await t.call(
            'sue',
            'POST',
            `/api/ingest/documents/${kept.id}/decision`,
            decision({ kind: 'keep', until: '2040-01-01', reason: 'Ongoing issue' }),
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await t.call('sue', 'POST', `/api/ingest/documents/${destroyed.id}/decision`, {
            ...decision({ kind: 'destroy', reason: 'Duplicate of council records' }),
            description: 'Empty shops letter',
          })
        ).status,
      ).toBe(200);
      await t.app.ingestWorker?.drain();
    });

    it('files the kept paper as a searchable PDF whose words are where the page shows them', async () => {
      const list = await t.call('alice', 'GET', '/api/legacy-papers');
      expect(list.body.items).toHaveLength(1);
      const paper = list.body.items[0].paper;
      expect(paper.name).toBe('2019-03-14 Fly-tipping behind Beacon Hill Road (box B1).pdf');
      const response = await get('alice', `/api/legacy-papers/${paper.id}/content`);
      expect(response.status).toBe(200);
      const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
      const page = await pdf.getPage(1);
      const { width, height } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = content.items as { str: string; transform: number[] }[];
      const text = items.map((i) => i.str).join(' ');
      expect(text).toContain('Beacon');
      // "105" is the first word of the letter: about 1.0 inch in from the left and 1.2 inches from the top
      // of an A4 page (the letter's 96 px margins at 96 px per inch, plus the first line's leading).
      const first = items.find((i) => i.str.trim() === '105');
      expect(first).toBeDefined();
      const [, , , , x, y] = first!.transform as [number, number, number, number, number, number];
      expect(Math.abs(width - 595.5)).toBeLessThan(2);
      expect(Math.abs(x - 69)).toBeLessThan(8);
      expect(Math.abs(height - y - 91)).toBeLessThan(10);
    });

    it('finds the paper by a word from its scanned page', async () => {
      const found = await t.call('alice', 'GET', '/api/legacy-papers?q=mattresses');
      expect(found.body.items.map((i: any) => i.paper.id)).toHaveLength(1);
      expect(found.body.items[0].snippet).toMatch(/mattresses/i);
    });

    it('records the destroyed paper in the destruction log, exported as CSV', async () => {
      const response = await get('sue', '/api/ingest/destruction-log');
      expect(response.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = (await response.text()).trim().split('\r\n');
      expect(lines[0]).toBe(
        'document_id,description,member_id,box,pages,sha256,decided_by,decided_by_name,decided_at,reason',
      );
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('Empty shops letter,p-alice,B1,1,');
      expect(lines[1]).toContain('p-sue,Sue Support,');
      expect(lines[1]).toMatch(/Duplicate of council records$/);
    });

    it('never shows a councillor another member’s legacy papers in lists, search or downloads', async () => {
      const list = await t.call('alice', 'GET', '/api/legacy-papers');
      const id = list.body.items[0].paper.id;
      for (const who of ['bob', 'hal', 'ada'] as const) {
        expect((await t.call(who, 'GET', '/api/legacy-papers')).body.items).toEqual([]);
        expect((await t.call(who, 'GET', '/api/legacy-papers?q=mattresses')).body.items).toEqual([]);
        const download = await get(who, `/api/legacy-papers/${id}/content`);
        const missing = await get(who, `/api/legacy-papers/00000000-0000-4000-8000-000000000000/content`);
        expect([download.status, await download.json()]).toMatchObject([404, { code: 'not_found' }]);
        expect(missing.status).toBe(404);
      }
      expect((await get('sue', `/api/legacy-papers/${id}/content?disposition=inline`)).status).toBe(200);
    });

    it('keeps batches, the review queue, page pictures and cover sheets to support officers', async () => {
      for (const who of ['alice', 'hal', 'ada'] as const) {
        expect((await t.call(who, 'GET', '/api/ingest/batches')).status).toBe(403);
        expect((await t.call(who, 'GET', `/api/ingest/documents/${keptId}`)).status).toBe(403);
        expect(
          (await get(who, `/api/ingest/files/${outcomes.get('box-1-stack.pdf').fileId}/pages/2/image`))
            .status,
        ).toBe(403);
        expect((await t.call(who, 'POST', '/api/ingest/cover-sheets', { memberId: 'p-alice' })).status).toBe(
          403,
        );
      }
      const picture = await get(
        'sue',
        `/api/ingest/files/${outcomes.get('box-1-stack.pdf').fileId}/pages/2/image`,
      );
      // An upright JPEG page is sent as it was scanned.
      expect(picture.headers.get('content-type')).toBe('image/jpeg');
    });
  });

  it('refuses a decision without a reason, naming the field, and changes nothing', async () => {
    const queue = await t.call('sue', 'GET', `/api/ingest/documents?batchId=${batchId}`);
    const open = queue.body.items.find((d: any) => d.status === 'review');
    const refused = await t.call('sue', 'POST', `/api/ingest/documents/${open.id}/decision`, {
      memberId: 'p-alice',
      caseRef: null,
      box: null,
      dateFrom: null,
      dateTo: null,
      description: 'Letter',
      retention: { kind: 'review', on: '2001-01-01', reason: '' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.issues.map((i: any) => i.path).sort()).toEqual(['retention.on', 'retention.reason']);
    expect((await t.call('sue', 'GET', `/api/ingest/documents/${open.id}`)).body.document.status).toBe(
      'review',
    );
  });
});
