/**
 * Suggests where a scanned legacy paper belongs, from its words: the case (a case reference, or the
 * constituent's name and postcode among the member's cases), the member (from the case, or from the ward a
 * postcode falls in), the ward and the dates the paper covers. Every suggestion carries its evidence: the
 * words on the page that support it, so the tab can highlight them on the page image. Pure.
 */

export interface PageWord {
  text: string;
  /** Pixels on the page image: left, top, right, bottom. */
  bbox: [number, number, number, number];
}

export interface MatchPage {
  pageNo: number;
  words: readonly PageWord[];
}

export interface CandidateCase {
  ref: string;
  memberId: string | null;
  constituentName: string;
  postcode: string;
}

export interface CandidateWard {
  id: string;
  postcodePrefixes: readonly string[];
  /** The members for the ward. */
  memberIds: readonly string[];
}

export interface Evidence {
  pageNo: number;
  /** Indexes into the page's words. */
  words: number[];
  /** What was matched, for the reviewer to read: `case reference`, `postcode` … */
  label: string;
}

export interface Suggestion<T> {
  value: T;
  /** 0 to 1: how sure the match is. */
  score: number;
  evidence: Evidence[];
}

export interface Suggestions {
  caseRef: Suggestion<string> | null;
  memberId: Suggestion<string> | null;
  wardId: Suggestion<string> | null;
  dateFrom: Suggestion<string> | null;
  dateTo: Suggestion<string> | null;
}

export const CASE_REF_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{3,6}$/;
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A word as compared: upper case, without the punctuation OCR leaves around it. */
const norm = (text: string): string =>
  text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/g, '');

interface Token {
  pageNo: number;
  index: number;
  value: string;
}

const tokensOf = (pages: readonly MatchPage[]): Token[] =>
  pages.flatMap((p) =>
    p.words.map((w, index) => ({ pageNo: p.pageNo, index, value: norm(w.text) })).filter((t) => t.value),
  );

const evidence = (tokens: readonly Token[], label: string): Evidence[] => {
  const byPage = new Map<number, number[]>();
  for (const t of tokens) byPage.set(t.pageNo, [...(byPage.get(t.pageNo) ?? []), t.index]);
  return [...byPage].map(([pageNo, words]) => ({ pageNo, words, label }));
};

/** Every run of tokens equal to `wanted` (already normalised words). */
const findRuns = (tokens: readonly Token[], wanted: readonly string[]): Token[][] => {
  const runs: Token[][] = [];
  if (wanted.length === 0) return runs;
  for (let i = 0; i + wanted.length <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < wanted.length && ok; j++) ok = tokens[i + j]?.value === wanted[j];
    if (ok) runs.push(tokens.slice(i, i + wanted.length));
  }
  return runs;
};

export interface FoundPostcode {
  postcode: string;
  tokens: Token[];
}

/** UK postcodes, written with or without the space (OCR sometimes loses it). */
export const findPostcodes = (tokens: readonly Token[]): FoundPostcode[] => {
  const found: FoundPostcode[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i] as Token;
    const whole = POSTCODE.exec(a.value);
    if (whole) {
      found.push({ postcode: `${whole[1]} ${whole[2]}`, tokens: [a] });
      continue;
    }
    const b = tokens[i + 1];
    if (b && b.pageNo === a.pageNo && POSTCODE.test(a.value + b.value)) {
      found.push({ postcode: `${a.value} ${b.value}`, tokens: [a, b] });
      i += 1;
    }
  }
  return found;
};

interface FoundDate {
  date: string;
  tokens: Token[];
}

const isoDate = (y: number, m: number, d: number): string | null => {
  if (y < 1950 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
};

/** Dates written `12/03/2019`, `2019-03-12` or `12 March 2019` (UK order). */
export const findDates = (pages: readonly MatchPage[]): FoundDate[] => {
  const found: FoundDate[] = [];
  for (const page of pages) {
    const words = page.words.map((w, index) => ({
      pageNo: page.pageNo,
      index,
      value: w.text.replace(/[.,;:)]+$/, '').replace(/^[(]+/, ''),
    }));
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as Token;
      const numeric = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(w.value);
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(w.value);
      const date = numeric
        ? isoDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]))
        : iso
          ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
          : null;
      if (date) {
        found.push({ date, tokens: [w] });
        continue;
      }
      const day = /^(\d{1,2})(st|nd|rd|th)?$/i.exec(w.value);
      const month = words[i + 1] ? MONTHS.indexOf(words[i + 1]!.value.toLowerCase()) : -1;
      const year = words[i + 2] && /^\d{4}$/.test(words[i + 2]!.value) ? Number(words[i + 2]!.value) : NaN;
      if (day && month >= 0 && !Number.isNaN(year)) {
        const d = isoDate(year, month + 1, Number(day[1]));
        if (d) {
          found.push({ date: d, tokens: [w, words[i + 1]!, words[i + 2]!] });
          i += 2;
        }
      }
    }
  }
  return found;
};

const wardFor = (postcode: string, wards: readonly CandidateWard[]): CandidateWard | null => {
  const outward = postcode.split(' ')[0] ?? '';
  let best: { ward: CandidateWard; length: number } | null = null;
  for (const ward of wards)
    for (const prefix of ward.postcodePrefixes) {
      const p = prefix.toUpperCase();
      if ((outward === p || postcode.replace(' ', '').startsWith(p)) && (!best || p.length > best.length))
        best = { ward, length: p.length };
    }
  return best?.ward ?? null;
};

export interface MatchInput {
  pages: readonly MatchPage[];
  cases: readonly CandidateCase[];
  wards: readonly CandidateWard[];
  /** The member the batch or cover sheet names, if any: it wins over what the text suggests. */
  knownMemberId?: string | null | undefined;
  /** The case a cover sheet names, if any. */
  knownCaseRef?: string | null | undefined;
}

export const suggest = (input: MatchInput): Suggestions => {
  const tokens = tokensOf(input.pages);
  const postcodes = findPostcodes(tokens);

  // The case: a reference written on the paper is the best evidence; then the constituent's name, stronger
  // with their postcode beside it.
  let caseRef: Suggestion<string> | null = null;
  const consider = (s: Suggestion<string>) => {
    if (!caseRef || s.score > caseRef.score) caseRef = s;
  };
  const casesByRef = new Map(input.cases.map((c) => [c.ref.toUpperCase(), c]));
  for (const t of tokens) {
    if (!CASE_REF_PATTERN.test(t.value)) continue;
    const known = casesByRef.get(t.value);
    if (known) consider({ value: known.ref, score: 1, evidence: evidence([t], 'case reference') });
  }
  for (const c of input.cases) {
    const nameWords = c.constituentName.split(/\s+/).map(norm).filter(Boolean);
    if (nameWords.length < 2) continue;
    const runs = findRuns(tokens, nameWords);
    if (runs.length === 0) continue;
    const sameCode = postcodes.filter((p) => p.postcode === c.postcode.toUpperCase().replace(/\s+/, ' '));
    const used = [...runs.flat(), ...sameCode.flatMap((p) => p.tokens)];
    consider({
      value: c.ref,
      score: sameCode.length > 0 ? 0.9 : 0.6,
      evidence: [
        ...evidence(runs.flat(), 'constituent’s name'),
        ...(sameCode.length > 0
          ? evidence(
              sameCode.flatMap((p) => p.tokens),
              'postcode',
            )
          : []),
      ].filter((e) => used.length > 0 && e.words.length > 0),
    });
  }
  const chosen = caseRef as Suggestion<string> | null;
  if (input.knownCaseRef)
    caseRef = {
      value: input.knownCaseRef,
      score: 1,
      evidence: chosen?.value === input.knownCaseRef ? chosen.evidence : [],
    };

  // The ward: from the first postcode that falls in one.
  let wardId: Suggestion<string> | null = null;
  let wardMembers: readonly string[] = [];
  for (const p of postcodes) {
    const ward = wardFor(p.postcode, input.wards);
    if (ward) {
      wardId = { value: ward.id, score: 0.7, evidence: evidence(p.tokens, 'postcode') };
      wardMembers = ward.memberIds;
      break;
    }
  }

  // The member: given, or the case's member, or the ward's only member.
  let memberId: Suggestion<string> | null = null;
  const matchedCase = caseRef ? input.cases.find((c) => c.ref === caseRef?.value) : undefined;
  if (input.knownMemberId) memberId = { value: input.knownMemberId, score: 1, evidence: [] };
  else if (matchedCase?.memberId)
    memberId = {
      value: matchedCase.memberId,
      score: caseRef?.score ?? 0.5,
      evidence: caseRef?.evidence ?? [],
    };
  else if (wardId && wardMembers.length === 1)
    memberId = { value: wardMembers[0] as string, score: 0.5, evidence: wardId.evidence };

  const dates = findDates(input.pages).sort((a, b) => a.date.localeCompare(b.date));
  const first = dates[0];
  const last = dates.at(-1);
  return {
    caseRef,
    memberId,
    wardId,
    dateFrom: first ? { value: first.date, score: 0.8, evidence: evidence(first.tokens, 'date') } : null,
    dateTo: last ? { value: last.date, score: 0.8, evidence: evidence(last.tokens, 'date') } : null,
  };
};
