import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { CaseColumnSort, ListCasesQuery, SortDirection } from '../../api/types';
import type { CaseListSort } from './case-sort';

/** A list's order by one of its columns, as the service sorts it (docs/api.md, `sort` and `dir`). */
export interface ListSort {
  key: CaseColumnSort;
  dir: SortDirection;
}

/** The filters every case list offers besides its own: empty strings mean "no filter". */
export interface ListFilters {
  department: string;
  category: string;
  member: string;
  /** `YYYY-MM-DD`, as a date input gives it. */
  raisedFrom: string;
  raisedTo: string;
}

export const NO_FILTERS: ListFilters = {
  department: '',
  category: '',
  member: '',
  raisedFrom: '',
  raisedTo: '',
};

/** What a list shows beyond its page's own choice of cases: an order (null: the page's own) and filters. */
export interface ListView {
  sort: ListSort | null;
  filters: ListFilters;
}

const SORT_KEYS: readonly CaseColumnSort[] = [
  'ref',
  'title',
  'status',
  'raised',
  'due',
  'department',
  'member',
];
const FILTER_KEYS = Object.keys(NO_FILTERS) as (keyof ListFilters)[];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isSortKey = (v: string | null): v is CaseColumnSort =>
  v !== null && (SORT_KEYS as readonly string[]).includes(v);

/** The list view in an address's query (`sort`, `dir` and the filters by their API names). */
export const readListView = (params: URLSearchParams): ListView => {
  const key = params.get('sort');
  const filters = { ...NO_FILTERS };
  for (const name of FILTER_KEYS) filters[name] = params.get(name)?.trim() ?? '';
  // A day that is not one is dropped here rather than sent to be refused.
  if (!DAY.test(filters.raisedFrom)) filters.raisedFrom = '';
  if (!DAY.test(filters.raisedTo)) filters.raisedTo = '';
  return {
    sort: isSortKey(key) ? { key, dir: params.get('dir') === 'desc' ? 'desc' : 'asc' } : null,
    filters,
  };
};

/** `params` with the list view written in (every other parameter kept), for `setSearchParams`. */
export const withListView = (params: URLSearchParams, view: ListView): URLSearchParams => {
  const next = new URLSearchParams(params);
  for (const name of ['sort', 'dir', ...FILTER_KEYS]) next.delete(name);
  if (view.sort) {
    next.set('sort', view.sort.key);
    if (view.sort.dir === 'desc') next.set('dir', 'desc');
  }
  for (const name of FILTER_KEYS) if (view.filters[name]) next.set(name, view.filters[name]);
  return next;
};

export const hasFilters = (filters: ListFilters): boolean => FILTER_KEYS.some((name) => filters[name] !== '');

/** A from-date after the to-date: the service would refuse the pair, so the list asks with neither. */
export const datesReversed = (filters: ListFilters): boolean =>
  filters.raisedFrom !== '' && filters.raisedTo !== '' && filters.raisedFrom > filters.raisedTo;

/**
 * The list view as the service's query: the column sort (or the page's own `fallback` order) and the filters
 * that are set. Reversed dates are left out (the filter bar says why).
 */
export const listViewQuery = (view: ListView, fallback: ListCasesQuery['sort']): ListCasesQuery => {
  const { filters } = view;
  const dates = datesReversed(filters)
    ? {}
    : {
        ...(filters.raisedFrom ? { raisedFrom: filters.raisedFrom } : {}),
        ...(filters.raisedTo ? { raisedTo: filters.raisedTo } : {}),
      };
  return {
    ...(view.sort ? { sort: view.sort.key, dir: view.sort.dir } : fallback ? { sort: fallback } : {}),
    ...(filters.department ? { department: filters.department } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.member ? { member: filters.member } : {}),
    ...dates,
  };
};

/**
 * The list view kept in the address, so Back, a reload or a shared link shows the same list. Changes replace
 * the current history entry (a list does not fill the history with every click), as the other filters do.
 */
export const useListView = () => {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readListView(params), [params]);
  const setView = useCallback(
    (next: ListView) => setParams((current) => withListView(current, next), { replace: true }),
    [setParams],
  );
  return { view, setView };
};

/**
 * The list view kept in the address with what a page's `CaseList` and `ListFilterBar` need: the sort (a
 * header or "Sort by" chosen writes it), the filters and a setter for them, and the query for the service.
 */
/** A page's own order: what it asks the service for when no column is chosen, in words and as a column. */
export interface PageOrder {
  sort: ListCasesQuery['sort'];
  label: string;
  as?: ListSort | undefined;
}

/**
 * The list view kept in the address with what a page's `CaseList` and `ListFilterBar` need: the sort (a
 * header or "Sort by" chosen writes it), the filters and a setter for them, and the query for the service.
 * `order` is one of the page's constants, so it is the same object on every render.
 */
export const useCaseListView = (order: PageOrder) => {
  const { view, setView } = useListView();
  const sort = useMemo<CaseListSort>(
    () => ({
      current: view.sort,
      fallback: { label: order.label, as: order.as },
      onSort: (next) => setView({ ...view, sort: next }),
    }),
    [view, setView, order],
  );
  const setFilters = useCallback((filters: ListFilters) => setView({ ...view, filters }), [view, setView]);
  const query = useMemo(() => listViewQuery(view, order.sort), [view, order]);
  return { view, sort, filters: view.filters, setFilters, query, setView };
};
