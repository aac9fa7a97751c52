import type { Server } from 'restify';
import { z } from 'zod';
import type { Directory } from '../app/ports';
import type { LocalIssuer } from '../adapters/identity/local-issuer';
import { NotFoundError } from '../domain/errors';
import type { RouteHelpers } from './server';
import { signInPage, THEME_SCRIPT } from './sign-in-page';

const TokenRequest = z.strictObject({ personId: z.string().min(1).max(100) });

/**
 * Local mode only: a sign-in page listing the seeded people, a token endpoint and the issuer's JWKS. The
 * tokens it signs are checked by the same validator that checks Entra ID tokens in Microsoft 365 mode.
 * These routes are never registered in `MODE=m365`.
 */
export const localSignInRoutes =
  (deps: {
    issuer: LocalIssuer;
    directory: Pick<Directory, 'people' | 'person' | 'wards' | 'departments'>;
    publicUrl: string;
  }) =>
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

    for (const [path, script] of [
      ['/auth/local/sign-in.js', SIGN_IN_SCRIPT],
      ['/auth/local/theme.js', THEME_SCRIPT],
    ] as const)
      server.get(
        path,
        handle((_req, res) => {
          res.writeHead(200, {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'no-store',
          });
          res.end(script);
        }),
      );

    server.get(
      '/auth/local',
      handle(async (_req, res) => {
        const [people, wards, departments] = await Promise.all([
          deps.directory.people(),
          deps.directory.wards(),
          deps.directory.departments(),
        ]);
        const html = signInPage({ people, wards, departments });
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
