import type { CaseRef } from './ids';

/**
 * What a person typed into a case search, read the way people type it (issue 16):
 *
 * - a reference in full, with or without `MH-` (`MH-2026-00179`, `mh-2026-179`, `2026-00179`): exactly
 *   that case;
 * - the start of a reference, as typed so far (`MH-2026-001`): every reference that begins so;
 * - otherwise words, each matched as the start of a word (`zephyr` finds "Zephyrine") in the case's title,
 *   category, description, the constituent's address and postcode (where the person may see them), or a
 *   document's name or text; a number of up to five digits (`00199`, `199`) also matches the case numbered
 *   so in any year. Every word must match somewhere, unless the words are joined by `or`; a word written
 *   with a leading `-` (`-pothole`) must match nowhere. Quotes are ignored: a "phrase" is its words.
 *
 * Only letters and digits survive as words (at most eight), so nothing typed can reach the database's
 * query syntax.
 */
export type CaseSearch =
  | { kind: 'ref'; ref: CaseRef }
  | { kind: 'ref-prefix'; prefix: string }
  | { kind: 'words'; words: string[]; any: boolean; without: string[] }
  | { kind: 'nothing' };

/** A whole reference: five digits, or a number written without its leading zeros (`MH-2026-179`). */
const FULL_REF = /^(?:MH-?)?(\d{4})-(\d{5}|[1-9]\d{0,3})$/i;
/** The start of one, as typed so far (`MH-2026-001`). */
const REF_PREFIX = /^MH-\d{0,4}(?:-\d{0,4})?$/i;
const MAX_WORDS = 8;
/** A number this long may be a case's number within its year. */
export const CASE_NUMBER = /^\d{1,5}$/;

export const parseCaseSearch = (typed: string): CaseSearch => {
  const text = typed.trim();
  const full = FULL_REF.exec(text);
  if (full?.[1] !== undefined && full[2] !== undefined)
    return { kind: 'ref', ref: `MH-${full[1]}-${full[2].padStart(5, '0')}` };
  if (REF_PREFIX.test(text) && text.length >= 4) return { kind: 'ref-prefix', prefix: text.toUpperCase() };
  const wordsOf = (part: string) =>
    part
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const parts = text.split(/\s+/);
  const tokens = parts.filter((p) => !p.startsWith('-')).flatMap(wordsOf);
  const without = [...new Set(parts.filter((p) => p.startsWith('-')).flatMap(wordsOf))].slice(0, MAX_WORDS);
  const any = tokens.includes('or') && tokens.some((t) => t !== 'or');
  const words = tokens
    .filter((t) => !(any && t === 'or'))
    .filter((t, i, all) => all.indexOf(t) === i)
    .slice(0, MAX_WORDS);
  return words.length === 0 ? { kind: 'nothing' } : { kind: 'words', words, any, without };
};

/** The case number a short number names, zero-padded as references are (`199` → `00199`). */
export const caseNumberOf = (word: string): string | null =>
  CASE_NUMBER.test(word) ? word.padStart(5, '0') : null;
