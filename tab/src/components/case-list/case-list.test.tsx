import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { CaseView } from '../../api/types';
import { fakeService } from '../../../test/fake-service';
import { aCaseView } from '../../../test/fixtures';
import { renderPage } from '../../../test/render';
import { setViewportWidth } from '../../../test/viewport';
import { CaseList, STANDARD_COLUMNS, type CaseListProps } from './case-list';
import type { CaseListSort } from './case-sort';
import type { ListSort } from './list-view';

const overdue = aCaseView({
  title: 'Broken streetlight on Mill Lane',
  status: 'with-department',
  departmentId: 'highways',
  respondBy: '2026-11-20',
  sla: { state: 'overdue', workingDaysLeft: null, overdueBy: 3, escalationLevelDue: 1 },
  permittedActions: ['read', 'respond'],
});
const fresh = aCaseView({ title: 'Fly-tipping in the lane', stage: 2 });

/** The list with a working selection, as Triage uses it. */
const Selectable = (props: Omit<CaseListProps, 'selection'>) => {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (ref: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(ref)) next.delete(ref);
      else next.add(ref);
      return next;
    });
  const toggleAll = () =>
    setSelected((s) =>
      props.cases.every((c) => s.has(c.ref)) ? new Set() : new Set(props.cases.map((c) => c.ref)),
    );
  return <CaseList {...props} selection={{ selected, toggle, toggleAll }} />;
};

/** The list with a working sort, as the pages keep it (there, in the address). */
const Sortable = (props: Omit<CaseListProps, 'sort'> & { onSort: (next: ListSort | null) => void }) => {
  const { onSort, ...rest } = props;
  const [current, setCurrent] = useState<ListSort | null>(null);
  const sort: CaseListSort = {
    current,
    fallback: { label: 'Soonest due first', as: { key: 'due', dir: 'asc' } },
    onSort: (next) => {
      setCurrent(next);
      onSort(next);
    },
  };
  return <CaseList {...rest} sort={sort} />;
};

describe('Case list', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('is a table on a wide screen, with a column per fact', async () => {
    restore = setViewportWidth(1280);
    renderPage(
      <CaseList cases={[overdue, fresh]} label="My cases" columns={[...STANDARD_COLUMNS, 'department']} />,
      {
        api: fakeService({}).api,
      },
    );
    const table = await screen.findByRole('table', { name: 'My cases' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Reference', 'Title', 'Status', 'Stage', 'Due', 'Working days', 'Department']);
    expect(screen.queryByRole('list', { name: 'My cases' })).toBeNull();
  });

  it('reads as one compact item per case on a phone: reference and title as one link, status, due date, days left, facts', async () => {
    restore = setViewportWidth(390);
    renderPage(
      <CaseList cases={[overdue, fresh]} label="My cases" columns={[...STANDARD_COLUMNS, 'department']} />,
      {
        api: fakeService({}).api,
      },
    );
    const list = await screen.findByRole('list', { name: 'My cases' });
    expect(screen.queryByRole('table')).toBeNull();
    const [first, second] = within(list).getAllByRole('listitem');
    if (!first || !second) throw new Error('two items expected');
    const link = within(first).getByRole('link', { name: `${overdue.ref} Broken streetlight on Mill Lane` });
    expect(link.getAttribute('href')).toBe(`/cases/${overdue.ref}`);
    expect(within(first).getByText('With department')).toBeTruthy();
    expect(within(first).getByText('Due 20 Nov 2026')).toBeTruthy();
    expect(within(first).getByText('Overdue by 3 working days')).toBeTruthy();
    expect(within(first).getByText('Highways')).toBeTruthy();
    // Stage 1 is every case's start and goes unsaid; stage 2 is worth a word.
    expect(within(second).getByText('Stage 2 · Not yet routed')).toBeTruthy();
  });

  it('opens a case inside the tab from its compact item', async () => {
    restore = setViewportWidth(390);
    const { router } = renderPage(<CaseList cases={[fresh]} label="My cases" />, {
      api: fakeService({}).api,
      path: '/cases',
    });
    await userEvent.click(await screen.findByRole('link', { name: new RegExp(fresh.ref) }));
    expect(router.state.location.pathname).toBe(`/cases/${fresh.ref}`);
  });

  it('selects cases one by one and all at once in the compact list, as in the table', async () => {
    restore = setViewportWidth(390);
    renderPage(<Selectable cases={[overdue, fresh]} label="New cases" />, { api: fakeService({}).api });
    await userEvent.click(await screen.findByRole('checkbox', { name: `Select ${fresh.ref}` }));
    const all = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select all cases shown' });
    expect(all.indeterminate || all.getAttribute('aria-checked') === 'mixed').toBe(true);
    await userEvent.click(all);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: `Select ${overdue.ref}` }).checked).toBe(
      true,
    );
    expect(all.checked).toBe(true);
  });

  it('offers the row action on the cases it applies to, in the compact list', async () => {
    restore = setViewportWidth(390);
    const run = jest.fn<void, [CaseView]>();
    renderPage(
      <CaseList
        cases={[overdue, fresh]}
        label="Queue"
        rowAction={{ label: 'Respond', available: (c) => c.permittedActions.includes('respond'), run }}
      />,
      { api: fakeService({}).api },
    );
    await userEvent.click(await screen.findByRole('button', { name: `Respond ${overdue.ref}` }));
    expect(run).toHaveBeenCalledWith(overdue);
    expect(screen.queryByRole('button', { name: `Respond ${fresh.ref}` })).toBeNull();
  });

  describe('sorting', () => {
    const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });

    it('sorts by a column when its header is clicked, and reverses on a second click, saying so in aria-sort', async () => {
      restore = setViewportWidth(1280);
      const onSort = jest.fn<void, [ListSort | null]>();
      renderPage(
        <Sortable
          cases={[overdue, fresh]}
          label="Queue"
          columns={[...STANDARD_COLUMNS, 'department']}
          onSort={onSort}
        />,
        { api: fakeService({}).api },
      );
      await screen.findByRole('table', { name: 'Queue' });
      // The page's own order is a column's: its header says so before anything is chosen.
      expect(header('Due').getAttribute('aria-sort')).toBe('ascending');
      expect(header('Title').getAttribute('aria-sort')).toBe('none');

      await userEvent.click(within(header('Title')).getByRole('button', { name: /Title/ }));
      expect(onSort).toHaveBeenLastCalledWith({ key: 'title', dir: 'asc' });
      expect(header('Title').getAttribute('aria-sort')).toBe('ascending');
      expect(header('Due').getAttribute('aria-sort')).toBe('none');

      await userEvent.click(within(header('Title')).getByRole('button', { name: /Title/ }));
      expect(onSort).toHaveBeenLastCalledWith({ key: 'title', dir: 'desc' });
      expect(header('Title').getAttribute('aria-sort')).toBe('descending');
    });

    it('sorts from the keyboard: Tab to a header, then Enter or Space', async () => {
      restore = setViewportWidth(1280);
      const onSort = jest.fn<void, [ListSort | null]>();
      renderPage(<Sortable cases={[overdue, fresh]} label="Queue" onSort={onSort} />, {
        api: fakeService({}).api,
      });
      await screen.findByRole('table', { name: 'Queue' });
      await userEvent.tab();
      expect(document.activeElement).toBe(
        within(header('Reference')).getByRole('button', { name: /Reference/ }),
      );
      await userEvent.keyboard('{Enter}');
      expect(onSort).toHaveBeenLastCalledWith({ key: 'ref', dir: 'asc' });
      await userEvent.keyboard(' ');
      expect(onSort).toHaveBeenLastCalledWith({ key: 'ref', dir: 'desc' });
      expect(header('Reference').getAttribute('aria-sort')).toBe('descending');
    });

    it('leaves columns the service cannot sort by, and lists without a sort, free of sort controls', async () => {
      restore = setViewportWidth(1280);
      const { unmount } = renderPage(
        <Sortable cases={[fresh]} label="Queue" columns={['stage', 'sla', 'ward']} onSort={jest.fn()} />,
        { api: fakeService({}).api },
      );
      await screen.findByRole('table', { name: 'Queue' });
      for (const name of ['Stage', 'Working days', 'Electoral division']) {
        expect(header(name).getAttribute('aria-sort')).toBeNull();
        expect(within(header(name)).queryByRole('button')).toBeNull();
      }
      unmount();
      renderPage(<CaseList cases={[fresh]} label="Plain" />, { api: fakeService({}).api });
      await screen.findByRole('table', { name: 'Plain' });
      expect(header('Reference').getAttribute('aria-sort')).toBeNull();
    });

    it('offers the same orders in words as "Sort by" on a phone', async () => {
      restore = setViewportWidth(390);
      const onSort = jest.fn<void, [ListSort | null]>();
      renderPage(
        <Sortable
          cases={[overdue, fresh]}
          label="Queue"
          columns={[...STANDARD_COLUMNS, 'member']}
          onSort={onSort}
        />,
        { api: fakeService({}).api },
      );
      const sortBy = await screen.findByRole('combobox', { name: 'Sort by' });
      expect(sortBy.textContent).toBe('Soonest due first');
      await userEvent.click(sortBy);
      const options = screen.getAllByRole('option').map((o) => o.textContent);
      expect(options).toEqual([
        'Soonest due first',
        'Reference, lowest first',
        'Reference, highest first',
        'Title, A to Z',
        'Title, Z to A',
        'Status, new first',
        'Status, closed first',
        'Due, soonest first',
        'Due, latest first',
        'Member, A to Z',
        'Member, Z to A',
      ]);
      await userEvent.click(screen.getByRole('option', { name: 'Member, Z to A' }));
      expect(onSort).toHaveBeenLastCalledWith({ key: 'member', dir: 'desc' });
      expect(screen.getByRole('combobox', { name: 'Sort by' }).textContent).toBe('Member, Z to A');
    });
  });
});
