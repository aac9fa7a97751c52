import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP simulation of Azure AI Document Intelligence's Read model, API 2024-11-30, on 127.0.0.1, following
 * the documented long-running operation (../shared/platform-facts.md §9): `POST …/prebuilt-read:analyze`
 * answers 202 with `Operation-Location` (and `Retry-After`), the operation is `running` for a few polls and
 * then `succeeded` (or `failed`), `…/analyzeResults/{id}/pdf` returns the searchable PDF when `output=pdf` was
 * asked for. Faults on demand: 429 with Retry-After on the next requests, a failed operation.
 *
 * It cannot read: every analysis "finds" the words given to `reads`, with their polygons, as the service would
 * report them for an image (unit `pixel`).
 */

export interface SimWord {
  content: string;
  polygon: number[];
  confidence: number;
}

interface Operation {
  polls: number;
  fail: boolean;
  pdf: boolean;
}

export interface DocumentIntelligenceSim {
  endpoint: string;
  /** What every analysis reads. */
  reads: { words: SimWord[]; lines: string[] };
  /** The next `n` requests (any) answer 429 with `Retry-After: seconds`. */
  throttleNext(n: number, seconds: number): void;
  /** The next analysis started ends `failed` (InvalidContent). */
  failNextOperation(): void;
  /** Polls before an operation succeeds (default 2). */
  pollsBeforeDone: number;
  /** Every request seen: method, path and query, status, and whether it carried a bearer token. */
  requests: { method: string; path: string; status: number; bearer: boolean }[];
  close(): Promise<void>;
}

const API = '2024-11-30';
export const SIM_PDF = Buffer.from('%PDF-1.7\n% searchable PDF from the simulation\n%%EOF\n', 'latin1');

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

export const startDocumentIntelligenceSim = async (): Promise<DocumentIntelligenceSim> => {
  const operations = new Map<string, Operation>();
  let throttle = { n: 0, seconds: 0 };
  let failNext = false;
  const sim: Omit<DocumentIntelligenceSim, 'endpoint' | 'close'> = {
    reads: { words: [], lines: [] },
    throttleNext: (n, seconds) => {
      throttle = { n, seconds };
    },
    failNextOperation: () => {
      failNext = true;
    },
    pollsBeforeDone: 2,
    requests: [],
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const bearer = /^Bearer \S+$/.test(req.headers.authorization ?? '');
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        sim.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, status, bearer });
        const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
        res.writeHead(status, {
          'content-type': Buffer.isBuffer(body) ? 'application/pdf' : 'application/json',
          ...headers,
        });
        res.end(payload);
      };
      const body = await readBody(req);
      if (!bearer)
        return answer(401, { error: { code: '401', message: 'Access denied due to missing token.' } });
      if (throttle.n > 0) {
        throttle.n -= 1;
        return answer(
          429,
          { error: { code: '429', message: 'Rate limit is exceeded.' } },
          { 'retry-after': String(throttle.seconds) },
        );
      }
      if (url.searchParams.get('api-version') !== API)
        return answer(404, { error: { code: '404', message: 'Resource not found' } });
      const analyze = /^\/documentintelligence\/documentModels\/prebuilt-read:analyze$/.exec(url.pathname);
      if (req.method === 'POST' && analyze) {
        if (body.length === 0)
          return answer(400, { error: { code: 'InvalidRequest', message: 'Empty body' } });
        const id = randomUUID();
        operations.set(id, { polls: 0, fail: failNext, pdf: url.searchParams.get('output') === 'pdf' });
        failNext = false;
        const location = `http://${req.headers.host}/documentintelligence/documentModels/prebuilt-read/analyzeResults/${id}?api-version=${API}`;
        return answer(202, {}, { 'operation-location': location, 'retry-after': '1' });
      }
      const result =
        /^\/documentintelligence\/documentModels\/prebuilt-read\/analyzeResults\/([0-9a-f-]+)(\/pdf)?$/.exec(
          url.pathname,
        );
      const op = result ? operations.get(result[1] ?? '') : undefined;
      if (req.method === 'GET' && result && op) {
        if (result[2]) {
          if (!op.pdf || op.polls <= sim.pollsBeforeDone)
            return answer(404, { error: { code: 'NotFound', message: 'No PDF for this result.' } });
          return answer(200, SIM_PDF);
        }
        op.polls += 1;
        if (op.polls <= sim.pollsBeforeDone)
          return answer(200, { status: 'running' }, { 'retry-after': '1' });
        if (op.fail)
          return answer(200, {
            status: 'failed',
            error: { code: 'InvalidContent', message: 'The file is corrupted or format is unsupported.' },
          });
        return answer(200, {
          status: 'succeeded',
          analyzeResult: {
            apiVersion: API,
            modelId: 'prebuilt-read',
            pages: [
              {
                pageNumber: 1,
                unit: 'pixel',
                width: 1000,
                height: 1400,
                words: sim.reads.words,
                lines: sim.reads.lines.map((content) => ({ content })),
              },
            ],
          },
        });
      }
      return answer(404, { error: { code: '404', message: 'Resource not found' } });
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return Object.assign(sim, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  });
};
