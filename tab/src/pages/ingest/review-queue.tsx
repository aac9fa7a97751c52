import {
  Badge,
  Body1,
  Caption1,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useApiData } from '../../api/api-context';
import { useSession } from '../../app/session';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { RouterLink } from '../../components/router-link';
import { documentName } from './ingest-words';
import { useIngestStyles } from './ingest.styles';
import { OfficersOnly } from './officers-only';

/** Every document waiting for a person's decision, across batches, oldest first. */
export const ReviewQueuePage = () => {
  const styles = useIngestStyles();
  const session = useSession();
  const { data, error, loading, reload } = useApiData((api) => api.ingestDocuments(), []);
  return (
    <OfficersOnly title="Review queue">
      <PageHeader title="Review queue">
        <RouterLink to="/ingest">Scan-ingest</RouterLink>
      </PageHeader>
      {loading && !data && <Spinner label="Loading the review queue…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <Body1>Nothing waits for review.</Body1>}
      {data && data.items.length > 0 && (
        <>
          <Body1 as="p" role="status">
            {data.items.length} document{data.items.length === 1 ? '' : 's'} waiting for review.
          </Body1>
          <div className={styles.scroll}>
            <Table aria-label="Documents waiting for review" size="small" className={styles.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Document</TableHeaderCell>
                  <TableHeaderCell>Member</TableHeaderCell>
                  <TableHeaderCell>Suggested</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.items.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <div className={styles.item}>
                        <RouterLink to={`/ingest/documents/${d.id}`}>{documentName(d)}</RouterLink>
                        <Caption1 className={styles.muted}>
                          {d.fileName}, {d.pages.length} page{d.pages.length === 1 ? '' : 's'}
                        </Caption1>
                        {d.lowConfidencePages.length > 0 && (
                          <Badge appearance="tint" color="warning">
                            Low-confidence reading: check it
                          </Badge>
                        )}
                      </div>
                    </TableCell>
                    <TableCell>{d.memberId ? session.personName(d.memberId) : 'Not yet known'}</TableCell>
                    <TableCell>
                      {[
                        d.caseRef ? `Case ${d.caseRef}` : null,
                        d.dateFrom ? `dated ${formatDate(d.dateFrom)}` : null,
                        d.box ? `box ${d.box}` : null,
                      ]
                        .filter(Boolean)
                        .join(', ') || '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </OfficersOnly>
  );
};
