import {
  Body1,
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  Spinner,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi, useApiData } from '../api/api-context';
import type { CaseView } from '../api/types';
import { useSession } from '../app/session';
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
import { PageHeader } from '../components/page-header';
import { describeProblem, ProblemBar } from '../components/problem-bar';

const useStyles = makeStyles({
  bulk: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'end',
    gap: tokens.spacingHorizontalL,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalM,
  },
});

type View = 'new' | 'at-risk';

/**
 * New cases are all New, at stage 1 and not yet routed: those columns would say the same on every row. What
 * routing needs is the kind and category of each, with who raised it, where and when.
 */
const NEW_COLUMNS: readonly CaseColumn[] = ['kind', 'category', 'created', 'member', 'ward', 'sla'];
const AT_RISK_COLUMNS: readonly CaseColumn[] = [
  ...STANDARD_COLUMNS,
  'created',
  'member',
  'ward',
  'department',
];

const ORDERS: Record<View, PageOrder> = {
  new: { sort: 'oldest', label: 'Oldest first', as: { key: 'raised', dir: 'asc' } },
  'at-risk': { sort: 'due', label: 'Soonest due first', as: { key: 'due', dir: 'asc' } },
};

interface BulkResult {
  routed: string[];
  failed: { ref: string; why: string }[];
}

/**
 * Support officers' queue: new cases oldest first, routed to a department one at a time or in bulk; and the
 * open cases about to miss (or past) their response date.
 */
export const TriagePage = () => {
  const styles = useStyles();
  const api = useApi();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'at-risk' ? 'at-risk' : 'new';
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [departmentId, setDepartmentId] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [missingDepartment, setMissingDepartment] = useState(false);

  const list = useCaseListView(ORDERS[view]);
  const { data, error, loading, reload } = useApiData(
    (a) =>
      view === 'new'
        ? a.listCases({ ...list.query, status: ['new'], limit: 500 })
        : a.listCases({ ...list.query, atRisk: true, limit: 500 }),
    [view, list.query],
  );
  const categories = useSeenCategories(data?.items, list.filters.category);
  const filtered = hasFilters(list.filters);

  const toggle = useCallback(
    (ref: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(ref)) next.delete(ref);
        else next.add(ref);
        return next;
      }),
    [],
  );
  const toggleAll = useCallback(() => {
    const refs = (data?.items ?? []).map((c) => c.ref);
    setSelected((s) => (refs.every((r) => s.has(r)) ? new Set() : new Set(refs)));
  }, [data]);

  if (!session.is('SupportOfficer'))
    return (
      <>
        <PageHeader title="Triage" />
        <MessageBar intent="info">
          <MessageBarBody>Triage is for Democratic Services’ support officers.</MessageBarBody>
        </MessageBar>
      </>
    );

  const routeSelected = async () => {
    if (!departmentId) {
      setMissingDepartment(true);
      return;
    }
    const chosen: CaseView[] = (data?.items ?? []).filter((c) => selected.has(c.ref));
    const outcome: BulkResult = { routed: [], failed: [] };
    setResult(null);
    setProgress({ done: 0, total: chosen.length });
    // One request per case, so each is checked, audited and versioned on its own; a refusal stops none of the others.
    for (const c of chosen) {
      try {
        await api.act(c.ref, { type: 'triage', departmentId }, c.version);
        outcome.routed.push(c.ref);
      } catch (e) {
        outcome.failed.push({ ref: c.ref, why: describeProblem(e).title });
      }
      setProgress({ done: outcome.routed.length + outcome.failed.length, total: chosen.length });
    }
    setProgress(null);
    setSelected(new Set());
    setResult(outcome);
    reload();
  };

  const items = data?.items ?? [];
  return (
    <>
      <PageHeader title="Triage" />
      <TabList
        selectedValue={view}
        onTabSelect={(_e, d) => {
          setSelected(new Set());
          setResult(null);
          // The filters stay; each view has its own order.
          setParams(
            (current) =>
              withListView(new URLSearchParams(d.value === 'at-risk' ? { view: 'at-risk' } : {}), {
                sort: null,
                filters: readListView(current).filters,
              }),
            { replace: true },
          );
        }}
      >
        <Tab value="new">New cases</Tab>
        <Tab value="at-risk">About to breach</Tab>
      </TabList>
      <div
        className={styles.panel}
        role="tabpanel"
        aria-label={view === 'new' ? 'New cases' : 'About to breach'}
      >
        {result && (
          <MessageBar intent={result.failed.length ? 'warning' : 'success'} role="status" layout="multiline">
            <MessageBarBody>
              {result.routed.length} case{result.routed.length === 1 ? '' : 's'} routed to{' '}
              {session.departmentName(departmentId)}.
              {result.failed.length > 0 && (
                <ul>
                  {result.failed.map((f) => (
                    <li key={f.ref}>
                      {f.ref}: {f.why}
                    </li>
                  ))}
                </ul>
              )}
            </MessageBarBody>
          </MessageBar>
        )}
        <ListFilterBar
          filters={list.filters}
          onChange={list.setFilters}
          // New cases have no department yet.
          show={{ ...filtersFor(session), department: view === 'at-risk' }}
          categories={categories}
          onClear={filtered ? () => list.setFilters(NO_FILTERS) : undefined}
        />
        {loading && !data && <Spinner label="Loading the queue…" />}
        {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
        {data && view === 'new' && items.length > 0 && (
          <div className={styles.bulk}>
            <Field
              label="Route selected cases to"
              validationMessage={missingDepartment ? 'Choose a department.' : undefined}
            >
              <Dropdown
                placeholder="Choose a department"
                value={session.directory.departments.find((d) => d.id === departmentId)?.name ?? ''}
                selectedOptions={departmentId ? [departmentId] : []}
                onOptionSelect={(_e, d) => {
                  setMissingDepartment(false);
                  setDepartmentId(d.optionValue ?? '');
                }}
              >
                {session.directory.departments.map((d) => (
                  <Option key={d.id} value={d.id}>
                    {d.name}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Button
              appearance="primary"
              disabled={selected.size === 0 || progress !== null}
              onClick={() => void routeSelected()}
            >
              Route {selected.size} selected
            </Button>
          </div>
        )}
        {progress && (
          <Field label={`Routing ${progress.done} of ${progress.total}…`}>
            <ProgressBar value={progress.total ? progress.done / progress.total : 0} />
          </Field>
        )}
        {data && (
          <Body1 as="p" role="status" aria-live="polite">
            {view === 'new'
              ? `${data.total} new case${data.total === 1 ? '' : 's'} waiting${list.view.sort ? '.' : ', oldest first.'}`
              : `${data.total} open case${data.total === 1 ? '' : 's'} due soon or overdue${list.view.sort ? '.' : ', most urgent first.'}`}
          </Body1>
        )}
        {data && items.length > 0 && (
          <CaseList
            cases={items}
            label={view === 'new' ? 'New cases, oldest first' : 'Cases about to breach'}
            columns={view === 'new' ? NEW_COLUMNS : AT_RISK_COLUMNS}
            sort={list.sort}
            {...(view === 'new' ? { selection: { selected, toggle, toggleAll } } : {})}
          />
        )}
        {data && items.length === 0 && (
          <Body1>
            {filtered
              ? 'No cases here match these filters.'
              : view === 'new'
                ? 'Nothing waiting: every case has been triaged.'
                : 'No open case is near its date.'}
          </Body1>
        )}
      </div>
    </>
  );
};
