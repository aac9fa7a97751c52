import type { BriefingDecision } from './briefing';

/** "3 November 2026". */
export const formatLongDate = (value: Date | string): string => {
  const d = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(d);
};

/**
 * A decision as the shareable briefing (PDF and public page) words it: the public record only, the same
 * wording in both formats. `meta` is one line (who, when, key decision, call-in); `body` labelled paragraphs.
 */
export const publicDecisionLines = (
  d: BriefingDecision,
  forthcoming: boolean,
): { meta: string; body: [string, string][]; links: BriefingDecision['links'] } => {
  const meta = [
    `${d.maker}, ${forthcoming ? 'due' : 'taken'} ${formatLongDate(d.date)}`,
    d.keyDecision ? 'Key decision' : null,
    d.subjectToCallIn
      ? d.callInDeadline
        ? `Call-in until ${formatLongDate(d.callInDeadline)}`
        : 'Subject to call-in'
      : null,
  ]
    .filter((s): s is string => s !== null)
    .join(' - ');
  const body: [string, string][] = [];
  if (d.summary.trim()) body.push(['', d.summary.trim()]);
  if (!forthcoming) body.push(['Reasons', d.reasons.trim() || 'Not yet published.']);
  if (forthcoming && d.takingPart.trim()) body.push(['How to take part', d.takingPart.trim()]);
  for (const l of d.links) body.push([l.title, l.url]);
  return { meta, body, links: d.links };
};
