import { Body1, Button, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
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

const MINE_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'ward', 'department'];
const ALL_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'member', 'ward', 'department'];

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
  const filters = useMemo(() => filtersFrom(params), [params]);
  const { data, error, loading, reload } = useApiData(
    (api) =>
      api.listCases({
        mine,
        status: [...STATUS_FILTERS[filters.status].statuses],
        overdue: filters.overdue,
        text: filters.text || undefined,
        ward: filters.ward || undefined,
        limit: MY_CASES_LIMIT,
      }),
    [mine, filters.status, filters.overdue, filters.text, filters.ward],
  );

  const onChange = useCallback(
    (next: CaseFilterValues) => {
      const p = new URLSearchParams();
      if (next.status !== 'open') p.set('status', next.status);
      if (next.overdue) p.set('overdue', 'true');
      if (next.text) p.set('q', next.text);
      if (next.ward) p.set('ward', next.ward);
      setParams(p, { replace: true });
    },
    [setParams],
  );
  const filtered = filters.status !== 'open' || filters.overdue || filters.text !== '' || filters.ward !== '';

  return (
    <>
      <PageHeader title={mine ? 'My cases' : 'All cases'}>
        {(session.is('Councillor') || session.is('SupportOfficer')) && (
          <RouterLink to="/new">Raise a new case</RouterLink>
        )}
      </PageHeader>
      <CaseFilters values={filters} onChange={onChange} showWard={officer} />
      {loading && !data && <Spinner label="Loading cases…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <>
          <Body1 as="p" className={styles.summary} role="status" aria-live="polite">
            {data.total === 0
              ? 'No cases to show.'
              : data.total > data.items.length
                ? `Showing the first ${data.items.length} of ${data.total} cases. Search or filter to narrow the list.`
                : `${data.total} case${data.total === 1 ? '' : 's'}.`}
            {loading ? ' Updating…' : ''}
          </Body1>
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
            />
          ) : (
            <div className={styles.empty}>
              {filtered ? (
                <>
                  <Body1>No cases match these filters.</Body1>
                  <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                    Clear filters
                  </Button>
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
