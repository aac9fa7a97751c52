import type { ContentSource } from './document-store';
import type { EmailSummary } from './document-index';

/**
 * Reading text out of documents, for search: a PDF's text layer, an e-mail's headers, body and attachment
 * names, a Teams message record's words. Adapters: `bot/src/adapters/text/`. Extraction is best effort: the
 * documents use case stores the file whatever happens here.
 */
export interface ExtractionInput {
  /** The file's name (its extension helps decide what it is). */
  name: string;
  contentType: string;
  content: ContentSource;
}

export interface Extraction {
  /** Text to index, or null when the file has none this service can read (or it could not be read). */
  text: string | null;
  /** Set for an e-mail message (`message/rfc822`, `.eml`) that could be parsed. */
  email?: EmailSummary | undefined;
}

export interface TextExtractor {
  /**
   * Never rejects for a file it cannot read (malformed, too large, too slow): it answers `{ text: null }`. It
   * may reject only for a fault of its own, which callers log and otherwise ignore.
   */
  extract(input: ExtractionInput): Promise<Extraction>;
}

const withoutNul = (text: string): string => text.replaceAll('\u0000', '');

/**
 * An extraction as it can be stored: without NUL characters, which PostgreSQL refuses in text and JSON. A
 * document whose text holds them (an e-mail with an encoded NUL in its subject, a PDF's text layer) is still
 * filed, with the rest of its text.
 */
export const storableExtraction = (extraction: Extraction): Extraction => {
  const { email } = extraction;
  return {
    text: extraction.text === null ? null : withoutNul(extraction.text),
    ...(email
      ? {
          email: {
            ...email,
            from: withoutNul(email.from),
            to: email.to.map(withoutNul),
            subject: withoutNul(email.subject),
            date: email.date === null ? null : withoutNul(email.date),
            preview: withoutNul(email.preview),
          },
        }
      : {}),
  };
};
