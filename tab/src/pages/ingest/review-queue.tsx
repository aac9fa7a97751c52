import { Body1, Spinner, TableCell, TableRow } from '@fluentui/react-components';
import { useApiData } from '../../api/api-context';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { RouterLink } from '../../components/router-link';
import { ScrollTable } from '../../components/scroll-table';
import { DocumentCells } from './document-summary';
import { OfficersOnly } from './officers-only';

/** Every document waiting for a person's decision, across batches, oldest first. */
export const ReviewQueuePage = () => {
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
          <ScrollTable label="Documents waiting for review" columns={['Document', 'Member', 'Suggested']}>
            {data.items.map((d) => (
              <TableRow key={d.id}>
                <DocumentCells document={d} />
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
          </ScrollTable>
        </>
      )}
    </OfficersOnly>
  );
};
