import type { Server } from 'restify';
import type { CouncilDirectory } from '../app/council-directory';
import type { Statistics } from '../app/statistics';
import type { RouteHelpers } from './server';
import { DirectorySchema, StatsQuery, StatsSchema, SuggestWardQuery, WardSuggestionSchema } from './schemas';

/**
 * `GET /api/directory` (wards, departments and people, for naming and pickers), `GET /api/wards/suggest`
 * (a ward from a postcode) and `GET /api/stats` (the statistics page). Every registered person may read the
 * directory; who sees which statistics is the access policy's `statsScope`.
 */
export const directoryRoutes =
  (deps: { directory: CouncilDirectory; statistics: Statistics }) =>
  (server: Server, { authed, send }: RouteHelpers): void => {
    server.get(
      '/api/directory',
      authed(async (_req, res, actor) => {
        send(res, 200, DirectorySchema, await deps.directory.read(actor));
      }),
    );

    server.get(
      '/api/wards/suggest',
      authed(async (req, res, actor) => {
        const { postcode } = SuggestWardQuery.parse(req.query ?? {});
        send(res, 200, WardSuggestionSchema, await deps.directory.suggestWard(actor, postcode));
      }),
    );

    server.get(
      '/api/stats',
      authed(async (req, res, actor) => {
        const period = StatsQuery.parse(req.query ?? {});
        send(res, 200, StatsSchema, await deps.statistics.read(actor, period));
      }),
    );
  };
