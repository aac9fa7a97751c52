import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PostgresCaseStore } from '../../src/adapters/postgres';
import { STATUS_LABELS } from '../../src/bot/cards/format';
import type { ListedCase } from '../../src/app/ports';
import type { RunningApp } from '../../src/main';
import { DEMO_COUNCIL } from '../../src/seed/demo-council';
import { startPlayground, type RunningPlayground } from '../../../scripts/agents-playground';
import { CHROMIUM, CHROMIUM_ARGS, loopbackOnly } from './support/browser';
import { startE2eService } from './support/service';

/**
 * A new user's first chat, end to end: the real service on a fresh data directory (the demo council seeded),
 * the Microsoft 365 Agents Playground pointed at its /api/messages, and the playground's web page in headless
 * Chromium. Everything listens on 127.0.0.1, and the browser may fetch nothing else: the playground's page asks
 * a Microsoft CDN for web fonts and an animation script, and those requests are refused (it renders without
 * them). Screenshots, and the list of refused requests, go to test-results/e2e/.
 */
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'e2e');
const REF = /\bMH-\d{4}-\d{5}\b/g;
/** The councillor the playground's current user maps to (.m365agentsplayground.yml). */
const COUNCILLOR = DEMO_COUNCIL.people.find((p) => p.id === 'p-cllr-01')!;

describe('chatting with the bot in the Agents Playground', () => {
  let dataDir: string;
  let app: RunningApp;
  let playground: RunningPlayground;
  let browser: BrowserContext;
  let page: Page;
  let herCases: ListedCase[];
  const refused: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ app, dataDir } = await startE2eService('mh-e2e-'));
    playground = await startPlayground({
      endpoint: `${app.url}/api/messages`,
      port: 0,
      logFile: join(dataDir, 'logs', 'agents-playground.log'),
    });
    const cases = await new PostgresCaseStore(app.db).list(
      { kind: 'member', memberId: COUNCILLOR.id },
      { newsFor: COUNCILLOR.id },
      { limit: 200, offset: 0 },
    );
    expect(cases.total).toBeLessThanOrEqual(200);
    herCases = cases.items; // hers and those shared with her: everything she may see

    browser = await chromium.launchPersistentContext(mkdtempSync(join(dataDir, 'chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: CHROMIUM_ARGS,
    });
    await loopbackOnly(browser, refused);
    page = browser.pages()[0] ?? (await browser.newPage());
  });

  afterAll(async () => {
    // What the page asked for beyond loopback (refused): kept for whoever reads the screenshots.
    writeFileSync(join(SCREENSHOTS, 'refused-requests.txt'), refused.map((url) => `${url}\n`).join(''));
    await browser?.close();
    await playground?.stop();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The bot's messages in the conversation, oldest first. */
  const botMessages = (): Locator => page.locator('.fai-OutputCard');

  /** Types `text` into the compose box and returns the bot's next message once it has arrived. */
  const say = async (text: string): Promise<Locator> => {
    const before = await botMessages().count();
    const compose = page.getByRole('textbox');
    await compose.click();
    await compose.fill(text);
    await compose.press('Enter');
    const reply = botMessages().nth(before);
    await reply.waitFor({ state: 'visible' });
    return reply;
  };

  /** Runs a step, and keeps a screenshot of the page whether it passes or fails. */
  const step = async (name: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    }
  };

  it('lists my cases and shows one case as a card', async () => {
    expect(herCases.filter((c) => c.status !== 'closed').length).toBeGreaterThan(0); // the seed gives her open cases
    const herRefs = new Set(herCases.map((c) => c.ref));

    await step('1-welcome', async () => {
      await page.goto(playground.url);
      // The bot greets the member when the playground installs it; the chat is ready after that.
      await botMessages().first().waitFor({ state: 'visible' });
    });

    let shown: string[] = [];
    let listText = '';
    await step('2-my-cases', async () => {
      const reply = await say('my cases');
      await reply.getByText(REF).first().waitFor();
      listText = await reply.innerText();
      shown = [...new Set(listText.match(REF) ?? [])];
    });
    expect(shown.length).toBeGreaterThan(0);
    // Only cases she may see, and none that is closed.
    for (const ref of shown) {
      expect(herRefs.has(ref)).toBe(true);
      expect(herCases.find((c) => c.ref === ref)?.status).not.toBe('closed');
    }

    // "New since you last looked" above exactly the cases changed by someone else since she last saw them
    // (the seed has her last look three days before the demo starts).
    const markedIn = (text: string) =>
      [...text.matchAll(/New since you last looked[^]*?(MH-\d{4}-\d{5})/g)].map((m) => m[1]);
    expect(markedIn(listText)).toEqual(shown.filter((ref) => herCases.find((c) => c.ref === ref)?.news));

    // A support officer answers one of her cases through the API: it is marked new in her list.
    const awaiting = shown
      .map((ref) => herCases.find((c) => c.ref === ref)!)
      .find(
        (c) => c.memberId === COUNCILLOR.id && (c.status === 'triaged' || c.status === 'with-department'),
      );
    expect(awaiting).toBeDefined();
    const support = DEMO_COUNCIL.people.find((p) => p.roles.includes('SupportOfficer'))!;
    const { token } = (await (
      await fetch(`${app.url}/auth/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personId: support.id }),
      })
    ).json()) as { token: string };
    const answered = await fetch(`${app.url}/api/cases/${awaiting!.ref}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'respond', response: 'The verge will be cut on Friday.' }),
    });
    expect(answered.status).toBe(200);
    await step('3-my-cases-answered', async () => {
      const reply = await say('my cases');
      await reply.getByText(awaiting!.ref).first().waitFor();
      expect(markedIn(await reply.innerText())).toContain(awaiting!.ref);
    });

    const chosen = { ...awaiting!, status: 'responded' as const };
    let card = '';
    await step('4-status', async () => {
      const reply = await say(`status ${chosen.ref}`);
      await reply.getByText(chosen.ref).first().waitFor();
      await reply.getByText(STATUS_LABELS[chosen.status]).first().waitFor();
      card = await reply.innerText();
    });
    expect(card).toContain(chosen.ref);
    expect(card).toContain(chosen.title);
    expect(card).toContain(STATUS_LABELS[chosen.status]);

    // Asked for, the case has been read: it is no longer marked new.
    await step('4-my-cases-again', async () => {
      const reply = await say('my cases');
      await reply.getByText(REF).first().waitFor();
      const again = [
        ...(await reply.innerText()).matchAll(/New since you last looked[^]*?(MH-\d{4}-\d{5})/g),
      ];
      expect(again.map((m) => m[1])).not.toContain(chosen.ref);
    });
  });
});
