import type {
  Briefing,
  BriefingCards,
  BriefingSettings,
  ChannelSettings,
  ComposeResult,
  Decision,
  DecisionInput,
  ImportReport,
  ResolvedDelivery,
  SavedPage,
} from './briefing-types';

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;
type Send = (method: string, path: string, accept: string, body?: unknown) => Promise<Response>;

const id = (value: string) => encodeURIComponent(value);

/** The briefings API (docs/briefings.md): the decisions register, imports, briefings, delivery, settings. */
export const briefingMethods = (request: Request, send: Send) => ({
  decisions: () => request<{ decisions: Decision[] }>('GET', '/api/decisions'),
  createDecision: (input: DecisionInput) => request<Decision>('POST', '/api/decisions', input),
  updateDecision: (decisionId: string, input: DecisionInput, version: number) =>
    request<Decision>('PUT', `/api/decisions/${id(decisionId)}`, { ...input, version }),
  importCsv: (csv: string) => request<ImportReport>('POST', '/api/decisions/import/csv', { csv }),
  importSavedPages: (pages: SavedPage[], site?: string) =>
    request<ImportReport>('POST', '/api/decisions/import/modern-gov/pages', {
      pages,
      ...(site ? { site } : {}),
    }),
  importSite: (url: string, from: string, to: string) =>
    request<ImportReport>('POST', '/api/decisions/import/modern-gov/site', { url, from, to }),
  briefings: (period?: string) =>
    request<{ briefings: Briefing[] }>('GET', `/api/briefings${period ? `?period=${id(period)}` : ''}`),
  compose: (period: string) => request<ComposeResult>('POST', '/api/briefings/compose', { period }),
  briefingCards: (briefingId: string) =>
    request<BriefingCards>('GET', `/api/briefings/${id(briefingId)}/cards`),
  setIntroduction: (briefingId: string, introduction: string, version: number) =>
    request<Briefing>('PUT', `/api/briefings/${id(briefingId)}/introduction`, { introduction, version }),
  approve: (briefingId: string, version: number) =>
    request<Briefing>('POST', `/api/briefings/${id(briefingId)}/approve`, { version }),
  resolveDelivery: (deliveryId: number, action: 'send-again' | 'mark-sent') =>
    request<ResolvedDelivery>('POST', `/api/briefings/deliveries/${deliveryId}/resolve`, { action }),
  briefingPdf: async (briefingId: string): Promise<Blob> =>
    (await send('GET', `/api/briefings/${id(briefingId)}/pdf`, 'application/pdf')).blob(),
  briefingSettings: () => request<{ settings: BriefingSettings[] }>('GET', '/api/briefings/settings'),
  saveBriefingSettings: (
    kind: string,
    input: { cron: string; workingDaysOnly: boolean; autoApprove: boolean },
  ) => request<{ settings: BriefingSettings[] }>('PUT', `/api/briefings/settings/${id(kind)}`, input),
  channelSettings: () => request<ChannelSettings>('GET', '/api/briefings/channels'),
  mapChannel: (target: string, channelId: string | null) =>
    request<ChannelSettings>('PUT', '/api/briefings/channels', { target, channelId }),
});
