import type { CaseColumnSort, SortDirection } from '../../api/types';
import type { CaseColumn } from './case-columns';
import type { ListSort } from './list-view';

/** The list's columns the service can sort by: the reference, the title, and these facts. */
export const SORT_KEY_OF: Partial<Record<CaseColumn, CaseColumnSort>> = {
  status: 'status',
  created: 'raised',
  due: 'due',
  department: 'department',
  member: 'member',
};

/** Each order in words, for the phone layout's "Sort by" choices. */
export const SORT_WORDS: Record<CaseColumnSort, Record<SortDirection, string>> = {
  ref: { asc: 'Reference, lowest first', desc: 'Reference, highest first' },
  title: { asc: 'Title, A to Z', desc: 'Title, Z to A' },
  status: { asc: 'Status, new first', desc: 'Status, closed first' },
  raised: { asc: 'Raised, oldest first', desc: 'Raised, newest first' },
  due: { asc: 'Due, soonest first', desc: 'Due, latest first' },
  department: { asc: 'Department, A to Z', desc: 'Department, Z to A' },
  member: { asc: 'Member, A to Z', desc: 'Member, Z to A' },
};

/**
 * A list's sorting, given by its page: the order asked for (null: the page's own), the page's own order in
 * words and, where it is one, as a column order (the department queue's "soonest due first" is Due,
 * ascending), and what to do when someone picks another.
 */
export interface CaseListSort {
  current: ListSort | null;
  fallback: { label: string; as?: ListSort | undefined };
  onSort: (next: ListSort | null) => void;
}

/** The order the list is in: the one asked for, or the page's own where it is a column order. */
export const shownSort = (sort: CaseListSort): ListSort | null => sort.current ?? sort.fallback.as ?? null;

/** A header chosen: the same column again turns its direction round; another column starts ascending. */
export const nextSort = (sort: CaseListSort, key: CaseColumnSort): ListSort => {
  const shown = shownSort(sort);
  return { key, dir: shown?.key === key && shown.dir === 'asc' ? 'desc' : 'asc' };
};

/** The sort keys a list with these columns offers, in the order its columns read. */
export const sortKeysOf = (columns: readonly CaseColumn[]): CaseColumnSort[] => [
  'ref',
  'title',
  ...columns.flatMap((column) => {
    const key = SORT_KEY_OF[column];
    return key ? [key] : [];
  }),
];
