import type { Case, Constituent } from './case';

/** How far back a new case is compared with earlier ones. */
export const DUPLICATE_WINDOW_DAYS = 90;

/** Why an earlier case may be the same matter. */
export type DuplicateReason = 'same-constituent' | 'same-street-and-category';

/** What a case about to be raised is compared on. */
export interface DuplicateProbe {
  constituent: Pick<Constituent, 'name' | 'email' | 'phone' | 'address' | 'postcode'>;
  category: string;
}

const squash = (s: string): string => s.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
const compact = (s: string): string => s.replace(/\s+/g, '').toUpperCase();
const phoneKey = (s: string | undefined): string => (s ?? '').replace(/\D/g, '').slice(-10);

/** Words that open an address line without naming the street: a flat, a house number, a house name's "The". */
const LEADING =
  /^(?:(?:flat|apartment|apt|unit|suite)\s+\S+\s*,?\s*)?(?:\d+[a-z]?(?:\s*[-–]\s*\d+[a-z]?)?\s*,?\s+)?/i;

/**
 * The street of an address, lower case: the first line that names one (a line holding a house number and a
 * road, or the line after a house name), without the number. `12 Elm Road, Northtown` and
 * `Flat 2, 12 Elm Road` both give `elm road`. Null when nothing looks like a street.
 */
export const streetOf = (address: string): string | null => {
  const lines = address
    .split(/[\n,]/)
    .map((l) => squash(l))
    .filter((l) => l !== '');
  for (const line of lines) {
    if (/^(?:flat|apartment|apt|unit|suite)\s+\S+$/.test(line)) continue;
    const street = line.replace(LEADING, '').trim();
    // A line that was only a number ("12") is followed by the street.
    if (street === '' || /^\d+[a-z]?$/.test(street)) continue;
    if (
      /\d/.test(line) ||
      lines.length === 1 ||
      /\b(road|rd|street|st|lane|ln|avenue|ave|close|drive|way|crescent|place|court|grove|gardens|terrace|hill|row|walk|square|parade|mews|green|park)\b/.test(
        street,
      )
    )
      return street.replace(/^(?:\d+[a-z]?\s+)/, '');
  }
  return null;
};

/**
 * Why `earlier` may be the case `probe` is about to raise again: the same constituent (the same e-mail
 * address, the same phone number, or the same name at the same postcode), or the same street and the same
 * category. Empty when neither holds. The caller passes only the constituent details it may see.
 */
export const duplicateReasons = (
  probe: DuplicateProbe,
  earlier: Pick<Case, 'category'> & { constituent: Constituent },
): DuplicateReason[] => {
  const a = probe.constituent;
  const b = earlier.constituent;
  const reasons: DuplicateReason[] = [];
  const sameEmail = Boolean(a.email?.trim()) && squash(a.email ?? '') === squash(b.email ?? '');
  const phone = phoneKey(a.phone);
  const samePhone = phone.length >= 7 && phone === phoneKey(b.phone);
  const sameNameAndPostcode =
    squash(a.name) !== '' && squash(a.name) === squash(b.name) && compact(a.postcode) === compact(b.postcode);
  if (sameEmail || samePhone || sameNameAndPostcode) reasons.push('same-constituent');
  const street = streetOf(a.address);
  if (
    street !== null &&
    squash(probe.category) === squash(earlier.category) &&
    compact(a.postcode).slice(0, -3) === compact(b.postcode).slice(0, -3) &&
    streetOf(b.address) === street
  )
    reasons.push('same-street-and-category');
  return reasons;
};
