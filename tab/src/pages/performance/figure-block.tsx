import {
  Body1,
  Button,
  Caption1,
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
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { ChartBoundary } from './chart-boundary';
import { downloadCsv } from './download-csv';
import { csvFileName, toCsv, type Column, type Period } from './figures';
import { useFigureBlockStyles } from './figure-block.styles';
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
  chart: (charts: Charts) => ReactNode;
}

/**
 * One figure: a chart for the eye, the same numbers as a table for reading, copying and screen readers, and
 * a CSV download of the table.
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
  chart,
}: FigureBlockProps<R>) => {
  const styles = useFigureBlockStyles();
  const noteId = useId('chart-note');
  const file = csvFileName(fileName, period);
  const noChart = (
    <Body1 as="p">The chart could not be drawn here; the table below has the same figures.</Body1>
  );
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        {subheading && <Subtitle2 as="h3">{subheading}</Subtitle2>}
        {empty === null && (
          <Button
            className={styles.download}
            icon={<ArrowDownloadRegular />}
            aria-label={`Download CSV of ${label.toLowerCase()}`}
            onClick={() => downloadCsv(file, toCsv(columns, rows))}
          >
            Download CSV
          </Button>
        )}
      </div>
      {empty !== null ? (
        <Body1 as="p" className={styles.empty}>
          {empty}
        </Body1>
      ) : (
        <>
          <figure className={styles.figure} aria-label={label} aria-describedby={noteId}>
            {charts.data ? (
              <ChartBoundary fallback={noChart}>{chart(charts.data)}</ChartBoundary>
            ) : charts.loading ? (
              <Spinner size="small" label="Drawing the chart…" />
            ) : (
              noChart
            )}
            <Caption1 as="p" id={noteId}>
              The table below gives the numbers behind this chart.
            </Caption1>
          </figure>
          <div className={styles.tableWrap}>
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
        </>
      )}
    </div>
  );
};
