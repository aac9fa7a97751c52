import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AdminCategory } from '../../api/types';
import { fakeService } from '../../../test/fake-service';
import { ADMIN_SETTINGS, DIRECTORY } from '../../../test/fixtures';
import { openDialog } from '../../../test/dialogs';
import { renderPage } from '../../../test/render';
import AdminPage from './admin-page';

const category = (
  id: string,
  name: string,
  cases: number,
  over: Partial<AdminCategory> = {},
): AdminCategory => ({
  id,
  name,
  active: true,
  sortOrder: 0,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  cases,
  ...over,
});

/** A stateful fake of the category API: merges move counts, retirements stick, the order is kept. */
const categoryService = () => {
  let list: AdminCategory[] = [
    category('roads-and-pavements', 'Roads and pavements', 3),
    category('potholes', 'Potholes', 2),
    category('street-lighting', 'Street lighting', 0, { active: false }),
  ];
  const fake = fakeService({
    'GET /api/admin/settings': () => ({ body: ADMIN_SETTINGS }),
    'GET /api/directory': () => ({ body: DIRECTORY }),
    'GET /api/admin/people': () => ({ body: { people: [] } }),
    'GET /api/admin/departments': () => ({ body: { departments: DIRECTORY.departments } }),
    'GET /api/admin/categories': () => ({ body: { categories: list } }),
    'POST /api/admin/categories': (req) => {
      const { name } = req.body as { name: string };
      const added = category(name.toLowerCase().replace(/\W+/g, '-'), name, 0);
      list = [...list, added];
      return { status: 201, body: added };
    },
    'PATCH /api/admin/categories/:id': (req) => {
      list = list.map((c) => (c.id === req.params.id ? { ...c, ...(req.body as object) } : c));
      return { body: list.find((c) => c.id === req.params.id) };
    },
    'PUT /api/admin/categories/order': (req) => {
      const { ids } = req.body as { ids: string[] };
      list = ids.map((id) => list.find((c) => c.id === id)!);
      return { body: { categories: list } };
    },
    'POST /api/admin/categories/:id/merge': (req) => {
      const from = list.find((c) => c.id === req.params.id)!;
      const { intoId } = req.body as { intoId: string };
      list = list
        .filter((c) => c.id !== from.id)
        .map((c) => (c.id === intoId ? { ...c, cases: c.cases + from.cases } : c));
      return { body: { into: list.find((c) => c.id === intoId), cases: from.cases } };
    },
  });
  return {
    ...fake,
    posted: (path: string) => fake.sent.filter((r) => r.method !== 'GET' && r.path === path),
  };
};

const openCategories = async (path = '/admin') => {
  const fake = categoryService();
  renderPage(<AdminPage />, { api: fake.api, as: 'ada', path });
  await userEvent.click(await screen.findByRole('tab', { name: 'Case categories' }));
  const table = await screen.findByRole('table', { name: 'Case categories' });
  return { fake, table };
};
const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]?.textContent);
const action = async (name: string, item: string) => {
  await userEvent.click(screen.getByRole('button', { name: `Actions for ${name}` }));
  await userEvent.click(await screen.findByRole('menuitem', { name: item }));
};

describe('Case categories in the council settings', () => {
  it('lists the categories in order with their cases, retired ones marked', async () => {
    const { table } = await openCategories();
    expect(rowNames(table)).toEqual(['Roads and pavements', 'Potholes', 'Street lighting']);
    const lighting = within(table).getAllByRole('row')[3]!;
    expect(within(lighting).getByText('No, retired')).toBeTruthy();
  });

  it('opens on the categories tab from its address', async () => {
    const fake = categoryService();
    renderPage(<AdminPage />, { api: fake.api, as: 'ada', path: '/admin?tab=categories' });
    expect(await screen.findByRole('table', { name: 'Case categories' })).toBeTruthy();
  });

  it('merges Potholes into Roads and pavements, saying so, and shows the list as it now is', async () => {
    const { fake, table } = await openCategories();
    await action('Potholes', 'Merge into another…');
    const dialog = await openDialog('Merge Potholes');
    expect(within(dialog).getByText(/The 2 cases in Potholes move to the category you choose/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));
    expect(within(dialog).getByText('Choose the category to merge into.')).toBeTruthy();
    expect(fake.posted('/api/admin/categories/potholes/merge')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Merge into/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Roads and pavements' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Merge' }));

    expect(await screen.findByText('Merged Potholes into Roads and pavements.')).toBeTruthy();
    expect(fake.posted('/api/admin/categories/potholes/merge').map((r) => r.body)).toEqual([
      { intoId: 'roads-and-pavements' },
    ]);
    await waitFor(() => expect(rowNames(table)).toEqual(['Roads and pavements', 'Street lighting']));
    expect(within(within(table).getAllByRole('row')[1]!).getByText('5')).toBeTruthy();
  });

  it('adds a category, refusing a name already on the list whatever its case', async () => {
    const { fake, table } = await openCategories();
    await userEvent.click(screen.getByRole('button', { name: 'Add category' }));
    const dialog = await openDialog('Add a category');
    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    await userEvent.type(name, 'potholes');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add category' }));
    expect(within(dialog).getByText('There is already a category called \u201cpotholes\u201d.')).toBeTruthy();
    expect(fake.posted('/api/admin/categories')).toHaveLength(0);
    await userEvent.clear(name);
    await userEvent.type(name, 'Libraries');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add category' }));
    expect(await screen.findByText('Added Libraries.')).toBeTruthy();
    expect(fake.posted('/api/admin/categories').map((r) => r.body)).toEqual([{ name: 'Libraries' }]);
    await waitFor(() => expect(rowNames(table)).toContain('Libraries'));
  });

  it('renames and retires a category in one go, sending only what changed', async () => {
    const { fake } = await openCategories();
    await action('Potholes', 'Rename or retire…');
    const dialog = await openDialog('Change Potholes');
    expect(within(dialog).getByText('Renaming changes it on the 2 cases that have it.')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Offered for new cases' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved Potholes.')).toBeTruthy();
    expect(fake.posted('/api/admin/categories/potholes').map((r) => r.body)).toEqual([{ active: false }]);
  });

  it('moves a category up the list, sending the whole new order', async () => {
    const { fake, table } = await openCategories();
    await action('Potholes', 'Move up');
    await waitFor(() =>
      expect(rowNames(table)).toEqual(['Potholes', 'Roads and pavements', 'Street lighting']),
    );
    expect(fake.posted('/api/admin/categories/order').map((r) => r.body)).toEqual([
      { ids: ['potholes', 'roads-and-pavements', 'street-lighting'] },
    ]);
  });
});
