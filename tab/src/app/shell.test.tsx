import { screen, within } from '@testing-library/react';
import { Shell, navFor } from './shell';
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
    expect(navFor(['DepartmentOfficer']).map((i) => i.label)).toEqual(['Department queue', 'Performance']);
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
