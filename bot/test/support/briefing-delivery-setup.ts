import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/app/ports';
import type { Briefing } from '../../src/app/briefing-ports';
import {
  PostgresAuditLog,
  PostgresBriefingDeliveries,
  PostgresBriefingStore,
  PostgresTeamChannels,
} from '../../src/adapters/postgres';
import { TeamsProactiveSender } from '../../src/adapters/teams/teams-proactive-sender';
import { botFrameworkAuthentication } from '../../src/adapters/teams/cloud-adapter';
import { briefingMessages } from '../../src/bot/cards/briefing-card';
import type { BriefingDecision, DecisionBriefingContent } from '../../src/domain/briefing';
import {
  startBriefingDelivery,
  type BriefingDelivery,
  type BriefingDeliveryOptions,
} from '../../src/jobs/briefing-delivery';
import { createLogger } from '../../src/logger';

export const PUBLIC_URL = 'https://hub.example';
export const renderBriefing = (b: Briefing) => briefingMessages(b, { publicUrl: PUBLIC_URL });

const decision = (i: number, reasonsLength: number): BriefingDecision => ({
  id: `d-${i}`,
  title: `Decision ${i}`,
  summary: 'A decision for the test.',
  maker: 'Cabinet',
  date: '2026-11-05',
  keyDecision: i % 2 === 0,
  subjectToCallIn: false,
  callInDeadline: null,
  reasons: 'Because. '.repeat(Math.ceil(reasonsLength / 9)),
  links: [],
  takingPart: '',
});

/**
 * Approved decision briefings, one per channel (each its own period, so each is a separate briefing), queued
 * for delivery into channels `channel-1` … `channel-n` of one team on `serviceUrl`. `decisions` per briefing
 * (with long reasons) makes a briefing span several cards.
 */
export const queueBriefings = async (
  db: Database,
  input: {
    channels: number;
    serviceUrl: string;
    decisions?: number;
    reasonsLength?: number;
    firstPeriodYear?: number;
  },
): Promise<{ channelIds: string[]; briefingIds: string[] }> => {
  const channels = new PostgresTeamChannels(db);
  const store = new PostgresBriefingStore(db);
  const channelIds = Array.from({ length: input.channels }, (_, i) => `channel-${i + 1}`);
  await channels.save(
    channelIds.map((channelId) => ({
      channelId,
      teamId: 'team-1',
      teamName: 'Members',
      name: channelId,
      serviceUrl: input.serviceUrl,
      tenantId: 'tenant-1',
      botId: '28:bot',
    })),
  );
  const briefingIds: string[] = [];
  const at = new Date().toISOString();
  for (const [i, channelId] of channelIds.entries()) {
    const year = (input.firstPeriodYear ?? 2000) + Math.floor(i / 12);
    const period = `${year}-${String((i % 12) + 1).padStart(2, '0')}`;
    const content: DecisionBriefingContent = {
      kind: 'decision',
      period,
      decisionsTaken: Array.from({ length: input.decisions ?? 2 }, (_, d) =>
        decision(d, input.reasonsLength ?? 50),
      ),
      keyDecisionsComing: [],
    };
    const id = randomUUID();
    const audit = { at, actorId: null, action: 'briefing.compose', outcome: 'allowed' as const };
    await store.insertDraft({ id, kind: 'decision', wardId: null, period, content, composedAt: at }, audit);
    const draft = (await store.get(id))!;
    await store.approve(
      id,
      {
        expectedVersion: null,
        by: null,
        at,
        shareToken: null,
        deliveries: [{ channelId, parts: renderBriefing(draft).length }],
      },
      { ...audit, action: 'briefing.approve' },
    );
    briefingIds.push(id);
  }
  return { channelIds, briefingIds };
};

/** The delivery worker wired as main.ts wires it (local mode: no credentials, http connector allowed). */
export const deliveryWorker = (
  db: Database,
  options: Partial<BriefingDeliveryOptions> & { sendTimeoutMs?: number } = {},
): BriefingDelivery => {
  const logger = createLogger('silent');
  const sender = new TeamsProactiveSender({
    auth: botFrameworkAuthentication({ kind: 'disabled' }),
    botAppId: '',
    allowHttpServiceUrls: true,
    timeoutMs: options.sendTimeoutMs ?? 15_000,
    logger,
  });
  return startBriefingDelivery({
    queue: new PostgresBriefingDeliveries(db),
    briefings: new PostgresBriefingStore(db),
    channels: new PostgresTeamChannels(db),
    sender,
    render: renderBriefing,
    audit: new PostgresAuditLog(db),
    logger,
    options: { pollIntervalMs: 0, ...options },
  });
};

export const deliveryStatuses = async (db: Database) =>
  (
    await db.query<{
      channel_id: string;
      status: string;
      parts: number;
      parts_sent: number;
      last_error: string | null;
    }>(`SELECT channel_id, status, parts, parts_sent, last_error FROM briefing_deliveries ORDER BY id`)
  ).rows;
