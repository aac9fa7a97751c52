import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TriagePage } from './triage';
import { DepartmentPage } from './department';
import { openDialog } from '../../test/dialogs';
import { renderPage } from '../../test/render';
import { fakeService, never } from '../../test/fake-service';
import { aCaseView } from '../../test/fixtures';
import type { CaseView } from '../api/types';
import { setViewportWidth } from '../../test/viewport';

const page = (items: CaseView[]) => ({ body: { items, total: items.length, limit: 500, offset: 0 } });

describe('Triage page', () => {
  it('shows a spinner while the queue loads', async () => {
    renderPage(<TriagePage />, { api: fakeService({ 'GET /api/cases': never }).api, as: 'sue' });
    expect(await screen.findByText('Loading the queue…')).toBeTruthy();
  });

  it('asks for new cases oldest first and says when nothing is waiting', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([]) });
    renderPage(<TriagePage />, { api: service.api, as: 'sue' });
    expect(await screen.findByText('Nothing waiting: every case has been triaged.')).toBeTruthy();
    expect(service.sent[0]?.query.get('status')).toBe('new');
    expect(service.sent[0]?.query.get('sort')).toBe('oldest');
  });

  it('shows what routing needs for new cases (kind and category), not columns that are the same on every row', async () => {
    const restore = setViewportWidth(1280);
    try {
      const a = aCaseView({ kind: 'complaint', category: 'Potholes' });
      renderPage(<TriagePage />, { api: fakeService({ 'GET /api/cases': () => page([a]) }).api, as: 'sue' });
      const table = await screen.findByRole('table', { name: 'New cases, oldest first' });
      const headers = within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent);
      expect(headers).toEqual(expect.arrayContaining(['Kind', 'Category', 'Member', 'Electoral division']));
      expect(headers).not.toEqual(expect.arrayContaining(['Status']));
      expect(headers.filter((h) => h === 'Stage' || h === 'Department')).toEqual([]);
      const row = within(table).getAllByRole('row')[1]!;
      expect(within(row).getByText('Complaint')).toBeTruthy();
      expect(within(row).getByText('Potholes')).toBeTruthy();
    } finally {
      restore();
    }
  });

  it('routes the selected cases one request each, with progress, and lists any refused', async () => {
    const a = aCaseView({ version: 2 });
    const b = aCaseView({ version: 7 });
    const c = aCaseView();
    const service = fakeService({
      'GET /api/cases': () => page([a, b, c]),
      [`POST /api/cases/${a.ref}/actions`]: () => ({ body: { ...a, status: 'triaged' } }),
      [`POST /api/cases/${b.ref}/actions`]: () => ({
        status: 409,
        body: { code: 'conflict', message: 'changed', requestId: 'r' },
      }),
    });
    renderPage(<TriagePage />, { api: service.api, as: 'sue' });
    await userEvent.click(await screen.findByRole('checkbox', { name: `Select ${a.ref}` }));
    await userEvent.click(screen.getByRole('checkbox', { name: `Select ${b.ref}` }));
    await userEvent.click(screen.getByRole('button', { name: 'Route 2 selected' }));
    expect(await screen.findByText('Choose a department.')).toBeTruthy();

    await userEvent.click(screen.getByRole('combobox', { name: 'Route selected cases to' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Highways' }));
    await userEvent.click(screen.getByRole('button', { name: 'Route 2 selected' }));

    const outcome = await screen.findByText(/1 case routed to Highways/);
    expect(within(outcome).getByText(`${b.ref}: Someone else changed this case`)).toBeTruthy();
    const posts = service.sent.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.body)).toEqual([
      { type: 'triage', departmentId: 'highways', expectedVersion: 2 },
      { type: 'triage', departmentId: 'highways', expectedVersion: 7 },
    ]);
    await waitFor(() => expect(service.sent.filter((r) => r.method === 'GET').length).toBe(2));
  });

  it('lists the cases about to breach, most urgent first', async () => {
    const service = fakeService({
      'GET /api/cases': () =>
        page([
          aCaseView({
            sla: { state: 'due-soon', workingDaysLeft: 1, overdueBy: null, escalationLevelDue: 0 },
          }),
        ]),
    });
    renderPage(<TriagePage />, { api: service.api, as: 'sue', path: '/triage?view=at-risk' });
    expect(await screen.findByText('Due soon: 1 working day left')).toBeTruthy();
    expect(service.sent[0]?.query.get('atRisk')).toBe('true');
    expect(service.sent[0]?.query.get('sort')).toBe('due');
  });

  it('keeps the filters when switching views, each view in its own order', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
    const { router } = renderPage(<TriagePage />, {
      api: service.api,
      as: 'sue',
      path: '/triage?sort=title&member=cllr-bo&raisedFrom=2026-11-01',
    });
    await screen.findByText('1 new case waiting.');
    expect(Object.fromEntries(service.sent.at(-1)!.query)).toMatchObject({
      status: 'new',
      sort: 'title',
      dir: 'asc',
      member: 'cllr-bo',
      raisedFrom: '2026-11-01',
    });
    // New cases have no department yet: nothing to filter by.
    expect(screen.queryByLabelText('Department')).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: 'About to breach' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe('?view=at-risk&member=cllr-bo&raisedFrom=2026-11-01'),
    );
    await waitFor(() => expect(service.sent.at(-1)?.query.get('atRisk')).toBe('true'));
    expect(Object.fromEntries(service.sent.at(-1)!.query)).toMatchObject({
      sort: 'due',
      member: 'cllr-bo',
      raisedFrom: '2026-11-01',
    });
    expect(screen.getByLabelText('Department')).toBeTruthy();
  });

  it('explains to a councillor that triage is for support officers', async () => {
    renderPage(<TriagePage />, { api: fakeService({ 'GET /api/cases': () => page([]) }).api });
    expect(await screen.findByText('Triage is for Democratic Services’ support officers.')).toBeTruthy();
  });
});

describe('Department queue', () => {
  it('lets an officer respond in place and reloads the queue', async () => {
    const c = aCaseView({
      status: 'with-department',
      departmentId: 'highways',
      permittedActions: ['read', 'respond'],
    });
    let answered = false;
    const service = fakeService({
      'GET /api/cases': () => page(answered ? [] : [c]),
      [`POST /api/cases/${c.ref}/actions`]: () => {
        answered = true;
        return { body: { ...c, status: 'responded' } };
      },
    });
    renderPage(<DepartmentPage />, { api: service.api, as: 'hal' });
    expect(await screen.findByRole('heading', { name: 'Highways queue' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: `Respond ${c.ref}` }));
    const dialog = await openDialog(new RegExp(`Respond.*${c.ref}`));
    // The question being answered is in the dialog, not only the reference.
    const enquiry = within(dialog).getByRole('region', { name: 'The enquiry' });
    expect(within(enquiry).getByRole('heading', { name: c.title })).toBeTruthy();
    expect(within(enquiry).getByText(c.description)).toBeTruthy();
    await userEvent.type(within(dialog).getByRole('textbox'), 'Fixed on Monday.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Respond' }));
    expect(await screen.findByText(/Your response on .* was sent to the member\./)).toBeTruthy();
    // (By text: jsdom never ends the closing dialog's motion, so the page stays aria-hidden here.)
    expect((await screen.findByText('answered cases')).closest('a')?.getAttribute('href')).toBe(
      '/cases?status=responded',
    );
    expect(await screen.findByText('Nothing waiting for your department.')).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'respond',
      response: 'Fixed on Monday.',
      expectedVersion: 1,
    });
  });

  it('sorts and filters the queue, with no department filter for the department\u2019s own officer', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([aCaseView({ status: 'with-department' })]) });
    renderPage(<DepartmentPage />, {
      api: service.api,
      as: 'hal',
      path: '/department?sort=member&dir=desc&category=Potholes',
    });
    expect(await screen.findByText('1 case to answer.')).toBeTruthy();
    expect(Object.fromEntries(service.sent.at(-1)!.query)).toMatchObject({
      sort: 'member',
      dir: 'desc',
      category: 'Potholes',
      status: 'triaged,with-department',
    });
    expect(screen.queryByLabelText('Department')).toBeNull();
    expect(screen.getByLabelText('Member')).toBeTruthy();
  });

  it('shows the service\u2019s refusal when the queue cannot load', async () => {
    const service = fakeService({
      'GET /api/cases': () => ({ status: 403, body: { code: 'not_registered', message: 'x' } }),
    });
    renderPage(<DepartmentPage />, { api: service.api, as: 'hal' });
    expect(await screen.findByText('You are not set up in Members’ Hub')).toBeTruthy();
  });
});
