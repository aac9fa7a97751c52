import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startApp, type RunningApp } from '../../../src/main';
import { loopbackOnly } from './browser';

/**
 * The real service for an end-to-end suite, as `npm start` runs it in local mode: a fresh data directory (the
 * demo council seeded), 127.0.0.1 on a free port, no SLA sweep; `env` adds to that. One per suite.
 */
export const startE2eService = async (
  prefix: string,
  env: Record<string, string> = {},
): Promise<{ app: RunningApp; dataDir: string }> => {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig({
    MODE: 'local',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SLA_SWEEP_INTERVAL_SECONDS: '0',
    ...env,
  });
  return { app: await startApp(config, createLogger('warn')), dataDir };
};

/**
 * A new browser window signed in as `who` through the local sign-in page, opened at `path` once the tab has
 * started. Every request beyond loopback is refused and recorded in `refused`; the context is added to
 * `contexts` for the suite to close.
 */
export const signInAs = async (
  session: { browser: Browser; app: RunningApp; contexts: BrowserContext[]; refused: string[] },
  who: { displayName: string },
  path: string,
  options: { width?: number; acceptDownloads?: boolean } = {},
): Promise<Page> => {
  const context = await session.browser.newContext({
    viewport: { width: options.width ?? 1360, height: 900 },
    acceptDownloads: options.acceptDownloads ?? false,
  });
  session.contexts.push(context);
  await loopbackOnly(context, session.refused);
  const page = await context.newPage();
  await page.goto(`${session.app.url}/auth/local?return=${encodeURIComponent(path)}`);
  await page.getByRole('button', { name: who.displayName, exact: true }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/tab/'));
  await page.getByRole('navigation', { name: 'Members’ Hub' }).waitFor();
  return page;
};
