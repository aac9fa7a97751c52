import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet headless Chromium on a machine whose network is closed beyond loopback. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const isLoopback = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
};

/**
 * Lets the context fetch only from loopback: anything else is refused and its address kept in `refused`, so a
 * test can show (or assert) what a page tried to reach.
 */
export const loopbackOnly = async (context: BrowserContext, refused: string[]): Promise<void> => {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
};

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
