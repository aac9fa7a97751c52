// Code passed to page.waitForFunction runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
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
      const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      for (const v of result.violations) {
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
