import type { ReactNode } from 'react';
import type { CaseView } from '../../api/types';
import type { Session } from '../../app/session';
import { formatDate, KIND_LABELS, mpLabel, STATUS_LABELS } from '../format';
import { SlaBadge } from '../sla-badge';

/** The facts a list of cases can show besides the reference and the title (which every list shows). */
export type CaseColumn =
  'status' | 'stage' | 'due' | 'sla' | 'created' | 'member' | 'ward' | 'department' | 'category' | 'kind';

/** Status, stage, due date and the working days left: what every queue shows unless it says otherwise. */
export const STANDARD_COLUMNS: readonly CaseColumn[] = ['status', 'stage', 'due', 'sla'];

export interface ColumnDef {
  header: string;
  /** The cell's content in the table. */
  cell: (c: CaseView, session: Session) => ReactNode;
  /**
   * Short facts (a date, a status, a badge) keep to one line so the column is as wide as its content; longer
   * ones (names) may wrap, and the title takes whatever is left.
   */
  nowrap: boolean;
}

const memberOf = (c: CaseView, session: Session): string =>
  c.origin === 'mp' ? mpLabel(c.mpName) : session.personName(c.memberId);

export const COLUMNS: Record<CaseColumn, ColumnDef> = {
  status: { header: 'Status', cell: (c) => STATUS_LABELS[c.status], nowrap: true },
  stage: { header: 'Stage', cell: (c) => c.stage, nowrap: true },
  due: { header: 'Due', cell: (c) => formatDate(c.respondBy), nowrap: true },
  sla: { header: 'Working days', cell: (c) => <SlaBadge c={c} />, nowrap: true },
  created: { header: 'Raised', cell: (c) => formatDate(c.createdAt.slice(0, 10)), nowrap: true },
  member: { header: 'Member', cell: memberOf, nowrap: false },
  ward: { header: 'Electoral division', cell: (c, s) => s.wardName(c.wardId), nowrap: false },
  department: { header: 'Department', cell: (c, s) => s.departmentName(c.departmentId), nowrap: false },
  category: { header: 'Category', cell: (c) => c.category, nowrap: false },
  kind: { header: 'Kind', cell: (c) => KIND_LABELS[c.kind], nowrap: false },
};

/**
 * The secondary facts of a compact item, as short phrases in reading order ("Raised 3 Nov 2026", a member's
 * name, a division, a department). Status, due date and the badge have places of their own in the item.
 */
export const compactFacts = (c: CaseView, columns: readonly CaseColumn[], session: Session): string[] =>
  columns.flatMap((column) => {
    switch (column) {
      case 'stage':
        return c.stage === 2 ? ['Stage 2'] : [];
      case 'created':
        return [`Raised ${formatDate(c.createdAt.slice(0, 10))}`];
      case 'member':
        return [memberOf(c, session)];
      case 'ward':
        return [session.wardName(c.wardId)];
      case 'department':
        return [session.departmentName(c.departmentId)];
      case 'category':
        return [c.category];
      case 'kind':
        return [KIND_LABELS[c.kind]];
      default:
        return [];
    }
  });
