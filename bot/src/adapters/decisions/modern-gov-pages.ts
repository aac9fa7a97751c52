import * as cheerio from 'cheerio';
import type { ImportRow } from '../../app/decisions-register';
import type { DecisionDraft, DecisionLink } from '../../domain/decision';
import { isWebLink } from '../../domain/decision';
import { findDate, readDate, readMakerKind } from './import-fields';

/**
 * modern.gov publishes decisions as HTML only (its web service has no decisions method; platform-facts §10):
 * list pages (`mgDelegatedDecisions.aspx`, `mgListOfficerDecisions.aspx`) link to one page per decision
 * (`ieDecisionDetails.aspx?ID=n`) whose fields are labelled. Installs differ: "Decision Maker:" on one,
 * "Decided at meeting:" on another; labels in `<span class="mgLabel">`, in headings before a paragraph, in
 * `<dt>`/`<dd>` or in table rows. These readers collect every label/value pair whatever the markup, then look
 * for each field under the names installs are known to use, and say what they could not find.
 */

/** Which label names mean which field (lower case, without the trailing colon or question mark). */
const LABELS = {
  maker: ['decision maker', 'decision taker', 'decided by', 'decided at meeting', 'meeting'],
  status: ['decision status', 'status'],
  key: ['is key decision', 'key decision', 'is this a key decision'],
  callIn: [
    'is subject to call in',
    'subject to call in',
    'is subject to call-in',
    'subject to call-in',
    'call-in',
  ],
  callInDeadline: [
    'call-in deadline',
    'call in deadline',
    'call-in expiry date',
    'call in expiry date',
    'deadline for call-in',
  ],
  summary: ['purpose', 'issue', 'summary', 'purpose of report'],
  decision: ['decision', 'decisions', 'decision made'],
  reasons: [
    'reasons for the decision',
    'reasons for decision',
    'reason for decision',
    'reason for the decision',
    'reasons',
  ],
  date: ['date of decision', 'decision date', 'date decision taken', 'date of meeting', 'decision made on'],
  published: ['publication date', 'date published'],
  wards: [
    'wards affected',
    'ward(s) affected',
    'divisions affected',
    'division(s) affected',
    'electoral divisions affected',
  ],
  documents: ['accompanying documents', 'supporting documents', 'background papers', 'documents'],
} as const;

type Field = keyof typeof LABELS;
interface Value {
  text: string;
  links: { title: string; href: string }[];
}

const DETAIL_LINK = /ieDecisionDetails\.aspx\?(?:[^"'#]*&)?(?:ID|Id|id)=(\d+)/;
const normaliseLabel = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[:?]+$/, '')
    .trim()
    .toLowerCase();
const tidy = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();

/** The decisions a list page links to, as absolute addresses against `base`, without repeats. */
export const decisionLinksIn = (html: string, base: string): { id: string; url: string }[] => {
  const $ = cheerio.load(html);
  const found = new Map<string, string>();
  $('a[href]').each((_, el) => {
    const href = $(el).attr('href') ?? '';
    const m = DETAIL_LINK.exec(href);
    if (m?.[1] && !found.has(m[1])) found.set(m[1], new URL(href, base).toString());
  });
  return [...found].map(([id, url]) => ({ id, url }));
};

/** Every label/value pair on a page, in the shapes modern.gov installs use. */
const labelledValues = ($: cheerio.CheerioAPI): Map<string, Value> => {
  const values = new Map<string, Value>();
  const linksOf = (el: cheerio.Cheerio<never>) =>
    el
      .find('a[href]')
      .toArray()
      .map((a) => ({ title: tidy($(a).text()), href: $(a).attr('href') ?? '' }));
  const put = (label: string, text: string, links: Value['links']) => {
    const key = normaliseLabel(label);
    if (key && !values.has(key) && key.length <= 60) values.set(key, { text: tidy(text), links });
  };
  // <p><span class="mgLabel">Decision status: </span>Approved</p>
  $('.mgLabel').each((_, el) => {
    const label = $(el).text();
    const parent = $(el).parent().clone();
    parent.find('.mgLabel').remove();
    put(label, parent.text(), linksOf(parent as cheerio.Cheerio<never>));
  });
  // <dt>Decision maker</dt><dd>Cabinet</dd>
  $('dt').each((_, el) => {
    const dd = $(el).nextAll('dd').first();
    put($(el).text(), dd.text(), linksOf(dd as cheerio.Cheerio<never>));
  });
  // <tr><th>Decided at meeting:</th><td>…</td></tr>
  $('tr').each((_, el) => {
    const cells = $(el).children('th, td');
    if (cells.length === 2)
      put(cells.first().text(), cells.last().text(), linksOf(cells.last() as cheerio.Cheerio<never>));
  });
  // <h2 class="mgSubSubTitleTxt">Reasons for the decision:</h2><p>…</p><p>…</p>
  $('h2, h3, h4, .mgSubSubTitleTxt').each((_, el) => {
    const heading = $(el);
    if (heading.is('h1')) return;
    const parts = heading.nextUntil('h1, h2, h3, h4, .mgSubSubTitleTxt');
    if (parts.length === 0) return;
    put(
      heading.text(),
      parts
        .toArray()
        .map((p) => $(p).text())
        .join('\n'),
      linksOf(parts as cheerio.Cheerio<never>),
    );
  });
  return values;
};

const field = (values: Map<string, Value>, name: Field): Value | undefined => {
  for (const label of LABELS[name]) {
    const v = values.get(label);
    if (v && v.text !== '') return v;
  }
  return undefined;
};

const yes = (v: Value | undefined): boolean => /^(yes|y|true)\b/i.test(v?.text ?? '');

/** The address the page was published at, if it says (canonical link, form action, base). */
const publishedAt = ($: cheerio.CheerioAPI): URL | null => {
  for (const candidate of [
    $('link[rel="canonical"]').attr('href'),
    $('meta[property="og:url"]').attr('content'),
    $('base[href]').attr('href'),
    $('form[action*="ieDecisionDetails"]').attr('action'),
  ]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url;
    } catch {
      // A relative address: says nothing about the host.
    }
  }
  return null;
};

export interface DetailPageInput {
  html: string;
  /** How the report names the page: its file name or address. */
  label: string;
  /** The address it was read from (site import), else null (an uploaded saved page). */
  url: string | null;
  /** For saved pages that do not say where they were published: the site the officer says they came from. */
  siteHint?: string | undefined;
  /** From an officer-decisions list: the maker is an officer whatever the page calls them. */
  officerDecision?: boolean | undefined;
}

/**
 * One decision page as an import row: a decision, or why it is not one / what could not be read. The
 * decision's key is `<site host>:<ID>`, the same from a saved page and from the site, so importing both
 * changes nothing the second time.
 */
export const readDecisionPage = (input: DetailPageInput): ImportRow => {
  const $ = cheerio.load(input.html);
  const values = labelledValues($);
  const label = input.label;
  const maker = field(values, 'maker');
  const decisionText = field(values, 'decision');
  if (!maker && !decisionText && !field(values, 'status'))
    return {
      label,
      problem: 'This is not a modern.gov decision page: it has no decision maker, status or decision.',
    };

  // Where the page says it was published wins over where it was read from, so a saved page and the same page
  // read from the site (or a mirror) name the same decision.
  const origin = publishedAt($) ?? (input.url ? new URL(input.url) : null);
  const host = origin?.host ?? input.siteHint?.trim().toLowerCase() ?? '';
  const idFrom = (s: string | undefined | null) => (s ? (DETAIL_LINK.exec(s)?.[1] ?? null) : null);
  const id =
    idFrom(input.url) ??
    idFrom($('link[rel="canonical"]').attr('href')) ??
    idFrom($('form[action]').attr('action')) ??
    idFrom($('meta[property="og:url"]').attr('content')) ??
    idFrom(input.label);
  if (!id) return { label, problem: 'The page does not say its decision ID (ieDecisionDetails.aspx?ID=…).' };
  if (!host)
    return {
      label,
      problem: 'The page does not say which site it is from: give the site address with the upload.',
    };

  const title = tidy(
    $('.mgSubTitleTxt').first().text() ||
      $('h2').first().text() ||
      $('title')
        .text()
        .replace(/^.*?decision details\s*[-:|]\s*/i, ''),
  );
  if (!title) return { label, problem: 'The page has no title.' };

  const makerName = tidy((maker?.text ?? '').replace(/\d{1,2}\/\d{1,2}\/\d{4}\s*-?\s*/, ''));
  const date =
    readDate(field(values, 'date')?.text ?? '') ??
    findDate(maker?.text ?? '') ??
    readDate(field(values, 'published')?.text ?? '');
  if (!date)
    return {
      label,
      problem:
        'No date of decision found (looked for "Date of decision", "Decided at meeting" and "Publication date").',
    };
  if (!makerName)
    return {
      label,
      problem: 'No decision maker found (looked for "Decision Maker" and "Decided at meeting").',
    };

  const statusText = field(values, 'status')?.text ?? '';
  const forthcoming = /for determination|pending|forthcoming|not yet|proposed|to be decided/i.test(
    statusText,
  );
  const base = origin ? `${origin.protocol}//${origin.host}/` : null;
  const links: DecisionLink[] = [];
  for (const l of field(values, 'documents')?.links ?? []) {
    try {
      const url = base ? new URL(l.href, base).toString() : l.href;
      if (isWebLink(url)) links.push({ title: l.title || 'Document', url });
    } catch {
      // An address that cannot be resolved is left out; the page link below still leads to it.
    }
  }
  if (base)
    links.unshift({
      title: 'Decision on the council website',
      url: new URL(`ieDecisionDetails.aspx?ID=${id}`, base).toString(),
    });

  const wardsText = field(values, 'wards')?.text ?? '';
  const allWards = /^(all|county-?wide|all wards|all divisions)\b/i.test(wardsText);
  const deadlineText = field(values, 'callInDeadline')?.text ?? '';
  const callIn = yes(field(values, 'callIn')) || readDate(deadlineText) !== null;
  const summary = [
    field(values, 'summary')?.text,
    decisionText ? `Decision: ${decisionText.text}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const draft: DecisionDraft = {
    title,
    summary: summary.slice(0, 4000),
    maker: { kind: input.officerDecision ? 'officer' : readMakerKind('', makerName), name: makerName },
    status: forthcoming ? 'forthcoming' : 'taken',
    date,
    keyDecision: yes(field(values, 'key')),
    callIn: { subject: callIn, deadline: callIn ? readDate(deadlineText) : null },
    // "All wards" is the council's own statement; named wards are matched against the text as suggestions.
    wards: allWards ? 'all' : [],
    wardsConfirmed: allWards,
    reasons: (field(values, 'reasons')?.text ?? '').slice(0, 8000),
    links: links.slice(0, 10),
    takingPart: '',
    source: { kind: 'modern-gov', key: `${host}:${id}` },
  };
  // Ward names the page lists are part of the text that ward suggestion reads.
  if (!allWards && wardsText) draft.summary = `${draft.summary}\n\nWards affected: ${wardsText}`.trim();
  return { label, draft };
};

/** Whether a page is a list of decisions (it links to decision pages) rather than one decision. */
export const isDecisionList = (html: string): boolean =>
  decisionLinksIn(html, 'https://list.invalid/').length > 0 && !/mgLabel[^>]*>\s*Decision status/i.test(html);
