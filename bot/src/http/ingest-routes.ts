import { pipeline } from 'node:stream/promises';
import type { Request, Server } from 'restify';
import type { ScanIngest } from '../app/scan-ingest';
import { NotFoundError, TooLargeError } from '../domain/errors';
import { BadRequestError } from './error-mapper';
import { contentDisposition, documentCsp } from './document-routes';
import { readBytes } from './request-body';
import type { RouteHelpers } from './server';
import {
  BatchListSchema,
  BatchProgressSchema,
  BatchViewSchema,
  CoverSheetBody,
  DecisionBody,
  FileOutcomeSchema,
  IngestDocumentListSchema,
  IngestDocumentSchema,
  IngestDocumentsQuery,
  LegacyPaperListSchema,
  LegacyPapersQuery,
  ManifestSchema,
  RetriedSchema,
  ReviewSchema,
  StartBatchBody,
  UuidSchema,
} from './schemas';

/**
 * Scan-ingest over HTTP (docs/api.md, "Scan-ingest"): batches, files (the raw bytes, X-File-Name), the
 * manifest (CSV), progress, the review queue and decisions, page pictures, retries, cover sheets, the
 * destruction log, and filed legacy papers. The service authenticates before it reads any body.
 */

const MAX_MANIFEST_BYTES = 1024 * 1024;

const uuidParam = (req: Request, name: string, what: string): string => {
  const parsed = UuidSchema.safeParse((req.params as Record<string, unknown>)[name]);
  if (!parsed.success) throw new NotFoundError(what);
  return parsed.data.toLowerCase();
};

/** The request body in memory (the server has refused a compressed one), refused (413) past `max` bytes. */
const readBody = (req: Request, max: number): Promise<Buffer> =>
  readBytes(req, max, (limit) => new TooLargeError(limit));

const fileName = (req: Request): string => {
  const raw = req.header('x-file-name');
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '').trim();
  } catch {
    name = '';
  }
  if (name.length < 1 || name.length > 255)
    throw new BadRequestError('bad_request', 'Name the file in the X-File-Name header (percent-encoded).', [
      { path: 'X-File-Name', message: '1 to 255 characters, percent-encoded' },
    ]);
  return name;
};

const pdfHeaders = (name: string, inline: boolean) => ({
  'content-type': 'application/pdf',
  'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', name),
  'x-content-type-options': 'nosniff',
  'content-security-policy': documentCsp(inline),
  'cache-control': 'private, no-store',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

export const ingestRoutes =
  ({ ingest }: { ingest: ScanIngest }) =>
  (server: Server, { authed, send, body, unparsedBody }: RouteHelpers): void => {
    server.get(
      '/api/ingest/batches',
      authed(async (_req, res, actor) => {
        send(res, 200, BatchListSchema, { items: await ingest.batches(actor) });
      }),
    );
    server.post(
      '/api/ingest/batches',
      authed(async (req, res, actor) => {
        const input = StartBatchBody.parse(body(req));
        send(res, 201, BatchViewSchema, await ingest.startBatch(actor, input));
      }),
    );
    server.get(
      '/api/ingest/batches/:id',
      authed(async (req, res, actor) => {
        send(res, 200, BatchProgressSchema, await ingest.progress(actor, uuidParam(req, 'id', 'batch')));
      }),
    );
    unparsedBody('POST', '/api/ingest/batches/:id/files');
    server.post(
      '/api/ingest/batches/:id/files',
      authed(async (req, res, actor) => {
        const id = uuidParam(req, 'id', 'batch');
        const name = fileName(req);
        await ingest.progress(actor, id);
        const bytes = await readBody(req, ingest.limits.maxFileBytes);
        const outcome = await ingest.addFile(actor, id, name, bytes);
        send(
          res,
          outcome.status === 'refused' ? 422 : outcome.status === 'duplicate' ? 200 : 201,
          FileOutcomeSchema,
          outcome,
        );
      }),
    );
    unparsedBody('PUT', '/api/ingest/batches/:id/manifest');
    server.put(
      '/api/ingest/batches/:id/manifest',
      authed(async (req, res, actor) => {
        const id = uuidParam(req, 'id', 'batch');
        await ingest.progress(actor, id);
        const csv = (await readBody(req, MAX_MANIFEST_BYTES)).toString('utf8');
        const rows = await ingest.setManifest(actor, id, csv);
        send(res, 200, ManifestSchema, { rows: rows.length });
      }),
    );
    server.get(
      '/api/ingest/documents',
      authed(async (req, res, actor) => {
        const { batchId } = IngestDocumentsQuery.parse(req.query ?? {});
        send(res, 200, IngestDocumentListSchema, { items: await ingest.reviewQueue(actor, { batchId }) });
      }),
    );
    server.get(
      '/api/ingest/documents/:id',
      authed(async (req, res, actor) => {
        send(res, 200, ReviewSchema, await ingest.reviewDocument(actor, uuidParam(req, 'id', 'document')));
      }),
    );
    server.post(
      '/api/ingest/documents/:id/decision',
      authed(async (req, res, actor) => {
        const id = uuidParam(req, 'id', 'document');
        const input = DecisionBody.parse(body(req));
        send(res, 200, IngestDocumentSchema, await ingest.decide(actor, id, input));
      }),
    );
    unparsedBody('POST', '/api/ingest/documents/:id/retry');
    server.post(
      '/api/ingest/documents/:id/retry',
      authed(async (req, res, actor) => {
        const retried = await ingest.retryDocument(actor, uuidParam(req, 'id', 'document'));
        send(res, 200, RetriedSchema, { retried: retried ? 1 : 0 });
      }),
    );
    unparsedBody('POST', '/api/ingest/files/:id/retry');
    server.post(
      '/api/ingest/files/:id/retry',
      authed(async (req, res, actor) => {
        send(res, 200, RetriedSchema, {
          retried: await ingest.retryFile(actor, uuidParam(req, 'id', 'file')),
        });
      }),
    );
    server.get(
      '/api/ingest/files/:id/pages/:page/image',
      authed(async (req, res, actor) => {
        const pageNo = Number((req.params as Record<string, unknown>).page);
        if (!Number.isSafeInteger(pageNo) || pageNo < 1) throw new NotFoundError('page');
        const picture = await ingest.pagePicture(actor, uuidParam(req, 'id', 'file'), pageNo);
        res.writeHead(200, {
          'content-type': picture.contentType,
          'content-length': picture.bytes.length,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'cross-origin-resource-policy': 'same-origin',
        });
        res.end(picture.bytes);
      }),
    );
    server.get(
      '/api/ingest/destruction-log',
      authed(async (_req, res, actor) => {
        const csv = await ingest.destructionLog(actor);
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': contentDisposition('attachment', 'destruction-log.csv'),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(csv);
      }),
    );
    server.post(
      '/api/ingest/cover-sheets',
      authed(async (req, res, actor) => {
        const input = CoverSheetBody.parse(body(req));
        const pdf = await ingest.coverSheet(actor, input);
        res.writeHead(200, {
          ...pdfHeaders(`cover-sheet-${input.memberId}${input.box ? `-box-${input.box}` : ''}.pdf`, false),
          'content-length': pdf.length,
        });
        res.end(pdf);
      }),
    );
    server.get(
      '/api/legacy-papers',
      authed(async (req, res, actor) => {
        const { memberId, q } = LegacyPapersQuery.parse(req.query ?? {});
        const items = q
          ? (await ingest.searchPapers(actor, q)).filter(
              (h) => memberId === undefined || h.paper.memberId === memberId,
            )
          : (await ingest.papers(actor, memberId ?? null)).map((paper) => ({ paper, snippet: null }));
        send(res, 200, LegacyPaperListSchema, { items });
      }),
    );
    server.get(
      '/api/legacy-papers/:id/content',
      authed(async (req, res, actor, log) => {
        const parsed = UuidSchema.safeParse((req.params as Record<string, unknown>).id);
        const inline = (req.query as Record<string, unknown> | undefined)?.disposition === 'inline';
        const { paper, stream } = await ingest.openPaper(actor, parsed.success ? parsed.data : 'not-an-id');
        res.writeHead(200, pdfHeaders(paper.name, inline));
        try {
          await pipeline(stream, res as unknown as NodeJS.WritableStream);
        } catch (error) {
          log.error({ err: error, legacyPaperId: paper.id }, 'legacy paper download failed part-way');
          res.destroy();
        }
      }),
    );
  };
