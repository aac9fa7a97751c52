import { z } from 'zod';
import { DELIVERY_STATUSES } from '../app/briefing-ports';
import { BRIEFING_KINDS } from '../domain/briefing';
import { DECISION_MAKER_KINDS, DECISION_SOURCES, DECISION_STATUSES, LIMITS } from '../domain/decision';

/**
 * Request and response schemas of the briefings API (decisions register, imports, briefings, delivery,
 * settings and channels). Kept beside schemas.ts in their own file; same conventions: strict requests, checked
 * responses (docs/api.md, docs/briefings.md).
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
const WardIdSchema = z.string().trim().min(1).max(100);

export const DecisionLinkSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https address' }).max(2000),
});

/** A decision as a person enters it in the tab. Rules beyond shape are the domain's (decisionIssues). */
export const DecisionBody = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.title),
  summary: z.string().trim().max(LIMITS.summary).default(''),
  maker: z.strictObject({
    kind: z.enum(DECISION_MAKER_KINDS),
    name: z.string().trim().min(1).max(LIMITS.makerName),
  }),
  status: z.enum(DECISION_STATUSES),
  date: IsoDate,
  keyDecision: z.boolean(),
  callIn: z.strictObject({ subject: z.boolean(), deadline: IsoDate.nullable() }),
  wards: z.union([z.literal('all'), z.array(WardIdSchema).max(200)]),
  wardsConfirmed: z.boolean(),
  reasons: z.string().trim().max(LIMITS.reasons).default(''),
  links: z.array(DecisionLinkSchema).max(10).default([]),
  takingPart: z.string().trim().max(LIMITS.takingPart).default(''),
});
export const DecisionUpdateBody = DecisionBody.extend({ version: z.number().int().min(1) });

export const DecisionSchema = DecisionBody.extend({
  id: z.string(),
  version: z.number().int(),
  suggestedWards: z.array(z.string()),
  source: z.object({ kind: z.enum(DECISION_SOURCES), key: z.string().nullable() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const DecisionListSchema = z.object({ decisions: z.array(DecisionSchema) });
export const DecisionListQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  status: z.enum(DECISION_STATUSES).optional(),
});

export const CsvImportBody = z.strictObject({ csv: z.string().min(1, 'the file is empty').max(2_000_000) });
export const SavedPagesImportBody = z.strictObject({
  pages: z
    .array(
      z.strictObject({ name: z.string().trim().min(1).max(300), html: z.string().min(1).max(2_000_000) }),
    )
    .min(1, 'choose at least one saved page')
    .max(200),
  site: z.string().trim().max(300).optional(),
});
export const SiteImportBody = z.strictObject({
  url: z.string().trim().min(1).max(500),
  from: IsoDate,
  to: IsoDate,
});

export const ImportReportSchema = z.object({
  source: z.enum(DECISION_SOURCES),
  added: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  refused: z.number(),
  skipped: z.number(),
  rows: z.array(
    z.object({
      label: z.string(),
      outcome: z.enum(['added', 'updated', 'unchanged', 'refused', 'skipped']),
      decisionId: z.string().optional(),
      title: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});

const DeliverySchema = z.object({
  id: z.number(),
  briefingId: z.string(),
  channelId: z.string(),
  channelName: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  parts: z.number(),
  partsSent: z.number(),
  threadId: z.string().nullable(),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const BriefingSchema = z.object({
  id: z.string(),
  kind: z.enum(BRIEFING_KINDS),
  wardId: z.string().nullable(),
  period: z.string(),
  status: z.enum(['draft', 'approved']),
  // The composed content is the domain's (decisions, suppressed counts): passed through as it is.
  content: z.record(z.string(), z.unknown()),
  introduction: z.string(),
  composedAt: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  shareToken: z.string().nullable(),
  version: z.number(),
  target: z.string(),
  channel: z
    .object({ channelId: z.string(), name: z.string(), teamName: z.string(), active: z.boolean() })
    .nullable(),
  deliveries: z.array(DeliverySchema),
  parts: z.number(),
});
export const BriefingListSchema = z.object({ briefings: z.array(BriefingSchema) });
export const BriefingListQuery = z.strictObject({ period: IsoMonth.optional() });
export const BriefingCardsSchema = z.object({
  cards: z.array(z.object({ summary: z.string(), card: z.record(z.string(), z.unknown()) })),
});
export const ComposeBody = z.strictObject({ period: IsoMonth });
export const ComposeResultSchema = z.object({ composed: z.number(), existing: z.number() });
export const IntroductionBody = z.strictObject({
  introduction: z.string().max(2000),
  version: z.number().int().min(1),
});
export const ApproveBody = z.strictObject({ version: z.number().int().min(1) });
export const ResolveDeliveryBody = z.strictObject({ action: z.enum(['send-again', 'mark-sent']) });
export const ResolvedDeliverySchema = DeliverySchema.omit({ channelName: true });

export const BriefingSettingsBody = z.strictObject({
  cron: z.string().trim().min(9).max(100),
  workingDaysOnly: z.boolean(),
  autoApprove: z.boolean(),
});
export const BriefingSettingsSchema = z.object({
  settings: z.array(
    z.object({
      kind: z.enum(BRIEFING_KINDS),
      cron: z.string(),
      workingDaysOnly: z.boolean(),
      autoApprove: z.boolean(),
      next: z.array(z.object({ at: z.string(), period: z.string() })),
    }),
  ),
});
export const ChannelMappingBody = z.strictObject({
  target: z.string().regex(/^(council|ward:[\w.-]{1,100})$/, 'must be council or ward:<id>'),
  channelId: z.string().trim().min(1).max(300).nullable(),
});
export const ChannelSettingsSchema = z.object({
  channels: z.array(
    z.object({
      channelId: z.string(),
      teamId: z.string(),
      teamName: z.string(),
      name: z.string(),
      active: z.boolean(),
      inactiveReason: z.string().nullable(),
    }),
  ),
  targets: z.array(z.object({ target: z.string(), label: z.string(), channelId: z.string().nullable() })),
});
