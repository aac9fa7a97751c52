// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PostgresCaseStore } from '../../src/adapters/postgres';
import type { RunningApp } from '../../src/main';
import { DEMO_COUNCIL } from '../../src/seed/demo-council';
import { THEMES, axeFindings } from './support/axe';
import { launchChromium } from './support/browser';
import { signInAs, startE2eService } from './support/service';

/**
 * The tab, end to end, as its people use it: the real service on a fresh data directory (the demo council
 * seeded), the built tab it serves at /tab/, and headless Chromium signing in through the local sign-in page.
 * A councillor raises a case; a support officer routes it; a department officer responds; the councillor reads
 * the response and follows up; the officer's performance table counts the answer. Then every page is checked
 * with axe-core in the light, dark and high-contrast themes and photographed in light and dark
 * (test-results/tab/). Needs the tab built first (`npm run build`).
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'test-results', 'tab');
const person = (id: string) => {
  const p = DEMO_COUNCIL.people.find((x) => x.id === id);
  if (!p) throw new Error(`no demo person ${id}`);
  return p;
};
const COUNCILLOR = person('p-cllr-01');
const SUPPORT = person('p-support-02');
const HIGHWAYS = person('p-dept-highways-01');
const ADMIN = person('p-admin-01');

describe('the tab, end to end', () => {
  let dataDir: string;
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const refused: string[] = [];
  let ref = '';
  let othersRef = '';

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'tab', 'dist', 'index.html')))
      throw new Error('The tab is not built: run `npm run build` before `npm run test:e2e`.');
    mkdirSync(SHOTS, { recursive: true });
    ({ app, dataDir } = await startE2eService('mh-tab-e2e-'));
    const others = await new PostgresCaseStore(app.db).list(
      { kind: 'member', memberId: 'p-cllr-02' },
      {},
      { limit: 1, offset: 0 },
    );
    othersRef = others.items[0]?.ref ?? '';
    browser = await launchChromium();
  });

  afterAll(async () => {
    writeFileSync(join(SHOTS, 'refused-requests.txt'), refused.map((u) => `${u}\n`).join(''));
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A browser window signed in as `who` (each person gets their own, as on their own computer). */
  const signIn = (who: { displayName: string }, path: string): Promise<Page> =>
    signInAs({ browser, app, contexts, refused }, who, path);

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  const answeredThisMonth = async (page: Page): Promise<number> => {
    await page.goto(`${app.url}/tab/performance`);
    const table = page.getByRole('table', { name: 'Answered within target by department and month' });
    await table.waitFor();
    const month = new Intl.DateTimeFormat('en-GB', {
      month: 'short',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    void month;
    // The table names each row by department and month (data-testid), so the count is read, not guessed.
    const row = table.getByTestId(`answered-within-target-dept-highways-${thisMonth()}`);
    if ((await row.count()) === 0) return 0;
    const cells = await row.getByRole('cell').allInnerTexts();
    return Number(cells[2]);
  };

  it('takes a case from a councillor through triage and a response to a follow-up, and counts it', async () => {
    const councillor = await signIn(COUNCILLOR, '/tab/new');
    await councillor.getByRole('heading', { name: 'Raise a new case' }).waitFor();
    await councillor.getByRole('radio', { name: 'Member’s enquiry' }).check();
    await councillor.getByRole('textbox', { name: /^Name/ }).fill('Pat Resident');
    await councillor.getByRole('textbox', { name: /^Address/ }).fill('4 Mill Lane, Fallowmere');
    await councillor.getByRole('textbox', { name: /^Postcode/ }).fill('WQ1 4XY');
    await councillor.getByRole('textbox', { name: /^Category/ }).click();
    await councillor.getByText('Suggested from the postcode: Fallowmere Central').waitFor();
    await councillor.getByRole('textbox', { name: /^Category/ }).fill('Highways');
    await councillor.getByRole('textbox', { name: /^Short title/ }).fill('Streetlight out on Mill Lane');
    await councillor
      .getByRole('textbox', { name: /^What is the problem/ })
      .fill('The streetlight outside number 4 has been out for a fortnight.');
    await shot(councillor, 'flow-1-new-case-filled');
    await councillor.getByRole('button', { name: 'Raise the case' }).click();
    await councillor.waitForURL(/\/tab\/cases\/MH-\d{4}-\d{5}$/);
    ref = councillor.url().split('/').pop() ?? '';
    await councillor.getByText(`Case ${ref} raised.`).waitFor();
    await shot(councillor, 'flow-2-case-raised');

    const support = await signIn(SUPPORT, '/tab/triage');
    await support.getByRole('heading', { name: 'Triage' }).waitFor();
    const before = await answeredThisMonth(support);
    await support.goto(`${app.url}/tab/triage`);
    await support.getByRole('checkbox', { name: `Select ${ref}` }).check();
    await support.getByRole('combobox', { name: 'Route selected cases to' }).click();
    await support.getByRole('option', { name: 'Highways & Transport' }).click();
    await support.getByRole('button', { name: 'Route 1 selected' }).click();
    await support.getByText('1 case routed to Highways & Transport.').waitFor();
    await shot(support, 'flow-3-triaged');

    const officer = await signIn(HIGHWAYS, '/tab/department');
    await officer.getByRole('button', { name: `Respond ${ref}` }).click();
    const dialog = officer.getByRole('dialog');
    await dialog.getByRole('textbox').fill('An engineer will replace the lamp on Thursday.');
    await shot(officer, 'flow-4-responding');
    await dialog.getByRole('button', { name: 'Respond' }).click();
    await officer.getByText(`Your response on ${ref} was sent to the member.`).waitFor();

    await councillor.goto(`${app.url}/tab/cases/${ref}`);
    await councillor.getByText('An engineer will replace the lamp on Thursday.').waitFor();
    await councillor.getByRole('button', { name: 'Ask a follow-up question' }).click();
    await councillor
      .getByRole('dialog')
      .getByRole('textbox')
      .fill('Will the other two lamps be checked too?');
    await councillor.getByRole('dialog').getByRole('button', { name: 'Ask a follow-up question' }).click();
    await councillor.getByText('Your follow-up question was sent to the department.').waitFor();
    await councillor.getByText('Will the other two lamps be checked too?').waitFor();
    await shot(councillor, 'flow-5-followed-up');

    expect(await answeredThisMonth(support)).toBe(before + 1);
    await shot(support, 'flow-6-performance');
  });

  it('answers "not found" when a councillor types another member\u2019s case address, after asking the API', async () => {
    expect(othersRef).toMatch(/^MH-/);
    const councillor = await signIn(COUNCILLOR, '/tab/cases');
    const asked = councillor.waitForResponse((r) => r.url().endsWith(`/api/cases/${othersRef}`));
    await councillor.goto(`${app.url}/tab/cases/${othersRef}`);
    expect((await asked).status()).toBe(404);
    await councillor.getByText('Not found', { exact: true }).waitFor();
    await shot(councillor, 'not-found-other-members-case');
  });

  /** Every page, as the person who uses it. */
  const PAGES: { name: string; who: { displayName: string }; path: () => string; ready: string | RegExp }[] =
    [
      { name: 'my-cases', who: COUNCILLOR, path: () => '/tab/cases', ready: 'My cases' },
      { name: 'case', who: COUNCILLOR, path: () => `/tab/cases/${ref}`, ready: /^MH-\d{4}-\d{5}: / },
      { name: 'new-case', who: COUNCILLOR, path: () => '/tab/new', ready: 'Raise a new case' },
      { name: 'triage', who: SUPPORT, path: () => '/tab/triage', ready: 'Triage' },
      { name: 'triage-at-risk', who: SUPPORT, path: () => '/tab/triage?view=at-risk', ready: 'Triage' },
      { name: 'all-cases', who: SUPPORT, path: () => '/tab/cases', ready: 'All cases' },
      {
        name: 'department',
        who: HIGHWAYS,
        path: () => '/tab/department',
        ready: 'Highways & Transport queue',
      },
      { name: 'performance', who: SUPPORT, path: () => '/tab/performance', ready: 'Performance' },
      { name: 'admin', who: ADMIN, path: () => '/tab/admin', ready: 'Council settings' },
      {
        name: 'ward',
        who: COUNCILLOR,
        path: () => '/tab/ward/ward-fallowmere-central',
        ready: 'Fallowmere Central: casework',
      },
      {
        name: 'channel-config',
        who: COUNCILLOR,
        path: () => '/tab/config',
        ready: 'Set up the division tab',
      },
    ];

  // 11 pages × 3 themes, each loaded and analysed: minutes, not seconds, on two cores.
  const AXE_TIMEOUT_MS = 600_000;
  it(
    'has no axe violations on any page in the light, dark and high-contrast themes',
    async () => {
      const pages = new Map<string, Page>();
      const axe = axeFindings();
      for (const p of PAGES) {
        let page = pages.get(p.who.displayName);
        if (!page) {
          page = await signIn(p.who, '/tab/');
          pages.set(p.who.displayName, page);
        }
        for (const theme of THEMES) {
          const url = new URL(`${app.url}${p.path()}`);
          url.searchParams.set('theme', theme);
          await page.goto(url.toString());
          await page.getByRole('heading', { level: 1, name: p.ready }).waitFor();
          // Lists and charts arrive after the heading: wait until nothing is loading.
          await page.waitForFunction(() => !document.querySelector('.fui-Spinner'));
          if (theme !== 'contrast')
            await shot(page, `page-${p.name}-${theme === 'default' ? 'light' : 'dark'}`);
          await axe.check(page, `${p.name} (${theme})`);
        }
      }
      writeFileSync(join(SHOTS, 'axe-violations.txt'), axe.report());
      expect(axe.failures).toEqual([]);
    },
    AXE_TIMEOUT_MS,
  );

  it('fetched nothing beyond this machine', () => {
    expect(refused).toEqual([]);
  });
});

/** The current month in the council's time zone, as the statistics API names it (YYYY-MM). */
const thisMonth = (): string =>
  new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone: 'Europe/London' })
    .format(new Date())
    .slice(0, 7);
