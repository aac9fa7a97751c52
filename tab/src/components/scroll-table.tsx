import {
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  // At 390 px (Teams on a phone) the table scrolls inside its own box instead of widening the page.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { minWidth: '32rem' },
});

/** A small Fluent table with a name, column headings and the caller's rows, scrolling sideways when narrow. */
export const ScrollTable = ({
  label,
  columns,
  children,
}: {
  label: string;
  columns: readonly string[];
  children: ReactNode;
}) => {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table aria-label={label} size="small" className={styles.table}>
        <TableHeader>
          <TableRow>
            {columns.map((c) => (
              <TableHeaderCell key={c}>{c}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
};
