import type { WardId } from './ids';
import { suggestWard, type WardPostcodes } from './ward';

/** A UK-shaped postcode anywhere in a text (outward code, space optional, inward code). */
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/gi;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names a ward is mentioned by: its full name and, for a combined division ("Greyhallow & Sorrelby",
 * "Ambercombe Vale"), each place in it. Words shorter than 4 letters are not places on their own.
 */
const namesOf = (name: string): string[] => {
  const full = name.trim();
  const parts = full
    .split(/\s*(?:&|\band\b|,)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p.length >= 4);
  return [...new Set([full, full.replace(/&/g, 'and'), ...parts])];
};

/**
 * Wards a decision's text seems to concern: those whose name (or a place in a combined name) appears as whole
 * words, and those whose postcode prefixes cover a postcode in the text. A suggestion for an officer to
 * confirm, in the council's ward order; never applied on its own.
 */
export const suggestWardsFromText = <W extends WardPostcodes>(
  text: string,
  wards: readonly W[],
): WardId[] => {
  const found = new Set<WardId>();
  for (const ward of wards) {
    for (const name of namesOf(ward.name)) {
      const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(name)}($|[^\\p{L}\\p{N}])`, 'iu');
      if (pattern.test(text)) found.add(ward.id);
    }
  }
  for (const match of text.matchAll(POSTCODE)) {
    const ward = suggestWard(`${match[1]} ${match[2]}`, wards);
    if (ward) found.add(ward.id);
  }
  return wards.filter((w) => found.has(w.id)).map((w) => w.id);
};
