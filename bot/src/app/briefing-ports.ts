import type { BriefingContent, BriefingKind, WardCaseworkFigures } from '../domain/briefing';
import type { BriefingSchedule } from '../domain/briefing-schedule';
import type { IsoDate, IsoInstant } from '../domain/case';
import type { Decision, DecisionSourceKind, DecisionStatus } from '../domain/decision';
import type { PersonId, WardId } from '../domain/ids';
import type { IsoMonth } from '../domain/reporting-period';
import type { AuditEntryDraft, ProactiveMessage, ProactiveSendResult } from './ports';

// Ports of the briefings feature (issue 14). Plain data only: SQL, botbuilder and HTML stay in adapters.

export interface DecisionFilter {
  /** Decisions dated on or after / on or before these dates. */
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  status?: DecisionStatus | undefined;
}

/** The decisions register. Every write commits with its audit entry. */
export interface DecisionStore {
  list(filter: DecisionFilter): Promise<Decision[]>;
  get(id: string): Promise<Decision | null>;
  bySource(kind: DecisionSourceKind, key: string): Promise<Decision | null>;
  create(decision: Decision, audit: AuditEntryDraft): Promise<Decision>;
  /** Replaces the decision (version + 1). @throws ConflictError when it changed since `expectedVersion`. */
  update(decision: Decision, expectedVersion: number, audit: AuditEntryDraft): Promise<Decision>;
}

/** Casework counts per ward for a month (Europe/London), in one query: counts only, no case and no person. */
export interface BriefingFigures {
  wardCasework(period: IsoMonth): Promise<Map<WardId, WardCaseworkFigures>>;
}

/** A channel of a team the app is installed in, with what a proactive post needs. */
export interface TeamChannel {
  channelId: string;
  teamId: string;
  teamName: string;
  name: string;
  serviceUrl: string;
  tenantId: string | null;
  botId: string | null;
  active: boolean;
  inactiveReason: string | null;
}

/** The channels the bot has seen, kept from installationUpdate and conversationUpdate. */
export interface TeamChannels {
  /** Records channels (new or renamed), making them active again. */
  save(channels: readonly Omit<TeamChannel, 'active' | 'inactiveReason'>[]): Promise<void>;
  rename(channelId: string, name: string): Promise<void>;
  /** The channel was deleted, the app removed from its team, or a post was refused with 403. */
  markInactive(filter: { channelId: string } | { teamId: string }, reason: string): Promise<void>;
  list(): Promise<TeamChannel[]>;
  get(channelId: string): Promise<TeamChannel | null>;
}

export interface BriefingKindSettings extends BriefingSchedule {
  kind: BriefingKind;
  /** Approved as composed, without an officer's preview (an administrator's choice). */
  autoApprove: boolean;
}

/** `council` for the decision briefing, `ward:<id>` for a ward's. */
export type BriefingTarget = 'council' | `ward:${string}`;

export const briefingTarget = (kind: BriefingKind, wardId: WardId | null): BriefingTarget =>
  kind === 'decision' ? 'council' : `ward:${wardId ?? ''}`;

export interface NewBriefing {
  id: string;
  kind: BriefingKind;
  wardId: WardId | null;
  period: IsoMonth;
  content: BriefingContent;
  composedAt: IsoInstant;
}

export interface Briefing extends NewBriefing {
  status: 'draft' | 'approved';
  introduction: string;
  approvedAt: IsoInstant | null;
  approvedBy: PersonId | null;
  /** The unguessable id of the shareable decision briefing (approved decision briefings only). */
  shareToken: string | null;
  version: number;
}

export const DELIVERY_STATUSES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'undeliverable',
  'in-doubt',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: number;
  briefingId: string;
  channelId: string;
  status: DeliveryStatus;
  parts: number;
  partsSent: number;
  threadId: string | null;
  attempts: number;
  nextAttemptAt: IsoInstant;
  lastError: string | null;
  createdAt: IsoInstant;
  finishedAt: IsoInstant | null;
}

/** Briefings, their settings and channel mapping. */
export interface BriefingStore {
  settings(): Promise<BriefingKindSettings[]>;
  saveSettings(settings: BriefingKindSettings, audit: AuditEntryDraft): Promise<void>;
  channelMap(): Promise<Map<BriefingTarget, string>>;
  /** Maps a target to a channel, or removes the mapping (`null`). */
  mapChannel(target: BriefingTarget, channelId: string | null, audit: AuditEntryDraft): Promise<void>;
  /** Stores a draft unless the (kind, ward, period) already has a briefing; true when it was stored. */
  insertDraft(briefing: NewBriefing, audit: AuditEntryDraft): Promise<boolean>;
  list(filter: { period?: IsoMonth | undefined; limit: number }): Promise<Briefing[]>;
  get(id: string): Promise<Briefing | null>;
  byShareToken(token: string): Promise<Briefing | null>;
  latestApproved(kind: BriefingKind, wardId: WardId | null): Promise<Briefing | null>;
  /** @throws ConflictError when the briefing changed since `expectedVersion` or is no longer a draft. */
  setIntroduction(
    id: string,
    introduction: string,
    expectedVersion: number,
    audit: AuditEntryDraft,
  ): Promise<Briefing>;
  /**
   * Approves a draft and queues one delivery per channel, in one transaction. Approving an approved briefing
   * changes nothing and queues nothing more (each (briefing, channel) has one delivery at most).
   * @throws ConflictError when the briefing changed since `expectedVersion`.
   */
  approve(
    id: string,
    input: {
      expectedVersion: number | null;
      by: PersonId | null;
      at: IsoInstant;
      shareToken: string | null;
      deliveries: readonly { channelId: string; parts: number }[];
    },
    audit: AuditEntryDraft,
  ): Promise<{ briefing: Briefing; queued: number }>;
  deliveries(filter: { briefingIds?: readonly string[] | undefined; limit: number }): Promise<Delivery[]>;
}

/** A delivery claimed by one worker: held until its lease runs out. */
export interface ClaimedDelivery extends Delivery {
  leaseToken: string;
}

export type DeliveryOutcome =
  /** One part went out; `threadId` is the new thread's conversation id after the first part. */
  | { kind: 'part-sent'; threadId: string }
  /** Try again later; a 429 does not count as an attempt (`countAttempt: false`). */
  | { kind: 'retry'; delayMs: number; code: string; countAttempt: boolean }
  | { kind: 'release' }
  /** Finished without (all of) the post: refused, the channel gone, given up, or in doubt (a timed-out send). */
  | { kind: 'closed'; status: 'failed' | 'undeliverable' | 'in-doubt'; code: string };

/** The queue of briefing posts, claimed under leases so that instances never take the same row. */
export interface DeliveryQueue {
  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Marks a part as about to be sent and extends the lease, committed before the request goes out: if the
   * process dies after this, the row is in doubt rather than silently sent twice. False when the lease was lost.
   */
  beginSend(claimed: ClaimedDelivery, leaseMs: number): Promise<boolean>;
  /** Records what became of the part; false when the lease had been lost and nothing was written. */
  settle(claimed: ClaimedDelivery, outcome: DeliveryOutcome): Promise<boolean>;
  /** Rows left `sending` by a worker that died: moved to `in-doubt` (never re-sent on their own). */
  markAbandoned(): Promise<number>;
  /** An officer's answer to an in-doubt or failed delivery: send it again, or record that it did arrive. */
  resolve(id: number, action: 'send-again' | 'mark-sent', audit: AuditEntryDraft): Promise<Delivery>;
  get(id: number): Promise<Delivery | null>;
}

/** Where a channel post goes: the team's connector and the channel's id. */
export interface ChannelAddress {
  channelId: string;
  serviceUrl: string;
  tenantId: string | null;
  botId: string | null;
}

export type ThreadStartResult = ProactiveSendResult & { threadId?: string | undefined };

/** Posts into team channels through the bot (Graph cannot post channel messages as an application). */
export interface ChannelSender {
  /** Starts a new thread in the channel with the message (createConversation): exactly one request. */
  startThread(channel: ChannelAddress, message: ProactiveMessage): Promise<ThreadStartResult>;
  /** Replies in a thread this app started: exactly one request. */
  reply(channel: ChannelAddress, threadId: string, message: ProactiveMessage): Promise<ProactiveSendResult>;
}
