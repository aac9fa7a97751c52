import { Body1, Spinner } from '@fluentui/react-components';
import { useParams } from 'react-router';
import { useApiData } from '../api/api-context';
import { useSession } from '../app/session';
import { CaseList, STANDARD_COLUMNS, type CaseColumn } from '../components/case-list/case-list';
import { filtersFor, ListFilterBar, useSeenCategories } from '../components/case-list/list-filters';
import { hasFilters, NO_FILTERS, useCaseListView, type PageOrder } from '../components/case-list/list-view';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';

const WARD_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'created', 'member', 'department'];
const ORDER: PageOrder = { sort: 'attention', label: 'Most urgent first' };

/**
 * The channel tab: a team's electoral division. Everyone in the team sees only the division's cases they may
 * see themselves (a councillor, their own), because the list comes from the same policy-checked API.
 */
export const WardPage = () => {
  const { wardId = '' } = useParams();
  const session = useSession();
  const list = useCaseListView(ORDER);
  const { data, error, loading, reload } = useApiData(
    (api) =>
      api.listCases({
        ...list.query,
        ward: wardId,
        status: ['new', 'triaged', 'with-department', 'responded', 'on-hold'],
        limit: 500,
      }),
    [wardId, list.query],
  );
  const categories = useSeenCategories(data?.items, list.filters.category);
  const filtered = hasFilters(list.filters);
  const known = session.directory.wards.some((w) => w.id === wardId);
  const title = known ? `${session.wardName(wardId)}: casework` : 'Electoral division';
  return (
    <>
      <PageHeader title={title} />
      {!known && (
        <Body1 as="p">
          This tab points at a division that no longer exists. Ask the team owner to set it up again.
        </Body1>
      )}
      {known && (
        <ListFilterBar
          filters={list.filters}
          onChange={list.setFilters}
          show={filtersFor(session)}
          categories={categories}
          onClear={filtered ? () => list.setFilters(NO_FILTERS) : undefined}
        />
      )}
      {known && loading && !data && <Spinner label="Loading…" />}
      {known && error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {known && data && (
        <>
          <Body1 as="p" role="status">
            {data.total === 0
              ? filtered
                ? 'No open cases in this division that you can see match these filters.'
                : 'No open cases in this division that you can see.'
              : `${data.total} open case${data.total === 1 ? '' : 's'} in this division that you can see.`}
          </Body1>
          {data.items.length > 0 && (
            <CaseList cases={data.items} label={title} columns={WARD_COLUMNS} sort={list.sort} />
          )}
        </>
      )}
    </>
  );
};
