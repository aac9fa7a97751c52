import { Worker } from 'node:worker_threads';

/**
 * PDFs and e-mails are parsed in a worker thread of their own, so a hostile file cannot take the service
 * down with it: the worker has a heap limit, is stopped when it runs past its time limit (a busy loop in a
 * parser cannot be interrupted from the same thread), and any error in it becomes "no text".
 *
 * The worker is plain JavaScript given as a string (`eval`), loading the parsers by absolute path: it runs
 * the same under tsx, jest and the built service, with no file to ship next to the compiled code.
 */

export type IsolatedKind = 'pdf' | 'email';

export interface ParsedEmail {
  from: string;
  to: string[];
  subject: string;
  date: string | null;
  text: string;
  html: string;
  attachmentNames: string[];
}

export type IsolatedResult =
  | { ok: true; kind: 'pdf'; text: string }
  | { ok: true; kind: 'email'; email: ParsedEmail }
  | { ok: false; reason: 'timeout' | 'failed' | 'crashed'; error?: string };

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { kind, bytes, modulePath, maxChars } = workerData;
const cut = (value) => (typeof value === 'string' ? value.slice(0, maxChars) : '');
const address = (a) => {
  if (!a) return '';
  const name = (a.name || '').trim();
  const addr = (a.address || '').trim();
  if (a.group) return [name, ...a.group.map(address)].filter(Boolean).join(', ');
  if (!addr) return name;
  return name && name.toLowerCase() !== addr.toLowerCase() ? name + ' <' + addr + '>' : addr;
};
const run = async () => {
  const data = new Uint8Array(bytes);
  if (kind === 'pdf') {
    const { getDocumentProxy, extractText } = require(modulePath);
    const pdf = await getDocumentProxy(data, {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    });
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return { ok: true, kind, text: cut(Array.isArray(text) ? text.join('\n') : text) };
    } finally {
      if (typeof pdf.destroy === 'function') await pdf.destroy();
    }
  }
  const PostalMime = require(modulePath);
  const parse = PostalMime.parse || (PostalMime.default && PostalMime.default.parse);
  const email = await parse(data, { attachmentEncoding: 'arraybuffer' });
  const date = email.date ? new Date(email.date) : null;
  return {
    ok: true,
    kind,
    email: {
      from: address(email.from),
      to: [...(email.to || []), ...(email.cc || [])].map(address).filter(Boolean).slice(0, 200),
      subject: cut(email.subject || ''),
      date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
      text: cut(email.text || ''),
      html: cut(email.html || ''),
      attachmentNames: (email.attachments || []).map((a) => cut(a.filename || '')).slice(0, 500),
    },
  };
};
run().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ ok: false, reason: 'failed', error: String((error && error.name) || 'Error') }),
);
`;

/** The parser each kind loads, resolved from this module so the worker finds the service's own copy. */
const modulePaths: Record<IsolatedKind, () => string> = {
  pdf: () => require.resolve('unpdf'),
  email: () => require.resolve('postal-mime'),
};

export interface IsolatedOptions {
  timeoutMs: number;
  maxHeapMb: number;
  /** Longest text kept from one field. */
  maxChars: number;
}

/** Parses `bytes` as `kind` in a fresh worker; never rejects. */
export const parseIsolated = (
  kind: IsolatedKind,
  bytes: Buffer,
  options: IsolatedOptions,
): Promise<IsolatedResult> =>
  new Promise<IsolatedResult>((resolve) => {
    let settled = false;
    // A copy the worker owns: the upload's buffer may be a view into a larger pool.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          kind,
          bytes: copy.buffer,
          modulePath: modulePaths[kind](),
          maxChars: options.maxChars,
        },
        transferList: [copy.buffer],
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, maxYoungGenerationSizeMb: 32 },
        stdout: true,
        stderr: true,
      });
    } catch (error) {
      resolve({ ok: false, reason: 'crashed', error: error instanceof Error ? error.name : 'Error' });
      return;
    }
    // Parsers' console output (pdf.js warnings) is not ours to log: drain and drop it.
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (result: IsolatedResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), options.timeoutMs);
    worker.once('message', (message: IsolatedResult) => finish(message));
    worker.once('error', (error) => finish({ ok: false, reason: 'crashed', error: error.name }));
    worker.once('exit', (code) => finish({ ok: false, reason: 'crashed', error: `exit ${code}` }));
  });
