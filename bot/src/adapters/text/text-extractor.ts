import type { EmailSummary } from '../../app/document-index';
import type { Extraction, ExtractionInput, TextExtractor } from '../../app/text-extractor';
import type { Logger } from '../../logger';
import { htmlToText } from './html-text';
import { parseIsolated, type IsolatedKind, type ParsedEmail } from './isolated-extraction';

/**
 * The one `TextExtractor`: PDFs (their text layer, through unpdf's build of pdf.js) and e-mails (postal-mime)
 * in an isolated worker with time and memory limits; plain text, HTML and JSON (Teams message records) in
 * process, within a size limit. Anything else has no text. Scanned PDFs without a text layer give none: OCR
 * is not part of this service.
 */

export interface TextExtractorOptions {
  /** Files larger than this are not read for text (default 50 MiB). */
  maxBytes?: number;
  /** How long a PDF or e-mail may take (default 20 s); its worker is stopped after that. */
  timeoutMs?: number;
  /** Heap limit of a worker (default 256 MiB). */
  maxWorkerHeapMb?: number;
  /** Workers running at once; more extractions wait their turn (default 2). */
  concurrency?: number;
  /** Text files (plain, HTML, JSON) larger than this are not read (default 5 MiB). */
  maxTextFileBytes?: number;
  /** Where failures are logged (kind and reason only: never names or content). */
  logger?: Logger | undefined;
}

/** Longest text kept from one document (the index keeps at most 200,000 characters of it). */
const MAX_CHARS = 400_000;
const PREVIEW_CHARS = 200;

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
};

const baseType = (contentType: string): string => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

type Kind = IsolatedKind | 'plain' | 'html' | 'json' | 'none';

/** What a file is, for extraction: by content type first, then by extension. */
export const extractionKind = (name: string, contentType: string): Kind => {
  const type = baseType(contentType);
  const ext = extensionOf(name);
  if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (type === 'message/rfc822' || ext === 'eml') return 'email';
  if (type === 'text/html' || ext === 'html' || ext === 'htm') return 'html';
  if (type === 'application/json' || type.endsWith('+json') || ext === 'json') return 'json';
  if (
    type === 'text/plain' ||
    type === 'text/csv' ||
    type === 'text/markdown' ||
    ['txt', 'csv', 'md', 'log'].includes(ext)
  )
    return 'plain';
  return 'none';
};

const decodeUtf8 = (bytes: Buffer): string | null => {
  // NUL bytes mean a binary file wearing a text name: nothing worth indexing.
  if (bytes.includes(0)) return null;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
};

/** Every string in a JSON value, in order; markup in them (a message's HTML body) reduced to its words. */
const jsonStrings = (value: unknown, out: string[], depth = 0): void => {
  if (depth > 20 || out.length > 10_000) return;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '' || /^https?:\/\/\S+$/.test(trimmed)) return;
    out.push(/<[a-z!/][^>]*>/i.test(trimmed) ? htmlToText(trimmed.slice(0, 1_000_000)) : trimmed);
  } else if (Array.isArray(value)) {
    for (const item of value) jsonStrings(item, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) jsonStrings(item, out, depth + 1);
  }
};

const tidy = (text: string): string | null => {
  const cleaned = text
    .replaceAll('\u0000', ' ')
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_CHARS);
  return cleaned === '' ? null : cleaned;
};

const emailResult = (email: ParsedEmail): Extraction => {
  const body = email.text.trim() !== '' ? email.text : htmlToText(email.html.slice(0, 1_000_000));
  const summary: EmailSummary = {
    from: email.from,
    to: email.to,
    subject: email.subject,
    date: email.date,
    // Its line breaks kept (runs of spaces and blank lines tidied), so the tab shows paragraphs as written.
    preview: (tidy(body) ?? '').slice(0, PREVIEW_CHARS).trim(),
    attachments: email.attachmentNames.length,
  };
  // Attachment names as written, without their extension and with separators as spaces (`lane-photo.png`,
  // `lane-photo`, `lane photo png`), as the index reads document names, so each word of a name is found.
  const names = email.attachmentNames.flatMap((n) => [
    n,
    n.replace(/\.[^.]*$/, ''),
    n.replace(/[._-]+/g, ' '),
  ]);
  const text = [email.subject, email.from, ...email.to, body, ...names].join('\n');
  return { text: tidy(text), email: summary };
};

/** A small counting semaphore: at most `limit` workers at once. */
const limiter = (limit: number) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running += 1;
    try {
      return await fn();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
};

export const createTextExtractor = (options: TextExtractorOptions = {}): TextExtractor => {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const maxTextFileBytes = options.maxTextFileBytes ?? 5 * 1024 * 1024;
  const isolated = {
    timeoutMs: options.timeoutMs ?? 20_000,
    maxHeapMb: options.maxWorkerHeapMb ?? 256,
    maxChars: MAX_CHARS,
  };
  const limit = limiter(options.concurrency ?? 2);
  const log = options.logger;

  return {
    async extract({ name, contentType, content }: ExtractionInput): Promise<Extraction> {
      const kind = extractionKind(name, contentType);
      if (kind === 'none' || content.size === 0) return { text: null };
      if (kind === 'pdf' || kind === 'email') {
        if (content.size > maxBytes) {
          log?.info({ kind, size: content.size }, 'document too large to read for text');
          return { text: null };
        }
        const bytes = await content.slice(0, content.size);
        const result = await limit(() => parseIsolated(kind, bytes, isolated));
        if (!result.ok) {
          log?.warn(
            { kind, reason: result.reason, error: result.error },
            'could not read text from a document',
          );
          return { text: null };
        }
        return result.kind === 'pdf' ? { text: tidy(result.text) } : emailResult(result.email);
      }
      if (content.size > maxTextFileBytes) return { text: null };
      const decoded = decodeUtf8(await content.slice(0, content.size));
      if (decoded === null) return { text: null };
      if (kind === 'plain') return { text: tidy(decoded) };
      if (kind === 'html') return { text: tidy(htmlToText(decoded.slice(0, 1_000_000))) };
      try {
        const strings: string[] = [];
        jsonStrings(JSON.parse(decoded), strings);
        return { text: tidy(strings.join('\n')) };
      } catch {
        // Not JSON after all: its characters are still words.
        return { text: tidy(decoded) };
      }
    },
  };
};
