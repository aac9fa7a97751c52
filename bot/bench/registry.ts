import type { BenchEntry } from './harness';
import { caseListSortsEntry } from './entries/case-list-sorts.bench';
import { caseStoreEntry } from './entries/case-store.bench';
import { botStatusTurnEntry } from './entries/bot-status-turn';

/**
 * Every benchmark, in the order printed. Later issues add entries here (one file each under `entries/`);
 * data sets are shared through `ctx.dataset`, so an entry on the same 100,000 cases costs no extra seeding.
 */
export const benchEntries = (options: { caseCount: number }): BenchEntry[] => [
  caseStoreEntry(options.caseCount),
  caseListSortsEntry(options.caseCount),
  botStatusTurnEntry(options.caseCount),
];
