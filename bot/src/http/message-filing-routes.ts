import type { Request, Server } from 'restify';
import type { CaseFiling } from '../app/case-filing';
import { parseBearer } from '../adapters/identity/token-validator';
import { NotFoundError } from '../domain/errors';
import type { RouteHelpers } from './server';
import { FileMessageBody, MessageFiledSchema, MessageFilingSchema } from './schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXCERPT = 2_000;

/** The request's `:id`; one that cannot be an id names nothing. */
const idParam = (req: Request): string => {
  const id = (req.params as Record<string, unknown>).id;
  if (typeof id !== 'string' || !UUID.test(id)) throw new NotFoundError('filing request');
  return id.toLowerCase();
};

/**
 * "File to case" through the tab's dialog (Microsoft 365 mode; docs/bot.md): the message Teams handed the bot
 * waits under an id; the dialog page reads it and files it into the case the person chooses, with their
 * sign-in, so files shared in the message are copied with their permission (on-behalf-of). Only the person
 * the message was handed for can read or file it; anyone else gets 404, as for an id that does not exist.
 */
export const messageFilingRoutes =
  (deps: { caseFiling: Pick<CaseFiling, 'filingRequest' | 'fileRequested'> }) =>
  (server: Server, { authed, send, body }: RouteHelpers): void => {
    server.get(
      '/api/message-filings/:id',
      authed(async (req, res, actor) => {
        const id = idParam(req);
        const { message, outcome } = await deps.caseFiling.filingRequest(actor, id);
        send(res, 200, MessageFilingSchema, {
          id,
          message: {
            senderName: message.senderName,
            sentAt: message.sentAt ?? null,
            text:
              message.text.length > EXCERPT ? `${message.text.slice(0, EXCERPT - 1)}\u2026` : message.text,
            attachments: (message.attachments ?? []).map((a) => ({
              name: a.name,
              kind: a.reference !== undefined ? 'shared' : a.downloadUrl !== undefined ? 'file' : 'link',
            })),
          },
          filed: outcome,
        });
      }),
    );

    server.post(
      '/api/message-filings/:id',
      authed(async (req, res, actor) => {
        const id = idParam(req);
        const { ref } = FileMessageBody.parse(body(req));
        // The person's own token: the on-behalf-of assertion for copying the files shared in the message.
        const filed = await deps.caseFiling.fileRequested(actor, id, ref, {
          userAssertion: parseBearer(req.header('authorization')),
        });
        send(res, 200, MessageFiledSchema, { case: filed.view, documents: filed.documents });
      }),
    );
  };
