import type { Request, Server } from 'restify';
import type { FolderSharing } from '../app/folder-sharing';
import { NotFoundError } from '../domain/errors';
import type { RouteHelpers } from './server';
import { AdminSharesQuery, AdminShareSchema, AdminSharesSchema, DocumentIdSchema } from './schemas';

/** The `:id` of a share; one that cannot be an id names nothing. */
const shareId = (req: Request): string => {
  const parsed = DocumentIdSchema.safeParse((req.params as Record<string, unknown>).id);
  if (!parsed.success) throw new NotFoundError('share');
  return parsed.data.toLowerCase();
};

/**
 * Members' folder sharing, for administrators (docs/api.md, "Folder sharing"): the state of every share the
 * service has wanted, and "try again now" for one that failed. Sharing itself happens in the background.
 */
export const sharingRoutes =
  (deps: { sharing: Pick<FolderSharing, 'list' | 'retry'> }) =>
  (server: Server, { authed, send }: RouteHelpers): void => {
    server.get(
      '/api/admin/document-shares',
      authed(async (req, res, actor) => {
        const { status } = AdminSharesQuery.parse(req.query ?? {});
        send(res, 200, AdminSharesSchema, await deps.sharing.list(actor, status));
      }),
    );

    server.post(
      '/api/admin/document-shares/:id/retry',
      authed(async (req, res, actor) => {
        send(res, 200, AdminShareSchema, await deps.sharing.retry(actor, shareId(req)));
      }),
    );
  };
