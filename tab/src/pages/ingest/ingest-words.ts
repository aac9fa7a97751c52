import { ApiError } from '../../api/client';
import type { BatchFile, FileOutcome, IngestDocument, Retention } from '../../api/ingest-types';
import { formatDate } from '../../components/format';
import { describeProblem, type Problem } from '../../components/problem-bar';

/** What happened to a file handed in, in words: accepted with its pages, a duplicate, or refused and why. */
export const outcomeWords = (o: FileOutcome): string => {
  switch (o.status) {
    case 'queued':
      return `Accepted: ${o.pages} page${o.pages === 1 ? '' : 's'} to read`;
    case 'duplicate':
      return o.duplicateOf
        ? `Already handed in as ${o.duplicateOf.name}: not read again`
        : 'Already handed in: not read again';
    case 'unpacked':
      return `Opened: ${o.entries?.length ?? 0} file${o.entries?.length === 1 ? '' : 's'} inside`;
    case 'refused':
      return `Refused: ${o.reason ?? 'it cannot be read'}`;
    default:
      return o.status;
  }
};

/** A file's state on the batch page. */
export const fileStateWords = (f: BatchFile): string => {
  if (f.status === 'refused') return `Refused: ${f.reason ?? 'it cannot be read'}`;
  if (f.status === 'duplicate') return 'Already handed in: not read again';
  if (f.status === 'unpacked') return 'ZIP opened: its files are listed below it';
  if (f.pagesFailed > 0) return `${f.pagesFailed} page${f.pagesFailed === 1 ? '' : 's'} could not be read`;
  if (f.status === 'done') return 'Read: documents made';
  if (f.pagesDone === 0) return 'Waiting to be read';
  return `Reading: ${f.pagesDone} of ${f.pageCount} pages`;
};

export const DOCUMENT_STATUS_WORDS: Record<string, string> = {
  review: 'Waiting for review',
  queued: 'Being filed',
  filed: 'Filed',
  destroyed: 'To be destroyed (logged)',
  failed: 'Filing failed',
};

export const documentStatusWords = (d: Pick<IngestDocument, 'status'>): string =>
  DOCUMENT_STATUS_WORDS[d.status] ?? d.status;

/** A retention decision in words: "Keep until 1 Jan 2040: ongoing issue". */
export const retentionWords = (r: Retention): string => {
  const reason = r.reason ? `: ${r.reason}` : '';
  if (r.kind === 'keep') return `Keep until ${formatDate(r.until)}${reason}`;
  if (r.kind === 'review') return `Review on ${formatDate(r.on)}${reason}`;
  return `Destroy${reason}`;
};

/** About a minute left, in words a person reads at a glance. */
export const timeLeftWords = (seconds: number | null): string | null => {
  if (seconds === null) return null;
  if (seconds <= 0) return null;
  if (seconds < 60) return 'Less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.round(minutes / 6) / 10;
  return `About ${hours} hour${hours === 1 ? '' : 's'} left`;
};

/** The file name a document is known by in lists: the file, and which part of it. */
export const documentName = (d: Pick<IngestDocument, 'fileName' | 'seq' | 'description'>): string =>
  d.description ?? `${d.fileName}, part ${d.seq}`;

/** Failures here: a missing batch or document is one that does not exist, not a case. */
export const describeIngestProblem = (error: unknown): Problem => {
  const problem = describeProblem(error);
  if (error instanceof ApiError && error.status === 404)
    return {
      ...problem,
      title: 'Not found',
      body: 'There is no such batch or document. Open scan-ingest from the menu to see the batches.',
    };
  return problem;
};
