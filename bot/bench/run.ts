/**
 * `npm run bench`: latency of storage operations on PGlite and PostgreSQL, side by side.
 *
 *   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db  also benchmark a PostgreSQL server
 *   BENCH_CASES=10000                                           a smaller store for a quick run
 *
 * Each database first gets a floor row (a `SELECT 1` round trip): compare the other rows with the floor of
 * the same column, since absolute figures depend on the machine.
 */
import { measure, type BenchContext, type BenchRow } from './harness';
import { benchEntries } from './registry';
import { pgliteTarget, postgresTarget, type BenchTarget } from './targets';

const FLOOR = 'floor: SELECT 1 round trip';

const caseCount = Number(process.env.BENCH_CASES ?? 100_000);
if (!Number.isInteger(caseCount) || caseCount < 1_000 || caseCount > 200_000)
  throw new Error('BENCH_CASES must be a whole number from 1,000 to 200,000.');

const log = (message: string) => process.stderr.write(`${message}\n`);

const runTarget = async (target: BenchTarget): Promise<BenchRow[]> => {
  if (!target.open) return [];
  log(`${target.label}: opening and migrating`);
  const { db, dispose } = await target.open();
  try {
    const datasets = new Map<string, Promise<unknown>>();
    const ctx: BenchContext = {
      db,
      log: (message) => log(`${target.label}: ${message}`),
      dataset<T>(name: string, build: (d: typeof db) => Promise<T>): Promise<T> {
        if (!datasets.has(name)) {
          log(`${target.label}: building data set ${name}`);
          datasets.set(name, build(db));
        }
        return datasets.get(name) as Promise<T>;
      },
    };
    const rows = [await measure(FLOOR, () => db.query('SELECT 1'), { iterations: 1_000, warmup: 50 })];
    for (const entry of benchEntries({ caseCount })) {
      log(`${target.label}: ${entry.title}`);
      const started = Date.now();
      rows.push(...(await entry.run(ctx)));
      log(`${target.label}: ${entry.title} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return rows;
  } finally {
    await dispose();
  }
};

const format = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

const table = (targets: BenchTarget[], results: BenchRow[][]): string => {
  const names = [...new Set(results.flat().map((r) => r.name))];
  const header = ['benchmark', ...targets.flatMap((t) => [`${t.label} p50 ms`, 'p95 ms', '× floor', 'n'])];
  const lines = names.map((name) => [
    name,
    ...targets.flatMap((target, i) => {
      if (target.notRun) return [target.notRun, '', '', ''];
      const row = results[i]?.find((r) => r.name === name);
      const floor = results[i]?.find((r) => r.name === FLOOR);
      if (!row) return ['-', '-', '-', '-'];
      return [
        format(row.p50),
        format(row.p95),
        floor ? (row.p50 / floor.p50).toFixed(1) : '-',
        String(row.iterations),
      ];
    }),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c] ?? '').length)));
  const render = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`;
  return [
    render(header),
    `|${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...lines.map(render),
  ].join('\n');
};

const main = async () => {
  const targets = [pgliteTarget(), postgresTarget(process.env.BENCH_DATABASE_URL)];
  const results: BenchRow[][] = [];
  for (const target of targets) results.push(await runTarget(target));
  process.stdout.write(
    `\nMembers' Hub storage benchmark (${new Date().toISOString().slice(0, 10)}, node ${process.version})\n\n`,
  );
  process.stdout.write(`${table(targets, results)}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
