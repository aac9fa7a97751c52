import { ManagedIdentityApplication } from '@azure/msal-node';
import { toPng } from '../scans/raster';
import { meanConfidence, OcrError, type OcrEngine, type OcrPage, type OcrWord } from '../../app/ocr-engine';

/**
 * Azure AI Document Intelligence's Read model (`prebuilt-read`, REST API 2024-11-30) as an OCR engine: reads
 * print and handwriting. Follows the documented long-running operation (../shared/platform-facts.md §9):
 * `POST …/documentModels/prebuilt-read:analyze` answers 202 with `Operation-Location`; that URL is polled,
 * honouring `Retry-After`, until `succeeded` or `failed`; 429 (15 transactions per second on S0, polling
 * included) is waited out for its `Retry-After`. With `output=pdf` the searchable PDF is at `…/pdf`.
 * https://learn.microsoft.com/rest/api/aiservices/document-models/analyze-document
 * https://learn.microsoft.com/rest/api/aiservices/document-models/get-analyze-result-pdf
 *
 * Reached with the app's managed identity (token for `https://cognitiveservices.azure.com`, role "Cognitive
 * Services User"); no key is stored.
 */

export const DI_API_VERSION = '2024-11-30';
const MAX_THROTTLED = 8;
const MAX_POLLS = 600;

export interface DocumentIntelligenceOptions {
  /** `https://<resource>.cognitiveservices.azure.com` */
  endpoint: string;
  /** A bearer token for Cognitive Services. */
  token: () => Promise<string>;
  /** Pages analysed at once (default 4: the S0 tier allows 15 requests per second, polling included). */
  parallelism?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Waits between polls and after 429s (tests record them). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Longest a page may take, polling included (default 120 s). */
  pageTimeoutMs?: number | undefined;
}

interface AnalyzeResult {
  status: 'notStarted' | 'running' | 'succeeded' | 'failed' | 'canceled';
  error?: { code?: string; message?: string };
  analyzeResult?: {
    pages?: {
      width?: number;
      height?: number;
      unit?: string;
      words?: { content: string; polygon?: number[]; confidence?: number }[];
      lines?: { content: string }[];
    }[];
  };
}

/** Retry-After in seconds or an HTTP date, as milliseconds (default when absent). */
const retryAfterMs = (header: string | null, fallback: number): number => {
  if (!header) return fallback;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallback : Math.max(0, date - Date.now());
};

/** The managed identity's token for Cognitive Services. */
export const managedIdentityToken = (clientId: string): (() => Promise<string>) => {
  const identity = new ManagedIdentityApplication({
    managedIdentityIdParams: { userAssignedClientId: clientId },
  });
  return async () =>
    (await identity.acquireToken({ resource: 'https://cognitiveservices.azure.com' })).accessToken;
};

export const createDocumentIntelligenceEngine = (options: DocumentIntelligenceOptions) => {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const parallelism = options.parallelism ?? 4;
  const timeoutMs = options.pageTimeoutMs ?? 120_000;

  /** One request, waiting out 429s for their Retry-After. */
  const request = async (url: string, init: RequestInit): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const headers = {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${await options.token()}`,
      };
      let response: Response;
      try {
        response = await doFetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
      } catch (error) {
        throw new OcrError('unavailable', 'Document Intelligence could not be reached.', true, {
          cause: error,
        });
      }
      if (response.status !== 429 && response.status !== 503) return response;
      await response.body?.cancel();
      if (attempt >= MAX_THROTTLED)
        throw new OcrError(
          'throttled',
          'Document Intelligence is throttling requests; the page will be tried again.',
          true,
        );
      await sleep(retryAfterMs(response.headers.get('retry-after'), 2_000 * 2 ** attempt));
    }
  };

  /** Starts an analysis and polls it to the end; the result and the operation's URL. */
  const analyze = async (
    body: Buffer,
    contentType: string,
    pdf: boolean,
  ): Promise<{ result: AnalyzeResult; operation: string }> => {
    const started = Date.now();
    const url = `${endpoint}/documentintelligence/documentModels/prebuilt-read:analyze?api-version=${DI_API_VERSION}${pdf ? '&output=pdf' : ''}`;
    const accepted = await request(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    });
    if (accepted.status !== 202) {
      const text = await accepted.text();
      throw new OcrError(
        accepted.status >= 500 ? 'unavailable' : 'refused',
        `Document Intelligence refused the page (${accepted.status}${text.includes('"code"') ? `: ${(JSON.parse(text) as { error?: { code?: string } }).error?.code ?? ''}` : ''}).`,
        accepted.status >= 500,
      );
    }
    const operation = accepted.headers.get('operation-location');
    if (!operation) throw new OcrError('failed', 'Document Intelligence gave no Operation-Location.', true);
    let wait = retryAfterMs(accepted.headers.get('retry-after'), 1_000);
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      await sleep(wait);
      if (Date.now() - started > timeoutMs)
        throw new OcrError('timeout', `Document Intelligence took longer than ${timeoutMs / 1000} s.`, true);
      const response = await request(operation, { method: 'GET', headers: {} });
      if (!response.ok)
        throw new OcrError('unavailable', `Polling the analysis failed (${response.status}).`, true);
      const result = (await response.json()) as AnalyzeResult;
      if (result.status === 'succeeded') return { result, operation };
      if (result.status === 'failed' || result.status === 'canceled')
        throw new OcrError(
          'failed',
          `Document Intelligence could not read the page (${result.error?.code ?? result.status}).`,
          false,
        );
      wait = retryAfterMs(response.headers.get('retry-after'), 1_000);
    }
    throw new OcrError('timeout', 'Document Intelligence did not finish.', true);
  };

  const pageOf = (result: AnalyzeResult, index = 0): OcrPage => {
    const page = result.analyzeResult?.pages?.[index];
    const words: OcrWord[] = (page?.words ?? []).map((w) => {
      const p = w.polygon ?? [0, 0, 0, 0, 0, 0, 0, 0];
      const xs = p.filter((_, i) => i % 2 === 0);
      const ys = p.filter((_, i) => i % 2 === 1);
      return {
        text: w.content,
        confidence: Math.round((w.confidence ?? 0) * 100),
        bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map(Math.round) as [
          number,
          number,
          number,
          number,
        ],
      };
    });
    return {
      text: (page?.lines ?? []).map((l) => l.content).join('\n'),
      confidence: meanConfidence(words),
      words,
    };
  };

  const engine: OcrEngine & {
    /** A whole PDF or image, with Document Intelligence's own searchable PDF. */
    readDocument(bytes: Buffer, contentType: string): Promise<{ pages: OcrPage[]; pdf: Buffer }>;
  } = {
    name: 'document-intelligence',
    parallelism,
    recognize: async (image) =>
      pageOf(
        (
          await ('jpeg' in image
            ? analyze(image.jpeg, 'image/jpeg', false)
            : analyze(toPng(image), 'image/png', false))
        ).result,
      ),
    readDocument: async (bytes, contentType) => {
      const { result, operation } = await analyze(bytes, contentType, true);
      const pdfUrl = operation.replace(/(\/analyzeResults\/[^/?]+)(\?|$)/, '$1/pdf$2');
      const response = await request(pdfUrl, { method: 'GET', headers: {} });
      if (!response.ok)
        throw new OcrError(
          'unavailable',
          `The searchable PDF could not be fetched (${response.status}).`,
          true,
        );
      const pages = (result.analyzeResult?.pages ?? []).map((_, i) => pageOf(result, i));
      return { pages, pdf: Buffer.from(await response.arrayBuffer()) };
    },
    close: () => Promise.resolve(),
  };
  return engine;
};
