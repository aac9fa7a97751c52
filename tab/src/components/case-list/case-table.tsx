import {
  Button,
  Checkbox,
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
} from '@fluentui/react-components';
import { memo, type ReactNode } from 'react';
import type { CaseColumnSort } from '../../api/types';
import { useSession } from '../../app/session';
import { COLUMNS } from './case-columns';
import { entryProps, selectAllState, type CaseEntryProps, type CaseListViewProps } from './case-entry';
import { useCaseListStyles } from './case-list.styles';
import { NewMark } from './new-mark';
import { nextSort, shownSort, SORT_KEY_OF, type CaseListSort } from './case-sort';

/**
 * A column's header: with a sort, a sortable column's header is a button (Enter or Space chooses it) and the
 * header cell carries `aria-sort`; other headers say nothing of sorting.
 */
const Header = ({
  sort,
  sortKey,
  className,
  children,
}: {
  sort: CaseListSort | undefined;
  sortKey: CaseColumnSort | undefined;
  className?: string | undefined;
  children: ReactNode;
}) => {
  if (!sort || !sortKey)
    return (
      <TableHeaderCell className={className} sortable={false}>
        {children}
      </TableHeaderCell>
    );
  const shown = shownSort(sort);
  return (
    <TableHeaderCell
      className={className}
      sortDirection={shown?.key === sortKey ? (shown.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      onClick={() => sort.onSort(nextSort(sort, sortKey))}
    >
      {children}
    </TableHeaderCell>
  );
};

const CaseRow = memo(function CaseRow({
  c,
  columns,
  selected,
  toggle,
  rowAction,
  styles,
  caseHref,
  open,
}: CaseEntryProps) {
  const session = useSession();
  const cell = styles.cell;
  return (
    <tr className={mergeClasses(styles.row, c.sla.state === 'overdue' && styles.overdue)}>
      {toggle && (
        <td className={mergeClasses(cell, styles.select)}>
          <Checkbox
            checked={selected ?? false}
            onChange={() => toggle(c.ref)}
            aria-label={`Select ${c.ref}`}
          />
        </td>
      )}
      <td className={mergeClasses(cell, styles.nowrap)}>
        <a
          className={mergeClasses(styles.link, styles.ref)}
          href={`${caseHref}/${c.ref}`}
          onClick={(event) => open(event, c.ref)}
        >
          {c.ref}
        </a>
      </td>
      <td className={mergeClasses(cell, styles.title)}>
        {c.news && <NewMark className={styles.news} />}
        {c.title}
      </td>
      {columns.map((column) => (
        <td
          key={column}
          className={mergeClasses(cell, COLUMNS[column].nowrap ? styles.nowrap : styles.names)}
        >
          {COLUMNS[column].cell(c, session)}
        </td>
      ))}
      {rowAction && (
        <td className={mergeClasses(cell, styles.nowrap)}>
          {rowAction.available(c) && (
            <Button size="small" onClick={() => rowAction.run(c)} aria-label={`${rowAction.label} ${c.ref}`}>
              {rowAction.label}
            </Button>
          )}
        </td>
      )}
    </tr>
  );
});

/**
 * Cases as a table, on wider screens: each column as wide as its content (a one-digit stage is narrow), the
 * title taking what is left. Body rows are plain elements in Fluent's tokens (docs/performance.md).
 */
export const CaseTable = (view: CaseListViewProps) => {
  const { cases, label, columns, selection, rowAction, sort } = view;
  const styles = useCaseListStyles();
  return (
    <div className={styles.wrap}>
      <Table aria-label={label} className={styles.table} size="small" sortable={sort !== undefined}>
        <TableHeader>
          <TableRow>
            {selection && (
              <TableHeaderCell className={styles.select} sortable={false}>
                <Checkbox
                  checked={selectAllState(cases, selection)}
                  onChange={selection.toggleAll}
                  aria-label="Select all cases shown"
                />
              </TableHeaderCell>
            )}
            <Header sort={sort} sortKey="ref" className={styles.nowrap}>
              Reference
            </Header>
            <Header sort={sort} sortKey="title">
              Title
            </Header>
            {columns.map((column) => (
              <Header key={column} sort={sort} sortKey={SORT_KEY_OF[column]} className={styles.nowrap}>
                {COLUMNS[column].header}
              </Header>
            ))}
            {rowAction && (
              <TableHeaderCell className={styles.nowrap} sortable={false}>
                Action
              </TableHeaderCell>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {cases.map((c) => (
            <CaseRow key={c.ref} {...entryProps(c, view, styles)} />
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
