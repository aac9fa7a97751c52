import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import BriefingsPage from './briefings-page';
import { renderPage } from '../../../test/render';
import { fakeService, never } from '../../../test/fake-service';
import type { Decision } from '../../api/briefing-types';

const imported = (over: Partial<Decision> = {}): Decision => ({
  id: 'd-1',
  title: 'Northtown 20mph zone',
  summary: 'A 20mph zone around WQ1 4.',
  maker: { kind: 'cabinet', name: 'Cabinet Member for Highways' },
  status: 'taken',
  date: '2026-11-19',
  keyDecision: true,
  callIn: { subject: false, deadline: null },
  wards: ['ward-north'],
  wardsConfirmed: false,
  reasons: 'Speed surveys.',
  links: [],
  takingPart: '',
  version: 3,
  suggestedWards: ['ward-north'],
  source: { kind: 'modern-gov', key: 'democracy.example:4121' },
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  ...over,
});

const openRegister = async () =>
  userEvent.click(await screen.findByRole('tab', { name: 'Decisions register' }));

describe('Briefings page', () => {
  it('tells a councillor where briefings come from, and asks the service for nothing', async () => {
    const service = fakeService({});
    renderPage(<BriefingsPage />, { api: service.api, as: 'cllr-ann' });
    expect(await screen.findByText('Briefings are prepared by Democratic Services')).toBeTruthy();
    expect(service.sent).toEqual([]);
  });

  it('shows a spinner while the register loads, and a way to try again when it cannot', async () => {
    let fail = true;
    const service = fakeService({
      'GET /api/briefings': never,
      'GET /api/decisions': () =>
        fail
          ? { status: 503, body: { code: 'unavailable', message: 'Down.', requestId: 'r-1' } }
          : { body: { decisions: [] } },
    });
    renderPage(<BriefingsPage />, { api: service.api, as: 'sue' });
    await openRegister();
    const retry = await screen.findByRole('button', { name: /try again/i });
    fail = false;
    await userEvent.click(retry);
    expect(await screen.findByText(/No decisions yet/)).toBeTruthy();
  });

  it('ticks an imported decision\u2019s suggested wards for the officer to confirm, and saves them confirmed', async () => {
    const service = fakeService({
      'GET /api/briefings': never,
      'GET /api/decisions': () => ({ body: { decisions: [imported()] } }),
      'PUT /api/decisions/:id': (req) => ({ body: { ...imported(), ...(req.body as object), version: 4 } }),
    });
    renderPage(<BriefingsPage />, { api: service.api, as: 'sue' });
    await openRegister();
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm wards: Northtown 20mph zone' }));
    const dialog = await screen.findByRole('dialog');
    const wards = within(dialog).getByRole('group', { name: /Wards affected/ });
    expect(within(wards).getByRole('checkbox', { name: 'Fallowmere North' })).toHaveProperty('checked', true);
    expect(within(wards).getByRole('checkbox', { name: 'Fallowmere South' })).toHaveProperty(
      'checked',
      false,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save and confirm wards' }));
    expect(await screen.findByText('Saved \u201cNorthtown 20mph zone\u201d.')).toBeTruthy();
    const put = service.sent.find((r) => r.method === 'PUT');
    expect(put?.params.id).toBe('d-1');
    expect(put?.body).toMatchObject({ wards: ['ward-north'], wardsConfirmed: true, version: 3 });
  });

  it('refuses to save a decision with no wards, saying which field, and sends nothing', async () => {
    const service = fakeService({
      'GET /api/briefings': never,
      'GET /api/decisions': () => ({ body: { decisions: [imported()] } }),
    });
    renderPage(<BriefingsPage />, { api: service.api, as: 'sue' });
    await openRegister();
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm wards: Northtown 20mph zone' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Fallowmere North' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save and confirm wards' }));
    expect(await within(dialog).findByText('Tick the wards it affects, or all wards.')).toBeTruthy();
    expect(service.sent.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
