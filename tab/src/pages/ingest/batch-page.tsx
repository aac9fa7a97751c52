import {
  Body1,
  Button,
  Caption1,
  Field,
  ProgressBar,
  Spinner,
  Subtitle1,
  TableCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useApi, useApiData } from '../../api/api-context';
import type { BatchFile, BatchProgress, FileOutcome, IngestDocument } from '../../api/ingest-types';
import { useSession } from '../../app/session';
import { DropZone, UploadProgress } from '../../components/documents/upload-panel';
import { formatBytes } from '../../components/format';
import { LiveRegion } from '../../components/live-region';
import { PageHeader } from '../../components/page-header';
import { describeProblem, ProblemBar } from '../../components/problem-bar';
import { RouterLink } from '../../components/router-link';
import { useUploadQueue, type UploadItem } from '../../components/uploads/use-upload-queue';
import {
  describeIngestProblem,
  documentName,
  documentStatusWords,
  fileStateWords,
  outcomeWords,
  timeLeftWords,
} from './ingest-words';
import { ScrollTable } from '../../components/scroll-table';
import { useIngestStyles } from './ingest.styles';
import { DocumentCells } from './document-summary';
import { OfficersOnly } from './officers-only';
import { usePolling } from './use-polling';

/** The service's limit for one file (DOCUMENT_MAX_BYTES, at most 200 MB); it refuses larger ones itself too. */
const MAX_BYTES = 200 * 1024 * 1024;
const ACCEPT = '.pdf,.tif,.tiff,.jpg,.jpeg,.png,.zip,.csv,application/pdf,image/*,application/zip,text/csv';

type Sent = { kind: 'scan'; outcome: FileOutcome } | { kind: 'manifest'; rows: number };

const isManifest = (file: File) => /\.csv$/i.test(file.name) || file.type === 'text/csv';

const sentWords = (item: UploadItem<Sent>): string => {
  const name = item.file.name;
  switch (item.state) {
    case 'done':
      if (item.result?.kind === 'manifest')
        return `${name}: manifest with ${item.result.rows} row${item.result.rows === 1 ? '' : 's'}, applied to the files handed in after it`;
      return item.result ? `${name}: ${outcomeWords(item.result.outcome)}` : name;
    case 'too-large':
      return `${name} is too large (${formatBytes(item.file.size)}): files can be up to ${formatBytes(MAX_BYTES)}`;
    case 'stopped':
      return `Stopped: ${name} was not handed in`;
    case 'failed':
      return `${name} was not handed in: ${describeProblem(item.error).title}`;
    default:
      return '';
  }
};

/** One file handed in on this visit: its progress, then what happened (a ZIP: each file inside). */
const SentRow = ({
  item,
  onStop,
  onRetry,
}: {
  item: UploadItem<Sent>;
  onStop: () => void;
  onRetry: () => void;
}) => {
  const styles = useIngestStyles();
  const name = item.file.name;
  if (item.state === 'waiting' || item.state === 'uploading')
    return <UploadProgress item={item} onStop={onStop} />;
  const entries = item.result?.kind === 'scan' ? (item.result.outcome.entries ?? []) : [];
  const refused = item.result?.kind === 'scan' && item.result.outcome.status === 'refused';
  return (
    <div className={styles.item}>
      <Text className={refused || item.state === 'failed' ? styles.failed : undefined}>
        {sentWords(item)}.
      </Text>
      {entries.length > 0 && (
        <ul className={`${styles.list} ${styles.nested}`} aria-label={`Files inside ${name}`}>
          {entries.map((e) => (
            <li key={e.fileId}>
              <Caption1 className={e.status === 'refused' ? styles.failed : undefined}>
                {e.name}: {outcomeWords(e)}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
      {(item.state === 'failed' || item.state === 'stopped') && (
        <div className={styles.actions}>
          <Button size="small" onClick={onRetry} aria-label={`Hand in ${name} again`}>
            Try again
          </Button>
        </div>
      )}
    </div>
  );
};

/** Pages read of all the batch's pages, the time left, and what became of its documents. */
const Progress = ({ progress }: { progress: BatchProgress }) => {
  const styles = useIngestStyles();
  const { pagesDone, pagesFailed, pagesTotal, documents } = progress;
  const left = timeLeftWords(progress.secondsLeft);
  const finished = pagesTotal > 0 && pagesDone + pagesFailed === pagesTotal;
  return (
    <section className={styles.section} aria-labelledby="batch-progress">
      <Subtitle1 as="h2" id="batch-progress">
        Progress
      </Subtitle1>
      {pagesTotal === 0 ? (
        <Body1>No pages yet: hand in the batch’s files above.</Body1>
      ) : (
        <Field
          label={`Pages read: ${pagesDone} of ${pagesTotal}${pagesFailed > 0 ? `, ${pagesFailed} could not be read` : ''}`}
          hint={finished ? 'Every page has been read.' : (left ?? 'Working out the time left…')}
          validationState={pagesFailed > 0 ? 'warning' : 'none'}
        >
          <ProgressBar value={pagesTotal ? (pagesDone + pagesFailed) / pagesTotal : 0} thickness="large" />
        </Field>
      )}
      <Body1>
        {documents.review ?? 0} document{documents.review === 1 ? '' : 's'} waiting for review,{' '}
        {documents.filed ?? 0} filed, {documents.destroyed ?? 0} logged for destruction
        {(documents.failed ?? 0) > 0 ? `, ${documents.failed} failed to file` : ''}.
      </Body1>
    </section>
  );
};

/** Each file of the batch with its state; failed pages with their reasons and a retry. */
const Files = ({ files, onRetried }: { files: BatchFile[]; onRetried: () => void }) => {
  const styles = useIngestStyles();
  const api = useApi();
  const [problem, setProblem] = useState<unknown>(undefined);
  const retry = async (file: BatchFile) => {
    setProblem(undefined);
    try {
      await api.retryFile(file.id);
      onRetried();
    } catch (error) {
      setProblem(error);
    }
  };
  if (files.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="batch-files">
      <Subtitle1 as="h2" id="batch-files">
        Files
      </Subtitle1>
      {problem !== undefined && <ProblemBar error={problem} />}
      <ScrollTable label="Files in this batch" columns={['File', 'State', 'Pages']}>
        {files.map((f) => (
          <TableRow key={f.id}>
            <TableCell className={f.parentId ? styles.nested : undefined}>{f.name}</TableCell>
            <TableCell>
              <div className={styles.item}>
                <Text className={f.pagesFailed > 0 || f.status === 'refused' ? styles.failed : undefined}>
                  {fileStateWords(f)}
                </Text>
                {f.failedPages.length > 0 && (
                  <>
                    <ul className={styles.list} aria-label={`Pages of ${f.name} that could not be read`}>
                      {f.failedPages.map((p) => (
                        <li key={p.pageNo}>
                          <Caption1>
                            Page {p.pageNo}: {p.reason}
                          </Caption1>
                        </li>
                      ))}
                    </ul>
                    <div className={styles.actions}>
                      <Button
                        size="small"
                        onClick={() => void retry(f)}
                        aria-label={`Read the failed pages of ${f.name} again`}
                      >
                        Retry failed pages
                      </Button>
                    </div>
                  </>
                )}
              </div>
            </TableCell>
            <TableCell>
              {f.status === 'queued' || f.status === 'done' || f.status === 'failed'
                ? `${f.pagesDone} of ${f.pageCount}`
                : '—'}
            </TableCell>
          </TableRow>
        ))}
      </ScrollTable>
    </section>
  );
};

/** The batch's documents, each with its state and a way to review it; a failed filing with its retry. */
const Documents = ({ batchId, version }: { batchId: string; version: string }) => {
  const styles = useIngestStyles();
  const api = useApi();
  const { data, error, loading, reload } = useApiData((a) => a.ingestDocuments(batchId), [batchId, version]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const retry = async (d: IngestDocument) => {
    setProblem(undefined);
    try {
      await api.retryDocument(d.id);
      reload();
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <section className={styles.section} aria-labelledby="batch-documents">
      <Subtitle1 as="h2" id="batch-documents">
        Documents
      </Subtitle1>
      {loading && !data && <Spinner size="small" label="Loading the documents…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} describe={describeIngestProblem} />}
      {problem !== undefined && <ProblemBar error={problem} />}
      {data && data.items.length === 0 && (
        <Body1>No documents yet: they appear here once every page of a file has been read.</Body1>
      )}
      {data && data.items.length > 0 && (
        <ScrollTable label="Documents in this batch" columns={['Document', 'Member', 'State']}>
          {data.items.map((d) => (
            <TableRow key={d.id}>
              <DocumentCells document={d} />
              <TableCell>
                <div className={styles.item}>
                  <Text>{documentStatusWords(d)}</Text>
                  {d.status === 'failed' && (
                    <>
                      {d.error && <Caption1 className={styles.failed}>{d.error}</Caption1>}
                      <Button
                        size="small"
                        onClick={() => void retry(d)}
                        aria-label={`File ${documentName(d)} again`}
                      >
                        Retry filing
                      </Button>
                    </>
                  )}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </ScrollTable>
      )}
    </section>
  );
};

/** Work is still going on: pages to read, or documents being filed. */
const working = (p: BatchProgress | undefined): boolean =>
  p !== undefined && (p.pagesDone + p.pagesFailed < p.pagesTotal || (p.documents.queued ?? 0) > 0);

/**
 * One batch (support officers): hand in its files (scans, ZIPs and print services' manifest), each with its
 * upload progress and outcome; follow the pages being read, live, with the time left; retry failed pages;
 * open its documents for review.
 */
export const BatchPage = () => {
  const styles = useIngestStyles();
  const api = useApi();
  const session = useSession();
  const { id = '' } = useParams();
  const [said, setSaid] = useState('');
  const finishedBefore = useRef<boolean | null>(null);
  const { data, error, loading, reload } = useApiData((a) => a.batchProgress(id), [id]);
  const announce = useCallback((text: string) => setSaid(text), []);

  const uploads = useUploadQueue<Sent>({
    maxBytes: MAX_BYTES,
    send: async (file, options) =>
      isManifest(file)
        ? { kind: 'manifest', rows: (await api.setManifest(id, file, options)).rows }
        : { kind: 'scan', outcome: await api.addScan(id, file, options) },
    describe: sentWords,
    announce,
    onDone: reload,
  });
  const busy = working(data) || uploads.items.some((i) => i.state === 'waiting' || i.state === 'uploading');
  usePolling(reload, busy);

  // Said once when the last page is read, for someone not watching the bar.
  const finished = data !== undefined && data.pagesTotal > 0 && !working(data);
  const waiting = data?.documents.review ?? 0;
  useEffect(() => {
    if (finishedBefore.current === false && finished)
      announce(`Every page has been read. ${waiting} document${waiting === 1 ? '' : 's'} wait for review.`);
    if (data !== undefined) finishedBefore.current = finished;
  }, [finished, waiting, data, announce]);

  return (
    <OfficersOnly title="Batch">
      {loading && !data && <Spinner label="Loading the batch…" />}
      {error !== undefined && !data && (
        <>
          <PageHeader title="Batch" />
          <ProblemBar error={error} onRetry={reload} describe={describeIngestProblem} />
        </>
      )}
      {data && (
        <>
          <PageHeader title={data.batch.label}>
            <RouterLink to="/ingest">All batches</RouterLink>
          </PageHeader>
          <div className={styles.sections}>
            <section className={styles.section} aria-labelledby="hand-in">
              <Body1>
                Whose papers:{' '}
                {data.batch.memberId ? session.personName(data.batch.memberId) : 'not yet known'}.
              </Body1>
              <Subtitle1 as="h2" id="hand-in">
                Hand in files
              </Subtitle1>
              <DropZone
                maxBytes={MAX_BYTES}
                label="Hand in scans"
                dropText="Drop the files to hand them in"
                accept={ACCEPT}
                testId="ingest"
                // The manifest first, so it applies to the scans dropped with it.
                onFiles={(files) =>
                  uploads.add([...files.filter(isManifest), ...files.filter((f) => !isManifest(f))])
                }
              >
                <Caption1>
                  Scanned PDFs, TIFF, JPEG and PNG, or a ZIP of them; and print services’ manifest as a CSV
                  file. Each file is checked by its content: one that cannot be read is refused with its
                  reason and the rest go on.
                </Caption1>
              </DropZone>
              {uploads.items.length > 0 && (
                <ul className={styles.list} aria-label="Files handed in on this visit">
                  {uploads.items.map((item) => (
                    <li key={item.key}>
                      <SentRow
                        item={item}
                        onStop={() => uploads.stop(item.key)}
                        onRetry={() => uploads.retry(item.key)}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <Progress progress={data} />
            <Files files={data.files} onRetried={reload} />
            <Documents
              batchId={id}
              version={`${data.pagesDone}:${data.pagesFailed}:${Object.values(data.documents).join(':')}`}
            />
          </div>
        </>
      )}
      <LiveRegion testId="batch-announcements">{said}</LiveRegion>
    </OfficersOnly>
  );
};
