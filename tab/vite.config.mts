import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Text formats worth compressing. Images and fonts (PNG, WOFF2) are compressed already; source maps are left
 * as they are, since only developer tools fetch them and brotli at its best on megabytes of map slows every build.
 */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 256;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/**
 * Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) beside every compressible file of the
 * build, each only when it is smaller than the file. The service sends them by the browser's
 * `Accept-Encoding` (bot/src/http/tab-routes.ts): compressing once here, at the highest settings, costs
 * nothing per request, and App Service does not compress for us.
 */
const precompress = (): Plugin => ({
  name: 'members-hub-precompress',
  apply: 'build',
  closeBundle() {
    const outDir = join(import.meta.dirname, 'dist');
    for (const path of filesUnder(outDir)) {
      if (!COMPRESSIBLE.has(extname(path).toLowerCase())) continue;
      const raw = readFileSync(path);
      if (raw.length < MIN_BYTES) continue;
      const br = brotliCompressSync(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      });
      const gz = gzipSync(raw, { level: 9 });
      if (br.length < raw.length) writeFileSync(`${path}.br`, br);
      if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
    }
  },
});

/**
 * The tab is served by the service under /tab/ (bot/src/http/tab-routes.ts), so every asset URL is rooted
 * there. Charts and the admin pages are separate chunks, loaded when those pages open, to keep the first
 * load small (docs/performance.md). Every text file is also written brotli- and gzip-compressed.
 */
export default defineConfig({
  base: '/tab/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The budget is checked on gzipped size by `npm run bench`; this only silences Vite's raw-size warning.
    chunkSizeWarningLimit: 1200,
  },
});
