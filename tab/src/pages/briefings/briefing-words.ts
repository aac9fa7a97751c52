import type { Briefing, BriefingDelivery } from '../../api/briefing-types';

const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "November 2026" for "2026-11", worded as the service's cards word it (the tab bundles none of its code). */
export const monthName = (period: string): string => MONTH_YEAR.format(new Date(`${period}-01T00:00:00Z`));

/** The month before the current one, as YYYY-MM: the period a new briefing usually covers. */
export const lastMonth = (now = new Date()): string => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
};

export const briefingName = (
  b: Pick<Briefing, 'kind' | 'wardId'>,
  wardName: (id: string) => string,
): string =>
  b.kind === 'decision' ? 'Decision briefing (council-wide)' : `${wardName(b.wardId ?? '')} ward briefing`;

export const DELIVERY_WORDS: Record<BriefingDelivery['status'], string> = {
  pending: 'Waiting to send',
  sending: 'Sending',
  sent: 'Posted',
  failed: 'Failed',
  undeliverable: 'Not delivered',
  'in-doubt': 'In doubt: check the channel',
};

/** One line for where a briefing stands: draft, or how its post is doing. */
export const briefingState = (b: Briefing): string => {
  if (b.status === 'draft') return b.channel ? 'Draft' : 'Draft (no channel chosen)';
  const d = b.deliveries[0];
  if (!d) return b.channel ? 'Approved' : 'Approved (no channel: not posted)';
  return d.status === 'sent' || d.parts === 1
    ? DELIVERY_WORDS[d.status]
    : `${DELIVERY_WORDS[d.status]} (${d.partsSent} of ${d.parts} parts)`;
};
