import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../../test/render';
import { fakeService, never } from '../../test/fake-service';
import { LegacyPapersPage } from './legacy-papers';

const paper = {
  id: '44444444-4444-4444-8444-444444444444',
  memberId: 'cllr-ann',
  caseRef: null,
  name: '2019-03-14 Fly-tipping behind Beacon Hill Road (box B1).pdf',
  size: 1000,
  pages: 1,
  box: 'B1',
  dateFrom: '2019-03-14',
  dateTo: null,
  retention: { kind: 'keep' as const, until: '2040-01-01', reason: 'Ongoing issue' },
  filedAt: '2026-12-01T11:00:00.000Z',
};

const setup = (routes: Parameters<typeof fakeService>[0]) => {
  const service = fakeService(routes);
  renderPage(<LegacyPapersPage />, { api: service.api, path: '/papers', pattern: '/papers' });
  return service;
};

describe('Legacy papers', () => {
  it('shows a spinner while the papers load', async () => {
    setup({ 'GET /api/legacy-papers': never });
    expect(await screen.findByText('Loading the papers…')).toBeTruthy();
  });

  it('says when none have been filed for the member', async () => {
    setup({ 'GET /api/legacy-papers': () => ({ body: { items: [] } }) });
    expect(await screen.findByText('No legacy papers have been filed for you yet.')).toBeTruthy();
  });

  it('says what went wrong', async () => {
    setup({ 'GET /api/legacy-papers': () => ({ status: 500, body: { code: 'internal', message: 'x' } }) });
    expect(await screen.findByText('Something went wrong on our side')).toBeTruthy();
  });

  it('finds papers by a word from their pages, with the words around it, and downloads the PDF', async () => {
    const service = setup({
      'GET /api/legacy-papers': (req) => ({
        body: { items: req.query.get('q') ? [{ paper, snippet: 'two mattresses, a fridge' }] : [] },
      }),
      'GET /api/legacy-papers/:id/content': () => ({
        body: new Blob(['%PDF-1.7'], { type: 'application/pdf' }),
      }),
    });
    await userEvent.type(await screen.findByRole('searchbox'), 'mattresses');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    const table = await screen.findByRole('table', { name: 'Papers matching mattresses' });
    expect(within(table).getByText('…two mattresses, a fridge…')).toBeTruthy();
    expect(within(table).getByText('Keep until 1 Jan 2040: Ongoing issue')).toBeTruthy();
    await userEvent.click(within(table).getByRole('button', { name: `Download ${paper.name}` }));
    expect(service.sent.some((r) => r.path === `/api/legacy-papers/${paper.id}/content`)).toBe(true);
  });
});
