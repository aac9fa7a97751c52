import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  type Activity,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ChannelAddress, ChannelSender, ThreadStartResult } from '../../app/briefing-ports';
import type {
  DeliverableConversationReference,
  ProactiveMessage,
  ProactiveSendResult,
  ProactiveSender,
} from '../../app/ports';
import type { Logger } from '../../logger';
import { parseRetryAfter } from './retry-after';

import type { BotFrameworkAuthentication } from './cloud-adapter';

export interface TeamsProactiveSenderOptions {
  /** The bot's credentials for the connector (`botFrameworkAuthentication` in cloud-adapter.ts). */
  auth: BotFrameworkAuthentication;
  /** The bot's app id (empty in local mode, where authentication is off). */
  botAppId: string;
  /** Longest wait for one send before it counts as failed and is retried (default 15 s). */
  timeoutMs?: number | undefined;
  /** Accept `http:` service URLs; for local mode only (default: https only). */
  allowHttpServiceUrls?: boolean | undefined;
  logger: Pick<Logger, 'warn'>;
  /** Current time in ms, for Retry-After dates (default Date.now). */
  now?: (() => number) | undefined;
}

/**
 * 403 error codes that mean the person blocked the bot or it was removed from the conversation. The docs name
 * `subCode: MessageWritesBlocked`; observed responses also carry these codes without a subCode
 * (https://learn.microsoft.com/answers/questions/1513369).
 */
const BLOCKED_CODES = new Set([
  'MessageWritesBlocked',
  'ConversationBlockedByUser',
  'BotNotInConversationRoster',
  'BotRemovedFromConversation',
]);

/** Statuses worth another try: Teams' rate-limit page names 412, 502, 503 and 504; the rest are transient too. */
const RETRYABLE_STATUSES = new Set([401, 408, 409, 412, 500, 502, 503, 504]);

/** The narrow parts of botframework-connector's ConnectorClient used here (it is not re-exported by botbuilder). */
interface ConnectorClientLike {
  conversations: {
    createConversation(
      parameters: Record<string, unknown>,
      options?: { timeout?: number },
    ): Promise<{ id?: string; activityId?: string }>;
    sendToConversation(
      conversationId: string,
      activity: Partial<Activity>,
      options?: { timeout?: number },
    ): Promise<{ id?: string }>;
  };
}

/** What a failed connector call (an @azure/core-rest-pipeline RestError) carries. */
interface ConnectorErrorLike {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  details?: unknown;
  response?: { headers?: { get?: (name: string) => string | undefined } };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The error code and subCode from a Bot Framework error body: `{error:{code}, subCode}` or nested. */
const errorCodes = (details: unknown): string[] => {
  const body = asRecord(details);
  const error = asRecord(body.error);
  return [str(body.subCode), str(error.subCode), str(error.code), str(body.code)].filter(
    (c): c is string => c !== undefined,
  );
};

/**
 * Removes the HTTP pipeline's built-in retry policy from a connector client, so one send is exactly one
 * request: the delivery worker owns retrying (durably, with jitter and Retry-After) and counts every request
 * against Teams' rate limits. Without this, @azure/core-rest-pipeline silently retries 429 and 5xx up to three
 * times. botbuilder keeps the pipeline in a private field; it is frozen (end of support), and the
 * connector-server tests fail if the shape changes. Returns false when there was nothing to remove.
 */
const withoutBuiltInRetries = (connector: unknown): boolean => {
  const pipeline = (
    connector as { client?: { pipeline?: { removePolicy?: (o: { name: string }) => unknown[] } } }
  ).client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function') return false;
  return pipeline.removePolicy({ name: 'defaultRetryPolicy' }).length > 0;
};

/**
 * Sends proactive messages through botbuilder's CloudAdapter (`continueConversationAsync`), which builds an
 * authenticated connector client for the conversation's service URL. The message is posted as a new activity
 * in the conversation (`sendToConversation`), not as a reply, with a timeout, and with no hidden retries.
 *
 * The adapter is this sender's own, without the bot's middleware or turn-error handler: a failed send must
 * come back here as a result, never turn into an apology message sent to the member.
 */
export class TeamsProactiveSender implements ProactiveSender, ChannelSender {
  private readonly adapter: CloudAdapter;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private warnedAboutRetries = false;

  constructor(private readonly options: TeamsProactiveSenderOptions) {
    this.adapter = new CloudAdapter(options.auth);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  async send(
    reference: DeliverableConversationReference,
    message: ProactiveMessage,
  ): Promise<ProactiveSendResult> {
    if (!this.serviceUrlAllowed(reference.serviceUrl))
      return { kind: 'rejected', status: null, code: 'service-url-not-allowed' };

    let result: ProactiveSendResult = { kind: 'retryable', status: null, code: 'no-result' };
    try {
      await this.adapter.continueConversationAsync(
        this.options.botAppId,
        toBotbuilderReference(reference),
        async (context: TurnContext) => {
          // Never throw from here: the adapter would hand the error to a turn-error handler.
          result = await this.post(context, reference.conversation.id, message);
        },
      );
    } catch (error) {
      // Creating the connector failed (e.g. no token for the bot's credentials): worth another try later.
      result = this.classify(error);
    }
    return result;
  }

  /**
   * Starts a new thread in a team channel: createConversation with `isGroup` and the channel's id, as
   * botbuilder's `TeamsInfo.sendMessageToTeamsChannel` does (platform-facts §5), through a connector client
   * built by `continueConversationAsync` for the channel, without its hidden retries. The thread's
   * conversation id (`<channel>;messageid=<id>`) comes back for replies.
   */
  async startThread(channel: ChannelAddress, message: ProactiveMessage): Promise<ThreadStartResult> {
    if (!this.serviceUrlAllowed(channel.serviceUrl))
      return { kind: 'rejected', status: null, code: 'service-url-not-allowed' };
    let result: ThreadStartResult = { kind: 'retryable', status: null, code: 'no-result' };
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: channel.serviceUrl,
      conversation: {
        id: channel.channelId,
        isGroup: true,
        conversationType: 'channel',
        tenantId: channel.tenantId ?? undefined,
        name: '',
      },
      ...(channel.botId ? { bot: { id: channel.botId, name: '' } } : {}),
    };
    try {
      await this.adapter.continueConversationAsync(this.options.botAppId, reference, async (context) => {
        try {
          const connector: unknown = context.turnState.get(this.adapter.ConnectorClientKey);
          this.removeRetries(connector);
          const response = await (connector as ConnectorClientLike).conversations.createConversation(
            {
              isGroup: true,
              channelData: {
                channel: { id: channel.channelId },
                ...(channel.tenantId ? { tenant: { id: channel.tenantId } } : {}),
              },
              ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
              ...(channel.botId ? { bot: { id: channel.botId } } : {}),
              activity: this.activityFor(message),
            },
            { timeout: this.timeoutMs },
          );
          result = {
            kind: 'sent',
            activityId: response.activityId ?? null,
            threadId: response.id ?? channel.channelId,
          };
        } catch (error) {
          result = this.classify(error);
        }
      });
    } catch (error) {
      result = this.classify(error);
    }
    return result;
  }

  /** A reply in a thread this app started (the later parts of a long briefing). */
  reply(channel: ChannelAddress, threadId: string, message: ProactiveMessage): Promise<ProactiveSendResult> {
    return this.send(
      {
        channelId: 'msteams',
        serviceUrl: channel.serviceUrl,
        conversation: {
          id: threadId,
          isGroup: true,
          conversationType: 'channel',
          tenantId: channel.tenantId ?? undefined,
        },
        ...(channel.botId ? { bot: { id: channel.botId } } : {}),
      },
      message,
    );
  }

  private removeRetries(connector: unknown): void {
    if (!withoutBuiltInRetries(connector) && !this.warnedAboutRetries) {
      this.warnedAboutRetries = true;
      this.options.logger.warn(
        'the connector client has no built-in retry policy to remove; botbuilder may have changed',
      );
    }
  }

  private activityFor(message: ProactiveMessage): Partial<Activity> {
    return {
      type: ActivityTypes.Message,
      summary: message.summary,
      attachments: [CardFactory.adaptiveCard(message.card)],
    };
  }

  private async post(
    context: TurnContext,
    conversationId: string,
    message: ProactiveMessage,
  ): Promise<ProactiveSendResult> {
    try {
      const connector: unknown = context.turnState.get(this.adapter.ConnectorClientKey);
      this.removeRetries(connector);
      const response = await (connector as ConnectorClientLike).conversations.sendToConversation(
        conversationId,
        this.activityFor(message),
        { timeout: this.timeoutMs },
      );
      return { kind: 'sent', activityId: response.id ?? null };
    } catch (error) {
      return this.classify(error);
    }
  }

  private classify(error: unknown): ProactiveSendResult {
    const e = asRecord(error) as ConnectorErrorLike;
    const status = typeof e.statusCode === 'number' ? e.statusCode : null;
    const codes = errorCodes(e.details);
    const code = codes[0] ?? str(e.code) ?? str(e.name) ?? 'error';
    if (status === null) return { kind: 'retryable', status: null, code };
    if (status === 429)
      return {
        kind: 'throttled',
        status,
        retryAfterMs: parseRetryAfter(e.response?.headers?.get?.('retry-after'), this.now()),
      };
    if (status === 403 && codes.some((c) => BLOCKED_CODES.has(c)))
      return { kind: 'blocked', status, code: codes.find((c) => BLOCKED_CODES.has(c)) ?? code };
    if (status === 404) return { kind: 'conversation-gone', status, code };
    if (status === 403 || RETRYABLE_STATUSES.has(status) || status >= 500)
      return { kind: 'retryable', status, code };
    return { kind: 'rejected', status, code };
  }

  private serviceUrlAllowed(serviceUrl: string): boolean {
    try {
      const { protocol } = new URL(serviceUrl);
      return protocol === 'https:' || (protocol === 'http:' && this.options.allowHttpServiceUrls === true);
    } catch {
      // Not a URL: nothing to send to.
      return false;
    }
  }
}

/** botbuilder's reference type wants display names and flags the stored reference leaves out. */
const toBotbuilderReference = (ref: DeliverableConversationReference): Partial<ConversationReference> => ({
  channelId: ref.channelId,
  serviceUrl: ref.serviceUrl,
  ...(ref.locale !== undefined ? { locale: ref.locale } : {}),
  conversation: {
    id: ref.conversation.id,
    tenantId: ref.conversation.tenantId,
    conversationType: ref.conversation.conversationType ?? 'personal',
    isGroup: ref.conversation.isGroup ?? false,
    name: '',
  },
  ...(ref.user ? { user: { id: ref.user.id, name: '', aadObjectId: ref.user.aadObjectId } } : {}),
  ...(ref.bot ? { bot: { id: ref.bot.id, name: ref.bot.name ?? '' } } : {}),
});
