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
