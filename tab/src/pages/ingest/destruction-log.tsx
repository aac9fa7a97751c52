import { Body1, Button, Spinner, TableCell, TableRow } from '@fluentui/react-components';
import Papa from 'papaparse';
import { useApiData } from '../../api/api-context';
import { useSession } from '../../app/session';
import { saveBlob } from '../../components/documents/blob-url';
import { formatInstant } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { RouterLink } from '../../components/router-link';
import { ScrollTable } from '../../components/scroll-table';
import { useIngestStyles } from './ingest.styles';
import { OfficersOnly } from './officers-only';

interface LogRow {
  document_id: string;
  description: string;
  member_id: string;
  box: string;
  pages: string;
  decided_by_name: string;
  decided_at: string;
  reason: string;
}

/**
 * The destruction log (support officers): every paper decided "destroy", what it was, who decided, when and
 * why; shown as a table and downloaded as the CSV the service keeps.
 */
export const DestructionLogPage = () => {
  const styles = useIngestStyles();
  const session = useSession();
  const { data, error, loading, reload } = useApiData(async (api) => {
    const csv = await api.destructionLog();
    const rows = Papa.parse<LogRow>(csv.trim(), { header: true, skipEmptyLines: true }).data;
    return { csv, rows };
  }, []);
  return (
    <OfficersOnly title="Destruction log">
      <PageHeader title="Destruction log">
        <RouterLink to="/ingest">Scan-ingest</RouterLink>
      </PageHeader>
      {loading && !data && <Spinner label="Loading the destruction log…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <div className={styles.section}>
          <div className={styles.actions}>
            <Button
              onClick={() =>
                saveBlob(new Blob([data.csv], { type: 'text/csv;charset=utf-8' }), 'destruction-log.csv')
              }
            >
              Download as CSV
            </Button>
          </div>
          {data.rows.length === 0 ? (
            <Body1>No paper has been decided “destroy” yet.</Body1>
          ) : (
            <ScrollTable
              label="Papers to be destroyed"
              columns={['What', 'Member and box', 'Decided', 'Why']}
            >
              {data.rows.map((r) => (
                <TableRow key={r.document_id}>
                  <TableCell>
                    {r.description} ({r.pages} page{r.pages === '1' ? '' : 's'})
                  </TableCell>
                  <TableCell>
                    {session.personName(r.member_id || null)}
                    {r.box ? `, box ${r.box}` : ''}
                  </TableCell>
                  <TableCell>
                    {r.decided_by_name}, {formatInstant(r.decided_at)}
                  </TableCell>
                  <TableCell>{r.reason}</TableCell>
                </TableRow>
              ))}
            </ScrollTable>
          )}
        </div>
      )}
    </OfficersOnly>
  );
};
