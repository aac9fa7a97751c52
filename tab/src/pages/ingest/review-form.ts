import type { DecisionInput, IngestDocument, Retention } from '../../api/ingest-types';

/** The review form's fields, as typed. */
export interface ReviewValues {
  memberId: string;
  caseRef: string;
  box: string;
  dateFrom: string;
  dateTo: string;
  description: string;
  retention: Retention['kind'] | '';
  /** Keep until, or review on. */
  retentionDate: string;
  reason: string;
}

export type ReviewField = keyof ReviewValues;
export type ReviewErrors = Partial<Record<ReviewField, string>>;

const CASE_REF = /^[A-Z]{2,5}-\d{4}-\d{3,6}$/;
const BOX = /^[A-Za-z0-9._-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form filled from the document: what the service suggested, or what print services' sheet said. */
export const initialValues = (d: IngestDocument): ReviewValues => ({
  memberId: d.memberId ?? '',
  caseRef: d.caseRef ?? '',
  box: d.box ?? '',
  dateFrom: d.dateFrom ?? '',
  dateTo: d.dateTo ?? '',
  description: d.description ?? '',
  retention: d.retention?.kind ?? '',
  retentionDate:
    d.retention?.kind === 'keep' ? d.retention.until : d.retention?.kind === 'review' ? d.retention.on : '',
  reason: d.retention?.reason ?? '',
});

/**
 * Checks the form as the service will (it checks again: the case must be the member's, dates in the future),
 * and gives the request or the errors by field, in words.
 */
export const checkReview = (
  v: ReviewValues,
  today: string,
): { ok: true; input: DecisionInput } | { ok: false; errors: ReviewErrors } => {
  const errors: ReviewErrors = {};
  const caseRef = v.caseRef.trim().toUpperCase();
  if (!v.memberId) errors.memberId = 'Choose the member whose papers these are.';
  if (caseRef && !CASE_REF.test(caseRef)) errors.caseRef = 'A case reference looks like MH-2026-00042.';
  if (v.box.trim() && !BOX.test(v.box.trim())) errors.box = 'Letters, digits, dots, dashes and underscores.';
  if (v.dateFrom && !DATE.test(v.dateFrom)) errors.dateFrom = 'A date, like 14/03/2019.';
  if (v.dateTo && !DATE.test(v.dateTo)) errors.dateTo = 'A date, like 14/03/2019.';
  if (v.dateFrom && v.dateTo && v.dateFrom > v.dateTo) errors.dateTo = 'On or after the first date.';
  if (!v.description.trim()) errors.description = 'Describe the document in a few words.';
  if (!v.retention) errors.retention = 'Choose keep, review or destroy.';
  if ((v.retention === 'keep' || v.retention === 'review') && !DATE.test(v.retentionDate))
    errors.retentionDate = v.retention === 'keep' ? 'Keep it until when?' : 'Review it on what date?';
  else if ((v.retention === 'keep' || v.retention === 'review') && v.retentionDate <= today)
    errors.retentionDate = 'A date after today.';
  if (v.reason.trim().length < 3)
    errors.reason = 'Say why in a few words: the decision is recorded with its reason.';
  if (Object.keys(errors).length > 0 || !v.retention) return { ok: false, errors };
  const reason = v.reason.trim();
  const retention: Retention =
    v.retention === 'keep'
      ? { kind: 'keep', until: v.retentionDate, reason }
      : v.retention === 'review'
        ? { kind: 'review', on: v.retentionDate, reason }
        : { kind: 'destroy', reason };
  return {
    ok: true,
    input: {
      memberId: v.memberId,
      caseRef: caseRef || null,
      box: v.box.trim() || null,
      dateFrom: v.dateFrom || null,
      dateTo: v.dateTo || null,
      description: v.description.trim(),
      retention,
    },
  };
};

/** The service's field errors (`retention.until` …) as the form's fields. */
export const errorsFromIssues = (issues: readonly { path: string; message: string }[]): ReviewErrors => {
  const errors: ReviewErrors = {};
  for (const { path, message } of issues) {
    const field: ReviewField | undefined = path.startsWith('retention.')
      ? path === 'retention.reason'
        ? 'reason'
        : 'retentionDate'
      : (['memberId', 'caseRef', 'box', 'dateFrom', 'dateTo', 'description'] as const).find(
          (f) => f === path,
        );
    if (field) errors[field] = message;
  }
  return errors;
};
