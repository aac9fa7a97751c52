import { useCallback, type MouseEvent } from 'react';
import { useHref, useNavigate } from 'react-router';
import type { CaseView } from '../../api/types';
import { useCompactWidth } from '../../app/use-width';
import { STANDARD_COLUMNS, type CaseColumn } from './case-columns';
import { CaseItems } from './case-items';
import type { CaseSelection, OpenCase, RowAction } from './case-entry';
import type { CaseListSort } from './case-sort';
import { CaseTable } from './case-table';

export { STANDARD_COLUMNS, type CaseColumn } from './case-columns';
export type { RowAction } from './case-entry';
export type { CaseListSort } from './case-sort';

export interface CaseListProps {
  cases: readonly CaseView[];
  /** What the list is, for screen readers: "My cases", "Triage queue"… */
  label: string;
  /** The facts shown besides reference and title, in order. Default: status, stage, due date, working days. */
  columns?: readonly CaseColumn[];
  /** With a selection, each case gets a checkbox (bulk actions). */
  selection?: CaseSelection;
  /** A button for each case (e.g. Respond), for the cases where `available` says it applies. */
  rowAction?: RowAction;
  /** Sorting by column: headers on wide screens, a "Sort by" choice on phones. */
  sort?: CaseListSort;
}

/** A plain left click opens the case inside the tab; with a modifier key the browser does what it would. */
const plainClick = (event: MouseEvent<HTMLAnchorElement>): boolean =>
  event.button === 0 && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;

/**
 * A list of cases, the one component every queue uses: a table on wide screens, one compact item per case
 * on phones and tablets (`useCompactWidth`), with the same facts, selection and row action either way. Each
 * reference links to the case; overdue cases carry a red edge that only repeats what their words say.
 */
export const CaseList = ({ columns = STANDARD_COLUMNS, ...props }: CaseListProps) => {
  const compact = useCompactWidth();
  const caseHref = useHref('/cases');
  const navigate = useNavigate();
  const open = useCallback<OpenCase>(
    (event, ref) => {
      if (!plainClick(event)) return;
      event.preventDefault();
      void navigate(`/cases/${ref}`);
    },
    [navigate],
  );
  const view = { ...props, columns, caseHref, open };
  return compact ? <CaseItems {...view} /> : <CaseTable {...view} />;
};
