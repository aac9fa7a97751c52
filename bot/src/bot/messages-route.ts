import type { Activity, TurnContext } from 'botbuilder';
import type { BotCloudAdapter } from '../adapters/teams/cloud-adapter';
import type { Server } from 'restify';
import { UnauthenticatedError } from '../domain/errors';
import { BadRequestError } from '../http/error-mapper';
import type { RouteHelpers } from '../http/server';

export interface MessagesRouteDeps {
  adapter: Pick<BotCloudAdapter, 'runActivity'>;
  bot: { run(context: TurnContext): Promise<void> };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The activity in the request body, with its timestamps as dates (what botbuilder's own route does). */
const activityFrom = (body: unknown): Activity => {
  if (!isRecord(body) || typeof body.type !== 'string' || body.type === '')
    throw new BadRequestError('bad_request', 'The body must be a Bot Framework activity with a type.');
  const activity = { ...body } as Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[field];
    if (typeof value === 'string') activity[field] = new Date(value);
  }
  return activity as unknown as Activity;
};

/** botbuilder's authentication failures carry a 401 (or 403) status code. */
const isAuthenticationFailure = (error: unknown): boolean =>
  error instanceof Error &&
  'statusCode' in error &&
  ((error as { statusCode?: unknown }).statusCode === 401 ||
    (error as { statusCode?: unknown }).statusCode === 403);

/**
 * `POST /api/messages`: the Bot Framework's endpoint, on the same restify server as the tab's API. The
 * CloudAdapter checks the request's Bot Framework token (unless authentication is off, in local mode),
 * runs the turn, and gives back the invoke response for invokes. It does the work of botbuilder's
 * `CloudAdapter.process`, but with this server's request id, logging and error shape.
 */
export const botMessagesRoute =
  ({ adapter, bot }: MessagesRouteDeps) =>
  (server: Server, { handle }: RouteHelpers): void => {
    server.post(
      '/api/messages',
      handle(async (req, res, log) => {
        const activity = activityFrom(req.body);
        try {
          const invokeResponse = await adapter.runActivity(
            req.header('authorization') ?? '',
            activity,
            (context) => bot.run(context),
          );
          if (invokeResponse?.body !== undefined) res.send(invokeResponse.status, invokeResponse.body);
          else res.send(invokeResponse?.status ?? 200);
        } catch (error) {
          if (!isAuthenticationFailure(error)) throw error;
          log.warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'bot request refused');
          throw new UnauthenticatedError('The request is not from the Bot Framework service for this bot.');
        }
      }),
    );
  };
