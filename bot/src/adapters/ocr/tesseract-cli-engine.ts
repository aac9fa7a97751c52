import { execFile, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import {
  meanConfidence,
  OcrError,
  type OcrImage,
  type OcrEngine,
  type OcrPage,
  type OcrWord,
} from '../../app/ocr-engine';
import { ocrBytes } from '../scans/raster';

/**
 * The native `tesseract` command (Debian's tesseract-ocr), one process per page with OMP_THREAD_LIMIT=1 so that
 * one process uses one core, as many processes as cores. Used only when it is installed and chosen
 * (`OCR_ENGINE=tesseract`); `npm start` never needs it. The page goes in on stdin as PGM and the words come
 * back as TSV on stdout: no temporary files.
 */

export interface TesseractCliOptions {
  command?: string | undefined;
  processes?: number | undefined;
  pageTimeoutMs?: number | undefined;
  /** The PATH the command is looked up in (default the system's bin folders). */
  path?: string | undefined;
}

/** Whether the command runs here (`tesseract --version`). */
export const tesseractCommandAvailable = async (command = 'tesseract'): Promise<boolean> => {
  try {
    await promisify(execFile)(command, ['--version'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
};

/** Words from Tesseract's TSV (level 5 rows), with lines rebuilt from block, paragraph and line numbers. */
export const parseTesseractTsv = (tsv: string): OcrPage => {
  const words: OcrWord[] = [];
  const lines: string[] = [];
  let lineKey = '';
  let current: string[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12 || cols[0] !== '5') continue;
    const text = (cols[11] ?? '').trim();
    if (text === '') continue;
    const key = `${cols[2]}.${cols[3]}.${cols[4]}`;
    if (key !== lineKey && current.length > 0) {
      lines.push(current.join(' '));
      current = [];
    }
    lineKey = key;
    current.push(text);
    const [left, top, width, height] = cols.slice(6, 10).map(Number) as [number, number, number, number];
    words.push({
      text,
      confidence: Math.max(0, Number(cols[10])),
      bbox: [left, top, left + width, top + height],
    });
  }
  if (current.length > 0) lines.push(current.join(' '));
  return { text: lines.join('\n'), confidence: meanConfidence(words), words };
};

export const createTesseractCliEngine = (options: TesseractCliOptions = {}): OcrEngine => {
  const command = options.command ?? 'tesseract';
  const processes = Math.max(1, options.processes ?? availableParallelism());
  const timeoutMs = options.pageTimeoutMs ?? 60_000;
  let running = 0;
  const waiting: (() => void)[] = [];

  const run = (image: OcrImage): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn(command, ['stdin', 'stdout', '-l', 'eng', '--psm', '3', '--dpi', '300', 'tsv'], {
        env: { PATH: options.path ?? '/usr/local/bin:/usr/bin:/bin', OMP_THREAD_LIMIT: '1' },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new OcrError('timeout', `A page took longer than ${timeoutMs / 1000} s to read.`, true));
      }, timeoutMs);
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new OcrError('unavailable', 'The tesseract command could not be started.', false, { cause: error }),
        );
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
        else reject(new OcrError('failed', `tesseract exited with ${code}.`, true));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(ocrBytes(image).bytes);
    });

  return {
    name: 'tesseract',
    parallelism: processes,
    recognize: async (image) => {
      if (running >= processes) await new Promise<void>((go) => waiting.push(go));
      running += 1;
      try {
        return parseTesseractTsv(await run(image));
      } finally {
        running -= 1;
        waiting.shift()?.();
      }
    },
    close: () => Promise.resolve(),
  };
};
