import type { CoverSheet } from './cover-sheet';

/** What a scanned page turned out to be. */
export type PageKind = 'text' | 'cover' | 'blank';

export interface SplitPage {
  pageNo: number;
  kind: PageKind;
  cover?: CoverSheet | null | undefined;
}

export interface DocumentSegment {
  /** The pages that become the document, in order: never cover sheets or blank pages. */
  pages: number[];
  /** The cover sheet the segment follows, if any. */
  cover: CoverSheet | null;
}

/**
 * Splits a scanned stack at each cover sheet. The pages before the first sheet (or all of them, with no
 * sheet) form one document; each sheet starts the next. Blank pages (the backs of single-sided letters) and
 * the sheets themselves are dropped; a sheet followed by nothing but blanks gives no document.
 */
export const splitAtCoverSheets = (pages: readonly SplitPage[]): DocumentSegment[] => {
  const ordered = [...pages].sort((a, b) => a.pageNo - b.pageNo);
  const segments: DocumentSegment[] = [];
  let current: DocumentSegment = { pages: [], cover: null };
  for (const page of ordered) {
    if (page.kind === 'cover') {
      if (current.pages.length > 0) segments.push(current);
      current = { pages: [], cover: page.cover ?? null };
    } else if (page.kind === 'text') {
      current.pages.push(page.pageNo);
    }
  }
  if (current.pages.length > 0) segments.push(current);
  return segments;
};
