import {
  Button,
  Checkbox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
} from '@fluentui/react-components';
import { memo } from 'react';
import type { CaseView } from '../api/types';
import { useSession } from '../app/session';
import { formatDate, mpLabel, STATUS_LABELS } from './format';
import { RouterLink } from './router-link';
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

const CaseRow = memo(function CaseRow({
  c,
  columns,
  selected,
  toggle,
  rowAction,
}: {
  c: CaseView;
  columns: readonly CaseColumn[];
  selected: boolean | undefined;
  toggle: ((ref: string) => void) | undefined;
  rowAction: RowAction | undefined;
}) {
  const styles = useCaseTableStyles();
  const session = useSession();
  return (
    <TableRow className={c.sla.state === 'overdue' ? styles.overdue : undefined}>
      {toggle && (
        <TableCell className={styles.select}>
          <Checkbox
            checked={selected ?? false}
            onChange={() => toggle(c.ref)}
            aria-label={`Select ${c.ref}`}
          />
        </TableCell>
      )}
      <TableCell className={styles.ref}>
        <RouterLink to={`/cases/${c.ref}`}>{c.ref}</RouterLink>
      </TableCell>
      <TableCell className={styles.title}>{c.title}</TableCell>
      <TableCell className={styles.nowrap}>{STATUS_LABELS[c.status]}</TableCell>
      <TableCell>{c.stage}</TableCell>
      <TableCell className={styles.nowrap}>{formatDate(c.respondBy)}</TableCell>
      <TableCell>
        <SlaBadge c={c} />
      </TableCell>
      {columns.includes('created') && (
        <TableCell className={styles.nowrap}>{formatDate(c.createdAt.slice(0, 10))}</TableCell>
      )}
      {columns.includes('member') && (
        <TableCell>{c.origin === 'mp' ? mpLabel(c.mpName) : session.personName(c.memberId)}</TableCell>
      )}
      {columns.includes('ward') && <TableCell>{session.wardName(c.wardId)}</TableCell>}
      {columns.includes('department') && <TableCell>{session.departmentName(c.departmentId)}</TableCell>}
      {rowAction && (
        <TableCell>
          {rowAction.available(c) && (
            <Button size="small" onClick={() => rowAction.run(c)} aria-label={`${rowAction.label} ${c.ref}`}>
              {rowAction.label}
            </Button>
          )}
        </TableCell>
      )}
    </TableRow>
  );
});

/**
 * Cases as a table: reference (a link to the case), title, status, stage, due date and the working days
 * left in words. Overdue rows also carry a red edge, which only repeats what the words say.
 */
export const CaseTable = ({ cases, label, columns = [], selection, rowAction }: CaseTableProps) => {
  const styles = useCaseTableStyles();
  const allSelected =
    selection !== undefined && cases.length > 0 && cases.every((c) => selection.selected.has(c.ref));
  const someSelected = selection !== undefined && cases.some((c) => selection.selected.has(c.ref));
  return (
    <div className={styles.wrap}>
      <Table aria-label={label} className={mergeClasses(styles.table)} size="small">
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
            />
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
