import type { Server } from 'restify';
import { z } from 'zod';
import type { Directory } from '../app/ports';
import type { LocalIssuer } from '../adapters/identity/local-issuer';
import { NotFoundError } from '../domain/errors';
import type { RouteHelpers } from './server';

const TokenRequest = z.strictObject({ personId: z.string().min(1).max(100) });

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/**
 * Local mode only: a sign-in page listing the seeded people, a token endpoint and the issuer's JWKS. The
 * tokens it signs are checked by the same validator that checks Entra ID tokens in Microsoft 365 mode.
 * These routes are never registered in `MODE=m365`.
 */
export const localSignInRoutes =
  (deps: { issuer: LocalIssuer; directory: Pick<Directory, 'people' | 'person'>; publicUrl: string }) =>
  (server: Server, { handle }: RouteHelpers): void => {
    server.get(
      '/auth/local/jwks',
      handle((_req, res) => {
        res.send(200, deps.issuer.jwks());
      }),
    );

    server.post(
      '/auth/local/token',
      handle(async (req, res) => {
        const { personId } = TokenRequest.parse(req.body ?? {});
        const person = await deps.directory.person(personId);
        if (!person) throw new NotFoundError('person');
        const { token, expiresAt } = await deps.issuer.issue(person);
        res.send(200, {
          token,
          tokenType: 'Bearer',
          expiresAt: expiresAt.toISOString(),
          personId: person.id,
        });
      }),
    );

    server.get(
      '/auth/local/sign-in.js',
      handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(SIGN_IN_SCRIPT);
      }),
    );

    server.get(
      '/auth/local',
      handle(async (_req, res) => {
        const people = await deps.directory.people();
        const rows = people
          .map(
            (p) =>
              `<li><button type="button" data-person="${escapeHtml(p.id)}">${escapeHtml(p.displayName)}</button> <span>${escapeHtml(p.roles.join(', '))}</span></li>`,
          )
          .join('\n');
        const html = signInPage(rows);
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy':
            "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          'cache-control': 'no-store',
        });
        res.end(html);
      }),
    );
  };

const signInPage = (rows: string): string => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Members' Hub (local demo)</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 46rem; padding: 0 1rem; color: #1b1b1b; }
  button { font: inherit; padding: .25rem .75rem; cursor: pointer; }
  button:focus-visible { outline: 3px solid #0f5fd6; outline-offset: 2px; }
  li { margin: .25rem 0; }
  li span { color: #4a4a4a; }
  pre { background: #f3f3f3; padding: .75rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  [role=status] { margin-top: 1rem; }
</style>
</head>
<body>
<main>
<h1>Members' Hub – local sign-in</h1>
<p>This is the embedded demo: a fictional council with no real people. Choose who to be. In Microsoft 365 mode
people sign in with their council account through Teams instead, and this page does not exist.</p>
<ul>
${rows}
</ul>
<div role="status" aria-live="polite" id="result"></div>
</main>
<script src="/auth/local/sign-in.js"></script>
</body>
</html>
`;

/** Served as a file so the page's Content-Security-Policy needs no 'unsafe-inline' for scripts. */
const SIGN_IN_SCRIPT = `  const result = document.getElementById('result');
  for (const button of document.querySelectorAll('button[data-person]')) {
    button.addEventListener('click', async () => {
      result.textContent = 'Signing in…';
      const response = await fetch('/auth/local/token', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personId: button.dataset.person }),
      });
      const body = await response.json();
      if (!response.ok) { result.textContent = body.message; return; }
      const back = new URLSearchParams(location.search).get('return');
      // Only ever return to a page of this service: an absolute or protocol-relative URL is ignored.
      const target = back ? new URL(back, location.origin) : null;
      if (target && target.origin === location.origin) {
        sessionStorage.setItem('membersHubLocalToken', body.token);
        location.assign(target.pathname + target.search + target.hash);
        return;
      }
      result.innerHTML = '';
      const p = document.createElement('p');
      p.textContent = 'Signed in as ' + button.textContent + ' until ' + new Date(body.expiresAt).toLocaleTimeString('en-GB') + '. Call the API with this token:';
      const pre = document.createElement('pre');
      pre.textContent = 'curl -H "Authorization: Bearer ' + body.token + '" ' + location.origin + '/api/cases?mine=true';
      result.append(p, pre);
    });
  }
`;
