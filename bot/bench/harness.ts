import { performance } from 'node:perf_hooks';
import type { Database } from '../src/app/ports';

/** One measured line of the results table. */
export interface BenchRow {
  name: string;
  p50: number;
  p95: number;
  iterations: number;
}

/** What an entry gets for one database: the database and data sets built once and shared between entries. */
export interface BenchContext {
  db: Database;
  /** Builds a named data set on first request and returns it (memoised per database), e.g. 100,000 cases. */
  dataset<T>(name: string, build: (db: Database) => Promise<T>): Promise<T>;
  log: (message: string) => void;
}

/**
 * A benchmark: measures some operations on one database and returns a row for each. Register it in
 * `registry.ts`; the runner calls it for every database and prints the rows side by side.
 */
export interface BenchEntry {
  title: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export interface MeasureOptions {
  /** Untimed calls first (caches, plans, JIT). */
  warmup?: number;
  iterations: number;
  /** Stops early after this long, keeping what was measured (at least 20 samples). */
  maxSeconds?: number;
}

const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
};

/** Times `fn` one call at a time (latency, not throughput) and reports p50 and p95 in milliseconds. */
export const measure = async (
  name: string,
  fn: (i: number) => Promise<unknown>,
  { warmup = 20, iterations, maxSeconds = 20 }: MeasureOptions,
): Promise<BenchRow> => {
  for (let i = 0; i < warmup; i += 1) await fn(i);
  const samples: number[] = [];
  const deadline = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    await fn(i);
    const end = performance.now();
    samples.push(end - start);
    if (end > deadline && samples.length >= 20) break;
  }
  samples.sort((a, b) => a - b);
  return { name, p50: percentile(samples, 50), p95: percentile(samples, 95), iterations: samples.length };
};

/** A deterministic PRNG, so every run asks for the same refs and members: the seed's generator. */
export { mulberry32 as seededRandom } from '../src/seed/demo-cases';
