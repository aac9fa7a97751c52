import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const SAMPLES = join(__dirname, '..', '..', '..', 'samples', 'briefings', 'modern-gov');
const TLS = join(__dirname, 'tls');

/** The sample saved pages of both installs, as the tab uploads them. */
export const savedPages = (...installs: string[]): { name: string; html: string }[] =>
  installs.flatMap((install) =>
    readdirSync(join(SAMPLES, install))
      .sort()
      .map((name) => ({ name, html: readFileSync(join(SAMPLES, install, name), 'utf8') })),
  );

/** A status instead of the page: 429 with Retry-After, or a redirect to `location`. */
type Answer = { status: number; retryAfter?: string; location?: string };

export interface FakeModernGovSite {
  url: string;
  ca: string;
  /** Every path and query asked for, in order. */
  requests: string[];
  /** The next requests for these decision ids get these statuses first (e.g. 429 with Retry-After 0). */
  failNext(id: string, ...answers: Answer[]): void;
  /** Adds this HTML to the published-decisions list (e.g. a link to another site). */
  addToList(html: string): void;
  close(): Promise<void>;
}

/**
 * A council's modern.gov site on https://127.0.0.1 (test certificate): the published-decisions list is
 * install A's saved list, the officer-decisions list install B's, and each `ieDecisionDetails.aspx?ID=n` the
 * saved page of that id from either install.
 */
export const startFakeModernGovSite = async (): Promise<FakeModernGovSite> => {
  const read = (install: string, name: string) => readFileSync(join(SAMPLES, install, name), 'utf8');
  const requests: string[] = [];
  const failures = new Map<string, Answer[]>();
  let extraList = '';
  const server: Server = createServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      requests.push(`${url.pathname}${url.search}`);
      const html = (body: string) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(body);
      };
      const page = url.pathname.toLowerCase();
      if (page === '/mgdelegateddecisions.aspx')
        return html(
          read('install-a', 'mgDelegatedDecisions.html') +
            read('install-b', 'mgDelegatedDecisions.html') +
            extraList,
        );
      if (page === '/mglistofficerdecisions.aspx')
        return html(read('install-b', 'mgListOfficerDecisions.html'));
      const id = url.searchParams.get('ID') ?? '';
      if (page === '/iedecisiondetails.aspx') {
        const fault = failures.get(id)?.shift();
        if (fault) {
          res.writeHead(fault.status, {
            ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
            ...(fault.location !== undefined ? { location: fault.location } : {}),
          });
          res.end();
          return;
        }
        for (const install of ['install-a', 'install-b'])
          if (readdirSync(join(SAMPLES, install)).includes(`ieDecisionDetails-${id}.html`))
            return html(read(install, `ieDecisionDetails-${id}.html`));
      }
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Page not found</h1>');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    ca: readFileSync(join(TLS, 'ca.pem'), 'utf8'),
    requests,
    failNext: (id, ...answers) => failures.set(id, [...(failures.get(id) ?? []), ...answers]),
    addToList: (html) => {
      extraList += html;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
