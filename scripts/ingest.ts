/**
 * `npm run ingest -- <folder> --member <id> [--manifest file.csv] [--url http://127.0.0.1:3978] [--as <person id>]`
 *
 * Hands a folder of scans (PDF, TIFF, JPEG, PNG, ZIP) to a running Members' Hub as one scan-ingest batch, as
 * the tab's drop zone does: reports what happened to each file, then shows a progress bar until every page is
 * read. In local mode it signs in through the local sign-in as a support officer (default Daniel Ormerick,
 * p-support-02); in Microsoft 365 mode pass a token with `--token`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';

const USAGE =
  'Usage: npm run ingest -- <folder> --member <member id> [--manifest file.csv] [--url http://127.0.0.1:3978] [--as <support officer id>] [--token <bearer token>]';

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
};

interface Outcome {
  name: string;
  status: string;
  reason: string | null;
  pages: number;
  duplicateOf: { name: string; batchId: string } | null;
  entries?: Outcome[];
}

const main = async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      member: { type: 'string' },
      manifest: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3978' },
      as: { type: 'string', default: 'p-support-02' },
      token: { type: 'string' },
      label: { type: 'string' },
    },
  });
  const folder = positionals[0] ?? fail('Name the folder of scans.');
  if (!values.member)
    fail('Name the member with --member (e.g. p-cllr-01); use --member none if not yet known.');
  const base = (values.url ?? '').replace(/\/+$/, '');
  const dir = resolve(folder);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) fail(`${dir} is not a folder.`);

  let token = values.token;
  if (!token) {
    const res = await fetch(`${base}/auth/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: values.as }),
    }).catch(() => fail(`Members' Hub is not answering at ${base}: start it with npm start.`));
    if (!res.ok)
      fail(`Could not sign in as ${values.as} (${res.status}); in Microsoft 365 mode pass --token.`);
    token = ((await res.json()) as { token: string }).token;
  }
  const auth = { authorization: `Bearer ${token}` };
  const api = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...auth,
        ...(body !== undefined && !(body instanceof Uint8Array)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: (body instanceof Uint8Array ? body : JSON.stringify(body)) as BodyInit }
        : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  };

  const member = values.member === 'none' ? null : (values.member ?? null);
  const batch = await api<{ id: string; message?: string }>('POST', '/api/ingest/batches', {
    label: values.label ?? `${basename(dir)} (command line)`,
    memberId: member,
  });
  if (batch.status !== 201) fail(`The batch was refused: ${batch.body.message ?? batch.status}`);
  const batchId = batch.body.id;
  process.stdout.write(`Batch ${batchId}\n`);

  if (values.manifest) {
    const csv = await readFile(resolve(values.manifest));
    const set = await api<{ rows?: number; message?: string; issues?: { path: string; message: string }[] }>(
      'PUT',
      `/api/ingest/batches/${batchId}/manifest`,
      new Uint8Array(csv),
      { 'content-type': 'text/csv' },
    );
    if (set.status !== 200)
      fail(
        `The manifest was refused: ${set.body.message}\n${(set.body.issues ?? []).map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
      );
    process.stdout.write(`Manifest: ${set.body.rows} rows\n`);
  }

  const names = (await readdir(dir))
    .filter((n) => !n.startsWith('.') && n !== basename(values.manifest ?? ''))
    .sort();
  const print = (o: Outcome, indent = '') => {
    const what =
      o.status === 'queued'
        ? `accepted, ${o.pages} page${o.pages === 1 ? '' : 's'}`
        : o.status === 'duplicate'
          ? `duplicate of ${o.duplicateOf?.name ?? 'a file'} (batch ${o.duplicateOf?.batchId ?? '?'})`
          : o.status === 'unpacked'
            ? `ZIP: ${o.reason ?? ''}`
            : `refused: ${o.reason ?? ''}`;
    process.stdout.write(`${indent}${o.name}: ${what}\n`);
    for (const e of o.entries ?? []) print(e, `${indent}  `);
  };
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const res = await api<Outcome & { message?: string }>(
      'POST',
      `/api/ingest/batches/${batchId}/files`,
      new Uint8Array(await readFile(path)),
      {
        'x-file-name': encodeURIComponent(name),
        'content-type': 'application/octet-stream',
      },
    );
    if (res.body.status) print(res.body);
    else process.stdout.write(`${name}: refused: ${res.body.message ?? res.status}\n`);
  }

  const bar = new SingleBar(
    // The time left is the service's own estimate (as the tab shows it), not the bar's from the first polls.
    { format: 'Reading pages [{bar}] {value}/{total} pages | {left}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  for (;;) {
    const p = await api<{
      pagesTotal: number;
      pagesDone: number;
      pagesFailed: number;
      secondsLeft: number | null;
      documents: Record<string, number>;
    }>('GET', `/api/ingest/batches/${batchId}`);
    const { pagesTotal, pagesDone, pagesFailed, secondsLeft } = p.body;
    const left =
      secondsLeft === null
        ? 'working out the time left'
        : secondsLeft < 60
          ? `${secondsLeft} s left`
          : `about ${Math.round(secondsLeft / 60)} min left`;
    if (pagesTotal === 0) break;
    if (!started) {
      bar.start(pagesTotal, pagesDone, { left });
      started = true;
    }
    bar.update(pagesDone + pagesFailed, { left });
    if (pagesDone + pagesFailed >= pagesTotal) {
      bar.stop();
      if (pagesFailed > 0)
        process.stdout.write(`${pagesFailed} pages could not be read: retry them from the batch page.\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const docs = await api<{ items: { status: string }[] }>('GET', `/api/ingest/documents?batchId=${batchId}`);
  const waiting = docs.body.items.filter((d) => d.status === 'review').length;
  process.stdout.write(
    `${waiting} document${waiting === 1 ? '' : 's'} to review: ${base}/tab/ingest/batches/${batchId}\n`,
  );
};

void main();
