import {
  Body1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { ImportReport } from '../../api/briefing-types';
import { useBriefingStyles } from './briefings.styles';
import { ScrollRegion } from '../../components/scroll-region';

const OUTCOME_WORDS: Record<ImportReport['rows'][number]['outcome'], string> = {
  added: 'Added',
  updated: 'Updated',
  unchanged: 'No change',
  refused: 'Refused',
  skipped: 'Skipped',
};

/** What an import did, row by row: added, updated, unchanged, refused (with why) or skipped. */
export const ImportReportTable = ({ report }: { report: ImportReport }) => {
  const styles = useBriefingStyles();
  return (
    <section aria-label="Import report">
      <Body1 as="p" role="status">
        {report.added} added, {report.updated} updated, {report.unchanged} unchanged, {report.refused} refused
        {report.skipped ? `, ${report.skipped} skipped` : ''}.
      </Body1>
      <ScrollRegion label="Import, row by row" className={styles.scroll}>
        <Table aria-label="Import, row by row" size="small" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Row or page</TableHeaderCell>
              <TableHeaderCell>Outcome</TableHeaderCell>
              <TableHeaderCell>Decision, or why not</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.rows.map((r, i) => (
              <TableRow key={`${r.label}-${i}`}>
                <TableCell>{r.label}</TableCell>
                <TableCell>{OUTCOME_WORDS[r.outcome]}</TableCell>
                <TableCell>{r.reason ?? r.title ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollRegion>
    </section>
  );
};
