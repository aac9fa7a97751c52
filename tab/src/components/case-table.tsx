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
import { memo, useCallback, type MouseEvent } from 'react';
import { useHref, useNavigate } from 'react-router';
import type { CaseView } from '../api/types';
import { useSession } from '../app/session';
import { formatDate, mpLabel, STATUS_LABELS } from './format';
import { SlaBadge } from './sla-badge';
import { useCaseTableStyles } from './case-table.styles';

export type CaseColumn = 'member' | 'ward' | 'department' | 'created';

export interface CaseTableProps {
  cases: readonly CaseView[];
  /** What the table is, for screen readers: "My cases", "Triage queue"… */
  label: string;
  columns?: readonly CaseColumn[];
  /** With a selection, each row gets a checkbox (bulk actions). */
  selection?: { selected: ReadonlySet<string>; toggle: (ref: string) => void; toggleAll: () => void };
  /** A button at the end of each row (e.g. Respond), for the rows where `available` says it applies. */
  rowAction?: RowAction;
}

export interface RowAction {
  label: string;
  available: (c: CaseView) => boolean;
  run: (c: CaseView) => void;
}

type Styles = ReturnType<typeof useCaseTableStyles>;

const CaseRow = memo(function CaseRow({
  c,
  columns,
  selected,
  toggle,
  rowAction,
  styles,
  caseHref,
  open,
}: {
  c: CaseView;
  columns: readonly CaseColumn[];
  selected: boolean | undefined;
  toggle: ((ref: string) => void) | undefined;
  rowAction: RowAction | undefined;
  styles: Styles;
  caseHref: string;
  open: (event: MouseEvent<HTMLAnchorElement>, ref: string) => void;
}) {
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
      <td className={mergeClasses(cell, styles.ref)}>
        <a className={styles.link} href={`${caseHref}/${c.ref}`} onClick={(event) => open(event, c.ref)}>
          {c.ref}
        </a>
      </td>
      <td className={mergeClasses(cell, styles.title)}>{c.title}</td>
      <td className={mergeClasses(cell, styles.nowrap)}>{STATUS_LABELS[c.status]}</td>
      <td className={cell}>{c.stage}</td>
      <td className={mergeClasses(cell, styles.nowrap)}>{formatDate(c.respondBy)}</td>
      <td className={cell}>
        <SlaBadge c={c} />
      </td>
      {columns.includes('created') && (
        <td className={mergeClasses(cell, styles.nowrap)}>{formatDate(c.createdAt.slice(0, 10))}</td>
      )}
      {columns.includes('member') && (
        <td className={cell}>{c.origin === 'mp' ? mpLabel(c.mpName) : session.personName(c.memberId)}</td>
      )}
      {columns.includes('ward') && <td className={cell}>{session.wardName(c.wardId)}</td>}
      {columns.includes('department') && <td className={cell}>{session.departmentName(c.departmentId)}</td>}
      {rowAction && (
        <td className={cell}>
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

/** A plain left click opens the case inside the tab; with a modifier key the browser does what it would. */
const plainClick = (event: MouseEvent<HTMLAnchorElement>): boolean =>
  event.button === 0 && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;

/**
 * Cases as a table: reference (a link to the case), title, status, stage, due date and the working days
 * left in words. Overdue rows also carry a red edge, which only repeats what the words say.
 */
export const CaseTable = ({ cases, label, columns = [], selection, rowAction }: CaseTableProps) => {
  const styles = useCaseTableStyles();
  const caseHref = useHref('/cases');
  const navigate = useNavigate();
  const open = useCallback(
    (event: MouseEvent<HTMLAnchorElement>, ref: string) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      void navigate(`/cases/${ref}`);
    },
    [navigate],
  );
  const allSelected =
    selection !== undefined && cases.length > 0 && cases.every((c) => selection.selected.has(c.ref));
  const someSelected = selection !== undefined && cases.some((c) => selection.selected.has(c.ref));
  return (
    <div className={styles.wrap}>
      <Table aria-label={label} className={styles.table} size="small">
        <TableHeader>
          <TableRow>
            {selection && (
              <TableHeaderCell className={styles.select}>
                <Checkbox
                  checked={allSelected ? true : someSelected ? 'mixed' : false}
                  onChange={selection.toggleAll}
                  aria-label="Select all cases shown"
                />
              </TableHeaderCell>
            )}
            <TableHeaderCell>Reference</TableHeaderCell>
            <TableHeaderCell>Title</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Stage</TableHeaderCell>
            <TableHeaderCell>Due</TableHeaderCell>
            <TableHeaderCell>Working days</TableHeaderCell>
            {columns.includes('created') && <TableHeaderCell>Raised</TableHeaderCell>}
            {columns.includes('member') && <TableHeaderCell>Member</TableHeaderCell>}
            {columns.includes('ward') && <TableHeaderCell>Electoral division</TableHeaderCell>}
            {columns.includes('department') && <TableHeaderCell>Department</TableHeaderCell>}
            {rowAction && <TableHeaderCell>Action</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {cases.map((c) => (
            <CaseRow
              key={c.ref}
              c={c}
              columns={columns}
              selected={selection?.selected.has(c.ref)}
              toggle={selection?.toggle}
              rowAction={rowAction}
              styles={styles}
              caseHref={caseHref}
              open={open}
            />
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
