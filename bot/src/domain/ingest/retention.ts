import { ValidationError } from '../errors';

/**
 * What happens to a legacy paper once scanned: kept until a date, reviewed on a date, or destroyed. Every
 * decision has a reason. Destroy decisions go into the destruction log (what, who, when, why).
 */
export type RetentionDecision =
  | { kind: 'keep'; until: string; reason: string }
  | { kind: 'review'; on: string; reason: string }
  | { kind: 'destroy'; reason: string };

export const RETENTION_KINDS = ['keep', 'review', 'destroy'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isRealDate = (value: string): boolean => {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
};

/**
 * Checks a decision against today's date (Europe/London, `YYYY-MM-DD`): keep and review dates must be real
 * dates after today and within 100 years; the reason is 3 to 500 characters.
 */
export const checkRetention = (decision: RetentionDecision, today: string): RetentionDecision => {
  const issues: { path: string; message: string }[] = [];
  const reason = decision.reason.trim();
  if (reason.length < 3 || reason.length > 500)
    issues.push({ path: 'retention.reason', message: '3 to 500 characters' });
  const date = decision.kind === 'keep' ? decision.until : decision.kind === 'review' ? decision.on : null;
  const field = decision.kind === 'keep' ? 'retention.until' : 'retention.on';
  if (date !== null) {
    const latest = `${Number(today.slice(0, 4)) + 100}${today.slice(4)}`;
    if (!isRealDate(date)) issues.push({ path: field, message: 'a date, YYYY-MM-DD' });
    else if (date <= today || date > latest)
      issues.push({ path: field, message: 'after today and within 100 years' });
  }
  if (issues.length > 0) throw new ValidationError('The retention decision is not complete.', issues);
  return { ...decision, reason };
};

/** One row of the destruction log, as exported. */
export interface DestructionEntry {
  documentId: string;
  description: string;
  memberId: string | null;
  box: string | null;
  pages: number;
  sha256: string;
  decidedBy: string;
  decidedByName: string;
  decidedAt: string;
  reason: string;
}

export const DESTRUCTION_COLUMNS = [
  'document_id',
  'description',
  'member_id',
  'box',
  'pages',
  'sha256',
  'decided_by',
  'decided_by_name',
  'decided_at',
  'reason',
] as const;

/** One CSV field: quoted when needed, and a leading formula character neutralised (CSV injection). */
const field = (value: string | number | null): string => {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const destructionCsv = (entries: readonly DestructionEntry[]): string =>
  [
    DESTRUCTION_COLUMNS.join(','),
    ...entries.map((e) =>
      [
        e.documentId,
        e.description,
        e.memberId,
        e.box,
        e.pages,
        e.sha256,
        e.decidedBy,
        e.decidedByName,
        e.decidedAt,
        e.reason,
      ]
        .map(field)
        .join(','),
    ),
  ].join('\r\n') + '\r\n';
