import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { CaseView } from '../../api/types';
import { fakeService } from '../../../test/fake-service';
import { aCaseView } from '../../../test/fixtures';
import { renderPage } from '../../../test/render';
import { setViewportWidth } from '../../../test/viewport';
import { CaseList, STANDARD_COLUMNS, type CaseListProps } from './case-list';

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
});
