// Checks the README's promise as a new user would meet it: `npm start` serves /healthz (200) and the
// sign-in page within 60 seconds, on an empty data directory. Used by .ci/run after `npm ci`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = process.env.SMOKE_PORT ?? '39781';
const dataDir = mkdtempSync(join(tmpdir(), 'mh-smoke-'));
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
const child = spawn('npm', ['start'], {
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));

const ok = async (path) => {
  try {
    const res = await fetch(base + path);
    return res.status === 200 ? await res.text() : null;
  } catch {
    return null; // not listening yet
  }
};

let result = 1;
try {
  while (Date.now() - started < 60_000) {
    const health = await ok('/healthz');
    const signIn = health && (await ok('/auth/local'));
    if (signIn && signIn.includes('Members') && signIn.includes('Councillor')) {
      console.log(
        `npm start: /healthz 200 and the sign-in page after ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      result = 0;
      break;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (result !== 0)
    console.error(`npm start did not serve /healthz and the sign-in page within 60 s:\n${output}`);
} finally {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(result);
