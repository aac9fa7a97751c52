import { CASE_KINDS, type CaseKind, type RaiseCaseInput } from '../api/types';

/**
 * The new-case form's fields, rules and sentences. They match the bot's `new case` card
 * (bot/src/bot/new-case-form.ts) and the API's schema (bot/src/http/schemas.ts): the API checks again, and
 * its issues land on the same fields.
 */
export interface NewCaseValues {
  kind: CaseKind | '';
  origin: 'councillor' | 'mp';
  memberId: string;
  mpName: string;
  name: string;
  email: string;
  phone: string;
  address: string;
  postcode: string;
  consent: boolean;
  wardId: string;
  category: string;
  title: string;
  description: string;
}
export type NewCaseField = keyof NewCaseValues;
export type NewCaseErrors = Partial<Record<NewCaseField, string>>;

export const EMPTY_FORM: NewCaseValues = {
  kind: '',
  origin: 'councillor',
  memberId: '',
  mpName: '',
  name: '',
  email: '',
  phone: '',
  address: '',
  postcode: '',
  consent: false,
  wardId: '',
  category: '',
  title: '',
  description: '',
};

export const LABELS: Record<NewCaseField, string> = {
  kind: 'Kind of case',
  origin: 'Enquiry from',
  memberId: 'Member',
  mpName: 'MP’s name',
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

const HINTS: Partial<Record<NewCaseField, string>> = {
  kind: 'Choose the kind of case.',
  email: 'Enter an email address such as name@example.com, or leave it empty.',
  phone: 'Enter a phone number such as 01632 960123, or leave it empty.',
  postcode: 'Enter a UK postcode such as WQ1 2AB.',
  wardId: 'Choose the electoral division.',
  memberId: 'Choose the member the case is for.',
  category: 'Choose a category from the list.',
};

/** The longest each text may be, as the API's schema (`RaiseCaseBody`) allows. */
export const MAX: Partial<Record<NewCaseField, number>> = {
  name: 200,
  mpName: 200,
  email: 320,
  address: 500,
  title: 200,
  description: 10_000,
};

export const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+\d][\d ()-]{5,30}$/;

/** A postcode as the service stores it: upper case, one space before the inward code. */
export const normalisePostcode = (p: string): string =>
  p
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^(.+?)(\d[A-Z]{2})$/, '$1 $2');

/** Where the API's issue paths land on the form. */
const FIELD_BY_PATH: Record<string, NewCaseField> = {
  kind: 'kind',
  origin: 'origin',
  memberId: 'memberId',
  mpName: 'mpName',
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

export const errorsFromIssues = (issues: readonly { path: string; message: string }[]): NewCaseErrors => {
  const errors: NewCaseErrors = {};
  for (const issue of issues) {
    const field = FIELD_BY_PATH[issue.path];
    if (field && !errors[field]) errors[field] = HINTS[field] ?? `${LABELS[field]}: ${issue.message}.`;
  }
  return errors;
};

export type Checked = { ok: true; input: RaiseCaseInput } | { ok: false; errors: NewCaseErrors };

/** Checks the form as the service will; `raisingFor` is set when a support officer raises the case. */
export const checkNewCase = (v: NewCaseValues, officer: boolean): Checked => {
  const errors: NewCaseErrors = {};
  const required: NewCaseField[] = [
    'kind',
    'name',
    'address',
    'postcode',
    'wardId',
    'category',
    'title',
    'description',
  ];
  if (officer) required.push(v.origin === 'mp' ? 'mpName' : 'memberId');
  for (const f of required) {
    const value = v[f];
    if (typeof value === 'string' && value.trim() === '')
      errors[f] =
        f === 'kind' || f === 'wardId' || f === 'memberId' || f === 'category'
          ? (HINTS[f] ?? '')
          : `${LABELS[f]} is required.`;
  }
  for (const [f, max] of Object.entries(MAX) as [NewCaseField, number][]) {
    const value = v[f];
    if (!errors[f] && typeof value === 'string' && value.trim().length > max)
      errors[f] =
        `${LABELS[f]} is too long: use at most ${max.toLocaleString('en-GB')} characters ` +
        `(it has ${value.trim().length.toLocaleString('en-GB')}).`;
  }
  if (v.kind !== '' && !(CASE_KINDS as readonly string[]).includes(v.kind)) errors.kind = HINTS.kind;
  if (!errors.postcode && !POSTCODE.test(v.postcode.trim().toUpperCase())) errors.postcode = HINTS.postcode;
  if (v.email.trim() && !EMAIL.test(v.email.trim())) errors.email = HINTS.email;
  if (v.phone.trim() && !PHONE.test(v.phone.trim())) errors.phone = HINTS.phone;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const mp = officer && v.origin === 'mp';
  return {
    ok: true,
    input: {
      kind: v.kind as CaseKind,
      origin: mp ? 'mp' : 'councillor',
      ...(mp ? { mpName: v.mpName.trim(), memberId: null } : officer ? { memberId: v.memberId } : {}),
      constituent: {
        name: v.name.trim(),
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        address: v.address.trim(),
        postcode: normalisePostcode(v.postcode),
        consentToShare: v.consent,
      },
      wardId: v.wardId,
      category: v.category.trim(),
      title: v.title.trim(),
      description: v.description.trim(),
    },
  };
};
