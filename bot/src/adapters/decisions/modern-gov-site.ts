import type { ImportRow } from '../../app/decisions-register';
import type { IsoDate } from '../../domain/case';
import { ValidationError } from '../../domain/errors';
import { parseRetryAfter } from '../teams/retry-after';
import { publicWebFetch, resolvesOnlyToPublic, systemPublicWebFetch, type Resolve } from '../web/public-web';
import { decisionLinksIn, isDecisionList, readDecisionPage } from './modern-gov-pages';

/** How the site is reached: the global fetch in production; tests hand in one that trusts their test CA. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface ModernGovSiteOptions {
  /** Default: a fetch that connects only to public addresses (`adapters/web/public-web.ts`). */
  fetch?: Fetch | undefined;
  /** How host names are resolved for the public-address check (the system resolver by default). */
  resolve?: Resolve | undefined;
  /** Plain http and loopback addresses, for tests only (production reads public https sites). */
  allowLoopback?: boolean | undefined;
  /** At most this many decision pages per import (default 200). */
  maxPages?: number | undefined;
  timeoutMs?: number | undefined;
}

const MAX_PAGE_BYTES = 2 * 1024 * 1024;
const TRIES = 3;

const ddmmyyyy = (d: IsoDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/**
 * The council's modern.gov site as a decision source, read over HTTPS: the published-decisions list
 * (`mgDelegatedDecisions.aspx?DS=2&DR=dd/mm/yyyy-dd/mm/yyyy`, slashes percent-encoded) and the officer
 * decisions list, then each decision's own page. Polite: one page at a time, a timeout per page, 429/503
 * answered by waiting out Retry-After (at most 3 tries); a page that cannot be read is reported, not fatal.
 */
export const readModernGovSite = async (
  site: string,
  period: { from: IsoDate; to: IsoDate },
  options: ModernGovSiteOptions = {},
): Promise<ImportRow[]> => {
  let base: URL;
  try {
    base = new URL(site.endsWith('/') ? site : `${site}/`);
  } catch {
    throw new ValidationError('The site address is not a web address.', [
      { path: 'url', message: 'Give the modern.gov site\u2019s https address.' },
    ]);
  }
  const loopbackOk = options.allowLoopback === true;
  if (base.protocol !== 'https:' && !(loopbackOk && base.protocol === 'http:'))
    throw new ValidationError('The site must be read over https.', [
      { path: 'url', message: 'Use an https:// address.' },
    ]);
  // The address a person typed must be a public website: checked here for a clear answer, and again by the
  // default fetch on every connection, against the address it really connects to (DNS rebinding).
  if (!loopbackOk && !(await resolvesOnlyToPublic(base.hostname, options.resolve)))
    throw new ValidationError('That address is not a public website.', [
      { path: 'url', message: 'Use the council\u2019s public modern.gov address.' },
    ]);
  const doFetch: Fetch =
    options.fetch ?? (options.resolve ? publicWebFetch(options.resolve) : systemPublicWebFetch());
  const timeoutMs = options.timeoutMs ?? 15_000;

  // Only the site itself is read: a list page linking elsewhere, or a redirect off the site, could otherwise
  // make the service fetch an address of the attacker's choosing (an internal one included).
  const onSite = (url: string): boolean => {
    try {
      return new URL(url).origin === base.origin;
    } catch {
      return false;
    }
  };
  const MAX_REDIRECTS = 5;

  const get = async (url: string): Promise<string> => {
    let at = url;
    for (let attempt = 1, hops = 0; ;) {
      const res = await doFetch(at, {
        headers: { accept: 'text/html', 'user-agent': "Members' Hub decisions import" },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      }).catch((error: unknown) => {
        // The connection's own lookup found an internal address (the name changed since it was checked).
        if ((error as { cause?: { code?: unknown } }).cause?.code === 'ERR_NOT_PUBLIC_ADDRESS')
          throw new Error(`${base.host} now resolves to an address that is not public`);
        throw error;
      });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        const next = new URL(res.headers.get('location') ?? '', at).toString();
        if (!onSite(next)) throw new Error(`the site redirected away from ${base.host}`);
        if ((hops += 1) > MAX_REDIRECTS) throw new Error('the site redirected too many times');
        at = next;
        continue;
      }
      if ((res.status === 429 || res.status === 503) && attempt < TRIES) {
        await res.body?.cancel();
        const wait = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 1_000 * attempt;
        await new Promise((r) => setTimeout(r, Math.min(wait, 30_000)));
        attempt += 1;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`the site answered ${res.status}`);
      }
      const text = await res.text();
      if (Buffer.byteLength(text) > MAX_PAGE_BYTES) throw new Error('the page is larger than 2 MB');
      return text;
    }
  };

  const range = encodeURIComponent(`${ddmmyyyy(period.from)}-${ddmmyyyy(period.to)}`);
  const lists = [
    { url: new URL(`mgDelegatedDecisions.aspx?DS=2&DR=${range}`, base).toString(), officer: false },
    { url: new URL(`mgListOfficerDecisions.aspx?DR=${range}`, base).toString(), officer: true },
  ];
  const rows: ImportRow[] = [];
  const pages = new Map<string, { url: string; officer: boolean }>();
  for (const list of lists) {
    try {
      const html = await get(list.url);
      for (const link of decisionLinksIn(html, list.url)) {
        if (!onSite(link.url))
          rows.push({ label: link.url, problem: `Not read: the page is not on ${base.host}.` });
        else if (!pages.has(link.id)) pages.set(link.id, { url: link.url, officer: list.officer });
      }
    } catch (error) {
      rows.push({
        label: list.url,
        problem: `The list could not be read: ${error instanceof Error ? error.message : 'unknown error'}.`,
      });
    }
  }
  const max = options.maxPages ?? 200;
  for (const [i, { url, officer }] of [...pages.values()].entries()) {
    if (i >= max) {
      rows.push({
        label: url,
        problem: `Not read: an import reads at most ${max} decision pages; narrow the dates.`,
      });
      continue;
    }
    try {
      rows.push(readDecisionPage({ html: await get(url), label: url, url, officerDecision: officer }));
    } catch (error) {
      rows.push({
        label: url,
        problem: `The page could not be read: ${error instanceof Error ? error.message : 'unknown error'}.`,
      });
    }
  }
  return rows;
};

/**
 * Saved pages uploaded in the tab: decision pages become rows; list pages are skipped (their decisions come from
 * their own pages), but an officer-decisions list marks the decisions it links to as officer decisions.
 */
export const readSavedPages = (
  pages: readonly { name: string; html: string }[],
  siteHint?: string,
): ImportRow[] => {
  const officerIds = new Set<string>();
  for (const p of pages)
    if (/mgListOfficerDecisions/i.test(p.html) || /officer decisions/i.test(p.name))
      for (const link of decisionLinksIn(p.html, 'https://saved.invalid/')) officerIds.add(link.id);
  return pages.map((p): ImportRow => {
    if (isDecisionList(p.html)) {
      const n = decisionLinksIn(p.html, 'https://saved.invalid/').length;
      return {
        label: p.name,
        skipped: `A list of ${n} decision${n === 1 ? '' : 's'}: each is imported from its own page.`,
      };
    }
    const row = readDecisionPage({ html: p.html, label: p.name, url: null, siteHint });
    if ('draft' in row) {
      const id = row.draft.source.key?.split(':').pop();
      if (id && officerIds.has(id))
        return { ...row, draft: { ...row.draft, maker: { ...row.draft.maker, kind: 'officer' } } };
    }
    return row;
  });
};
