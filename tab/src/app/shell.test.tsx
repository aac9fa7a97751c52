import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Shell, navFor } from './shell';
import { setViewportWidth } from '../../test/viewport';
import { renderPage } from '../../test/render';
import { fakeService } from '../../test/fake-service';
import { WardPage } from '../pages/ward';
import { aCaseView } from '../../test/fixtures';

describe('Shell', () => {
  it('offers each role its own pages', () => {
    expect(navFor(['Councillor']).map((i) => i.label)).toEqual([
      'My cases',
      'New case',
      'Performance',
      'Legacy papers',
    ]);
    expect(navFor(['SupportOfficer']).map((i) => i.label)).toEqual([
      'Triage',
      'All cases',
      'New case',
      'Performance',
      'Briefings',
      'Scan-ingest',
      'Legacy papers',
    ]);
    expect(navFor(['DepartmentOfficer']).map((i) => i.label)).toEqual([
      'Department queue',
      'Answered',
      'Performance',
    ]);
    expect(navFor(['DepartmentOfficer']).find((i) => i.label === 'Answered')?.to).toBe(
      '/cases?status=responded',
    );
    expect(navFor(['Administrator']).map((i) => i.label)).toEqual(['Performance', 'Briefings', 'Admin']);
  });

  it('marks the current page in the navigation and has one main landmark', async () => {
    renderPage(
      <Shell>
        <h1>Inside</h1>
      </Shell>,
      { api: fakeService({}).api, path: '/cases' },
    );
    const nav = await screen.findByRole('navigation', { name: 'Members’ Hub' });
    expect(within(nav).getByRole('link', { name: 'My cases' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'New case' }).getAttribute('aria-current')).toBeNull();
    expect(screen.getAllByRole('main')).toHaveLength(1);
  });
});

describe('Shell on a phone', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  const shell = (options: { inTeams?: boolean } = {}) =>
    renderPage(
      <Shell>
        <h1>Inside</h1>
      </Shell>,
      { api: fakeService({}).api, path: '/cases', ...(options.inTeams ? {} : { setTheme: () => undefined }) },
    );

  it('folds the pages behind a Menu button that opens and closes with the keyboard', async () => {
    restore = setViewportWidth(390);
    shell();
    const nav = await screen.findByRole('navigation', { name: 'Members’ Hub' });
    const menu = within(nav).getByRole('button', { name: 'Menu' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(within(nav).queryByRole('link')).toBeNull();

    await userEvent.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(within(nav).getByRole('link', { name: 'My cases' }).getAttribute('aria-current')).toBe('page');
    within(nav).getByRole('link', { name: 'My cases' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(within(nav).queryByRole('link')).toBeNull();
    expect(document.activeElement).toBe(menu);
  });

  it('closes the pages when the person clicks elsewhere on the page', async () => {
    restore = setViewportWidth(390);
    shell();
    await userEvent.click(await screen.findByRole('button', { name: 'Menu' }));
    expect(screen.getByRole('link', { name: 'My cases' })).toBeTruthy();
    await userEvent.click(screen.getByRole('heading', { name: 'Inside' }));
    expect(screen.queryByRole('link', { name: 'My cases' })).toBeNull();
  });

  it('closes the pages once one is chosen', async () => {
    restore = setViewportWidth(390);
    const { router } = shell();
    await userEvent.click(await screen.findByRole('button', { name: 'Menu' }));
    await userEvent.click(screen.getByRole('link', { name: 'New case' }));
    expect(router.state.location.pathname).toBe('/new');
    expect(screen.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the person by their initials, with the theme behind them', async () => {
    restore = setViewportWidth(390);
    shell();
    const who = await screen.findByRole('button', { name: 'Cllr Ann Example: theme' });
    expect(within(who).queryByText('Cllr Ann Example')).toBeNull();
    await userEvent.click(who);
    expect(await screen.findByRole('menuitemradio', { name: 'High contrast' })).toBeTruthy();
  });

  it('offers no theme inside Teams, where the theme follows Teams', async () => {
    restore = setViewportWidth(390);
    shell({ inTeams: true });
    await screen.findByRole('navigation', { name: 'Members’ Hub' });
    expect(screen.queryByRole('button', { name: /theme/ })).toBeNull();
  });
});

describe('Shell on a wide screen', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('lists the pages in the header and names the person in full', async () => {
    restore = setViewportWidth(1280);
    renderPage(
      <Shell>
        <h1>Inside</h1>
      </Shell>,
      { api: fakeService({}).api, path: '/cases', setTheme: () => undefined },
    );
    const nav = await screen.findByRole('navigation', { name: 'Members’ Hub' });
    expect(within(nav).queryByRole('button', { name: 'Menu' })).toBeNull();
    expect(
      within(nav)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['My cases', 'New case', 'Performance', 'Legacy papers']);
    expect(
      within(screen.getByRole('button', { name: 'Cllr Ann Example: theme' })).getByText('Cllr Ann Example'),
    ).toBeTruthy();
  });
});

describe('Ward page (channel tab)', () => {
  it('lists the division\u2019s cases the viewer may see, through the API', async () => {
    const service = fakeService({
      'GET /api/cases': () => ({ body: { items: [aCaseView()], total: 1, limit: 500, offset: 0 } }),
    });
    renderPage(<WardPage />, { api: service.api, path: '/ward/ward-north', pattern: '/ward/:wardId' });
    expect(await screen.findByRole('heading', { name: 'Fallowmere North: casework' })).toBeTruthy();
    expect(await screen.findByText('1 open case in this division that you can see.')).toBeTruthy();
    expect(service.sent[0]?.query.get('ward')).toBe('ward-north');
  });

  it('says so when the tab points at a division that no longer exists', async () => {
    const service = fakeService({});
    renderPage(<WardPage />, { api: service.api, path: '/ward/gone', pattern: '/ward/:wardId' });
    expect(await screen.findByText(/no longer exists/)).toBeTruthy();
  });
});
