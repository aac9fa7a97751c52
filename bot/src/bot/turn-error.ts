import { randomBytes } from 'node:crypto';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { failure } from './replies';

const TURN_ID = Symbol('members-hub.turn-id');

/**
 * The id of this turn: on every log line of the turn, in the audit entries of what it read or changed (as the
 * request id), and in the sentence a person sees if it fails, so that a support call finds the log.
 */
export const turnIdOf = (context: TurnContext): string => {
  const existing = context.turnState.get<string | undefined>(TURN_ID);
  if (existing) return existing;
  const id = `bt-${randomBytes(6).toString('hex')}`;
  context.turnState.set(TURN_ID, id);
  return id;
};

/**
 * The adapter's last line of defence: logs the failure with the turn's id and tells the person one fixed
 * sentence carrying that id. Never the error's message or stack. An invoke (a card button, a message
 * extension) gets an HTTP 500 invoke response instead of a chat message.
 */
export const makeTurnErrorHandler =
  (logger: Logger) =>
  async (context: TurnContext, error: Error): Promise<void> => {
    const turnId = turnIdOf(context);
    const { activity } = context;
    logger.error(
      {
        turnId,
        err: error,
        activityType: activity.type,
        activityName: activity.name,
        conversationType: activity.conversation?.conversationType,
      },
      'bot turn failed',
    );
    const sentence = failure(turnId);
    try {
      if (activity.type === String(ActivityTypes.Invoke)) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 500, body: { code: 'internal', message: sentence } },
        });
      } else {
        await context.sendActivity(sentence);
      }
    } catch (sendError) {
      logger.error({ turnId, err: sendError }, 'could not tell the person that the turn failed');
    }
  };
