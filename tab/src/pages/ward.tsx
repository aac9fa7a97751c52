import { Body1, Spinner } from '@fluentui/react-components';
import { useParams } from 'react-router';
import { useApiData } from '../api/api-context';
import { useSession } from '../app/session';
import { CaseList, STANDARD_COLUMNS, type CaseColumn } from '../components/case-list/case-list';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';

const WARD_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'member', 'department'];

/**
 * The channel tab: a team's electoral division. Everyone in the team sees only the division's cases they may
 * see themselves (a councillor, their own), because the list comes from the same policy-checked API.
 */
export const WardPage = () => {
  const { wardId = '' } = useParams();
  const session = useSession();
  const { data, error, loading, reload } = useApiData(
    (api) =>
      api.listCases({
        ward: wardId,
        status: ['new', 'triaged', 'with-department', 'responded', 'on-hold'],
        limit: 500,
      }),
    [wardId],
  );
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
      {known && loading && !data && <Spinner label="Loading…" />}
      {known && error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {known && data && (
        <>
          <Body1 as="p" role="status">
            {data.total === 0
              ? 'No open cases in this division that you can see.'
              : `${data.total} open case${data.total === 1 ? '' : 's'} in this division that you can see.`}
          </Body1>
          {data.items.length > 0 && <CaseList cases={data.items} label={title} columns={WARD_COLUMNS} />}
        </>
      )}
    </>
  );
};
