// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/main';
import { DEMO_COUNCIL } from '../../src/seed/demo-council';
import { startPlayground, type RunningPlayground } from '../../../scripts/agents-playground';
import { pdfText } from '../support/briefing-fixtures';
import { axeFindings, THEMES } from './support/axe';
import { launchChromium, loopbackOnly } from './support/browser';

/**
 * The briefings walk-through of issue 14's "Done means", as a new user does it on a fresh clone in local mode:
 * the real service (demo council seeded), the built tab, and the Microsoft 365 Agents Playground, all on
 * 127.0.0.1, in headless Chromium. The playground installs the app in its team when its channel is opened;
 * the administrator maps briefings to that channel; a support officer imports the sample decisions (CSV and
 * saved modern.gov pages), drafts November's briefings, approves two, and downloads the PDF; the posts appear
 * as new threads in the playground's channel. One service, one playground and one browser for the whole suite.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'test-results', 'briefings');
const SAMPLES = join(ROOT, 'samples', 'briefings');
const person = (id: string) => DEMO_COUNCIL.people.find((x) => x.id === id)!;
const SUPPORT = person('p-support-02');
const ADMIN = person('p-admin-01');

describe('monthly briefings, end to end', () => {
  let dataDir: string;
  let app: RunningApp;
  let playground: RunningPlayground;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** What the tab's pages asked for beyond loopback (refused), and the playground's page (its CDN fonts). */
  const refused: string[] = [];
  const playgroundRefused: string[] = [];
  let chat: Page;
  let officer: Page;
  const axe = axeFindings();

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'tab', 'dist', 'index.html')))
      throw new Error('The tab is not built: run `npm run build` before `npm run test:e2e`.');
    dataDir = mkdtempSync(join(tmpdir(), 'mh-briefings-e2e-'));
    mkdirSync(SHOTS, { recursive: true });
    app = await startApp(
      loadConfig({
        MODE: 'local',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        SLA_SWEEP_INTERVAL_SECONDS: '0',
        BRIEFING_SCHEDULE_INTERVAL_SECONDS: '0',
        BRIEFING_POLL_INTERVAL_MS: '200',
      }),
      createLogger('warn'),
    );
    playground = await startPlayground({
      endpoint: `${app.url}/api/messages`,
      port: 0,
      logFile: join(dataDir, 'logs', 'agents-playground.log'),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    writeFileSync(
      join(SHOTS, 'refused-requests.txt'),
      [...refused, ...playgroundRefused].map((u) => `${u}\n`).join(''),
    );
    writeFileSync(join(SHOTS, 'axe-violations.txt'), axe.report());
    for (const c of contexts) await c.close();
    await browser?.close();
    await playground?.stop();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const openWindow = async (width = 1360, blocked = refused): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    await loopbackOnly(context, blocked);
    return context.newPage();
  };
  const signIn = async (who: { displayName: string }, path: string, width?: number): Promise<Page> => {
    const page = await openWindow(width);
    await page.goto(`${app.url}/auth/local?return=${encodeURIComponent(path)}`);
    await page.getByRole('button', { name: who.displayName, exact: true }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/tab/'));
    await page.getByRole('navigation', { name: 'Members’ Hub' }).waitFor();
    return page;
  };
  const step = async (page: Page, name: string, run: () => Promise<void>) => {
    try {
      await run();
    } finally {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }
  };

  it('installs the app in the playground\u2019s team when its channel is opened, and the bot records the channels', async () => {
    chat = await openWindow(1400, playgroundRefused);
    await step(chat, '1-playground-channel', async () => {
      await chat.goto(playground.url);
      // The playground installs the app in the personal chat when its page connects...
      await chat.locator('.fai-OutputCard').first().waitFor();
      // ...and in the team (installationUpdate in the channel, then conversationUpdate) when a channel is opened.
      await chat.getByText('Casework', { exact: true }).click();
      await chat.getByText('Start a new post').waitFor();
    });
    const channels = await app.db.query<{ name: string }>(
      `SELECT name FROM team_channels WHERE team_id = 'team-local' AND active ORDER BY name`,
    );
    expect(channels.rows.map((r) => r.name)).toEqual(['Casework', 'General']);
  });

  it('lets the administrator send the decision briefing and Tallowford\u2019s to the Casework channel', async () => {
    const admin = await signIn(ADMIN, '/tab/admin');
    await step(admin, '2-admin-channels', async () => {
      await admin.getByRole('tab', { name: 'Briefings' }).click();
      for (const label of ['Decision briefing (council-wide)', 'Tallowford']) {
        const select = admin.getByRole('combobox', { name: `Channel for ${label}` });
        await select.selectOption({ label: "Members' Hub (demo) › Casework" });
        await admin.waitForResponse(
          (r) => r.url().endsWith('/api/briefings/channels') && r.request().method() === 'PUT',
        );
      }
      await axe.check(admin, 'admin briefings');
    });
  });

  it('imports the sample CSV and saved modern.gov pages with a report for every row and page', async () => {
    officer = await signIn(SUPPORT, '/tab/briefings');
    await step(officer, '3-import', async () => {
      await officer.getByRole('tab', { name: 'Import decisions' }).click();
      await officer.getByTestId('csv-file-input').setInputFiles(join(SAMPLES, 'decisions.csv'));
      await officer.getByRole('button', { name: 'Import CSV' }).click();
      await officer.getByText('7 added, 0 updated, 0 unchanged, 0 refused.').waitFor();
      const pages = ['install-a', 'install-b'].flatMap((dir) =>
        readdirSync(join(SAMPLES, 'modern-gov', dir)).map((f) => join(SAMPLES, 'modern-gov', dir, f)),
      );
      await officer.getByTestId('pages-file-input').setInputFiles(pages);
      await officer.getByRole('button', { name: 'Import pages' }).click();
      await officer.getByText('5 added, 0 updated, 0 unchanged, 1 refused, 3 skipped.').waitFor();
      await officer.getByRole('cell', { name: /not a modern\.gov decision page/ }).waitFor();
      await axe.check(officer, 'briefings import');
    });
    await step(officer, '4-register', async () => {
      await officer.getByRole('tab', { name: 'Decisions register' }).click();
      await officer.getByRole('table', { name: 'Decisions register' }).waitFor();
      // An imported decision's wards are a suggestion until an officer confirms them.
      await officer.getByRole('button', { name: 'Confirm wards: Sorrelby village 20mph zone' }).click();
      const dialog = officer.getByRole('dialog');
      await expectChecked(dialog.getByRole('checkbox', { name: 'Greyhallow & Sorrelby' }));
      await dialog.getByRole('button', { name: 'Save and confirm wards' }).click();
      await officer.getByText('Saved “Sorrelby village 20mph zone”.').waitFor();
      await axe.check(officer, 'briefings register');
    });
  });

  const expectChecked = async (box: ReturnType<Page['getByRole']>) =>
    expect(await box.isChecked()).toBe(true);

  it('drafts November\u2019s briefings, takes an introduction and approves, and the posts appear in the channel', async () => {
    await step(officer, '5-drafts', async () => {
      await officer.getByRole('tab', { name: 'Drafts and history' }).click();
      await officer.getByLabel('Month to draft').fill('2026-11');
      await officer.getByRole('button', { name: 'Compose now' }).click();
      await officer
        .getByText(`${DEMO_COUNCIL.wards.length + 1} briefings drafted for November 2026.`)
        .waitFor();
      await officer.getByRole('button', { name: 'Tallowford ward briefing' }).click();
      await officer.getByRole('heading', { name: 'Tallowford ward briefing: November 2026' }).waitFor();
      await officer.getByText('Tallowford Road resurfacing programme').first().waitFor();
      await officer
        .getByRole('textbox', { name: 'Introduction' })
        .fill('Good morning. Here is November in Tallowford.');
      await axe.check(officer, 'briefings draft preview');
      await officer.getByRole('button', { name: 'Approve and post' }).click();
      await officer
        .getByText(/^(Waiting to send|Posted)/)
        .first()
        .waitFor();
      await officer.getByRole('button', { name: 'Decision briefing (council-wide)' }).click();
      await officer.getByRole('button', { name: 'Approve and post' }).click();
      await officer.getByRole('button', { name: 'Download PDF' }).waitFor();
    });

    await step(officer, '6-pdf', async () => {
      const download = officer.waitForEvent('download');
      await officer.getByRole('button', { name: 'Download PDF' }).click();
      const file = join(dataDir, 'decision-briefing.pdf');
      await (await download).saveAs(file);
      const text = await pdfText(new Uint8Array(readFileSync(file)));
      expect(text).toContain('Decision briefing: November 2026');
      expect(text).toContain('Library opening hours across the county');
      expect(text).not.toContain('Good morning');
    });

    await step(chat, '7-playground-posts', async () => {
      // The channel is open in the playground: each post arrives as a new thread at the top of it.
      await chat.getByText('Tallowford: ward briefing for November 2026').waitFor();
      await chat.getByText('Decision briefing for November 2026').waitFor();
      await chat.getByText('Good morning. Here is November in Tallowford.').waitFor();
    });
    // Each briefing went out once, as its own new thread (createConversation's id), not as a reply.
    const sent = await app.db.query<{ status: string; thread_id: string | null; channel_id: string }>(
      `SELECT status, thread_id, channel_id FROM briefing_deliveries ORDER BY id`,
    );
    expect(sent.rows.map((r) => [r.status, r.channel_id])).toEqual([
      ['sent', 'channel-local-casework'],
      ['sent', 'channel-local-casework'],
    ]);
    const threads = sent.rows.map((r) => r.thread_id);
    expect(new Set(threads).size).toBe(2);
    for (const thread of threads) expect(thread).not.toBe('channel-local-casework');

    await step(officer, '8-delivery', async () => {
      await officer.getByRole('tab', { name: 'Delivery report' }).click();
      const table = officer.getByRole('table', { name: 'Delivery report' });
      await table.waitFor();
      await expect(table.getByRole('row').count()).resolves.toBe(3);
      await axe.check(officer, 'briefings delivery');
    });
  });

  /** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user moves. */
  const tabTo = async (
    page: Page,
    target: ReturnType<Page['getByRole']>,
    key: 'Tab' | 'Shift+Tab' = 'Tab',
    limit = 80,
  ) => {
    for (let i = 0; i < limit; i += 1) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press(key);
    }
    throw new Error(`Tab never reached ${String(target)}`);
  };

  it('lets a support officer preview, introduce and approve a draft, and confirm wards, by keyboard alone', async () => {
    const page = await signIn(SUPPORT, '/tab/briefings');
    await step(page, '9-keyboard', async () => {
      const draft = page.getByRole('button', { name: 'Fallowmere Central ward briefing' });
      await tabTo(page, draft);
      await page.keyboard.press('Enter');
      const intro = page.getByRole('textbox', { name: 'Introduction' });
      await tabTo(page, intro);
      await page.keyboard.type('Typed without a mouse.');
      const approve = page.getByRole('button', { name: 'Approve', exact: true });
      await tabTo(page, approve);
      await page.keyboard.press('Enter');
      await page
        .getByText(/^Approved/)
        .first()
        .waitFor();

      // The register's dialog: opened with the keyboard, closed with Escape, focus back where it was.
      // The page's tabs are one stop: back to the selected one, then the arrow keys, as in Teams.
      await tabTo(page, page.getByRole('tab', { name: 'Drafts and history' }), 'Shift+Tab');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByRole('table', { name: 'Decisions register' }).waitFor();
      const confirm = page.getByRole('button', { name: 'Confirm wards: Larkvale Lane weight restriction' });
      await tabTo(page, confirm);
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    });
    const row = await app.db.query<{ introduction: string; status: string }>(
      `SELECT introduction, status FROM briefings WHERE ward_id = 'ward-fallowmere-central'`,
    );
    expect(row.rows).toEqual([{ introduction: 'Typed without a mouse.', status: 'approved' }]);
  });

  /** Every view of the briefings pages, as the person who uses it, opened from a fresh load. */
  const VIEWS: {
    name: string;
    who: { displayName: string };
    path: string;
    open: (p: Page) => Promise<void>;
  }[] = [
    {
      name: 'draft',
      who: SUPPORT,
      path: '/tab/briefings',
      open: async (p) => {
        await p.getByRole('button', { name: 'Kettlemere ward briefing' }).click();
        await p.getByRole('textbox', { name: 'Introduction' }).waitFor();
      },
    },
    {
      name: 'approved',
      who: SUPPORT,
      path: '/tab/briefings',
      open: async (p) => {
        await p.getByRole('button', { name: 'Decision briefing (council-wide)' }).click();
        await p.getByRole('button', { name: 'Download PDF' }).waitFor();
      },
    },
    {
      name: 'register',
      who: SUPPORT,
      path: '/tab/briefings',
      open: async (p) => {
        await p.getByRole('tab', { name: 'Decisions register' }).click();
        await p.getByRole('table', { name: 'Decisions register' }).waitFor();
      },
    },
    {
      name: 'decision-dialog',
      who: SUPPORT,
      path: '/tab/briefings',
      open: async (p) => {
        await p.getByRole('tab', { name: 'Decisions register' }).click();
        await p.getByRole('button', { name: 'Confirm wards: Larkvale Lane weight restriction' }).click();
        await p
          .getByRole('dialog')
          .getByRole('group', { name: /Wards affected/ })
          .waitFor();
      },
    },
    {
      name: 'import',
      who: SUPPORT,
      path: '/tab/briefings',
      open: async (p) => {
        await p.getByRole('tab', { name: 'Import decisions' }).click();
        await p.getByRole('button', { name: 'Import CSV' }).waitFor();
      },
    },
    {
      name: 'delivery',
      who: SUPPORT,
      path: '/tab/briefings',
      open: async (p) => {
        await p.getByRole('tab', { name: 'Delivery report' }).click();
        await p.getByRole('table', { name: 'Delivery report' }).waitFor();
      },
    },
    {
      name: 'admin-briefings',
      who: ADMIN,
      path: '/tab/admin',
      open: async (p) => {
        await p.getByRole('tab', { name: 'Briefings' }).click();
        await p.getByRole('combobox', { name: 'Channel for Tallowford' }).waitFor();
      },
    },
  ];

  // 7 views × 3 themes at desktop width, and each at 390 px: about a minute and a half on two cores.
  const AXE_TIMEOUT_MS = 300_000;
  it(
    'has no axe violations in the light, dark and high-contrast themes, and fits 390 px without sideways scrolling',
    async () => {
      const wide = {
        [SUPPORT.displayName]: await signIn(SUPPORT, '/tab/'),
        [ADMIN.displayName]: await signIn(ADMIN, '/tab/'),
      };
      const narrow = {
        [SUPPORT.displayName]: await signIn(SUPPORT, '/tab/', 390),
        [ADMIN.displayName]: await signIn(ADMIN, '/tab/', 390),
      };
      const overflowing: string[] = [];
      const show = async (page: Page, view: (typeof VIEWS)[number], theme: string) => {
        const url = new URL(`${app.url}${view.path}`);
        url.searchParams.set('theme', theme);
        await page.goto(url.toString());
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForFunction(() => !document.querySelector('.fui-Spinner'));
        await view.open(page);
      };
      for (const view of VIEWS) {
        for (const theme of THEMES) {
          const page = wide[view.who.displayName]!;
          await show(page, view, theme);
          await axe.check(page, `${view.name} (${theme})`);
        }
        const phone = narrow[view.who.displayName]!;
        await show(phone, view, 'default');
        await phone.screenshot({ path: join(SHOTS, `390-${view.name}.png`), fullPage: true });
        await axe.check(phone, `${view.name} (390 px)`);
        const extra = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (extra > 0) overflowing.push(`${view.name}: ${extra} px too wide`);
      }
      // The public page of the decision briefing, as a parish clerk opens it: no sign-in.
      const token = (
        await app.db.query<{ share_token: string }>(
          `SELECT share_token FROM briefings WHERE kind = 'decision'`,
        )
      ).rows[0]!.share_token;
      const shared = await openWindow(390);
      await shared.goto(`${app.url}/briefings/shared/${token}`);
      await shared.getByRole('heading', { level: 1 }).waitFor();
      await axe.check(shared, 'shared page (390 px)');
      const extra = await shared.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (extra > 0) overflowing.push(`shared page: ${extra} px too wide`);

      expect(overflowing).toEqual([]);
      expect(axe.failures).toEqual([]);
    },
    AXE_TIMEOUT_MS,
  );

  it('let the tab and the shared page fetch nothing beyond this machine', () => {
    expect(refused).toEqual([]);
  });
});
