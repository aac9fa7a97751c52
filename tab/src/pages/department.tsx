import { Body1, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useApiData } from '../api/api-context';
import type { CaseView } from '../api/types';
import { useSession } from '../app/session';
import { ActionDialog } from '../components/case-actions';
import {
  CaseList,
  STANDARD_COLUMNS,
  type CaseColumn,
  type RowAction,
} from '../components/case-list/case-list';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';
import { RouterLink } from '../components/router-link';

const QUEUE_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'ward'];

/** Department officers' queue: their department's open cases, soonest due first, answered in place. */
export const DepartmentPage = () => {
  const session = useSession();
  const [responding, setResponding] = useState<CaseView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { data, error, loading, reload } = useApiData(
    (api) => api.listCases({ status: ['triaged', 'with-department'], sort: 'due', limit: 500 }),
    [],
  );
  const rowAction = useMemo<RowAction>(
    () => ({
      label: 'Respond',
      available: (c) => c.permittedActions.includes('respond'),
      run: (c) => setResponding(c),
    }),
    [],
  );

  if (!session.is('DepartmentOfficer') && !session.is('SupportOfficer'))
    return (
      <>
        <PageHeader title="Department queue" />
        <MessageBar intent="info">
          <MessageBarBody>The department queue is for department officers.</MessageBarBody>
        </MessageBar>
      </>
    );

  const title = session.me.departmentId
    ? `${session.departmentName(session.me.departmentId)} queue`
    : 'Department queue';
  return (
    <>
      <PageHeader title={title} />
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            {done} It is now among your department&rsquo;s{' '}
            <RouterLink to="/cases?status=responded">answered cases</RouterLink>.
          </MessageBarBody>
        </MessageBar>
      )}
      {loading && !data && <Spinner label="Loading the queue…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <Body1 as="p" role="status" aria-live="polite">
          {data.total === 0
            ? 'Nothing waiting for your department.'
            : `${data.total} case${data.total === 1 ? '' : 's'} to answer, soonest due first.`}
        </Body1>
      )}
      {data && data.items.length > 0 && (
        <CaseList cases={data.items} label={title} columns={QUEUE_COLUMNS} rowAction={rowAction} />
      )}
      {responding && (
        <ActionDialog
          c={responding}
          type="respond"
          onClose={() => setResponding(null)}
          onDone={(updated) => {
            setResponding(null);
            setDone(`Your response on ${updated.ref} was sent to the member.`);
            reload();
          }}
        />
      )}
    </>
  );
};
