import type { MessageToFile } from '../app/case-filing';

/** The parts of Teams' `messagePayload` (on message actions) that filing uses. */
export interface TeamsMessagePayload {
  id?: string | undefined;
  createdDateTime?: string | undefined;
  linkToMessage?: string | undefined;
  body?: { contentType?: string | undefined; content?: string | undefined } | undefined;
  from?:
    | {
        user?: { displayName?: string | undefined } | undefined;
        application?: { displayName?: string | undefined } | undefined;
      }
    | undefined;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return safeCodePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

const safeCodePoint = (code: number, fallback: string): string =>
  Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;

/**
 * Teams message bodies are HTML. Filing keeps the words: block ends become line breaks, tags are dropped,
 * entities decoded, runs of blank lines collapsed. (Nothing here is ever rendered as HTML again.)
 */
export const htmlToText = (html: string): string =>
  decodeEntities(
    html
      .replace(/<\s*(script|style)[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
      .replace(/<\s*br\s*\/?>/gi, '\n')
      .replace(/<\s*\/\s*(p|div|li|tr|h[1-6]|blockquote)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** The message to file, from Teams' payload. Plain-text bodies are kept as they are. */
export const messageToFile = (payload: TeamsMessagePayload): MessageToFile => {
  const content = payload.body?.content ?? '';
  const text = payload.body?.contentType === 'text' ? content.trim() : htmlToText(content);
  return {
    text,
    senderName:
      payload.from?.user?.displayName?.trim() ||
      payload.from?.application?.displayName?.trim() ||
      'Unknown sender',
    sentAt: payload.createdDateTime || undefined,
    link: payload.linkToMessage || undefined,
    messageId: payload.id || undefined,
  };
};
