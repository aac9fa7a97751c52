import type { MouseEvent } from 'react';
import type { CaseView } from '../../api/types';
import type { CaseColumn } from './case-columns';
import type { useCaseListStyles } from './case-list.styles';
import type { CaseListSort } from './case-sort';

export interface RowAction {
  label: string;
  available: (c: CaseView) => boolean;
  run: (c: CaseView) => void;
}

/** With a selection, each case gets a checkbox (bulk actions). */
export interface CaseSelection {
  selected: ReadonlySet<string>;
  toggle: (ref: string) => void;
  toggleAll: () => void;
}

/** Opens a case from its link. */
export type OpenCase = (event: MouseEvent<HTMLAnchorElement>, ref: string) => void;

/** What one row of the table, or one compact item, is given. */
export interface CaseEntryProps {
  c: CaseView;
  columns: readonly CaseColumn[];
  selected: boolean | undefined;
  toggle: ((ref: string) => void) | undefined;
  rowAction: RowAction | undefined;
  styles: ReturnType<typeof useCaseListStyles>;
  caseHref: string;
  open: OpenCase;
}

/** The "select all" box's state: ticked when every case shown is selected, mixed when some are. */
export const selectAllState = (
  cases: readonly CaseView[],
  selection: CaseSelection | undefined,
): boolean | 'mixed' => {
  if (!selection || cases.length === 0) return false;
  if (cases.every((c) => selection.selected.has(c.ref))) return true;
  return cases.some((c) => selection.selected.has(c.ref)) ? 'mixed' : false;
};

/** What the table and the compact list are given. */
export interface CaseListViewProps {
  cases: readonly CaseView[];
  label: string;
  columns: readonly CaseColumn[];
  selection?: CaseSelection | undefined;
  rowAction?: RowAction | undefined;
  /** With a sort, the columns' headers (on a phone, a "Sort by" choice) change the list's order. */
  sort?: CaseListSort | undefined;
  caseHref: string;
  open: OpenCase;
}

/** One case's props, from the list's. */
export const entryProps = (
  c: CaseView,
  { columns, selection, rowAction, caseHref, open }: CaseListViewProps,
  styles: ReturnType<typeof useCaseListStyles>,
): CaseEntryProps => ({
  c,
  columns,
  selected: selection?.selected.has(c.ref),
  toggle: selection?.toggle,
  rowAction,
  styles,
  caseHref,
  open,
});
