// Checks the README's promise as a new user would meet it: `npm start` serves /healthz (200), the sign-in
// page and the Agents Playground (the chat address it prints) within 90 seconds, on an empty data
// directory; the demo council's open cases are mostly on track on the day it is started; and a SIGTERM stops
// both. Used by .ci/run after `npm ci`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A loopback port nothing listens on now (the OS picks it), so two runs on one machine never collide. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(String(port)));
    });
  });
const port = process.env.SMOKE_PORT ?? (await freePort());
let playgroundPort = process.env.SMOKE_PLAYGROUND_PORT ?? (await freePort());
while (playgroundPort === port) playgroundPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'mh-smoke-'));
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
const child = spawn('npm', ['start'], {
  env: {
    ...process.env,
    PORT: port,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PLAYGROUND_PORT: playgroundPort,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const exited = new Promise((resolve) => child.once('exit', resolve));

const ok = async (url) => {
  try {
    const res = await fetch(url);
    return res.status === 200 ? await res.text() : null;
  } catch {
    return null; // not listening yet
  }
};
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

/** The open cases as a support officer sees them, by SLA state: the demo must look like a working council. */
const openCases = async () => {
  const issued = await fetch(`${base}/auth/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId: 'p-support-02' }),
  });
  const { token } = await issued.json();
  const res = await fetch(`${base}/api/cases?status=new,triaged,with-department&limit=500`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { items } = await res.json();
  const count = (state) => items.filter((c) => c.sla.state === state).length;
  return {
    total: items.length,
    onTrack: count('on-track'),
    dueSoon: count('due-soon'),
    overdue: count('overdue'),
  };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let result = 1;
let chatUrl = null;
try {
  while (Date.now() - started < 90_000) {
    const health = await ok(`${base}/healthz`);
    const signIn = health && (await ok(`${base}/auth/local`));
    const tab = signIn && (await ok(`${base}/tab/cases`));
    chatUrl = /Chat:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? null;
    const chat = signIn && chatUrl && (await ok(chatUrl));
    if (
      signIn &&
      signIn.includes('Members') &&
      signIn.includes('Councillor') &&
      tab?.includes('<div id="root">') &&
      chat?.includes('Agents Playground')
    ) {
      console.log(
        `npm start: /healthz 200, the sign-in page, the tab and the Agents Playground at ${chatUrl} after ${seconds()} s`,
      );
      const open = await openCases();
      console.log(
        `npm start: ${open.total} open cases, ${open.onTrack} on track, ${open.dueSoon} due soon, ${open.overdue} overdue`,
      );
      result = open.total > 0 && open.onTrack / open.total >= 0.6 && open.overdue <= open.onTrack ? 0 : 1;
      if (result !== 0) console.error("npm start: the demo council's open cases are not mostly on track");
      break;
    }
    if (child.exitCode !== null) break;
    await sleep(500);
  }
  if (result !== 0)
    console.error(
      `npm start did not serve /healthz, the sign-in page, the tab and the Agents Playground within 90 s:\n${output}`,
    );
} finally {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  // npm start stops the service and the playground (npm itself may exit first): both must stop answering.
  const urls = [`${base}/healthz`, chatUrl].filter(Boolean);
  const deadline = Date.now() + 30_000;
  let running = urls;
  while (running.length > 0 && Date.now() < deadline) {
    await sleep(250);
    running = (await Promise.all(urls.map(async (url) => ((await ok(url)) ? url : null)))).filter(Boolean);
  }
  for (const url of running) {
    console.error(`npm start left ${url} running 30 s after SIGTERM`);
    result = 1;
  }
  await Promise.race([exited, sleep(5_000)]);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(result);
