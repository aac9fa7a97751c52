/**
 * Starts the Microsoft 365 Agents Playground (@microsoft/m365agentsplayground) as a child process, pointed
 * at the bot, for `npm start` (scripts/start.ts) and the end-to-end test. It runs:
 *
 * - on 127.0.0.1 only (scripts/loopback-only.cjs; the playground itself would listen on every interface),
 * - in the Teams channel (`-c msteams`), with the users in `.m365agentsplayground.yml` (seeded councillors),
 * - with telemetry off and no browser opened, logging to a file instead of the terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
export const PLAYGROUND_CONFIG = join(ROOT, '.m365agentsplayground.yml');
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  /** Preferred port; the next free one is used if it is taken. */
  port?: number;
  /** Where the playground writes its log. */
  logFile: string;
  /** Gives up waiting for the playground after this long. */
  timeoutMs?: number;
  configFile?: string;
}

export interface RunningPlayground {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code when the playground stops, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Thrown when the playground does not come up; the message says why, with its last output. */
export class PlaygroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

const isFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });

/** The first free port on 127.0.0.1 from `preferred` (20 tries), else one the system picks. */
export const freePort = async (preferred = 0): Promise<number> => {
  if (preferred > 0) {
    for (let port = preferred; port < preferred + 20 && port < 65536; port += 1) {
      if (await isFree(port)) return port;
    }
  }
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((done) => probe.close(done));
  return port;
};

/** The playground logs its start-up errors to its log file, not the terminal: the last few, for a message. */
const lastErrors = (logFile: string): string => {
  if (!existsSync(logFile)) return '';
  // The playground starts a fresh log each run, so everything in it is from this start.
  const errors = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('error '))
    .slice(-3);
  return errors.length ? `\n${errors.join('\n')}` : '';
};

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Whether `url` answers 2xx. Any failure to connect or a timeout means "not up yet". */
const answers = async (url: string): Promise<boolean> => {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
  await res?.body?.cancel();
  return res?.ok ?? false;
};

export const startPlayground = async (options: PlaygroundOptions): Promise<RunningPlayground> => {
  const port = await freePort(options.port ?? DEFAULT_PLAYGROUND_PORT);
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(dirname(options.logFile), { recursive: true });
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [
      '--require',
      join(__dirname, 'loopback-only.cjs'),
      cli,
      '--app-endpoint',
      options.endpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(port),
      // The bot replies here; an address, not "localhost", so nothing depends on how that name resolves.
      '--service-url',
      `${url}/_connector`,
      '--disable-telemetry',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configFile ?? PLAYGROUND_CONFIG,
        M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches the parent, which stops it once, in order.
      detached: true,
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code, signal) => done(code ?? (signal ? null : 0)));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const stop = async () => {
    if (hasExited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    // An unref'd timer: the fallback must not keep the process alive once the playground has gone.
    const gaveUp = new Promise<boolean>((done) => setTimeout(() => done(false), 5_000).unref());
    const killed = await Promise.race([exited.then(() => true), gaveUp]);
    if (!killed) process.kill(-child.pid, 'SIGKILL');
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    while (Date.now() < deadline) {
      if (hasExited) {
        throw new PlaygroundError(
          `it exited during start-up (log: ${options.logFile}).${lastErrors(options.logFile) || `\n${output.trim()}`}`,
        );
      }
      if (await answers(`${url}/_debug/ping`)) return { url, port, child, exited, stop };
      await delay(250);
    }
    throw new PlaygroundError(
      `it did not answer on ${url} within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s ` +
        `(log: ${options.logFile}).${lastErrors(options.logFile) || `\n${output.trim()}`}`,
    );
  } catch (error) {
    // Never leave a half-started playground behind.
    await stop();
    throw error;
  }
};
