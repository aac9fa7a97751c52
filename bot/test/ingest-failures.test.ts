import { OcrError, type OcrEngine } from '../src/app/ocr-engine';
import { startTestApp, type TestApp } from './support/test-app';
import { letterPage, LETTERS, pngOf } from './support/scan-corpus';

/**
 * A page the OCR engine cannot read is failed with its reason, shown on the batch's progress with the file,
 * and read again when a support officer asks for a retry: nothing is silently dropped.
 */
describe('scan-ingest pages that cannot be read', () => {
  let t: TestApp;
  let broken = true;
  const engine: OcrEngine = {
    name: 'test-engine',
    parallelism: 1,
    recognize: () =>
      broken
        ? Promise.reject(new OcrError('refused', 'The OCR service refused the page: it is too dark.', false))
        : Promise.resolve({
            text: 'Dear Councillor, the lane is blocked again by fly-tipping.',
            confidence: 90,
            words: 'Dear Councillor, the lane is blocked again by fly-tipping.'.split(' ').map((text, i) => ({
              text,
              confidence: 90,
              bbox: [100 + i * 60, 100, 150 + i * 60, 120] as [number, number, number, number],
            })),
          }),
    close: () => Promise.resolve(),
  };

  beforeAll(async () => {
    // A 1 MiB document limit: above a scanned letter page, below the oversized upload below.
    t = await startTestApp({
      env: { INGEST_POLL_INTERVAL_MS: '0', DOCUMENT_MAX_BYTES: String(1024 * 1024) },
      ocrEngine: engine,
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('shows the failed page with its reason, and reads it on a retry', async () => {
    const batch = await t.call('sue', 'POST', '/api/ingest/batches', {
      label: 'Dark scans',
      memberId: 'p-alice',
    });
    const upload = await fetch(`${t.url}/api/ingest/batches/${batch.body.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('sue')}`, 'x-file-name': 'dark.png' },
      body: new Uint8Array(pngOf(letterPage(LETTERS[0]!))),
    });
    const file = (await upload.json()) as { fileId: string };
    await t.app.ingestWorker?.drain();

    const failed = await t.call('sue', 'GET', `/api/ingest/batches/${batch.body.id}`);
    expect([failed.body.pagesDone, failed.body.pagesFailed]).toEqual([0, 1]);
    expect(failed.body.files[0].failedPages).toEqual([
      { pageNo: 1, reason: 'The OCR service refused the page: it is too dark.' },
    ]);

    // Only support officers may put pages back; a councillor is refused and nothing changes.
    expect((await t.call('alice', 'POST', `/api/ingest/files/${file.fileId}/retry`)).status).toBe(403);
    broken = false;
    const retried = await t.call('sue', 'POST', `/api/ingest/files/${file.fileId}/retry`);
    expect(retried.body).toEqual({ retried: 1 });
    await t.app.ingestWorker?.drain();

    const read = await t.call('sue', 'GET', `/api/ingest/batches/${batch.body.id}`);
    expect([read.body.pagesDone, read.body.pagesFailed, read.body.files[0].failedPages]).toEqual([1, 0, []]);
    const docs = await t.call('sue', 'GET', `/api/ingest/documents?batchId=${batch.body.id}`);
    expect(docs.body.items).toHaveLength(1);
  });

  it('refuses an upload past the size limit with 413 before storing anything, and the batch stays empty', async () => {
    const batch = await t.call('sue', 'POST', '/api/ingest/batches', {
      label: 'Oversized scan',
      memberId: 'p-alice',
    });
    const upload = await fetch(`${t.url}/api/ingest/batches/${batch.body.id}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('sue')}`, 'x-file-name': 'huge.pdf' },
      body: new Uint8Array(1024 * 1024 + 1).fill(0x25),
    });
    expect(upload.status).toBe(413);
    expect(await upload.json()).toMatchObject({ code: 'payload_too_large', maxBytes: 1024 * 1024 });
    // The rest of the body was never read, so the connection is closed rather than kept for reuse: a kept one
    // would hold the service's shutdown (afterAll) until the keep-alive timeout.
    expect(upload.headers.get('connection')).toBe('close');
    const progress = await t.call('sue', 'GET', `/api/ingest/batches/${batch.body.id}`);
    expect(progress.body.files).toEqual([]);
  });
});
