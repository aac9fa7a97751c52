import { screen } from '@testing-library/react';
import { NotFoundPage } from './not-found';
import { renderPage } from '../../test/render';
import { fakeService } from '../../test/fake-service';

describe('Not found page', () => {
  it('says there is no page here and links to the start page', async () => {
    renderPage(<NotFoundPage />, { api: fakeService({}).api, path: '/nowhere' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your start page' }).getAttribute('href')).toBe('/');
  });
});
