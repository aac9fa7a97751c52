import { Badge, Caption1, TableCell } from '@fluentui/react-components';
import type { IngestDocument } from '../../api/ingest-types';
import { useSession } from '../../app/session';
import { RouterLink } from '../../components/router-link';
import { documentName } from './ingest-words';
import { useIngestStyles } from './ingest.styles';

/**
 * A document's first two cells in a list: its name linking to its review, the file and pages it came from, a
 * flag when a page was read with low confidence; and whose papers they are.
 */
export const DocumentCells = ({ document: d }: { document: IngestDocument }) => {
  const styles = useIngestStyles();
  const session = useSession();
  return (
    <>
      <TableCell>
        <div className={styles.item}>
          <RouterLink to={`/ingest/documents/${d.id}`}>{documentName(d)}</RouterLink>
          <Caption1 className={styles.muted}>
            {d.fileName}, page{d.pages.length === 1 ? '' : 's'} {d.pages.join(', ')}
          </Caption1>
          {d.lowConfidencePages.length > 0 && (
            <Badge appearance="tint" color="warning">
              Low-confidence reading: check it
            </Badge>
          )}
        </div>
      </TableCell>
      <TableCell>{d.memberId ? session.personName(d.memberId) : 'Not yet known'}</TableCell>
    </>
  );
};
