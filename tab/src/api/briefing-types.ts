import type { z } from 'zod';
import type {
  BriefingCardsSchema,
  BriefingSchema,
  BriefingSettingsSchema,
  ChannelSettingsSchema,
  ComposeResultSchema,
  DecisionBody,
  DecisionSchema,
  ImportReportSchema,
  ResolvedDeliverySchema,
} from '../../../bot/src/http/briefing-schemas';

/**
 * The briefings API's shapes, inferred from the service's own zod schemas (type-only imports: nothing of the
 * service is bundled into the tab), so the two sides cannot drift.
 */
export type Decision = z.output<typeof DecisionSchema>;
export type DecisionInput = z.input<typeof DecisionBody>;
export type ImportReport = z.output<typeof ImportReportSchema>;
export type Briefing = z.output<typeof BriefingSchema>;
export type BriefingDelivery = Briefing['deliveries'][number];
export type BriefingCards = z.output<typeof BriefingCardsSchema>;
export type BriefingSettings = z.output<typeof BriefingSettingsSchema>['settings'][number];
export type ChannelSettings = z.output<typeof ChannelSettingsSchema>;
export type ComposeResult = z.output<typeof ComposeResultSchema>;
export type ResolvedDelivery = z.output<typeof ResolvedDeliverySchema>;
export type SavedPage = { name: string; html: string };
