/** Text for search from case documents: the one `TextExtractor` (PDFs and e-mails in an isolated worker). */
export { createTextExtractor, extractionKind, type TextExtractorOptions } from './text-extractor';
export { htmlToText } from './html-text';
