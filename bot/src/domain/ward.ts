import type { WardId } from './ids';

/** What ward suggestion needs to know about an electoral division. */
export interface WardPostcodes {
  id: WardId;
  name: string;
  /** Postcode areas (`WQ`), districts (`WQ1`) or sectors (`WQ1 2`) that lie in the division. */
  postcodePrefixes: readonly string[];
}

/** Upper case, single spaces, no spaces at either end: `" wq1  2ab "` becomes `"WQ1 2AB"`. */
const tidy = (s: string): string => s.trim().toUpperCase().replace(/\s+/g, ' ');

/**
 * Whether a ward's postcode prefix covers the postcode. Prefixes are compared by postcode part rather than
 * by characters, so district `WQ1` does not cover `WQ10 1AA` (a different district that merely starts with the
 * same characters) while it does cover the sub-districts `WQ1A` and `WQ1B` (as EC1 covers EC1A):
 *
 * - an area (letters only, `WQ`) covers every postcode whose outward code starts with those letters and then a
 *   digit;
 * - a sector (`WQ1 2`) covers postcodes that start with it;
 * - a district (`WQ1`) covers its outward code and that code followed by one letter.
 */
const covers = (prefix: string, postcode: string): boolean => {
  const [outward = '', inward = ''] = postcode.split(' ');
  if (/^[A-Z]{1,2}$/.test(prefix))
    return outward.startsWith(prefix) && /^\d/.test(outward.slice(prefix.length));
  if (prefix.includes(' ')) return inward !== '' && postcode.startsWith(prefix);
  return outward === prefix || (outward.startsWith(prefix) && /^[A-Z]$/.test(outward.slice(prefix.length)));
};

/**
 * The electoral division a postcode most probably lies in: the ward with the longest (most specific) of its
 * postcode prefixes covering the postcode; among equally specific matches, the first ward in `wards`' order.
 * Null when no ward claims the postcode. A suggestion only: divisions do not follow postcode boundaries
 * exactly, so the person raising the case confirms it.
 *
 * `postcode` is expected to be a UK-shaped postcode (the API checks its shape before asking); it is tidied
 * again here so the function is total.
 */
export const suggestWard = <W extends WardPostcodes>(postcode: string, wards: readonly W[]): W | null => {
  const target = tidy(postcode);
  let best: { ward: W; length: number } | null = null;
  for (const ward of wards) {
    for (const raw of ward.postcodePrefixes) {
      const prefix = tidy(raw);
      if (prefix === '' || !covers(prefix, target)) continue;
      if (best === null || prefix.length > best.length) best = { ward, length: prefix.length };
    }
  }
  return best?.ward ?? null;
};
