import type { Ward } from '../app/ports';
import type { RaiseCaseRequest } from '../app/casework';
import type { OfferedCategory } from '../app/case-categories';
import type { LikelyDuplicate } from '../app/case-record';
import type { DuplicateReason } from '../domain/likely-duplicate';
import { CASE_KINDS } from '../domain/case';
import { IdempotencyKeySchema, RaiseCaseBody } from '../http/schemas';
import { KIND_LABELS, STATUS_LABELS, formatInstant } from './cards/format';
import { escapeMarkdown, renderCard, type AdaptiveCard } from './cards/render';
import formTemplate from './cards/templates/new-case-form.json';

/** The form's inputs, by the ids the card gives them. Every value arrives from Teams as a string. */
export const FORM_FIELDS = [
  'kind',
  'name',
  'email',
  'phone',
  'address',
  'postcode',
  'consent',
  'wardId',
  'category',
  'title',
  'description',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;
export type FormErrors = Partial<Record<FormField, string>>;

/** The verb of the form's submit button. */
export const CREATE_CASE_VERB = 'createCase';

const LABELS: Record<FormField, string> = {
  kind: 'Kind of case',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  postcode: 'Postcode',
  consent: 'Consent to share',
  wardId: 'Electoral division',
  category: 'Category',
  title: 'Short title',
  description: 'What is the problem',
};

/** Where each field of the API's request body (and of the use case's errors) is on the form. */
const FIELD_BY_PATH: Record<string, FormField> = {
  kind: 'kind',
  'constituent.name': 'name',
  'constituent.email': 'email',
  'constituent.phone': 'phone',
  'constituent.address': 'address',
  'constituent.postcode': 'postcode',
  'constituent.consentToShare': 'consent',
  wardId: 'wardId',
  category: 'category',
  title: 'title',
  description: 'description',
};

const HINTS: Partial<Record<FormField, string>> = {
  kind: 'Choose the kind of case.',
  email: 'Enter an email address such as name@example.com, or leave it empty.',
  phone: 'Enter a phone number such as 01632 960123, or leave it empty.',
  postcode: 'Enter a UK postcode such as WQ1 2AB.',
  wardId: 'Choose the electoral division.',
  category: 'Choose a category from the list.',
};

const REASONS: Record<DuplicateReason, string> = {
  'same-constituent': 'same constituent',
  'same-street-and-category': 'same street and category',
};

/** Whether the person chose "Raise it anyway" on a form that warned of likely duplicates. */
export const duplicatesSeenIn = (data: Record<string, unknown>): boolean =>
  data.duplicatesSeen === true || data.duplicatesSeen === 'true';

/** The form's idempotency key as submitted; undefined for a form sent before forms had one, or a bad one. */
export const submissionIdOf = (data: Record<string, unknown>): string | undefined => {
  const parsed = IdempotencyKeySchema.safeParse(data.submissionId);
  return parsed.success ? parsed.data : undefined;
};

/** Reads the submitted card data: unknown keys are ignored, anything not a string counts as empty. */
export const formValues = (data: unknown, defaults: Partial<FormValues> = {}): FormValues => {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  return Object.fromEntries(
    FORM_FIELDS.map((field) => {
      const value = record[field];
      return [field, typeof value === 'string' ? value : (defaults[field] ?? '')];
    }),
  ) as FormValues;
};

export type ParsedForm = { ok: true; request: RaiseCaseRequest } | { ok: false; errors: FormErrors };

/**
 * Checks the form with the same schema as the API's `POST /api/cases`, and turns its complaints into one
 * plain sentence per field. The use case then applies the domain's rules (ward exists, member may raise).
 */
export const parseForm = (values: FormValues): ParsedForm => {
  const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const body = {
    kind: values.kind,
    origin: 'councillor',
    constituent: {
      name: values.name,
      ...(optional(values.email) ? { email: optional(values.email) } : {}),
      ...(optional(values.phone) ? { phone: optional(values.phone) } : {}),
      address: values.address,
      postcode: values.postcode,
      consentToShare: values.consent === 'true',
    },
    wardId: values.wardId,
    category: values.category,
    title: values.title,
    description: values.description,
  };
  const parsed = RaiseCaseBody.safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_BY_PATH[issue.path.join('.')];
    if (field === undefined || errors[field] !== undefined) continue;
    errors[field] = sentenceFor(field, values[field], issue.code);
  }
  // A complaint about a field the form does not have would be our bug; say something rather than nothing.
  if (Object.keys(errors).length === 0) errors.title = 'The case could not be raised as entered.';
  return { ok: false, errors };
};

const sentenceFor = (field: FormField, value: string, code: string): string => {
  if (value.trim() === '') return `${LABELS[field]} is required.`;
  if (code === 'too_big') return `${LABELS[field]} is too long.`;
  return HINTS[field] ?? `${LABELS[field]} is not valid.`;
};

/** Maps the use case's validation issues (paths as in the API) onto the form's fields. */
export const errorsFromIssues = (
  issues: readonly { path: string; message: string }[],
  fallback: string,
): FormErrors => {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = FIELD_BY_PATH[issue.path];
    if (field !== undefined && errors[field] === undefined)
      errors[field] = HINTS[field] ?? `${LABELS[field]}: ${issue.message}.`;
  }
  if (Object.keys(errors).length === 0) errors.title = fallback;
  return errors;
};

/**
 * The `new case` form as an Adaptive Card. With errors, the same form comes back with what was typed kept,
 * a summary at the top and a sentence under each field that needs changing.
 */
export const newCaseFormCard = (input: {
  wards: readonly Ward[];
  /** The active categories from the managed list, in order: the only ones the form offers. */
  categories: readonly OfferedCategory[];
  values: Partial<FormValues>;
  /**
   * This form's idempotency key, sent back with every submit: a double click raises one case. Kept when the
   * form comes back with errors (nothing was raised then); a new form gets a new one.
   */
  submissionId: string;
  errors?: FormErrors | undefined;
  /** A problem that is not about one field (e.g. only councillors raise cases here). */
  problem?: string | undefined;
  /**
   * Earlier cases the person may see that this one may repeat: the form comes back warning of them, with
   * "Raise it anyway" in place of "Raise case".
   */
  duplicates?: readonly LikelyDuplicate[] | undefined;
}): AdaptiveCard => {
  const duplicates = input.duplicates ?? [];
  const errors = input.errors ?? {};
  const count = Object.keys(errors).length;
  const summary = input.problem
    ? input.problem
    : count === 1
      ? 'One thing needs changing before the case can be raised.'
      : `${count} things need changing before the case can be raised.`;
  return renderCard(formTemplate, {
    kinds: CASE_KINDS.map((value) => ({ value, title: KIND_LABELS[value] })),
    wards: input.wards.map((w) => ({ id: w.id, name: w.name })),
    categories: input.categories.map((c) => ({ name: c.name })),
    values: {
      ...formValues({}, { kind: 'member-enquiry', consent: 'false' }),
      ...input.values,
    },
    // Every field has an entry, so that the card's `$when` tests see '' rather than an unresolved name.
    errors: Object.fromEntries(FORM_FIELDS.map((f) => [f, errors[f] ?? ''])),
    hasErrors: count > 0 || input.problem !== undefined,
    errorSummary: summary,
    hasDuplicates: duplicates.length > 0,
    duplicateSummary:
      duplicates.length === 1
        ? 'This may be a duplicate of a case raised in the last 90 days:'
        : `This may be a duplicate of one of ${duplicates.length} cases raised in the last 90 days:`,
    duplicates: duplicates.map((d) => ({
      line: [
        `**${escapeMarkdown(d.ref)}**`,
        escapeMarkdown(d.title),
        STATUS_LABELS[d.status],
        `raised ${escapeMarkdown(formatInstant(d.createdAt))}`,
        d.reasons.map((r) => REASONS[r]).join(' and '),
      ].join(' \u00b7 '),
    })),
    submissionId: input.submissionId,
  });
};
