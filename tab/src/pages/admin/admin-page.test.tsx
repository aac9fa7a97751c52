import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AdminSettings, DirectoryData, FolderShare } from '../../api/types';
import { fakeService, never, type Routes } from '../../../test/fake-service';
import { ADMIN_SETTINGS, DIRECTORY } from '../../../test/fixtures';
import { openDialog } from '../../../test/dialogs';
import { renderPage } from '../../../test/render';
import AdminPage from './admin-page';

const SETTINGS = ADMIN_SETTINGS;

/** The fake service with the admin reads answered; `directory` changes after a write, like the real one. */
const service = (routes: Routes = {}, over: Partial<AdminSettings> = {}) => {
  let directory: DirectoryData = DIRECTORY;
  const fake = fakeService({
    'GET /api/admin/settings': () => ({ body: { ...SETTINGS, ...over } }),
    'GET /api/directory': () => ({ body: directory }),
    'GET /api/admin/people': () => ({
      body: { people: directory.people.map((p) => ({ ...p, email: `${p.id}@council.example` })) },
    }),
    'GET /api/admin/departments': () => ({ body: { departments: directory.departments } }),
    ...routes,
  });
  return {
    ...fake,
    setDirectory: (next: DirectoryData) => {
      directory = next;
    },
    requests: (method: string, path: string) =>
      fake.sent.filter((r) => r.method === method && r.path === path),
  };
};

const asAdmin = (api: ReturnType<typeof service>['api']) => renderPage(<AdminPage />, { api, as: 'ada' });
const openTab = async (name: string) => userEvent.click(await screen.findByRole('tab', { name }));
const field = (name: string) => screen.getByRole<HTMLInputElement>('textbox', { name });
const numberField = (name: string) => screen.getByRole<HTMLInputElement>('spinbutton', { name });
const replace = async (input: HTMLElement, text: string) => {
  await userEvent.clear(input);
  if (text) await userEvent.type(input, text);
};

describe('Admin page', () => {
  it('tells someone who is not an administrator that only administrators can change settings', async () => {
    const fake = service();
    renderPage(<AdminPage />, { api: fake.api, as: 'sue' });
    expect(await screen.findByText(/Only administrators can change the council.s settings/)).toBeTruthy();
    expect(screen.queryByRole('tab')).toBeNull();
    expect(fake.sent).toHaveLength(0);
  });

  it('shows a spinner while the settings load', async () => {
    asAdmin(fakeService({ 'GET /api/admin/settings': never, 'GET /api/directory': never }).api);
    expect(await screen.findByText('Loading the council’s settings…')).toBeTruthy();
  });

  it('says what went wrong and loads again on "Try again"', async () => {
    let calls = 0;
    const fake = service({
      'GET /api/admin/settings': () => {
        calls += 1;
        return calls === 1
          ? { status: 500, body: { code: 'internal', message: 'db down', requestId: 'req-7' } }
          : { body: SETTINGS };
      },
    });
    asAdmin(fake.api);
    expect(await screen.findByText('Something went wrong on our side')).toBeTruthy();
    expect(screen.queryByText(/db down/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Save SLA policy' })).toBeTruthy();
  });

  describe('SLA policy', () => {
    it('starts from the current policy, with bank-holiday regions by name', async () => {
      asAdmin(service().api);
      await screen.findByRole('button', { name: 'Save SLA policy' });
      expect(numberField('Stage 1 response within (working days)').value).toBe('10');
      expect(field('Escalate after a missed target (working days)').value).toBe('0, 5, 10');
      const region = screen.getByRole('combobox', { name: 'Bank holidays' });
      expect(region.textContent).toContain('England and Wales');
      await userEvent.click(region);
      expect(screen.getByRole('option', { name: 'Northern Ireland' })).toBeTruthy();
    });

    it('saves the policy as typed and confirms that new targets apply from now on', async () => {
      const fake = service({
        'PUT /api/admin/settings/sla': (req) => ({ body: { ...SETTINGS, sla: req.body } }),
      });
      asAdmin(fake.api);
      await screen.findByRole('button', { name: 'Save SLA policy' });
      await userEvent.click(screen.getByRole('combobox', { name: 'Bank holidays' }));
      await userEvent.click(screen.getByRole('option', { name: 'Scotland' }));
      await replace(numberField('Acknowledge within (working days)'), '3');
      await replace(numberField('Stage 1 response within (working days)'), '15');
      await replace(field('Escalate after a missed target (working days)'), '1, 4,9');
      await replace(numberField('Goal: responses within target (%)'), '90');
      await userEvent.click(screen.getByRole('button', { name: 'Save SLA policy' }));

      expect(await screen.findByText('Saved. New targets apply to cases from now on.')).toBeTruthy();
      expect(fake.requests('PUT', '/api/admin/settings/sla').map((r) => r.body)).toEqual([
        {
          region: 'scotland',
          acknowledgeWorkingDays: 3,
          responseWorkingDays: { 1: 15, 2: 10 },
          followUpWorkingDays: 5,
          warnWorkingDaysBefore: 2,
          escalationWorkingDaysAfterBreach: [1, 4, 9],
          goalPercentWithinTarget: 90,
        },
      ]);
      expect(field('Escalate after a missed target (working days)').value).toBe('1, 4, 9');
    });

    it('shows the service’s objection against the field it concerns', async () => {
      const fake = service({
        'PUT /api/admin/settings/sla': () => ({
          status: 422,
          body: {
            code: 'validation_failed',
            message: 'The SLA policy is not valid.',
            requestId: 'req-422',
            issues: [{ path: 'responseWorkingDays.2', message: 'Stage 2 must be at least 5 working days.' }],
          },
        }),
      });
      asAdmin(fake.api);
      await screen.findByRole('button', { name: 'Save SLA policy' });
      await userEvent.click(screen.getByRole('button', { name: 'Save SLA policy' }));

      expect(await screen.findByText('Please check what you entered')).toBeTruthy();
      const stage2 = numberField('Stage 2 extension (extra working days)');
      await waitFor(() => expect(stage2.getAttribute('aria-invalid')).toBe('true'));
      const describedBy = (stage2.getAttribute('aria-describedby') ?? '').split(' ');
      const messages = describedBy.map((id) => document.getElementById(id)?.textContent ?? '');
      expect(messages).toContain('Stage 2 must be at least 5 working days.');
      expect(document.activeElement).toBe(stage2);
      expect(screen.queryByText('Saved. New targets apply to cases from now on.')).toBeNull();
    });

    it('refuses escalation days out of order before sending anything', async () => {
      const fake = service();
      asAdmin(fake.api);
      await screen.findByRole('button', { name: 'Save SLA policy' });
      const escalation = field('Escalate after a missed target (working days)');
      await replace(escalation, '5, 3');
      await userEvent.click(screen.getByRole('button', { name: 'Save SLA policy' }));

      expect(await screen.findByText(/Put the numbers in ascending order/)).toBeTruthy();
      expect(escalation.getAttribute('aria-invalid')).toBe('true');
      expect(fake.requests('PUT', '/api/admin/settings/sla')).toHaveLength(0);
    });
  });

  describe('directory', () => {
    it('lists wards with their ids and postcode prefixes', async () => {
      asAdmin(service().api);
      await openTab('Wards');
      const table = screen.getByRole('table', { name: 'Wards' });
      expect(within(table).getByRole('row', { name: /Fallowmere North ward-north WQ1/ })).toBeTruthy();
    });

    it('adds a ward, then shows the directory as the service now has it', async () => {
      const fake = service({
        'POST /api/admin/wards': (req) => {
          fake.setDirectory({
            ...DIRECTORY,
            wards: [...DIRECTORY.wards, req.body as DirectoryData['wards'][number]],
          });
          return { status: 201, body: req.body };
        },
      });
      asAdmin(fake.api);
      await openTab('Wards');
      const add = screen.getByRole('button', { name: 'Add ward' });
      await userEvent.click(add);
      const dialog = await openDialog('Add a ward');
      await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Fallowmere East');
      expect(within(dialog).getByRole<HTMLInputElement>('textbox', { name: /^Id/ }).value).toBe(
        'fallowmere-east',
      );
      await userEvent.type(
        within(dialog).getByRole('textbox', { name: /^Postcode prefixes/ }),
        'wq3, WQ4  1',
      );
      await userEvent.click(within(dialog).getByRole('button', { name: 'Add ward' }));

      expect(await screen.findByText('Saved Fallowmere East.')).toBeTruthy();
      expect(fake.requests('POST', '/api/admin/wards').map((r) => r.body)).toEqual([
        { id: 'fallowmere-east', name: 'Fallowmere East', postcodePrefixes: ['WQ3', 'WQ4 1'] },
      ]);
      expect(
        await within(screen.getByRole('table', { name: 'Wards' })).findByRole('row', {
          name: /Fallowmere East/,
        }),
      ).toBeTruthy();
      expect(fake.requests('GET', '/api/directory')).toHaveLength(2);
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(document.activeElement).toBe(add);
    });

    it('explains a missing name and an id already in use without sending anything', async () => {
      const fake = service();
      asAdmin(fake.api);
      await openTab('Wards');
      await userEvent.click(screen.getByRole('button', { name: 'Add ward' }));
      const dialog = await openDialog('Add a ward');
      await userEvent.type(within(dialog).getByRole('textbox', { name: /^Id/ }), 'ward-north');
      await userEvent.click(within(dialog).getByRole('button', { name: 'Add ward' }));

      expect(within(dialog).getByText('Enter the ward’s name.')).toBeTruthy();
      expect(within(dialog).getByText('There is already a ward with this id.')).toBeTruthy();
      expect(document.activeElement).toBe(within(dialog).getByRole('textbox', { name: /^Name/ }));
      expect(fake.requests('POST', '/api/admin/wards')).toHaveLength(0);
    });

    it('puts focus back on the edit button when the dialog is cancelled', async () => {
      const fake = service();
      asAdmin(fake.api);
      await openTab('Departments');
      const edit = screen.getByRole('button', { name: 'Edit Highways' });
      await userEvent.click(edit);
      const dialog = await openDialog('Change Highways');
      await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      await waitFor(() => expect(document.activeElement).toBe(edit));
      expect(fake.sent.filter((r) => r.method !== 'GET')).toHaveLength(0);
    });

    it('renames a department, keeping its id', async () => {
      const fake = service({ 'PUT /api/admin/departments/highways': (req) => ({ body: req.body }) });
      asAdmin(fake.api);
      await openTab('Departments');
      await userEvent.click(screen.getByRole('button', { name: 'Edit Highways' }));
      const dialog = await openDialog('Change Highways');
      expect(within(dialog).getByRole<HTMLInputElement>('textbox', { name: /^Id/ }).readOnly).toBe(true);
      await replace(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Highways and Transport');
      await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

      expect(await screen.findByText('Saved Highways and Transport.')).toBeTruthy();
      expect(fake.requests('PUT', '/api/admin/departments/highways').map((r) => r.body)).toEqual([
        { name: 'Highways and Transport' },
      ]);
    });

    it('adds a person with their roles, department and wards', async () => {
      const fake = service({ 'POST /api/admin/people': (req) => ({ status: 201, body: req.body }) });
      asAdmin(fake.api);
      await openTab('People');
      await userEvent.click(screen.getByRole('button', { name: 'Add person' }));
      const dialog = await openDialog('Add a person');
      await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Cllr Cy Third');
      await userEvent.type(
        within(dialog).getByRole('textbox', { name: /^Work email/ }),
        'cy@council.example',
      );
      const roles = within(dialog).getByRole('group', { name: 'Roles' });
      await userEvent.click(within(roles).getByRole('checkbox', { name: 'Councillor' }));
      await userEvent.click(within(roles).getByRole('checkbox', { name: 'Department officer' }));
      await userEvent.click(within(dialog).getByRole('combobox', { name: /^Department/ }));
      await userEvent.click(screen.getByRole('option', { name: 'Waste and Recycling' }));
      const wards = within(dialog).getByRole('group', { name: 'Wards' });
      await userEvent.click(within(wards).getByRole('checkbox', { name: 'Fallowmere South' }));
      await userEvent.click(within(wards).getByRole('checkbox', { name: 'Fallowmere North' }));
      await userEvent.click(within(dialog).getByRole('button', { name: 'Add person' }));

      expect(await screen.findByText('Saved Cllr Cy Third.')).toBeTruthy();
      expect(fake.requests('POST', '/api/admin/people').map((r) => r.body)).toEqual([
        {
          id: 'cllr-cy-third',
          displayName: 'Cllr Cy Third',
          email: 'cy@council.example',
          roles: ['Councillor', 'DepartmentOfficer'],
          departmentId: 'waste',
          wardIds: ['ward-north', 'ward-south'],
        },
      ]);
    });

    it('starts editing a person from their email address in the administrators\u2019 listing', async () => {
      asAdmin(service().api);
      await openTab('People');
      await userEvent.click(screen.getByRole('button', { name: 'Edit Hal Highways' }));
      const dialog = await openDialog('Change Hal Highways');
      expect(within(dialog).getByRole<HTMLInputElement>('textbox', { name: /^Work email/ }).value).toBe(
        'hal@council.example',
      );
    });

    it('lists people with their roles, department and wards in words', async () => {
      asAdmin(service().api);
      await openTab('People');
      const table = screen.getByRole('table', { name: 'People' });
      expect(
        within(table).getByRole('row', { name: /Hal Highways Department officer Highways/ }),
      ).toBeTruthy();
      expect(
        within(table).getByRole('row', { name: /Cllr Ann Example Councillor — Fallowmere North/ }),
      ).toBeTruthy();
    });

    it('says there are no wards yet instead of showing an empty table', async () => {
      const fake = service();
      fake.setDirectory({ wards: [], departments: [], people: [], categories: [] });
      asAdmin(fake.api);
      await openTab('Wards');
      expect(screen.getByText(/No wards yet/)).toBeTruthy();
      expect(screen.queryByRole('table')).toBeNull();
      expect(screen.getByRole('button', { name: 'Add ward' })).toBeTruthy();
    });
  });

  describe('in Microsoft 365 mode (people from Entra ID)', () => {
    const GROUP = '0b7c43a6-1c1d-4f00-9b2a-6f5d3a9c0e11';
    const entra = (routes: Routes = {}) =>
      service(
        {
          'GET /api/admin/directory-sync': () => ({
            body: {
              enabled: true,
              last: {
                startedAt: '2026-03-05T09:00:00.000Z',
                finishedAt: '2026-03-05T09:00:02.000Z',
                outcome: 'succeeded',
                summary: { people: 12, registered: 2, changed: 1, removed: 0 },
                missingDepartmentGroups: ['highways'],
                error: null,
              },
            },
          }),
          ...routes,
        },
        { directoryEditable: false, peopleFrom: 'entra' },
      );

    it('keeps wards and departments editable, each department with its Entra group', async () => {
      const fake = entra({
        'PUT /api/admin/departments/:id': (req) => ({ body: { id: req.params.id, ...(req.body as object) } }),
      });
      asAdmin(fake.api);
      await openTab('Wards');
      expect(screen.getByRole('button', { name: 'Add ward' })).toBeTruthy();
      await openTab('Departments');
      const table = screen.getByRole('table', { name: 'Departments' });
      expect(within(table).getByRole('columnheader', { name: 'Entra group' })).toBeTruthy();
      await userEvent.click(within(table).getByRole('button', { name: 'Edit Highways' }));
      const dialog = await openDialog('Change Highways');
      const group = within(dialog).getByRole('textbox', { name: 'Entra group (object id)' });
      await replace(group, 'Highways officers');
      await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
      expect(await within(dialog).findByText(/Enter the group.s object id/)).toBeTruthy();
      expect(fake.sent.filter((r) => r.method === 'PUT')).toHaveLength(0);
      await replace(group, GROUP.toUpperCase());
      await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(fake.sent.filter((r) => r.method === 'PUT')).toHaveLength(1));
      expect(fake.sent.find((r) => r.method === 'PUT')?.body).toMatchObject({ entraGroupId: GROUP });
    });

    it('says people come from Entra ID: no one is added here, only councillors\u2019 wards are set', async () => {
      const fake = entra({ 'PUT /api/admin/people/:id/wards': () => ({ body: {} }) });
      asAdmin(fake.api);
      await openTab('People');
      expect(screen.getByText(/People and their roles come from Microsoft Entra ID/)).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Add person' })).toBeNull();
      const table = screen.getByRole('table', { name: 'People' });
      const person = DIRECTORY.people.find((p) => p.roles.includes('Councillor'));
      await userEvent.click(within(table).getByRole('button', { name: `Edit ${person?.displayName ?? ''}` }));
      const dialog = await openDialog(`Wards of ${person?.displayName ?? ''}`);
      expect(within(dialog).queryByRole('textbox')).toBeNull();
      expect(within(dialog).queryByRole('group', { name: /Roles/ })).toBeNull();
      const checkbox = within(dialog).getAllByRole('checkbox')[0] as HTMLElement;
      await userEvent.click(checkbox);
      await userEvent.click(within(dialog).getByRole('button', { name: 'Save wards' }));
      await waitFor(() =>
        expect(fake.requests('PUT', `/api/admin/people/${person?.id ?? ''}/wards`)).toHaveLength(1),
      );
      expect(await screen.findByText(`Saved the wards of ${person?.displayName ?? ''}.`)).toBeTruthy();
    });

    it('shows the last sync with Entra ID, names a department whose group was not found, and syncs on request', async () => {
      const fake = entra({
        'POST /api/admin/directory-sync': () => ({ body: { enabled: true, last: null } }),
      });
      asAdmin(fake.api);
      await openTab('People');
      expect(await screen.findByText(/Last synchronised/)).toBeTruthy();
      expect(screen.getByText(/12 people hold a Members. Hub role/)).toBeTruthy();
      expect(screen.getByText(/The Entra group of Highways was not found/)).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
      await waitFor(() => expect(fake.requests('POST', '/api/admin/directory-sync')).toHaveLength(1));
    });
  });

  describe('folder sharing', () => {
    const share = (over: Partial<FolderShare> = {}): FolderShare => ({
      id: 'share-1',
      member: { id: 'cllr-ann', name: 'Cllr Ann Example' },
      grantee: { kind: 'user', name: 'Cllr Ann Example' },
      role: 'write',
      status: 'failed',
      attempts: 12,
      lastError: 'forbidden',
      lastRequestId: 'req-1234',
      nextAttemptAt: '2026-03-05T10:00:00.000Z',
      updatedAt: '2026-03-05T09:00:00.000Z',
      sharedAt: null,
      ...over,
    });

    it('shows each share\u2019s state, why it failed, and tries a given-up one again on request', async () => {
      let shares = [
        share(),
        share({
          id: 'share-2',
          grantee: { kind: 'group', name: 'Support officers\u2019 group' },
          status: 'shared',
          lastError: null,
          lastRequestId: null,
          sharedAt: '2026-03-04T09:00:00.000Z',
        }),
      ];
      const fake = service({
        'GET /api/admin/document-shares': () => ({
          body: {
            enabled: true,
            counts: {
              pending: shares.filter((s) => s.status === 'pending').length,
              shared: shares.filter((s) => s.status === 'shared').length,
              failed: shares.filter((s) => s.status === 'failed').length,
            },
            items: shares,
          },
        }),
        'POST /api/admin/document-shares/:id/retry': (req) => {
          shares = shares.map((s) => (s.id === req.params.id ? { ...s, status: 'pending', attempts: 0 } : s));
          return { body: shares.find((s) => s.id === req.params.id) };
        },
      });
      asAdmin(fake.api);
      await openTab('Folder sharing');
      const table = await screen.findByRole('table', { name: 'Folder sharing' });
      expect(screen.getByText(/1 shared, 0 waiting, 1 given up/)).toBeTruthy();
      const failed = within(table).getByRole('row', { name: /Not shared: given up/ });
      expect(within(failed).getByText(/needs the fullcontrol role/)).toBeTruthy();
      expect(within(failed).getByText(/req-1234/)).toBeTruthy();
      // Shared ones need nothing doing.
      const done = within(table).getByRole('row', { name: /Support officers. group/ });
      expect(within(done).queryByRole('button')).toBeNull();

      await userEvent.click(
        within(failed).getByRole('button', { name: 'Try again now: Cllr Ann Example with Cllr Ann Example' }),
      );
      expect(await screen.findByText(/Trying again to share Cllr Ann Example folder/)).toBeTruthy();
      expect(fake.requests('POST', '/api/admin/document-shares/share-1/retry')).toHaveLength(1);
      await waitFor(() => expect(screen.getByText(/1 shared, 1 waiting, 0 given up/)).toBeTruthy());
    });

    it('says when sharing is turned off', async () => {
      asAdmin(
        service({
          'GET /api/admin/document-shares': () => ({
            body: { enabled: false, counts: { pending: 0, shared: 0, failed: 0 }, items: [] },
          }),
        }).api,
      );
      await openTab('Folder sharing');
      expect(await screen.findByText(/Sharing members. folders is turned off/)).toBeTruthy();
      expect(screen.getByText('Nothing has been shared yet.')).toBeTruthy();
    });
  });
});
