import { performance } from 'node:perf_hooks';
import type {
  Briefing,
  BriefingStore,
  ChannelSender,
  ClaimedDelivery,
  DeliveryOutcome,
  DeliveryQueue,
  TeamChannels,
} from '../app/briefing-ports';
import type { AuditLog, ProactiveMessage, ProactiveSendResult } from '../app/ports';
import type { Logger } from '../logger';
import { inPool, sleep } from './notification-delivery';
import { equalJitterBackoff, settleWithRetries } from './delivery-retry';
import {
  SlidingWindowLimiter,
  TEAMS_PER_APP,
  TEAMS_PER_CONVERSATION,
  type RateWindow,
} from './notification-rate-limiter';

export interface BriefingDeliveryOptions {
  /** Pause between polls when there was nothing to send; 0: this instance sends no briefings. */
  pollIntervalMs: number;
  batchSize: number;
  /** How long a claim is held; renewed before each part. */
  leaseMs: number;
  /** Channels sent to at once (each channel's parts always go one after another). */
  concurrency: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A rate-limit wait longer than this hands the row back to the queue instead of holding it. */
  maxRateWaitMs: number;
  perThread: readonly RateWindow[];
  perApp: readonly RateWindow[];
  rateMarginMs: number;
}

export const DEFAULT_BRIEFING_DELIVERY_OPTIONS: BriefingDeliveryOptions = {
  pollIntervalMs: 2_000,
  batchSize: 50,
  leaseMs: 60_000,
  concurrency: 8,
  maxAttempts: 10,
  backoffBaseMs: 2_000,
  backoffMaxMs: 15 * 60_000,
  maxRateWaitMs: 10_000,
  perThread: TEAMS_PER_CONVERSATION,
  perApp: TEAMS_PER_APP,
  rateMarginMs: 5,
};

export interface BriefingDeliveryDeps {
  queue: DeliveryQueue;
  briefings: Pick<BriefingStore, 'get'>;
  channels: Pick<TeamChannels, 'get' | 'markInactive'>;
  sender: ChannelSender;
  render: (briefing: Briefing) => ProactiveMessage[];
  audit: Pick<AuditLog, 'record'>;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  options?: Partial<BriefingDeliveryOptions> | undefined;
  /** Monotonic milliseconds for the rate limiter (default performance.now). */
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
}

export interface BriefingDeliverySummary {
  claimed: number;
  partsSent: number;
  finished: number;
  retried: number;
  inDoubt: number;
}

export interface BriefingDelivery {
  /** One poll: claims due deliveries and sends them. The timer calls this; tests may too. */
  poll(): Promise<BriefingDeliverySummary>;
  /** Stops polling, lets sends on the wire finish and be recorded, hands the rest back. */
  stop(): Promise<void>;
}

/** A timed-out or aborted request may have reached Teams: resending could post twice. */
const AMBIGUOUS = /timeout|timedout|abort|socket hang up|ECONNRESET/i;

/**
 * Posts approved briefings into their channels, exactly once per (briefing, channel). Each instance polls the
 * queue; a row is claimed under a lease (no two instances take the same row, nor rows of the same channel at
 * once). For each part of the briefing: wait for Teams' per-thread and per-app limits, mark the row `sending`
 * (committed), make one request (createConversation for the first part, a reply in that thread for the
 * rest), record the outcome at once.
 *
 * A row left `sending` by a worker that died (its lease ran out) may or may not have reached Teams; it becomes
 * `in-doubt` and is never sent again on its own: the delivery report asks an officer to check the channel and
 * send it again or mark it sent. A timed-out request is in doubt for the same reason. Everything else is
 * certain: 429 waits out Retry-After, 5xx and network refusals back off and retry up to `maxAttempts`,
 * 403 (the app was removed, MessageWritesBlocked) and 404 stop sending to that channel and report it.
 */
export const startBriefingDelivery = (deps: BriefingDeliveryDeps): BriefingDelivery => {
  const options: BriefingDeliveryOptions = { ...DEFAULT_BRIEFING_DELIVERY_OPTIONS, ...deps.options };
  const { queue, logger } = deps;
  const now = deps.now ?? (() => performance.now());
  const random = deps.random ?? Math.random;
  const perThread = new SlidingWindowLimiter(options.perThread, now, options.rateMarginMs);
  const perApp = new SlidingWindowLimiter(options.perApp, now, options.rateMarginMs);
  const stopping = new AbortController();
  let inFlight: Promise<BriefingDeliverySummary> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const backoff = equalJitterBackoff(options, random);

  const settle = (row: ClaimedDelivery, outcome: DeliveryOutcome): Promise<boolean> =>
    settleWithRetries(
      () => queue.settle(row, outcome),
      (error) =>
        logger.error(
          { deliveryId: row.id, err: error },
          'could not record a briefing post; its lease will run out',
        ),
    );

  const audit = (row: ClaimedDelivery, outcome: 'allowed' | 'failed', status: string, code?: string) =>
    deps.audit
      .record({
        at: new Date().toISOString(),
        actorId: null,
        action: `briefing.delivery.${status}`,
        outcome,
        detail: {
          deliveryId: row.id,
          briefingId: row.briefingId,
          channelId: row.channelId,
          ...(code ? { code } : {}),
        },
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not audit a briefing post'));

  /** What a connector answer means for the row. */
  const outcomeOf = (
    row: ClaimedDelivery,
    result: ProactiveSendResult,
    threadId: string | null,
  ): DeliveryOutcome => {
    switch (result.kind) {
      case 'sent':
        return { kind: 'part-sent', threadId: threadId ?? row.channelId };
      case 'throttled':
        return {
          kind: 'retry',
          delayMs: result.retryAfterMs ?? backoff(row.attempts),
          code: `throttled-${result.status}`,
          countAttempt: false,
        };
      case 'retryable':
        if (result.status === null && AMBIGUOUS.test(result.code))
          return {
            kind: 'closed',
            status: 'in-doubt',
            code: `no answer (${result.code}): check the channel`,
          };
        return row.attempts >= options.maxAttempts
          ? {
              kind: 'closed',
              status: 'failed',
              code: `gave up after ${row.attempts} attempts (${result.code})`,
            }
          : { kind: 'retry', delayMs: backoff(row.attempts), code: result.code, countAttempt: true };
      case 'blocked':
        return {
          kind: 'closed',
          status: 'undeliverable',
          code: `app removed from the team (${result.code})`,
        };
      case 'conversation-gone':
        return { kind: 'closed', status: 'undeliverable', code: `channel not found (${result.code})` };
      case 'rejected':
        return { kind: 'closed', status: 'failed', code: `refused (${result.code})` };
    }
  };

  const deliver = async (row: ClaimedDelivery, summary: BriefingDeliverySummary): Promise<void> => {
    const [briefing, channel] = await Promise.all([
      deps.briefings.get(row.briefingId),
      deps.channels.get(row.channelId),
    ]);
    if (!briefing || briefing.status !== 'approved') {
      await settle(row, { kind: 'closed', status: 'failed', code: 'briefing not approved' });
      return;
    }
    if (!channel?.active) {
      await settle(row, {
        kind: 'closed',
        status: 'undeliverable',
        code: `channel unavailable (${channel?.inactiveReason ?? 'not known to the bot'})`,
      });
      void audit(row, 'failed', 'undeliverable', 'channel-unavailable');
      return;
    }
    const messages = deps.render(briefing);
    let current: ClaimedDelivery = row;
    while (current.partsSent < current.parts) {
      if (stopping.signal.aborted) {
        await settle(current, { kind: 'release' });
        return;
      }
      const message = messages[current.partsSent];
      if (!message) {
        await settle(current, {
          kind: 'closed',
          status: 'failed',
          code: 'the briefing has fewer parts than queued',
        });
        return;
      }
      const threadKey = current.threadId ?? current.channelId;
      const wait = Math.max(perThread.delayFor(threadKey), perApp.delayFor('app'));
      if (wait > options.maxRateWaitMs) {
        await settle(current, { kind: 'retry', delayMs: wait, code: 'rate-limit', countAttempt: false });
        summary.retried += 1;
        return;
      }
      if (wait > 0) {
        await sleep(wait, stopping.signal);
        continue; // look again: another send may have taken the slot
      }
      if (!(await queue.beginSend(current, options.leaseMs))) {
        logger.warn({ deliveryId: row.id }, 'lost the lease on a briefing post; another instance has it');
        return;
      }
      const endThread = perThread.begin(threadKey);
      const endApp = perApp.begin('app');
      const address = {
        channelId: channel.channelId,
        serviceUrl: channel.serviceUrl,
        tenantId: channel.tenantId,
        botId: channel.botId,
      };
      let result: ProactiveSendResult;
      let threadId = current.threadId;
      try {
        if (current.partsSent === 0 || current.threadId === null) {
          const started = await deps.sender.startThread(address, message);
          result = started;
          if (started.kind === 'sent') threadId = started.threadId ?? channel.channelId;
        } else {
          result = await deps.sender.reply(address, current.threadId, message);
        }
      } finally {
        endThread();
        endApp();
      }
      const outcome = outcomeOf(current, result, threadId);
      if (!(await settle(current, outcome))) return;
      if (outcome.kind === 'part-sent') {
        summary.partsSent += 1;
        current = { ...current, partsSent: current.partsSent + 1, threadId: outcome.threadId };
        if (current.partsSent >= current.parts) {
          summary.finished += 1;
          void audit(current, 'allowed', 'sent');
        }
        continue;
      }
      if (outcome.kind === 'retry') summary.retried += 1;
      if (outcome.kind === 'closed') {
        if (outcome.status === 'in-doubt') summary.inDoubt += 1;
        if (result.kind === 'blocked' || result.kind === 'conversation-gone')
          await deps.channels.markInactive({ channelId: channel.channelId }, outcome.code);
        logger.warn(
          { deliveryId: row.id, status: outcome.status, code: outcome.code },
          'briefing post not delivered',
        );
        void audit(current, 'failed', outcome.status, outcome.code);
      }
      return;
    }
  };

  const runPoll = async (): Promise<BriefingDeliverySummary> => {
    const summary: BriefingDeliverySummary = {
      claimed: 0,
      partsSent: 0,
      finished: 0,
      retried: 0,
      inDoubt: 0,
    };
    const abandoned = await queue.markAbandoned();
    if (abandoned > 0)
      logger.warn({ abandoned }, 'briefing posts left mid-send by a stopped instance are in doubt');
    summary.inDoubt += abandoned;
    const claimed = await queue.claim(options.batchSize, options.leaseMs);
    summary.claimed = claimed.length;
    await inPool(claimed, options.concurrency, async (row) => {
      try {
        await deliver(row, summary);
      } catch (error) {
        logger.error({ deliveryId: row.id, err: error }, 'briefing post failed unexpectedly; retrying later');
        await settle(row, {
          kind: 'retry',
          delayMs: backoff(row.attempts),
          code: 'internal-error',
          countAttempt: true,
        });
      }
    });
    return summary;
  };

  const poll = (): Promise<BriefingDeliverySummary> => {
    if (stopping.signal.aborted)
      return Promise.resolve({ claimed: 0, partsSent: 0, finished: 0, retried: 0, inDoubt: 0 });
    inFlight ??= runPoll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const loop = (delayMs: number): void => {
    if (stopping.signal.aborted || options.pollIntervalMs <= 0) return;
    timer = setTimeout(() => {
      poll().then(
        (s) => loop(s.claimed > 0 ? 0 : options.pollIntervalMs),
        (error: unknown) => {
          logger.error({ err: error }, 'briefing delivery poll failed; trying again');
          loop(options.pollIntervalMs);
        },
      );
    }, delayMs);
    timer.unref();
  };
  loop(0);

  return {
    poll,
    stop: async () => {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await inFlight?.catch(() => undefined);
    },
  };
};
