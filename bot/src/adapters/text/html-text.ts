const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const codePoint = (code: number, fallback: string): string =>
  Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;

const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#')
      return name[1] === 'x' || name[1] === 'X'
        ? codePoint(parseInt(name.slice(2), 16), whole)
        : codePoint(parseInt(name.slice(1), 10), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

const BLOCK_ENDS = new Set([
  'p',
  'div',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'table',
]);
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'head']);

/** ASCII letters start a tag name; letters and digits continue it. */
const isNameChar = (code: number, first: boolean): boolean =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (!first && code >= 48 && code <= 57);

/**
 * Markup to plain words in one pass. Every search moves forward (`indexOf` from past the last match), and a
 * search that fails ends the scan, so no character is examined more than a few times: an upload of a
 * megabyte of `<` costs a megabyte of work, never its square. (Regular expressions such as `<[^>]*>` over
 * unterminated markup are quadratic; a file filed by anyone must never stall the service.)
 */
const stripMarkup = (html: string): string => {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let i = 0; // start of text not yet copied
  let from = 0; // where to look for the next "<"
  while (i < html.length) {
    const lt = html.indexOf('<', from);
    if (lt < 0) {
      out.push(html.slice(i));
      break;
    }
    const closing = html[lt + 1] === '/';
    const nameStart = lt + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (
      nameEnd < html.length &&
      nameEnd - nameStart < 16 &&
      isNameChar(html.charCodeAt(nameEnd), nameEnd === nameStart)
    )
      nameEnd += 1;
    if (nameEnd === nameStart && html[lt + 1] !== '!' && html[lt + 1] !== '?') {
      from = lt + 1; // Not a tag: a literal "<", which stays in the text.
      continue;
    }
    out.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break; // An unclosed comment runs to the end.
      out.push(' ');
      i = from = end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break; // An unclosed tag runs to the end.
    const name = lower.slice(nameStart, nameEnd);
    if (!closing && SKIPPED_ELEMENTS.has(name)) {
      const end = lower.indexOf(`</${name}`, gt + 1);
      if (end < 0) break;
      const endGt = html.indexOf('>', end);
      if (endGt < 0) break;
      out.push(' ');
      i = from = endGt + 1;
      continue;
    }
    out.push(name === 'br' || (closing && BLOCK_ENDS.has(name)) ? '\n' : ' ');
    i = from = gt + 1;
  }
  return out.join('');
};

/**
 * The words of an HTML document or fragment, for search and previews: scripts, styles and comments dropped,
 * block ends as line breaks, tags removed, entities decoded, whitespace tidied. Never rendered as HTML again.
 * Linear in the input (see `stripMarkup`; the remaining patterns cannot backtrack far).
 */
export const htmlToText = (html: string): string =>
  decodeEntities(stripMarkup(html))
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
