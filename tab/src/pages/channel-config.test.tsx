import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChannelConfigPage } from './channel-config';
import { renderPage } from '../../test/render';
import { fakeService } from '../../test/fake-service';

describe('Setting up the division tab', () => {
  it('offers every division and, outside Teams, links to the chosen division’s view', async () => {
    renderPage(<ChannelConfigPage />, { api: fakeService({}).api, path: '/config' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Set up the division tab' })).toBeTruthy();
    // Nothing is chosen yet, so there is nothing to open.
    expect(screen.queryByRole('link', { name: /open the/i })).toBeNull();

    await userEvent.click(screen.getByRole('combobox', { name: /Electoral division/ }));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Fallowmere North',
      'Fallowmere South',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'Fallowmere South' }));

    expect(screen.getByRole('combobox', { name: /Electoral division/ }).textContent).toContain(
      'Fallowmere South',
    );
    const link = screen.getByRole('link', { name: 'open the Fallowmere South view' });
    expect(link.getAttribute('href')).toBe('/ward/ward-south');
  });
});
