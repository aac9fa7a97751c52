import {
  Button,
  Caption1,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DeleteRegular } from '@fluentui/react-icons';
import type { DocumentView } from '../../api/types';
import { formatBytes, formatInstant } from '../format';
import { formatSent, kindWords } from './document-words';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  // Columns as wide as their content (Fluent's Table is fixed-layout, equal columns, by default: an email's
  // subject ran over the Size column), long words broken rather than printed over the next column.
  table: { minWidth: '44rem', tableLayout: 'auto' },
  name: { minWidth: '12rem', wordBreak: 'break-word' },
  kind: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: '14rem',
    overflowWrap: 'anywhere',
  },
  preview: {
    color: tokens.colorNeutralForeground2,
    overflow: 'hidden',
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
  },
  nowrap: { whiteSpace: 'nowrap' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** What a document is; for an email, who sent it, its subject and date, and its first line. */
export const KindCell = ({ d }: { d: DocumentView }) => {
  const styles = useStyles();
  if (!d.email) return <Text>{kindWords(d)}</Text>;
  return (
    <div className={styles.kind}>
      <Text>
        {kindWords(d)} from {d.email.from || 'an unknown sender'}
      </Text>
      <Text weight="semibold">{d.email.subject || '(no subject)'}</Text>
      {d.email.date && <Caption1>Sent {formatSent(d.email.date)}</Caption1>}
      {d.email.preview && <Caption1 className={styles.preview}>{d.email.preview}</Caption1>}
    </div>
  );
};

/** The case's documents: each name opens its preview; Download for everyone, Remove where allowed. */
export const DocumentTable = ({
  documents,
  canRemove,
  busyId,
  onPreview,
  onDownload,
  onRemove,
}: {
  documents: readonly DocumentView[];
  canRemove: boolean;
  /** The document being downloaded, whose button waits. */
  busyId: string | null;
  onPreview: (d: DocumentView) => void;
  onDownload: (d: DocumentView) => void;
  onRemove: (d: DocumentView) => void;
}) => {
  const styles = useStyles();
  return (
    <div className={styles.wrap}>
      <Table aria-label="Documents filed to this case" className={styles.table} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Size</TableHeaderCell>
            <TableHeaderCell>Added by</TableHeaderCell>
            <TableHeaderCell>Added on</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {documents.map((d) => (
            <TableRow key={d.id}>
              <TableCell className={styles.name}>
                <Link as="button" aria-haspopup="dialog" onClick={() => onPreview(d)}>
                  {d.name}
                </Link>
              </TableCell>
              <TableCell>
                <KindCell d={d} />
              </TableCell>
              <TableCell className={styles.nowrap}>{formatBytes(d.size)}</TableCell>
              <TableCell>{d.uploadedBy.name}</TableCell>
              <TableCell className={styles.nowrap}>{formatInstant(d.uploadedAt)}</TableCell>
              <TableCell>
                <div className={styles.actions}>
                  <Button
                    size="small"
                    icon={<ArrowDownloadRegular />}
                    disabled={busyId === d.id}
                    onClick={() => onDownload(d)}
                    aria-label={`${busyId === d.id ? 'Downloading' : 'Download'} ${d.name}`}
                  >
                    {busyId === d.id ? 'Downloading…' : 'Download'}
                  </Button>
                  {canRemove && (
                    <Button
                      size="small"
                      icon={<DeleteRegular />}
                      aria-haspopup="dialog"
                      onClick={() => onRemove(d)}
                      aria-label={`Remove ${d.name}`}
                    >
                      Remove
                    </Button>
                  )}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
