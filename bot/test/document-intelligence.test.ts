import { OcrError } from '../src/app/ocr-engine';
import { createDocumentIntelligenceEngine } from '../src/adapters/ocr/document-intelligence-engine';
import {
  SIM_PDF,
  startDocumentIntelligenceSim,
  type DocumentIntelligenceSim,
} from './support/document-intelligence-sim';

/** The Document Intelligence engine against the simulation of its documented long-running operation. */
describe('Azure AI Document Intelligence as the OCR engine', () => {
  let sim: DocumentIntelligenceSim;
  const waits: number[] = [];
  const page = { width: 4, height: 4, data: new Uint8Array(16).fill(255) };
  const engine = () =>
    createDocumentIntelligenceEngine({
      endpoint: sim.endpoint,
      token: () => Promise.resolve('token-for-cognitive-services'),
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });

  beforeEach(async () => {
    sim = await startDocumentIntelligenceSim();
    sim.reads = {
      words: [
        { content: 'Dear', polygon: [10, 20, 60, 20, 60, 40, 10, 40], confidence: 0.99 },
        { content: 'Councillor,', polygon: [70, 21, 190, 21, 190, 42, 70, 42], confidence: 0.61 },
      ],
      lines: ['Dear Councillor,'],
    };
    waits.length = 0;
  });
  afterEach(() => sim.close());

  it('starts the analysis, polls the Operation-Location as Retry-After says, and maps words and boxes', async () => {
    const read = await engine().recognize(page);
    expect(read.text).toBe('Dear Councillor,');
    expect(read.words).toEqual([
      { text: 'Dear', confidence: 99, bbox: [10, 20, 60, 40] },
      { text: 'Councillor,', confidence: 61, bbox: [70, 21, 190, 42] },
    ]);
    expect(read.confidence).toBe(80);
    expect(sim.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 202',
      'GET 200',
      'GET 200',
      'GET 200',
    ]);
    expect(sim.requests[0]?.path).toBe(
      '/documentintelligence/documentModels/prebuilt-read:analyze?api-version=2024-11-30',
    );
    expect(sim.requests.every((r) => r.bearer)).toBe(true);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('waits out 429 for its Retry-After and carries on', async () => {
    sim.throttleNext(2, 7);
    const read = await engine().recognize(page);
    expect(read.words).toHaveLength(2);
    expect(sim.requests.slice(0, 3).map((r) => r.status)).toEqual([429, 429, 202]);
    expect(waits.slice(0, 2)).toEqual([7000, 7000]);
  });

  it('reports a failed operation as a page it cannot read, not to be retried', async () => {
    sim.failNextOperation();
    const failure = await engine()
      .recognize(page)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OcrError);
    expect(failure).toMatchObject({
      code: 'failed',
      retryable: false,
      message: expect.stringMatching(/InvalidContent/),
    });
  });

  it('gives up on endless throttling with a retryable error', async () => {
    sim.throttleNext(100, 1);
    await expect(engine().recognize(page)).rejects.toMatchObject({ code: 'throttled', retryable: true });
  });

  it('fetches the searchable PDF from the result’s /pdf when output=pdf was asked for', async () => {
    const { pages, pdf } = await engine().readDocument(Buffer.from('%PDF-1.7 scanned'), 'application/pdf');
    expect(pdf.equals(SIM_PDF)).toBe(true);
    expect(pages[0]?.text).toBe('Dear Councillor,');
    expect(sim.requests[0]?.path).toContain('output=pdf');
    expect(sim.requests.at(-1)?.path).toMatch(/\/analyzeResults\/[0-9a-f-]+\/pdf\?api-version=2024-11-30$/);
  });
});
