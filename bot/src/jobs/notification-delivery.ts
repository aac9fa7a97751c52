import type {
  CaseStore,
  ClaimedNotification,
  ConversationReferences,
  NotificationOutbox,
  NotificationOutcome,
  ProactiveMessage,
  ProactiveSender,
  ProactiveSendResult,
  SavedConversationReference,
} from '../app/ports';
import type { Case } from '../domain/case';
import type { NotificationDraft } from '../domain/notifications';
import type { Logger } from '../logger';
import { equalJitterBackoff, settleWithRetries } from './delivery-retry';
import {
  SlidingWindowLimiter,
  TEAMS_PER_APP,
  TEAMS_PER_CONVERSATION,
  type RateWindow,
} from './notification-rate-limiter';

export interface NotificationDeliveryOptions {
  /** Pause between polls when the outbox had nothing more to give (default 2 s). */
  pollIntervalMs: number;
  /** Notifications claimed per poll (default 25). */
  batchSize: number;
  /** How long a claim is held; renewed before every send (default 60 s). Must exceed the sender's timeout. */
  leaseMs: number;
  /** People whose notifications are delivered at the same time (default 4); one person's go one by one. */
  concurrency: number;
  /** Failed sends (429s not counted) after which a notification is given up as `failed` (default 10). */
  maxAttempts: number;
  /** First retry delay; doubles per attempt, with jitter, up to `backoffMaxMs` (defaults 2 s and 15 min). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A rate-limit wait longer than this hands the row back to the queue instead of holding it (default 10 s). */
  maxInlineWaitMs: number;
  /** How often waiting rows are woken, stale ones expired and old ones deleted (default 60 s). */
  maintenanceIntervalMs: number;
  /** Notifications not delivered within this are dropped as `expired` (default 7 days). */
  expireAfterMs: number;
  /** Finished rows are kept this long for operators, then deleted (default 30 days). */
  keepFinishedForMs: number;
  perConversation: readonly RateWindow[];
  perApp: readonly RateWindow[];
  /** Added to every rate window for clock granularity (default 20 ms). */
  rateMarginMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: NotificationDeliveryOptions = {
  pollIntervalMs: 2_000,
  batchSize: 25,
  leaseMs: 60_000,
  concurrency: 4,
  maxAttempts: 10,
  backoffBaseMs: 2_000,
  backoffMaxMs: 15 * 60_000,
  maxInlineWaitMs: 10_000,
  maintenanceIntervalMs: 60_000,
  expireAfterMs: 7 * 86_400_000,
  keepFinishedForMs: 30 * 86_400_000,
  perConversation: TEAMS_PER_CONVERSATION,
  perApp: TEAMS_PER_APP,
  rateMarginMs: 20,
};

export interface NotificationDeliveryDeps {
  outbox: NotificationOutbox;
  references: Pick<ConversationReferences, 'forPerson' | 'markInactive'>;
  cases: Pick<CaseStore, 'findByRef'>;
  sender: ProactiveSender;
  /** Builds the message for a notification from the case as it is now. */
  render: (notification: NotificationDraft, current: Case) => ProactiveMessage;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  options?: Partial<NotificationDeliveryOptions> | undefined;
  /** Monotonic milliseconds for the rate limiter (default performance.now). */
  now?: (() => number) | undefined;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: (() => number) | undefined;
}

/** Counts only: logged per batch. */
export interface DeliveryBatchSummary {
  claimed: number;
  sent: number;
  retried: number;
  waiting: number;
  closed: number;
  released: number;
}

/** The background worker that drains the notification outbox into Teams. */
export interface NotificationDelivery {
  /** Claims and delivers one batch now (the loop does this; tests may too). Never rejects. */
  runOnce(): Promise<DeliveryBatchSummary>;
  /**
   * Stops polling. A send already on the wire finishes and is recorded; claimed notifications not yet sent
   * are handed back to the queue at once. Resolves when nothing is in flight. Safe to call more than once.
   */
  stop(): Promise<void>;
}

const APP_KEY = 'app';

/** Resolves after `ms`, or at once when `signal` aborts. */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    // Background work never keeps the process alive on its own.
    timer.unref();
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

const emptySummary = (): DeliveryBatchSummary => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  waiting: 0,
  closed: 0,
  released: 0,
});

/** Groups claimed rows by recipient, keeping each person's rows (and the people) in queue order. */
const byRecipient = (rows: readonly ClaimedNotification[]): ClaimedNotification[][] => {
  const groups = new Map<string, ClaimedNotification[]>();
  for (const row of rows) {
    const group = groups.get(row.recipient);
    if (group) group.push(row);
    else groups.set(row.recipient, [row]);
  }
  return [...groups.values()];
};

/** Runs `work` over `items` with at most `limit` at a time. */
export const inPool = async <T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
};

/**
 * Starts the delivery worker. Each poll claims a batch of due notifications from the outbox under a lease,
 * and delivers each person's in order: re-reads the case (a deleted case, or one that is no longer theirs,
 * is cancelled), finds their personal conversation (none: the row waits for one), renders the card, waits for
 * Teams' per-conversation and per-app rate limits, renews the lease and sends. The outcome is written at
 * once after each send, so a restart never repeats a recorded send.
 *
 * Retries: 429 waits out Retry-After (seconds or a date; without one, exponential backoff) and pauses that
 * person's other notifications too; 412, 5xx, timeouts and network failures back off exponentially with
 * jitter up to `maxAttempts`; 403 MessageWritesBlocked marks the conversation inactive and the notification
 * undeliverable; 404 marks it inactive and waits for a new one; other refusals fail the notification.
 *
 * At least once: a send that reached Teams but whose "sent" could not be recorded (the process died in
 * between, or the database failed three times) is sent again when its lease runs out. See docs/notifications.md.
 */
export const startNotificationDelivery = (deps: NotificationDeliveryDeps): NotificationDelivery => {
  const options: NotificationDeliveryOptions = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  const { outbox, references, cases, sender, render, logger } = deps;
  const now = deps.now ?? (() => performance.now());
  const random = deps.random ?? Math.random;
  const perConversation = new SlidingWindowLimiter(options.perConversation, now, options.rateMarginMs);
  const perApp = new SlidingWindowLimiter(options.perApp, now, options.rateMarginMs);

  const stopping = new AbortController();
  let inFlight: Promise<DeliveryBatchSummary> | undefined;
  let lastMaintenance = -Infinity;

  const backoff = equalJitterBackoff(options, random);
  /** Retry-After plus up to 10% (at most a second), so instances told the same time do not return together. */
  const afterRetryAfter = (ms: number): number => Math.round(ms + random() * Math.min(1_000, ms / 10));

  /** Writes an outcome at once, trying again briefly (`settleWithRetries`). */
  const settle = (row: ClaimedNotification, outcome: NotificationOutcome): Promise<boolean> =>
    settleWithRetries(
      () => outbox.settle(row, outcome),
      (error) =>
        logger.error(
          { notificationId: row.id, outcome: outcome.kind, err: error },
          'could not record a notification outcome; it is retried when its lease ends',
        ),
    );

  const personalReference = async (personId: string): Promise<SavedConversationReference | null> =>
    (await references.forPerson(personId)).find((r) => r.scope === 'personal') ?? null;

  /** What to do with a row after the sender's answer. */
  const outcomeOf = async (
    row: ClaimedNotification,
    ref: SavedConversationReference,
    result: ProactiveSendResult,
  ): Promise<NotificationOutcome> => {
    switch (result.kind) {
      case 'sent':
        return { kind: 'sent', activityId: result.activityId, conversationId: ref.conversationId };
      case 'throttled':
        // Counted (attempts are requests made) but never the reason to give up: Teams will take it later.
        return {
          kind: 'retry',
          delayMs:
            result.retryAfterMs === null ? backoff(row.attempts) : afterRetryAfter(result.retryAfterMs),
          code: 'throttled',
          countAttempt: true,
        };
      case 'retryable':
        return row.attempts >= options.maxAttempts
          ? { kind: 'closed', status: 'failed', code: result.code }
          : { kind: 'retry', delayMs: backoff(row.attempts), code: result.code, countAttempt: true };
      case 'blocked':
        await references.markInactive(ref.conversationId, { personId: row.recipient, reason: result.code });
        return { kind: 'closed', status: 'undeliverable', code: result.code };
      case 'conversation-gone':
        await references.markInactive(ref.conversationId, { personId: row.recipient, reason: result.code });
        return { kind: 'no-reference' };
      case 'rejected':
        return { kind: 'closed', status: 'failed', code: result.code };
    }
  };

  /**
   * Waits for room in the rate windows. Returns 0 when the send may go now, or the remaining wait when it is
   * too long to hold the row for (or the worker is stopping).
   */
  const waitForSlot = async (conversationId: string): Promise<number> => {
    for (;;) {
      const wait = Math.max(perConversation.delayFor(conversationId), perApp.delayFor(APP_KEY));
      if (wait === 0 || wait > options.maxInlineWaitMs || stopping.signal.aborted) return wait;
      await sleep(wait, stopping.signal);
    }
  };

  const deliverGroup = async (rows: readonly ClaimedNotification[], summary: DeliveryBatchSummary) => {
    let ref: SavedConversationReference | null | undefined;
    /** Set by a 429: this person's remaining rows wait as long (their attempt not counted). */
    let pausedForMs: number | null = null;

    const finish = async (row: ClaimedNotification, outcome: NotificationOutcome) => {
      const held = await settle(row, outcome);
      if (!held) return;
      if (outcome.kind === 'sent') summary.sent += 1;
      else if (outcome.kind === 'retry') summary.retried += 1;
      else if (outcome.kind === 'no-reference') summary.waiting += 1;
      else if (outcome.kind === 'release') summary.released += 1;
      else summary.closed += 1;
    };

    for (const row of rows) {
      const where = { notificationId: row.id, caseRef: row.caseRef, kind: row.kind, attempt: row.attempts };
      if (stopping.signal.aborted) {
        await finish(row, { kind: 'release' });
        continue;
      }
      if (pausedForMs !== null) {
        await finish(row, { kind: 'retry', delayMs: pausedForMs, code: 'throttled', countAttempt: false });
        continue;
      }
      try {
        const current = await cases.findByRef(row.caseRef);
        if (!current || current.id !== row.caseId) {
          await finish(row, { kind: 'closed', status: 'cancelled', code: 'case-gone' });
          continue;
        }
        // Handed over to another member since: the case is no longer this person's to hear about.
        if (current.memberId !== row.recipient) {
          await finish(row, { kind: 'closed', status: 'cancelled', code: 'not-the-member' });
          continue;
        }
        ref ??= await personalReference(row.recipient);
        if (!ref) {
          await finish(row, { kind: 'no-reference' });
          continue;
        }
        const message = render(row, current);

        const wait = await waitForSlot(ref.conversationId);
        if (stopping.signal.aborted) {
          await finish(row, { kind: 'release' });
          continue;
        }
        if (wait > 0) {
          // Too long to hold a lease for: back to the queue until the window has room.
          await finish(row, { kind: 'retry', delayMs: wait, code: 'rate-limited', countAttempt: false });
          continue;
        }
        // The lease must cover the send; lost means another worker may hold the row now, so do not send.
        if (!(await outbox.renew(row, options.leaseMs))) {
          logger.warn(where, 'notification lease lost before sending; left to its new holder');
          continue;
        }

        const endConversation = perConversation.begin(ref.conversationId);
        const endApp = perApp.begin(APP_KEY);
        let result: ProactiveSendResult;
        try {
          result = await sender.send(ref.reference, message);
        } catch (error) {
          logger.error({ ...where, err: error }, 'proactive sender failed unexpectedly');
          result = { kind: 'retryable', status: null, code: 'sender-error' };
        } finally {
          endConversation();
          endApp();
        }

        const outcome = await outcomeOf(row, ref, result);
        await finish(row, outcome);
        if (result.kind === 'sent') {
          logger.debug(where, 'notification sent');
        } else {
          logger.warn(
            {
              ...where,
              result: result.kind,
              status: 'status' in result ? result.status : null,
              outcome: outcome.kind,
            },
            'notification not sent',
          );
        }
        if (result.kind === 'throttled' && outcome.kind === 'retry') pausedForMs = outcome.delayMs;
        // The conversation is no longer usable: look again for the next row.
        if (result.kind === 'blocked' || result.kind === 'conversation-gone') ref = undefined;
      } catch (error) {
        // The database or a bug (never a successful send: its outcome is written without throwing). Retried
        // with backoff, so a poison row ends as failed; if even that cannot be written, the row stays claimed
        // until its lease ends.
        logger.error({ ...where, err: error }, 'notification delivery failed; retried with backoff');
        await finish(
          row,
          row.attempts >= options.maxAttempts
            ? { kind: 'closed', status: 'failed', code: 'internal-error' }
            : { kind: 'retry', delayMs: backoff(row.attempts), code: 'internal-error', countAttempt: true },
        );
      }
    }
  };

  const runBatch = async (): Promise<DeliveryBatchSummary> => {
    const summary = emptySummary();
    if (stopping.signal.aborted) return summary;
    try {
      const t = now();
      if (t - lastMaintenance >= options.maintenanceIntervalMs) {
        lastMaintenance = t;
        const done = await outbox.maintain({
          expireAfterMs: options.expireAfterMs,
          keepFinishedForMs: options.keepFinishedForMs,
        });
        if (done.woken + done.expired + done.deleted > 0) logger.info(done, 'notification outbox maintained');
      }
      const claimed = await outbox.claim(options.batchSize, options.leaseMs);
      summary.claimed = claimed.length;
      if (claimed.length === 0) return summary;
      await inPool(byRecipient(claimed), options.concurrency, (rows) => deliverGroup(rows, summary));
      logger.info(summary, 'notification batch delivered');
    } catch (error) {
      logger.error({ err: error }, 'notification batch failed; the next poll tries again');
    }
    return summary;
  };

  const runOnce = (): Promise<DeliveryBatchSummary> => {
    // One batch at a time per instance: a call while one runs shares it.
    inFlight ??= runBatch().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      const summary = await runOnce();
      // A full batch means more may be due: go again at once.
      if (summary.claimed < options.batchSize) await sleep(options.pollIntervalMs, stopping.signal);
    }
  };
  const running = loop();

  return {
    runOnce,
    stop: async () => {
      stopping.abort();
      await running;
      await inFlight;
    },
  };
};
