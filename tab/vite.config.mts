import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The tab is served by the service under /tab/ (bot/src/http/tab-routes.ts), so every asset URL is rooted
 * there. Charts and the admin pages are separate chunks, loaded when those pages open, to keep the first
 * load small (docs/performance.md).
 */
export default defineConfig({
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The budget is checked on gzipped size by `npm run bench`; this only silences Vite's raw-size warning.
    chunkSizeWarningLimit: 1200,
  },
});
