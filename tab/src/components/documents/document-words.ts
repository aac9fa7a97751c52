import { ApiError } from '../../api/client';
import type { DocumentView } from '../../api/types';
import { formatInstant } from '../format';
import { describeProblem, type Problem } from '../problem-bar';

/** The largest file the tab offers to send when the service has not said its own limit. */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

const TYPE_WORDS: [RegExp, string][] = [
  [/^application\/pdf$/, 'PDF'],
  [/^image\//, 'Image'],
  [/^message\/rfc822$/, 'Email'],
  [/wordprocessingml|msword|opendocument\.text/, 'Word document'],
  [/spreadsheetml|ms-excel|opendocument\.spreadsheet|text\/csv/, 'Spreadsheet'],
  [/presentationml|ms-powerpoint/, 'Presentation'],
  [/^text\//, 'Text'],
];

/** What a document is, in words: "PDF", "Image", "Email", "Teams message"… */
export const kindWords = (d: Pick<DocumentView, 'kind' | 'contentType'>): string => {
  if (d.kind === 'email') return 'Email';
  if (d.kind === 'message') return 'Teams message';
  return TYPE_WORDS.find(([pattern]) => pattern.test(d.contentType))?.[1] ?? 'File';
};

/**
 * The general words for a failure, except where they would mislead here: a missing document is one someone
 * removed, not a case the person cannot see.
 */
export const describeDocumentProblem = (error: unknown): Problem => {
  const problem = describeProblem(error);
  if (error instanceof ApiError && error.status === 404)
    return {
      ...problem,
      title: 'This document is no longer here',
      body: 'Someone may have removed it, or the case is no longer one you can see. Reload the page to see the documents as they are now.',
    };
  return problem;
};

/** An instant as people read it; a date an email stated in some other form is shown as it was written. */
export const formatSent = (value: string): string =>
  Number.isNaN(Date.parse(value)) ? value : formatInstant(value);
