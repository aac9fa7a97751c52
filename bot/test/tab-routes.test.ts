import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createLogger } from '../src/logger';
import { DEFAULT_TAB_DIST_DIR, loadConfig } from '../src/config';
import { acceptedCodings } from '../src/http/content-coding';
import { TAB_CONTENT_SECURITY_POLICY } from '../src/http/tab-routes';
import { startTestApp, type TestApp } from './support/test-app';

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/tab/assets/app-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
const SECRET = 'database password: not for the browser';

/** A GET sent exactly as written: fetch and URL would resolve `..` and percent-encoded dots before sending. */
const rawGet = (
  base: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
  new Promise((ok, fail) => {
    const { hostname, port } = new URL(base);
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });

/** A fake build: index.html, hashed assets of each kind, a public/ file, and a secret beside the folder. */
const fakeBuild = (root: string): string => {
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets', 'fonts'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(join(dist, 'assets', 'app-3f9a1c.js'), 'console.log("tab");');
  writeFileSync(join(dist, 'assets', 'app-3f9a1c.js.map'), '{"version":3}');
  writeFileSync(join(dist, 'assets', 'style-77aa01.css'), 'body{margin:0}');
  writeFileSync(join(dist, 'assets', 'logo-12ab.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, 'assets', 'icon-9f.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dist, 'assets', 'fonts', 'segoe-4c.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(dist, 'assets', '%2e%2e%2fsecret.txt'), 'a file literally named with percent signs');
  symlinkSync(join(root, 'secret.txt'), join(dist, 'assets', 'linked-secret.txt'));
  symlinkSync(join(root, 'secret.txt'), join(dist, 'linked-secret.txt'));
  return dist;
};

/** A bundle worth compressing, with the copies `npm run build` writes beside it (tab/vite.config.mts). */
const BUNDLE = Buffer.from(`export const rows = [${'"a case row", '.repeat(400)}];\n`);
const addCompressedBundle = (dist: string): void => {
  writeFileSync(join(dist, 'assets', 'index-5b7e.js'), BUNDLE);
  writeFileSync(join(dist, 'assets', 'index-5b7e.js.br'), brotliCompressSync(BUNDLE));
  writeFileSync(join(dist, 'assets', 'index-5b7e.js.gz'), gzipSync(BUNDLE));
  // index.html has only a gzip copy: a browser asking for br gets gzip.
  writeFileSync(join(dist, 'index.html.gz'), gzipSync(INDEX_HTML));
  // A compressed copy whose file is missing must not be reachable on its own.
  writeFileSync(join(dist, 'assets', 'orphan-1.js.br'), brotliCompressSync(BUNDLE));
};

/** A GET with the given headers; the body exactly as sent (never decompressed), with the headers. */
const getBytes = (
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
  new Promise((ok, fail) => {
    const { hostname, port } = new URL(base);
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end();
  });

describe('the built tab under /tab', () => {
  let t: TestApp;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mh-tab-'));
    t = await startTestApp({ tabDistDir: fakeBuild(root) });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('tells the tab how to sign in locally, without a token and never from a cache', async () => {
    const res = await fetch(`${t.url}/tab/runtime.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ mode: 'local', signInUrl: '/auth/local', clientId: null });
  });

  it.each([
    ['app-3f9a1c.js', 'text/javascript; charset=utf-8', 'console.log("tab");'],
    ['style-77aa01.css', 'text/css; charset=utf-8', 'body{margin:0}'],
    ['logo-12ab.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['app-3f9a1c.js.map', 'application/json; charset=utf-8', '{"version":3}'],
    ['icon-9f.png', 'image/png', undefined],
    ['fonts/segoe-4c.woff2', 'font/woff2', undefined],
  ])('serves the asset %s as %s, cacheable for a year', async (name, type, text) => {
    const res = await fetch(`${t.url}/tab/assets/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    if (text !== undefined) expect(await res.text()).toBe(text);
  });

  it('answers an unknown asset with the API\u2019s 404, not the page', async () => {
    const res = await t.call(null, 'GET', '/tab/assets/app-000000.js');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'not_found', message: 'No such asset.', requestId: expect.any(String) });
    expect((await t.call(null, 'GET', '/tab/assets/fonts')).status).toBe(404);
    expect((await t.call(null, 'GET', `/tab/assets/${'a'.repeat(300)}.js`)).status).toBe(404);
  });

  it.each([
    '/tab/assets/..%2f..%2fsecret.txt',
    '/tab/assets/..%2F..%2Fsecret.txt',
    '/tab/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/tab/assets/%2e%2e/%2e%2e/secret.txt',
    '/tab/assets/../../secret.txt',
    '/tab/assets/..%5c..%5csecret.txt',
    '/tab/assets/%252e%252e%252f%252e%252e%252fsecret.txt',
    '/tab/assets/fonts/..%2f..%2f..%2fsecret.txt',
    '/tab/assets/%2Fetc%2Fpasswd',
    '/tab/%2Fetc%2Fpasswd.txt',
    '/tab/assets/..%00/secret.txt',
    '/tab/..%2fsecret.txt',
    '/tab/%2e%2e%2fsecret.txt',
    '/tab/..%2f..%2fpackage.json',
    '/tab/assets/linked-secret.txt',
    '/tab/linked-secret.txt',
  ])('never serves a file outside the build for %s', async (path) => {
    const res = await rawGet(t.url, path);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('"name": "members-hub"');
    expect(res.body).not.toContain('root:');
    expect([200, 404]).toContain(res.status);
    // Anything answered with 200 is the tab's page itself, never a file.
    if (res.status === 200) expect(res.body).toBe(INDEX_HTML);
  });

  it('decodes a path once only: a double-encoded name is a literal file name inside the assets folder', async () => {
    const res = await rawGet(t.url, '/tab/assets/%252e%252e%252fsecret.txt');
    expect(res.status).toBe(200);
    expect(res.body).toBe('a file literally named with percent signs');
  });

  it('redirects /tab to /tab/, keeping the query', async () => {
    const res = await fetch(`${t.url}/tab?theme=dark`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tab/?theme=dark');
  });

  it.each([
    '/tab/',
    '/tab/cases/MH-2026-00001',
    '/tab/triage',
    '/tab/admin/people/p-alice',
    '/tab/index.html',
  ])('serves the page for %s with its security headers and no caching', async (path) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(TAB_CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toBe(INDEX_HTML);
  });

  it('lets Teams and Microsoft 365 frame the page, and runs only this service\u2019s scripts', () => {
    const directives = Object.fromEntries(
      TAB_CONTENT_SECURITY_POLICY.split('; ').map((d) => {
        const [name, ...values] = d.split(' ');
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    // Document previews: an image or a PDF from a blob: URL the tab made; nothing wider.
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives['frame-src']).toEqual(['blob:']);
    expect(directives['child-src']).toBeUndefined();
    expect(directives['frame-ancestors']).toEqual(
      expect.arrayContaining([
        "'self'",
        'https://teams.microsoft.com',
        'https://*.teams.microsoft.com',
        'https://*.cloud.microsoft',
        'https://*.office.com',
        'https://outlook.office.com',
      ]),
    );
  });

  it('serves a file from the build\u2019s top level (the tab\u2019s public folder) as itself', async () => {
    const res = await fetch(`${t.url}/tab/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('the built tab, compressed as the browser asks', () => {
  let t: TestApp;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mh-tab-br-'));
    const dist = fakeBuild(root);
    addCompressedBundle(dist);
    t = await startTestApp({ tabDistDir: dist });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const ASSET = '/tab/assets/index-5b7e.js';

  it('sends brotli to a browser that accepts br and gzip, with its length, type, validator and Vary', async () => {
    const res = await getBytes(t.url, ASSET, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(BUNDLE.length / 4);
    expect(brotliDecompressSync(res.body).equals(BUNDLE)).toBe(true);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
  });

  it('sends gzip to a browser that accepts only gzip, or prefers it by q-value', async () => {
    for (const accept of ['gzip', 'br;q=0.5, gzip', 'x-gzip', 'br;q=0, *']) {
      const res = await getBytes(t.url, ASSET, { 'accept-encoding': accept });
      expect({ accept, coding: res.headers['content-encoding'] }).toEqual({ accept, coding: 'gzip' });
      expect(gunzipSync(res.body).equals(BUNDLE)).toBe(true);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
    }
  });

  it('sends the file as it is without Accept-Encoding, or when every coding is refused', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ];
    for (const headers of variants) {
      const res = await getBytes(t.url, ASSET, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.body.equals(BUNDLE)).toBe(true);
      expect(Number(res.headers['content-length'])).toBe(BUNDLE.length);
    }
  });

  it('gives each coding its own validator, and answers 304 only for the one the browser holds', async () => {
    const br = await getBytes(t.url, ASSET, { 'accept-encoding': 'br' });
    const gz = await getBytes(t.url, ASSET, { 'accept-encoding': 'gzip' });
    const plain = await getBytes(t.url, ASSET, {});
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    const again = await getBytes(t.url, ASSET, {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.vary).toBe('Accept-Encoding');
    const otherCoding = await getBytes(t.url, ASSET, {
      'accept-encoding': 'gzip',
      'if-none-match': String(br.headers.etag),
    });
    expect(otherCoding.status).toBe(200);
    expect(otherCoding.headers['content-encoding']).toBe('gzip');
  });

  it('falls back to the next coding the browser accepts when a copy is missing: the page in gzip', async () => {
    const res = await getBytes(t.url, '/tab/cases/MH-2026-00001', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe(TAB_CONTENT_SECURITY_POLICY);
    expect(gunzipSync(res.body).toString('utf8')).toBe(INDEX_HTML);
  });

  it('never serves a stored copy by its own name, nor one whose file is missing, nor outside the build', async () => {
    for (const path of [
      `${ASSET}.br`,
      `${ASSET}.gz`,
      '/tab/assets/orphan-1.js',
      '/tab/assets/orphan-1.js.br',
      '/tab/assets/..%2f..%2fsecret.txt',
      '/tab/assets/linked-secret.txt',
    ]) {
      const res = await getBytes(t.url, path, { 'accept-encoding': 'br, gzip' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body.toString('utf8')).not.toContain(SECRET);
    }
  });

  it('reads Accept-Encoding by its q-values, brotli first among equals', () => {
    expect(acceptedCodings(undefined)).toEqual([]);
    expect(acceptedCodings('')).toEqual([]);
    expect(acceptedCodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(acceptedCodings('gzip;q=1.0, br;q=0.8')).toEqual(['gzip', 'br']);
    expect(acceptedCodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedCodings('*;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedCodings('BR;Q=0.1')).toEqual(['br']);
    expect(acceptedCodings('br;q=abc, gzip')).toEqual(['gzip']);
  });
});

describe('the tab before it is built', () => {
  it('answers 503 with a page saying to run npm run build, and logs it once', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const root = mkdtempSync(join(tmpdir(), 'mh-tab-missing-'));
    const t = await startTestApp({ tabDistDir: join(root, 'dist'), logger: createLogger('warn', sink) });
    try {
      const first = await fetch(`${t.url}/tab/`);
      const second = await fetch(`${t.url}/tab/cases/MH-2026-00001`);
      expect([first.status, second.status]).toEqual([503, 503]);
      expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(await first.text()).toContain('npm run build');
      expect(lines.filter((l) => l.includes('the tab is not built'))).toHaveLength(1);
      expect((await fetch(`${t.url}/tab/runtime.json`)).status).toBe(200);
    } finally {
      await t.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the tab in Microsoft 365 mode', () => {
  it('tells the tab to use Teams single sign-on with the app\u2019s client id', async () => {
    const t = await startTestApp({ mode: 'm365' });
    try {
      const res = await t.call(null, 'GET', '/tab/runtime.json');
      expect(res.body).toEqual({
        mode: 'm365',
        signInUrl: null,
        clientId: '22222222-2222-4333-8444-555555555555',
      });
    } finally {
      await t.stop();
    }
  });
});

describe('TAB_DIST_DIR', () => {
  it('defaults to the repository\u2019s tab/dist, found from the service\u2019s own folder', () => {
    expect(DEFAULT_TAB_DIST_DIR).toBe(join(__dirname, '..', '..', 'tab', 'dist'));
    expect(loadConfig({ MODE: 'local' }).TAB_DIST_DIR).toBe(DEFAULT_TAB_DIST_DIR);
  });

  it('resolves a relative folder from the working directory', () => {
    expect(loadConfig({ MODE: 'local', TAB_DIST_DIR: 'build/tab' }).TAB_DIST_DIR).toBe(
      join(process.cwd(), 'build', 'tab'),
    );
  });
});
