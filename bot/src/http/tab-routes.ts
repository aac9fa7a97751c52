import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { NotFoundError } from '../domain/errors';
import type { RouteHelpers } from './server';
import { acceptedCodings, type ContentCoding } from './content-coding';
import { TabRuntimeSchema } from './schemas';

export interface TabRoutesDeps {
  /** The built tab (Vite's output): `index.html` and `assets/`. */
  distDir: string;
  mode: 'local' | 'm365';
  /** The Entra app's client id in Microsoft 365 mode (the tab's SSO audience); null in local mode. */
  clientId: string | null;
  logger: Pick<Logger, 'warn'>;
}

/**
 * Where the tab may be framed: Teams (web and desktop), Outlook and the Microsoft 365 app, besides itself.
 * Teams' documented hosts for a tab's `frame-ancestors`.
 */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://outlook.office.com',
  'https://*.skype.com',
].join(' ');

/**
 * The tab page's Content-Security-Policy. Scripts only from this service; `style-src 'unsafe-inline'`
 * because Fluent UI's Griffel injects `<style>` elements at run time; images and fonts may be data/blob URLs
 * (Fluent's icons and avatars, and a case document's image preview); the API is same-origin. Frames only from
 * blob: URLs: a PDF preview is the document's bytes, fetched with the person's token and shown in an iframe
 * from a blob: URL the tab made (never a token in an address). Plugins (`object-src`) stay off.
 */
export const TAB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  'frame-src blob:',
  "object-src 'none'",
  "base-uri 'self'",
  `frame-ancestors ${FRAME_ANCESTORS}`,
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Vite names assets by content hash, so a name never changes meaning: browsers may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

/** Whether absolute path `target` lies strictly inside folder `root`. */
const isInside = (root: string, target: string): boolean => {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * The file `relativePath` names inside `dir`, or null when it would lie outside it (`..`, an absolute path, a
 * NUL byte). restify has already decoded the path's percent-escapes once, and it is not decoded again, so a
 * double-encoded `%252e%252e%252f` stays the literal name `%2e%2e%2f` inside `dir`.
 */
export const fileInside = (dir: string, relativePath: string): string | null => {
  if (relativePath === '' || relativePath.includes('\0')) return null;
  const root = resolve(dir);
  const target = resolve(root, relativePath);
  return isInside(root, target) ? target : null;
};

/**
 * Whether there is a regular file at `path`. With `within`, also false when the file is really elsewhere (a
 * symbolic link out of the build): the path check above cannot see through links.
 */
const isRegularFile = async (path: string, within?: string): Promise<boolean> => {
  try {
    if (!(await stat(path)).isFile()) return false;
    return within === undefined || isInside(await realpath(within), await realpath(path));
  } catch (error) {
    // No such file (missing, a path through a file, a name too long to exist) is a 404; anything else is a
    // fault on our side, worth a 500.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return false;
    throw error;
  }
};

/**
 * The compressed copies `npm run build` writes beside each compressible file (`app.js.br`, `app.js.gz`; see
 * `tab/vite.config.mts`). App Service does not compress responses itself, so the service sends these.
 */
export const PRECOMPRESSED: readonly { coding: ContentCoding; suffix: string }[] = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
];

/** A strong validator for exactly these bytes (each coding of a file has its own). */
const etagOf = (content: Buffer): string =>
  `"${createHash('sha256').update(content).digest('base64url').slice(0, 32)}"`;

/** Whether `If-None-Match` names `etag` (or is `*`): the browser's copy is current. */
const matchesEtag = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });

/**
 * The representation of `path` to send for a request: the first precompressed copy the request accepts that
 * exists (inside `within`, like the file itself), else the file as it is; null when the file is missing.
 * Copies are found only beside a file that exists, so a request can never reach a `.br` or `.gz` alone.
 */
const negotiate = async (
  req: Request,
  path: string,
  within?: string,
): Promise<{ content: Buffer; coding: ContentCoding | null } | null> => {
  if (!(await isRegularFile(path, within))) return null;
  for (const coding of acceptedCodings(req.header('accept-encoding') || undefined)) {
    const suffix = PRECOMPRESSED.find((p) => p.coding === coding)?.suffix ?? '';
    if (await isRegularFile(`${path}${suffix}`, within))
      return { content: await readFile(`${path}${suffix}`), coding };
  }
  return { content: await readFile(path), coding: null };
};

/** A request for a stored compressed copy by its own name: those are served only through negotiation. */
const isPrecompressedCopy = (path: string): boolean =>
  PRECOMPRESSED.some((p) => path.toLowerCase().endsWith(p.suffix));

const wildcard = (req: Request): string => {
  const value = (req.params as Record<string, unknown>)['*'];
  return typeof value === 'string' ? value : '';
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Members' Hub – tab not built</title></head>
<body>
<main>
<h1>The Members' Hub tab is not built</h1>
<p>This service serves the tab from its build output, which is missing. Run <code>npm run build</code> in the
repository, then reload this page.</p>
</main>
</body>
</html>
`;

/**
 * Serves the built tab under `/tab`: `runtime.json` (how the tab signs in here), hashed assets, and
 * `index.html` for every other path, so the tab's own routes (`/tab/cases/MH-2026-00001`) survive a reload
 * or a deep link from a card. No token is needed: nothing here is personal, and the tab calls the API with
 * its own token.
 */
export const tabRoutes =
  (deps: TabRoutesDeps) =>
  (server: Server, { handle, send }: RouteHelpers): void => {
    const distDir = resolve(deps.distDir);
    const assetsDir = join(distDir, 'assets');
    let warnedNotBuilt = false;

    /**
     * Sends one file as negotiated: its compressed copy when the browser accepts one, with `Vary:
     * Accept-Encoding` (so a cache never hands brotli to a browser that did not ask for it), the length of the
     * bytes sent and a validator of its own; `304` when the browser already holds those bytes.
     */
    const sendFile = (
      req: Request,
      res: Response,
      path: string,
      file: { content: Buffer; coding: ContentCoding | null },
      headers: Record<string, string>,
    ): void => {
      const etag = etagOf(file.content);
      const common = { vary: 'Accept-Encoding', etag, ...headers, ...SECURITY_HEADERS };
      if (matchesEtag(req.header('if-none-match') || undefined, etag)) {
        res.writeHead(304, common);
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        'content-length': file.content.length,
        ...(file.coding === null ? {} : { 'content-encoding': file.coding }),
        ...common,
      });
      res.end(file.content);
    };

    const sendIndex = async (req: Request, res: Response): Promise<void> => {
      const indexPath = join(distDir, 'index.html');
      const html = await negotiate(req, indexPath);
      if (html === null) {
        // Logged once per process: every request would otherwise repeat it.
        if (!warnedNotBuilt) {
          warnedNotBuilt = true;
          deps.logger.warn({ distDir }, 'the tab is not built: run npm run build');
        }
        res.writeHead(503, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': "default-src 'none'; frame-ancestors " + FRAME_ANCESTORS,
          ...SECURITY_HEADERS,
        });
        res.end(NOT_BUILT_PAGE);
        return;
      }
      sendFile(req, res, indexPath, html, {
        // Always fetched afresh, so a new build's asset names are picked up at the next load.
        'cache-control': 'no-store',
        'content-security-policy': TAB_CONTENT_SECURITY_POLICY,
      });
    };

    server.get(
      '/tab/runtime.json',
      handle((_req, res) => {
        res.header('cache-control', 'no-store');
        send(res, 200, TabRuntimeSchema, {
          mode: deps.mode,
          signInUrl: deps.mode === 'local' ? '/auth/local' : null,
          clientId: deps.clientId,
        });
      }),
    );

    server.get(
      '/tab/assets/*',
      handle(async (req, res) => {
        const path = fileInside(assetsDir, wildcard(req));
        const file =
          path === null || isPrecompressedCopy(path) ? null : await negotiate(req, path, assetsDir);
        if (path === null || file === null) throw new NotFoundError('asset');
        sendFile(req, res, path, file, { 'cache-control': IMMUTABLE });
      }),
    );

    server.get(
      '/tab',
      handle((req, res) => {
        // Relative URLs in index.html resolve against /tab/, so the page itself always lives there.
        const query = req.getQuery();
        res.writeHead(301, {
          location: `/tab/${typeof query === 'string' && query !== '' ? `?${query}` : ''}`,
          'cache-control': 'no-store',
        });
        res.end();
      }),
    );

    server.get(
      '/tab/*',
      handle(async (req, res) => {
        // A file Vite copied from the tab's public/ folder (favicon, manifest icons) is served as it is; any
        // other path is one of the tab's own routes.
        const requested = wildcard(req);
        const path = extname(requested) === '' ? null : fileInside(distDir, requested);
        if (path !== null && path !== join(distDir, 'index.html') && !isPrecompressedCopy(path)) {
          const file = await negotiate(req, path, distDir);
          if (file !== null) return sendFile(req, res, path, file, { 'cache-control': 'no-cache' });
        }
        await sendIndex(req, res);
      }),
    );
  };
