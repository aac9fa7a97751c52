// Code passed to page.evaluate and page.waitForFunction runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.2 AA, which UK public bodies must meet, and the rules of the levels below it. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The tab's themes, as its `?theme=` parameter names them. */
export const THEMES = ['default', 'dark', 'contrast'] as const;

/**
 * Fluent UI's focus manager (Tabster) puts `<i data-tabster-dummy tabindex="0" aria-hidden="true">` sentinels
 * around focus groups; on focus they pass it straight on. axe flags them under aria-hidden-focus, a known false
 * positive that Microsoft's Accessibility Insights also sets aside (microsoft/tabster#288,
 * microsoft/accessibility-insights-web#7605). Only that rule, and only those elements, are set aside here.
 */
const isTabsterSentinel = (rule: string, html: string): boolean =>
  rule === 'aria-hidden-focus' && /^<i [^>]*data-tabster-dummy/.test(html);

interface Violation {
  id: string;
  help: string;
  nodes: { html: string; target: string[] }[];
}

/**
 * Runs axe-core in the page as it is now. axe is injected once per document (a page checked at several sizes
 * is injected once) and asked for violations only: `@axe-core/playwright`'s AxeBuilder injected it again for
 * every check, finished each run in a second page and returned every passing node too, which made a check
 * take several times as long. Frames are not followed: the tab's only frame is the PDF preview, whose content
 * is Chromium's own viewer.
 */
const violationsIn = async (page: Page): Promise<Violation[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
      iframes: false,
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ html: n.html, target: n.target.map(String) })),
    }));
  }, WCAG);
};

/**
 * Collects axe findings across the pages and themes a test looks at: `check` analyses the page as it is now,
 * `failures` are the findings as lines, `report` adds how many sentinels were set aside.
 */
export const axeFindings = () => {
  const failures: string[] = [];
  let suppressed = 0;
  return {
    failures,
    check: async (page: Page, name: string) => {
      // Fluent fades dialogs and popups in; axe measuring colours mid-fade sees half-transparent text and
      // reports contrast no one ever sees. Wait for running motion to end (endless spinners aside).
      await page.waitForFunction(() =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      );
      for (const v of await violationsIn(page)) {
        const nodes = v.nodes.filter((n) => !isTabsterSentinel(v.id, n.html));
        suppressed += v.nodes.length - nodes.length;
        if (nodes.length > 0)
          failures.push(
            `${name}: ${v.id} – ${v.help} – ${nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
          );
      }
    },
    /** The findings file saved with the screenshots. */
    report: () =>
      [...failures, `(${suppressed} Tabster focus sentinels set aside under aria-hidden-focus)`].join('\n'),
  };
};
