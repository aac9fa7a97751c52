import type { Request, Server } from 'restify';
import type { Briefings } from '../app/briefings';
import type { BriefingTarget } from '../app/briefing-ports';
import type { DecisionsRegister, ImportRow } from '../app/decisions-register';
import type { Directory } from '../app/ports';
import type { DecisionDraft } from '../domain/decision';
import { NotFoundError, ValidationError } from '../domain/errors';
import { readDecisionsCsv } from '../adapters/decisions/csv-decisions';
import {
  readModernGovSite,
  readSavedPages,
  type ModernGovSiteOptions,
} from '../adapters/decisions/modern-gov-site';
import type { DecisionBriefingContent } from '../domain/briefing';
import { BadRequestError } from './error-mapper';
import { readJsonBody } from './request-body';
import type { RouteHelpers } from './server';
import { renderSharedBriefingPage } from './shared-briefing-page';
import {
  ApproveBody,
  BriefingCardsSchema,
  BriefingListQuery,
  BriefingListSchema,
  BriefingSchema,
  BriefingSettingsBody,
  BriefingSettingsSchema,
  ChannelMappingBody,
  ChannelSettingsSchema,
  ComposeBody,
  ComposeResultSchema,
  CsvImportBody,
  DecisionBody,
  DecisionListQuery,
  DecisionListSchema,
  DecisionSchema,
  DecisionUpdateBody,
  ImportReportSchema,
  IntroductionBody,
  ResolveDeliveryBody,
  ResolvedDeliverySchema,
  SavedPagesImportBody,
  SiteImportBody,
} from './briefing-schemas';

/**
 * The two file imports take their file inside JSON, like every other route, but read their own body
 * (`unparsedBody`) so that a council's year of decisions or a folder of saved pages fits: the same rules as
 * every JSON body (UTF-8 JSON only, no NUL, counted after inflation; docs/api.md), with a larger limit, read
 * only once the caller is known to be allowed to import.
 */
export const MAX_CSV_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_PAGES_IMPORT_BYTES = 10 * 1024 * 1024;

/** A streamed route's JSON body, read with the API's rules and `maxBytes`; a missing body is a 400. */
const jsonBody = async (req: Request, maxBytes: number): Promise<unknown> => {
  const parsed = await readJsonBody(req, maxBytes);
  if (parsed === undefined) throw new BadRequestError('bad_request', 'A JSON body is required.');
  return parsed;
};

const param = (req: Request, name: string): string => {
  const value = (req.params as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value.length > 100) throw new NotFoundError();
  return value;
};

const draftOf = (body: ReturnType<typeof DecisionBody.parse>): DecisionDraft => ({
  ...body,
  source: { kind: 'manual', key: null },
});

export interface BriefingRoutesDeps {
  register: DecisionsRegister;
  briefings: Briefings;
  directory: Pick<Directory, 'wards'>;
  /** The council's name on the shareable briefing. */
  councilName: string;
  /** Produces the shareable PDF (pdf-lib adapter). */
  pdf: (content: DecisionBriefingContent) => Promise<Uint8Array>;
  /** How the modern.gov site is reached (tests: a local HTTPS server). */
  site?: ModernGovSiteOptions | undefined;
}

/**
 * The briefings API: the decisions register and its imports, briefings (compose, preview, introduction,
 * approve, delivery report and its resolution), settings and channels; plus the public page and PDF of an
 * approved decision briefing at /briefings/shared/:token. See docs/briefings.md and docs/api.md.
 */
export const briefingRoutes =
  (deps: BriefingRoutesDeps) =>
  (server: Server, { authed, handle, send, body, unparsedBody }: RouteHelpers): void => {
    const { register, briefings } = deps;

    // ---- decisions register ----
    server.get(
      '/api/decisions',
      authed(async (req, res, actor) => {
        const filter = DecisionListQuery.parse(req.query ?? {});
        send(res, 200, DecisionListSchema, { decisions: await register.list(actor, filter) });
      }),
    );
    server.post(
      '/api/decisions',
      authed(async (req, res, actor) => {
        send(res, 201, DecisionSchema, await register.create(actor, draftOf(DecisionBody.parse(body(req)))));
      }),
    );
    server.get(
      '/api/decisions/:id',
      authed(async (req, res, actor) => {
        send(res, 200, DecisionSchema, await register.get(actor, param(req, 'id')));
      }),
    );
    server.put(
      '/api/decisions/:id',
      authed(async (req, res, actor) => {
        const { version, ...input } = DecisionUpdateBody.parse(body(req));
        send(
          res,
          200,
          DecisionSchema,
          await register.update(actor, param(req, 'id'), draftOf(input), version),
        );
      }),
    );
    unparsedBody('POST', '/api/decisions/import/csv');
    server.post(
      '/api/decisions/import/csv',
      authed(async (req, res, actor) => {
        // Permission first, so a councillor's upload is refused before the file is read.
        await register.checkCanImport(actor);
        const { csv } = CsvImportBody.parse(await jsonBody(req, MAX_CSV_IMPORT_BYTES));
        const rows = readDecisionsCsv(csv, await deps.directory.wards());
        send(res, 200, ImportReportSchema, await register.importRows(actor, 'csv', rows));
      }),
    );
    unparsedBody('POST', '/api/decisions/import/modern-gov/pages');
    server.post(
      '/api/decisions/import/modern-gov/pages',
      authed(async (req, res, actor) => {
        await register.checkCanImport(actor);
        const { pages, site } = SavedPagesImportBody.parse(await jsonBody(req, MAX_PAGES_IMPORT_BYTES));
        const rows: ImportRow[] = readSavedPages(pages, site);
        send(res, 200, ImportReportSchema, await register.importRows(actor, 'modern-gov', rows));
      }),
    );
    server.post(
      '/api/decisions/import/modern-gov/site',
      authed(async (req, res, actor) => {
        const { url, from, to } = SiteImportBody.parse(body(req));
        if (from > to)
          throw new ValidationError('The dates are the wrong way round.', [
            { path: 'to', message: 'must be on or after from' },
          ]);
        await register.checkCanImport(actor);
        const rows = await readModernGovSite(url, { from, to }, deps.site);
        send(res, 200, ImportReportSchema, await register.importRows(actor, 'modern-gov', rows));
      }),
    );

    // ---- briefings ----
    server.get(
      '/api/briefings',
      authed(async (req, res, actor) => {
        const { period } = BriefingListQuery.parse(req.query ?? {});
        send(res, 200, BriefingListSchema, { briefings: await briefings.list(actor, { period }) });
      }),
    );
    server.post(
      '/api/briefings/compose',
      authed(async (req, res, actor) => {
        const { period } = ComposeBody.parse(body(req));
        send(res, 200, ComposeResultSchema, await briefings.composeNow(actor, period));
      }),
    );
    server.get(
      '/api/briefings/settings',
      authed(async (_req, res, actor) => {
        send(res, 200, BriefingSettingsSchema, { settings: await briefings.settings(actor) });
      }),
    );
    server.put(
      '/api/briefings/settings/:kind',
      authed(async (req, res, actor) => {
        const kind = param(req, 'kind');
        if (kind !== 'ward' && kind !== 'decision') throw new NotFoundError('briefing kind');
        const input = BriefingSettingsBody.parse(body(req));
        send(res, 200, BriefingSettingsSchema, {
          settings: await briefings.saveSettings(actor, { kind, ...input }),
        });
      }),
    );
    server.get(
      '/api/briefings/channels',
      authed(async (_req, res, actor) => {
        send(res, 200, ChannelSettingsSchema, await briefings.channelSettings(actor));
      }),
    );
    server.put(
      '/api/briefings/channels',
      authed(async (req, res, actor) => {
        const { target, channelId } = ChannelMappingBody.parse(body(req));
        send(
          res,
          200,
          ChannelSettingsSchema,
          await briefings.mapChannel(actor, target as BriefingTarget, channelId),
        );
      }),
    );
    server.post(
      '/api/briefings/deliveries/:id/resolve',
      authed(async (req, res, actor) => {
        const id = Number(param(req, 'id'));
        if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('delivery');
        const { action } = ResolveDeliveryBody.parse(body(req));
        send(res, 200, ResolvedDeliverySchema, await briefings.resolveDelivery(actor, id, action));
      }),
    );
    server.get(
      '/api/briefings/:id',
      authed(async (req, res, actor) => {
        send(res, 200, BriefingSchema, await briefings.get(actor, param(req, 'id')));
      }),
    );
    server.get(
      '/api/briefings/:id/cards',
      authed(async (req, res, actor) => {
        send(res, 200, BriefingCardsSchema, { cards: await briefings.preview(actor, param(req, 'id')) });
      }),
    );
    server.put(
      '/api/briefings/:id/introduction',
      authed(async (req, res, actor) => {
        const { introduction, version } = IntroductionBody.parse(body(req));
        send(
          res,
          200,
          BriefingSchema,
          await briefings.setIntroduction(actor, param(req, 'id'), introduction, version),
        );
      }),
    );
    server.post(
      '/api/briefings/:id/approve',
      authed(async (req, res, actor) => {
        const { version } = ApproveBody.parse(body(req));
        send(res, 200, BriefingSchema, await briefings.approve(actor, param(req, 'id'), version));
      }),
    );
    server.get(
      '/api/briefings/:id/pdf',
      authed(async (req, res, actor) => {
        const b = await briefings.shareable(actor, param(req, 'id'));
        const pdf = await deps.pdf(b.content as DecisionBriefingContent);
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="decision-briefing-${b.period}.pdf"`,
          'cache-control': 'no-store',
        });
        res.end(Buffer.from(pdf));
      }),
    );

    // ---- public: the shareable decision briefing (public information only) ----
    const shared = async (token: string) => briefings.shared(token);
    server.get(
      '/briefings/shared/:token',
      handle(async (req, res) => {
        const token = param(req, 'token');
        if (token.endsWith('.pdf')) {
          const b = await shared(token.slice(0, -4));
          const pdf = await deps.pdf(b.content as DecisionBriefingContent);
          res.writeHead(200, {
            'content-type': 'application/pdf',
            'content-disposition': `inline; filename="decision-briefing-${b.period}.pdf"`,
            'x-robots-tag': 'noindex',
          });
          res.end(Buffer.from(pdf));
          return;
        }
        const b = await shared(token);
        const html = renderSharedBriefingPage(
          b.content as DecisionBriefingContent,
          { name: deps.councilName },
          `${token}.pdf`,
        );
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy':
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
          'referrer-policy': 'no-referrer',
          // Shared by link with a parish council or residents, not published for search engines.
          'x-robots-tag': 'noindex',
        });
        res.end(html);
      }),
    );
  };
