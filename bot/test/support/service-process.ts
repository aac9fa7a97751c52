import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * The service as its own process (`node --import tsx bot/src/main.ts`: the source, without a build), for
 * tests that stop it the hard way: `kill()` sends SIGKILL, so nothing of the service's own shutdown runs.
 * Its JSON log lines are collected, and `waitForLog` resolves at the first line that matches, as soon as it
 * is written (pino writes to the pipe synchronously), so a test can kill the process at a chosen moment.
 */

const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'bot', 'src', 'main.ts');

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface ServiceProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  readonly logs: readonly LogLine[];
  /** The first log line (from now on, or already written with `past`) for which `match` is true. */
  waitForLog(match: (line: LogLine) => boolean, options?: { past?: boolean }): Promise<LogLine>;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (the service's own shutdown), then waits for it to exit. */
  stop(): Promise<void>;
}

export const startServiceProcess = async (options: {
  dataDir: string;
  env?: Record<string, string>;
}): Promise<ServiceProcess> => {
  // Node itself with tsx's loader (not the tsx command, which runs Node as a child of its own): the signal
  // reaches the service, not a wrapper.
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        MODE: 'local',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: options.dataDir,
        LOG_LEVEL: 'debug',
        SEED_DEMO: 'false',
        TAB_DIST_DIR: join(options.dataDir, 'no-tab-here'),
        SLA_SWEEP_INTERVAL_SECONDS: '0',
        NOTIFICATION_POLL_INTERVAL_MS: '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: LogLine[] = [];
  const waiting: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  let url: string | undefined;
  let ready: (() => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  const started = new Promise<void>((ok, fail) => {
    ready = ok;
    failed = fail;
  });
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      const health = /Health:\s+(http:\/\/[^/\s]+)\/healthz/.exec(text);
      if (health) {
        url = health[1];
        ready?.();
      }
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const w of [...waiting])
        if (w.match(line)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(line);
        }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.once('exit', (code, signal) =>
    failed?.(new Error(`The service exited before it was ready (${code ?? signal}): ${stderr.slice(-2000)}`)),
  );
  await started;
  failed = undefined;

  return {
    url: url as string,
    logs,
    waitForLog: (match, { past = false } = {}) => {
      const seen = past ? logs.find(match) : undefined;
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};
