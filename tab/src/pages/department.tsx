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
import { filtersFor, ListFilterBar, useSeenCategories } from '../components/case-list/list-filters';
import { hasFilters, NO_FILTERS, useCaseListView, type PageOrder } from '../components/case-list/list-view';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';
import { RouterLink } from '../components/router-link';

// The member, to sort and filter by; not Raised, which would push Respond out of a laptop's width (the
// Reference order is the order raised).
const QUEUE_COLUMNS: readonly CaseColumn[] = [...STANDARD_COLUMNS, 'member', 'ward'];
const ORDER: PageOrder = { sort: 'due', label: 'Soonest due first', as: { key: 'due', dir: 'asc' } };

/** Department officers' queue: their department's open cases, soonest due first, answered in place. */
export const DepartmentPage = () => {
  const session = useSession();
  const [responding, setResponding] = useState<CaseView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useCaseListView(ORDER);
  const { data, error, loading, reload } = useApiData(
    (api) => api.listCases({ ...list.query, status: ['triaged', 'with-department'], limit: 500 }),
    [list.query],
  );
  const categories = useSeenCategories(data?.items, list.filters.category);
  const filtered = hasFilters(list.filters);
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
      <ListFilterBar
        filters={list.filters}
        onChange={list.setFilters}
        // A department officer's queue is their own department's: only a support officer may narrow it.
        show={{ ...filtersFor(session), department: session.is('SupportOfficer') }}
        categories={categories}
        onClear={filtered ? () => list.setFilters(NO_FILTERS) : undefined}
      />
      {loading && !data && <Spinner label="Loading the queue…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <Body1 as="p" role="status" aria-live="polite">
          {data.total === 0
            ? filtered
              ? 'No cases waiting match these filters.'
              : 'Nothing waiting for your department.'
            : `${data.total} case${data.total === 1 ? '' : 's'} to answer${list.view.sort ? '.' : ', soonest due first.'}`}
        </Body1>
      )}
      {data && data.items.length > 0 && (
        <CaseList
          cases={data.items}
          label={title}
          columns={QUEUE_COLUMNS}
          rowAction={rowAction}
          sort={list.sort}
        />
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
