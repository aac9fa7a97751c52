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
import { memo } from 'react';
import { useSession } from '../../app/session';
import { COLUMNS } from './case-columns';
import { entryProps, selectAllState, type CaseEntryProps, type CaseListViewProps } from './case-entry';
import { useCaseListStyles } from './case-list.styles';
import { NewMark } from './new-mark';

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
  const { cases, label, columns, selection, rowAction } = view;
  const styles = useCaseListStyles();
  return (
    <div className={styles.wrap}>
      <Table aria-label={label} className={styles.table} size="small">
        <TableHeader>
          <TableRow>
            {selection && (
              <TableHeaderCell className={styles.select}>
                <Checkbox
                  checked={selectAllState(cases, selection)}
                  onChange={selection.toggleAll}
                  aria-label="Select all cases shown"
                />
              </TableHeaderCell>
            )}
            <TableHeaderCell className={styles.nowrap}>Reference</TableHeaderCell>
            <TableHeaderCell>Title</TableHeaderCell>
            {columns.map((column) => (
              <TableHeaderCell key={column} className={styles.nowrap}>
                {COLUMNS[column].header}
              </TableHeaderCell>
            ))}
            {rowAction && <TableHeaderCell className={styles.nowrap}>Action</TableHeaderCell>}
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
