import { Body1, Button, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useCallback, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useApiData } from '../api/api-context';
import { useSession } from '../app/session';
import {
  CaseFilters,
  STATUS_FILTERS,
  isStatusFilter,
  type CaseFilterValues,
} from '../components/case-filters';
import { downloadCasesCsv } from '../components/case-list/case-csv';
import { CaseList, STANDARD_COLUMNS, type CaseColumn } from '../components/case-list/case-list';
import { filtersFor, ListFilterBar, useSeenCategories } from '../components/case-list/list-filters';
import {
  hasFilters,
  NO_FILTERS,
  readListView,
  useCaseListView,
  withListView,
  type PageOrder,
} from '../components/case-list/list-view';
import { DocumentMatches } from '../components/documents/document-matches';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';
import { RouterLink } from '../components/router-link';

/** The page lists up to this many cases at once (the API's largest page); more asks for a narrower search. */
export const MY_CASES_LIMIT = 500;

const useStyles = makeStyles({
  summary: { marginBottom: tokens.spacingVerticalM },
  download: { marginBottom: tokens.spacingVerticalM },
  empty: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'start' },
});

const MINE_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'created', 'ward', 'department'];
// Raised would push Department out of a laptop's width here; references are numbered as cases are raised, so
// the Reference order is the order raised.
const ALL_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'member', 'ward', 'department'];
const ORDER: PageOrder = { sort: 'attention', label: 'Most urgent first' };

/** A reference typed in full (`MH-2026-00179`, `mh-2026-179`), as the service writes it; null otherwise. */
export const fullReference = (text: string): string | null => {
  const m = /^(?:MH-?)?(\d{4})-(\d{5}|[1-9]\d{0,3})$/i.exec(text.trim());
  return m?.[1] && m[2] ? `MH-${m[1]}-${m[2].padStart(5, '0')}` : null;
};

const filtersFrom = (params: URLSearchParams): CaseFilterValues => {
  const status = params.get('status');
  return {
    status: isStatusFilter(status) ? status : 'open',
    overdue: params.get('overdue') === 'true',
    text: params.get('q') ?? '',
    ward: params.get('ward') ?? '',
  };
};

/**
 * A councillor's own cases (support officers: every case), overdue first, with filters kept in the address
 * so a filtered list can be bookmarked or shared with a colleague who may see the same cases.
 */
export const MyCasesPage = () => {
  const styles = useStyles();
  const session = useSession();
  const officer = session.is('SupportOfficer') || session.is('DepartmentOfficer');
  const mine = session.is('Councillor') && !session.is('SupportOfficer');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const list = useCaseListView(ORDER);
  // A reference typed in full names one case: it is found whatever the status and overdue filters say.
  const reference = fullReference(filters.text);
  const { data, error, loading, reload } = useApiData(
    (api) =>
      api.listCases({
        ...list.query,
        mine,
        open: reference === null && filters.status === 'open',
        status: reference === null ? [...STATUS_FILTERS[filters.status].statuses] : [],
        overdue: reference === null && filters.overdue,
        text: filters.text || undefined,
        ward: filters.ward || undefined,
        limit: MY_CASES_LIMIT,
      }),
    [mine, reference, filters.status, filters.overdue, filters.text, filters.ward, list.query],
  );
  const categories = useSeenCategories(data?.items, list.filters.category);

  const onChange = useCallback(
    (next: CaseFilterValues) => {
      const p = new URLSearchParams();
      if (next.status !== 'open') p.set('status', next.status);
      if (next.overdue) p.set('overdue', 'true');
      if (next.text) p.set('q', next.text);
      if (next.ward) p.set('ward', next.ward);
      setParams((current) => withListView(p, readListView(current)), { replace: true });
    },
    [setParams],
  );
  const filtered =
    filters.status !== 'open' ||
    filters.overdue ||
    filters.text !== '' ||
    filters.ward !== '' ||
    hasFilters(list.filters);
  // Every filter back to its default; the order chosen stays.
  const clearFilters = () =>
    setParams(withListView(new URLSearchParams(), { sort: list.view.sort, filters: NO_FILTERS }), {
      replace: true,
    });

  return (
    <>
      <PageHeader title={mine ? 'My cases' : 'All cases'}>
        {(session.is('Councillor') || session.is('SupportOfficer')) && (
          <RouterLink to="/new">Raise a new case</RouterLink>
        )}
      </PageHeader>
      <CaseFilters
        values={filters}
        onChange={onChange}
        showWard={officer}
        // Enter on a reference typed in full opens the case (its page answers "not found" for a case the
        // person may not see, exactly as for one that does not exist).
        onSubmitText={(text) => {
          const ref = fullReference(text);
          if (ref) void navigate(`/cases/${ref}`);
        }}
      />
      <ListFilterBar
        label="More filters"
        filters={list.filters}
        onChange={list.setFilters}
        show={{ ...filtersFor(session), member: !mine && filtersFor(session).member }}
        categories={categories}
        onClear={filtered ? clearFilters : undefined}
      />
      {loading && !data && <Spinner label="Loading cases…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <>
          <Body1 as="p" className={styles.summary} role="status" aria-live="polite">
            {reference !== null
              ? data.total === 0
                ? `No case ${reference} among the cases you can see.`
                : `Case ${reference}, whatever its status. Press Enter in the search box to open it.`
              : data.total === 0
                ? 'No cases to show.'
                : data.total > data.items.length
                  ? `Showing the first ${data.items.length} of ${data.total} cases. Search or filter to narrow the list.`
                  : `${data.total} case${data.total === 1 ? '' : 's'}.`}
            {reference === null && data.elsewhere !== undefined && data.elsewhere > 0
              ? ` ${data.elsewhere} more case${data.elsewhere === 1 ? ' matches' : 's match'} under other statuses.`
              : ''}
            {loading ? ' Updating…' : ''}
          </Body1>
          {reference === null && data.elsewhere !== undefined && data.elsewhere > 0 && (
            <Button
              className={styles.summary}
              onClick={() => onChange({ ...filters, status: 'all', overdue: false })}
            >
              Show matches under every status
            </Button>
          )}
          {data.items.length > 0 && (
            <Button
              className={styles.download}
              icon={<ArrowDownloadRegular />}
              onClick={() => void downloadCasesCsv(data.items, session)}
            >
              Download these {data.items.length === 1 ? 'case' : `${data.items.length} cases`} as CSV
            </Button>
          )}
          {data.items.length > 0 ? (
            <CaseList
              cases={data.items}
              label={mine ? 'My cases' : 'Cases'}
              columns={mine ? MINE_COLUMNS : ALL_COLUMNS}
              sort={list.sort}
            />
          ) : (
            <div className={styles.empty}>
              {filtered ? (
                <>
                  <Body1>No cases match these filters.</Body1>
                  <Button onClick={clearFilters}>Clear filters</Button>
                </>
              ) : mine ? (
                <Body1>
                  You have no open cases. To raise one for a constituent, choose{' '}
                  <RouterLink to="/new">Raise a new case</RouterLink>.
                </Body1>
              ) : (
                <Body1>There are no open cases.</Body1>
              )}
            </div>
          )}
        </>
      )}
      <DocumentMatches text={filters.text} />
    </>
  );
};
