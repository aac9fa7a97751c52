import type { Constituent } from './case';

/** The longest internal note accepted, in characters. */
export const NOTE_MAX_LENGTH = 4_000;

/** The constituent's details an internal note may be found to hold. */
export type PersonalDetail = 'name' | 'email' | 'phone' | 'postcode';

export const PERSONAL_DETAIL_LABELS: Readonly<Record<PersonalDetail, string>> = {
  name: 'name',
  email: 'e-mail address',
  phone: 'phone number',
  postcode: 'postcode',
};

const words = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}@.+'-]+/gu, ' ')
    .trim();

const digits = (s: string): string => s.replace(/\D/g, '');
const compact = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

/** A UK postcode anywhere in a text, with or without its space. */
const POSTCODE_IN_TEXT = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
/** A run of digits that may be written with spaces, dots, dashes or brackets, and a leading +. */
const PHONE_IN_TEXT = /\+?\d[\d\s().-]{6,}\d/g;

/**
 * Which of the constituent's details `text` holds: the name as written on the case (as whole words, any case,
 * any spacing), the e-mail address, the phone number (its digits, however spaced, matched on the last ten so
 * `+44 7700 900123` and `07700 900123` agree), or the postcode (with or without its space). Only details the
 * writer can see are passed in (`seesConstituent`), so the answer never tells anyone a withheld detail.
 */
export const personalDetailsIn = (text: string, constituent: Constituent): PersonalDetail[] => {
  const found: PersonalDetail[] = [];
  const name = words(constituent.name);
  if (name.length >= 2 && ` ${words(text)} `.includes(` ${name} `)) found.push('name');
  const email = constituent.email?.trim().toLowerCase();
  if (email && text.toLowerCase().includes(email)) found.push('email');
  const phone = digits(constituent.phone ?? '').slice(-10);
  if (phone.length >= 7 && (text.match(PHONE_IN_TEXT) ?? []).some((run) => digits(run).endsWith(phone)))
    found.push('phone');
  const postcode = compact(constituent.postcode);
  if (postcode.length >= 5 && (text.match(POSTCODE_IN_TEXT) ?? []).some((p) => compact(p) === postcode))
    found.push('postcode');
  return found;
};

/** "name and postcode", for a message. */
export const describeDetails = (details: readonly PersonalDetail[]): string => {
  const labels = details.map((d) => PERSONAL_DETAIL_LABELS[d]);
  return labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] ?? ''}`;
};
