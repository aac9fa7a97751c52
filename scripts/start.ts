/**
 * `npm start`: builds, starts the service, waits until it is healthy and then, in local mode, starts the
 * Microsoft 365 Agents Playground pointed at the bot so that you can chat with it with no tenant. Prints
 * the addresses, forwards Ctrl-C / SIGTERM and stops both. If the playground cannot start, the service keeps
 * running and a message says so.
 *
 * Reads the same configuration as the service (environment over `.env`, through bot/src/config.ts), plus:
 *   PLAYGROUND_PORT   preferred port for the playground (default 56150; the next free one is used)
 *   PLAYGROUND=off    do not start the playground
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ConfigError, environment, loadConfig, type Config } from '../bot/src/config';
import {
  DEFAULT_PLAYGROUND_PORT,
  PlaygroundError,
  startPlayground,
  type RunningPlayground,
} from './agents-playground';

const ROOT = resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let service: ChildProcess | undefined;
let playground: RunningPlayground | undefined;
let stopping = false;

const stopService = async () => {
  if (!service || service.exitCode !== null || service.signalCode !== null) return;
  const done = new Promise((ok) => service?.once('exit', ok));
  service.kill('SIGTERM');
  await done;
};

/** Stops the playground and the service together, then exits; gives up after 30 s and kills them. */
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  const giveUp = setTimeout(() => {
    process.stderr.write('npm start: shutdown took over 30 s; killing the service.\n');
    service?.kill('SIGKILL');
    process.exit(1);
  }, 30_000);
  await Promise.all([playground?.stop(), stopService()]);
  clearTimeout(giveUp);
  process.exit(code);
};

const waitForHealth = async (url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    // Any failure to connect means "not listening yet".
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    await res?.body?.cancel();
    if (res?.ok) return true;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  return false;
};

const main = async () => {
  const env = environment(join(ROOT, '.env'));
  service = spawn(process.execPath, [join(ROOT, 'bot', 'dist', 'main.js')], {
    cwd: ROOT,
    stdio: 'inherit',
    // Its own process group: a Ctrl-C in the terminal reaches this script, which stops the service once.
    detached: true,
  });
  service.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`The service stopped (${signal ?? `exit code ${code}`}).\n`);
      void stopAll(code ?? 1);
    }
  });
  // `on`, not `once`: a Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and a
  // second, unhandled signal would kill it before it has stopped the service.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return; // the service prints the problem and exits
    throw error;
  }
  const host = ['0.0.0.0', '::'].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  const local = `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
  if (!(await waitForHealth(`${local}/healthz`, service, 120_000))) {
    if (service.exitCode === null) {
      process.stderr.write(`The service did not answer ${local}/healthz within 120 s; stopping.\n`);
      await stopAll(1);
    }
    return;
  }

  if (config.MODE !== 'local' || env.PLAYGROUND === 'off') return;
  const logFile = join(resolve(ROOT, config.DATA_DIR), 'logs', 'agents-playground.log');
  try {
    playground = await startPlayground({
      endpoint: `${local}/api/messages`,
      port: Number(env.PLAYGROUND_PORT ?? DEFAULT_PLAYGROUND_PORT),
      logFile,
    });
  } catch (error) {
    if (!(error instanceof PlaygroundError)) throw error;
    say(
      `\n  The Agents Playground did not start: ${error.message}\n` +
        `  The service keeps running at ${local}. Log: ${logFile}\n`,
    );
    return;
  }
  say(
    [
      `  Chat:     ${playground.url}  (Microsoft 365 Agents Playground, as Cllr Eleanor Marwick-Dane;`,
      `            bot endpoint ${local}/api/messages; users in .m365agentsplayground.yml)`,
      '',
    ].join('\n'),
  );
  void playground.exited.then((code) => {
    if (!stopping) {
      say(
        `\n  The Agents Playground stopped (exit code ${code}); the service keeps running at ${local}. ` +
          `Log: ${logFile}\n`,
      );
    }
  });
};

main().catch(async (error: unknown) => {
  process.stderr.write(
    `npm start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await stopAll(1);
});
