import {
  DECISION_MAKER_KINDS,
  isWebLink,
  type DecisionLink,
  type DecisionMakerKind,
} from '../../domain/decision';
import type { IsoDate } from '../../domain/case';
import type { Ward } from '../../app/ports';
import type { WardId } from '../../domain/ids';

/**
 * Field readers shared by the CSV and modern.gov importers: forgiving about the forms people and councils
 * write (dates as 2026-11-03, 03/11/2026 or "3 November 2026"; yes/no; ward names or ids), strict about
 * what they mean. Each returns null (or throws an ImportFieldError naming the problem) rather than guessing.
 */
export class ImportFieldError extends Error {}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const iso = (y: number, m: number, d: number): IsoDate | null => {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
};

/** A UK date in any of the usual written forms; null when there is none. */
export const readDate = (raw: string): IsoDate | null => {
  const s = raw.trim();
  if (s === '') return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})/.exec(s);
  if (m) {
    const month = MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase());
    if (month >= 0) return iso(Number(m[3]), month + 1, Number(m[1]));
  }
  return null;
};

/** The first date written anywhere in a text ("26/11/2026 - Cabinet", "Thursday, 12th November, 2026"). */
export const findDate = (text: string): IsoDate | null => {
  const numeric = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (numeric) return iso(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const written = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(text);
  if (written) {
    const month = MONTHS.indexOf((written[2] ?? '').slice(0, 3).toLowerCase());
    if (month >= 0) return iso(Number(written[3]), month + 1, Number(written[1]));
  }
  return null;
};

export const readDateOrThrow = (raw: string, field: string): IsoDate => {
  const d = readDate(raw);
  if (d === null)
    throw new ImportFieldError(`${field}: "${raw.trim()}" is not a date (use YYYY-MM-DD or DD/MM/YYYY).`);
  return d;
};

/** yes/no in its usual spellings; blank is no. */
export const readYesNo = (raw: string, field: string): boolean => {
  const s = raw.trim().toLowerCase();
  if (['', 'no', 'n', 'false', '0', 'not key', 'not subject to call-in'].includes(s)) return false;
  if (['yes', 'y', 'true', '1'].includes(s) || s.startsWith('yes')) return true;
  throw new ImportFieldError(`${field}: "${raw.trim()}" is not yes or no.`);
};

/** The decision maker's kind from a stated kind, else from its name (Cabinet, a committee, an officer). */
export const readMakerKind = (kind: string, name: string): DecisionMakerKind => {
  const k = kind.trim().toLowerCase();
  if (k !== '') {
    const found = DECISION_MAKER_KINDS.find((x) => x === k);
    if (!found)
      throw new ImportFieldError(
        `decision_maker_type: "${kind.trim()}" is not one of ${DECISION_MAKER_KINDS.join(', ')}.`,
      );
    return found;
  }
  const n = name.toLowerCase();
  if (/\bcabinet\b|\bleader\b/.test(n)) return 'cabinet';
  if (/\bcommittee\b|\bpanel\b|\bboard\b/.test(n)) return 'committee';
  if (/\bcouncil\b/.test(n) && !/\bmember\b/.test(n)) return 'council';
  return 'officer';
};

/** Wards named by id or name, `;`-separated, or `all`; null when none are stated (to be suggested). */
export const readWards = (raw: string, wards: readonly Ward[]): 'all' | WardId[] | null => {
  const s = raw.trim();
  if (s === '') return null;
  if (/^all( wards| divisions)?$/i.test(s)) return 'all';
  return s
    .split(/\s*;\s*/)
    .filter(Boolean)
    .map((part) => {
      const p = part.toLowerCase();
      const ward = wards.find((w) => w.id.toLowerCase() === p || w.name.toLowerCase() === p);
      if (!ward) throw new ImportFieldError(`wards: there is no ward "${part}".`);
      return ward.id;
    });
};

/** Links as `Title|https://…` separated by `;` (a bare address is titled "Papers"). */
export const readLinks = (raw: string): DecisionLink[] =>
  raw
    .split(/\s*;\s*/)
    .filter((s) => s.trim() !== '')
    .map((part) => {
      const bar = part.lastIndexOf('|');
      const title = bar >= 0 ? part.slice(0, bar).trim() : 'Papers';
      const url = (bar >= 0 ? part.slice(bar + 1) : part).trim();
      if (!isWebLink(url)) throw new ImportFieldError(`links: "${url}" is not an http or https address.`);
      return { title: title || 'Papers', url };
    });
