import {
  Body1,
  Button,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
  useId,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ChevronDownRegular, ChevronUpRegular } from '@fluentui/react-icons';
import { useState, type ReactNode } from 'react';
import { ChartBoundary } from './chart-boundary';
import { downloadCsv } from './download-csv';
import { csvFileName, toCsv, type Column, type Period } from './figures';
import { useFigureBlockStyles } from './figure-block.styles';
import { useVisuallyHiddenStyles } from '../../components/visually-hidden';
import type { Charts } from './use-chart-kit';

export interface FigureBlockProps<R> {
  /** Names the chart, the table and the download: "Answered within target by department and month". */
  label: string;
  /** A sub-heading (h3) when the section holds more than one figure. */
  subheading?: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** A stable id for a row, so an end-to-end test can read one number (e.g. Highways' answered this month). */
  rowTestId?: (row: R) => string;
  /** The CSV file's name before the period: `answered-within-target`. */
  fileName: string;
  period: Period;
  /** Set when there is nothing to show: this sentence replaces the chart and the table. */
  empty: string | null;
  charts: { data: Charts | undefined; loading: boolean };
  /**
   * The picture. Either drawn by the charting library (`chart`, once it has loaded), or plain elements that are
   * themselves a table a screen reader can read (`table`, e.g. the heat map). A `complete` table shows every
   * number the figure has (bars with their counts), so there is no second table to show, only the CSV.
   */
  picture: { chart: (charts: Charts) => ReactNode } | { table: ReactNode; complete?: boolean };
}

/**
 * One figure: a picture for the eye, its numbers as a table behind "Show the numbers", and a CSV download of
 * the table. While the table is folded away it stays in the page for screen readers (visually hidden), so
 * they always have every number.
 */
export const FigureBlock = <R,>({
  label,
  subheading,
  columns,
  rows,
  rowKey,
  rowTestId,
  fileName,
  period,
  empty,
  charts,
  picture,
}: FigureBlockProps<R>) => {
  const styles = useFigureBlockStyles();
  // Folded away for the eye only, so screen readers still have the numbers.
  const visually = useVisuallyHiddenStyles();
  const tableId = useId('numbers');
  const [shown, setShown] = useState(false);
  const file = csvFileName(fileName, period);
  const numbersTable = !('table' in picture && picture.complete);
  const noChart = (
    <Body1 as="p">The chart could not be drawn here; “Show the numbers” gives the same figures.</Body1>
  );
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        {subheading && (
          <Subtitle2 as="h3" block className={styles.subheading}>
            {subheading}
          </Subtitle2>
        )}
        {empty === null && (
          <div className={styles.buttons}>
            {numbersTable && (
              <Button
                appearance="subtle"
                icon={shown ? <ChevronUpRegular /> : <ChevronDownRegular />}
                aria-expanded={shown}
                aria-controls={tableId}
                onClick={() => setShown((s) => !s)}
              >
                {shown ? 'Hide the numbers' : 'Show the numbers'}
              </Button>
            )}
            <Button
              appearance="subtle"
              icon={<ArrowDownloadRegular />}
              aria-label={`Download CSV of ${label.toLowerCase()}`}
              onClick={() => downloadCsv(file, toCsv(columns, rows))}
            >
              CSV
            </Button>
          </div>
        )}
      </div>
      {empty !== null ? (
        <Body1 as="p" block className={styles.empty}>
          {empty}
        </Body1>
      ) : (
        <>
          {'table' in picture ? (
            picture.table
          ) : (
            <figure className={styles.figure} aria-label={label}>
              {charts.data ? (
                <ChartBoundary fallback={noChart}>{picture.chart(charts.data)}</ChartBoundary>
              ) : charts.loading ? (
                <Spinner size="small" label="Drawing the chart…" />
              ) : (
                noChart
              )}
            </figure>
          )}
          {numbersTable && (
            <div id={tableId} className={mergeClasses(styles.tableWrap, !shown && visually.hidden)}>
              <Table aria-label={label} className={styles.table} size="small">
                <TableHeader>
                  <TableRow>
                    {columns.map((c) => (
                      <TableHeaderCell key={c.header} className={mergeClasses(c.numeric && styles.numeric)}>
                        {c.header}
                      </TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={rowKey(row)} data-testid={rowTestId?.(row)}>
                      {columns.map((c) => (
                        <TableCell key={c.header} className={mergeClasses(c.numeric && styles.numeric)}>
                          {c.cell(row)}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}
    </div>
  );
};
