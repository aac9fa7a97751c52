import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NewCasePage } from './new-case';
import { checkNewCase, EMPTY_FORM } from './new-case-form';
import { renderPage } from '../../test/render';
import { fakeService } from '../../test/fake-service';
import { aCaseView } from '../../test/fixtures';
import { dialogClosed, openDialog } from '../../test/dialogs';

const fill = async () => {
  await userEvent.click(screen.getByRole('radio', { name: 'Member’s enquiry' }));
  await userEvent.type(screen.getByRole('textbox', { name: /^Name/ }), 'Pat Resident');
  await userEvent.type(screen.getByRole('textbox', { name: /^Address/ }), '1 High Street');
  await userEvent.type(screen.getByRole('textbox', { name: /^Postcode/ }), 'wq1 2ab');
  fireEvent.blur(screen.getByRole('textbox', { name: /^Postcode/ }));
  await userEvent.click(screen.getByRole('combobox', { name: /^Category/ }));
  await userEvent.click(await screen.findByRole('option', { name: 'Highways' }));
  await userEvent.type(screen.getByRole('textbox', { name: /^Short title/ }), 'Pothole on the High Street');
  await userEvent.type(
    screen.getByRole('textbox', { name: /^What is the problem/ }),
    'Deep and getting deeper.',
  );
};

describe('New case page', () => {
  it('lists every missing field and sends nothing', async () => {
    const service = fakeService({});
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await userEvent.click(await screen.findByRole('button', { name: 'Raise the case' }));
    expect(await screen.findByText('Please check 7 fields')).toBeTruthy();
    expect(screen.getAllByText('Name is required.').length).toBeGreaterThan(0);
    expect(service.sent.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('offers only the managed list\u2019s categories, in its order, and asks to choose one', async () => {
    const service = fakeService({});
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await userEvent.click(await screen.findByRole('button', { name: 'Raise the case' }));
    expect((await screen.findAllByText('Choose a category from the list.')).length).toBeGreaterThan(0);
    expect(screen.queryByRole('textbox', { name: /^Category/ })).toBeNull();
    await userEvent.click(screen.getByRole('combobox', { name: /^Category/ }));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Drainage and flooding',
      'Highways',
      'Roads and pavements',
      'Street lighting',
    ]);
  });

  it('shows the service\u2019s refusal of a category at the category field', async () => {
    const service = fakeService({
      'GET /api/wards/suggest': () => ({
        body: { postcode: 'WQ1 2AB', ward: { id: 'ward-north', name: 'Fallowmere North' } },
      }),
      'POST /api/cases': () => ({
        status: 400,
        body: {
          code: 'bad_request',
          message: 'Choose a category from the list.',
          issues: [{ path: 'category', message: 'not a category on the list, or retired' }],
        },
      }),
    });
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await fill();
    await screen.findByText('Suggested from the postcode: Fallowmere North');
    await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));
    expect(await screen.findByText('Please check one field')).toBeTruthy();
    expect(screen.getAllByText('Choose a category from the list.').length).toBeGreaterThan(0);
  });

  it('suggests the division from the postcode and raises the case, then opens it', async () => {
    const created = aCaseView();
    const service = fakeService({
      'GET /api/wards/suggest': (req) => ({
        body: { postcode: req.query.get('postcode'), ward: { id: 'ward-south', name: 'Fallowmere South' } },
      }),
      'POST /api/cases': () => ({ status: 201, body: created }),
    });
    const { router } = renderPage(<NewCasePage />, { api: service.api, path: '/new', as: 'cllr-bo' });
    await fill();
    expect(await screen.findByText('Suggested from the postcode: Fallowmere South')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${created.ref}`));
    const post = service.sent.find((r) => r.method === 'POST' && r.path === '/api/cases');
    expect(post?.body).toEqual({
      kind: 'member-enquiry',
      origin: 'councillor',
      constituent: {
        name: 'Pat Resident',
        address: '1 High Street',
        postcode: 'WQ1 2AB',
        consentToShare: false,
      },
      wardId: 'ward-south',
      category: 'Highways',
      title: 'Pothole on the High Street',
      description: 'Deep and getting deeper.',
    });
    expect(service.sent.find((r) => r.path === '/api/wards/suggest')?.query.get('postcode')).toBe('WQ1 2AB');
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sends the same Idempotency-Key when the submit is tried again after a lost answer', async () => {
    let calls = 0;
    const service = fakeService({
      'GET /api/wards/suggest': () => ({
        body: { postcode: 'WQ1 2AB', ward: { id: 'ward-north', name: 'Fallowmere North' } },
      }),
      'POST /api/cases': () =>
        (calls += 1) === 1
          ? { status: 503, body: { code: 'internal', message: 'busy' } }
          : { status: 200, body: aCaseView() },
    });
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await fill();
    await screen.findByText('Suggested from the postcode: Fallowmere North');
    await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));
    await screen.findByText('Something went wrong on our side');
    await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));
    await waitFor(() => expect(calls).toBe(2));
    const keys = service.sent
      .filter((r) => r.method === 'POST' && r.path === '/api/cases')
      .map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('puts the service\u2019s validation issues on the fields', async () => {
    const service = fakeService({
      'GET /api/wards/suggest': () => ({
        body: { postcode: 'WQ1 2AB', ward: { id: 'ward-north', name: 'Fallowmere North' } },
      }),
      'POST /api/cases': () => ({
        status: 422,
        body: {
          code: 'validation_failed',
          message: 'Unknown electoral division.',
          issues: [{ path: 'wardId', message: 'unknown ward' }],
        },
      }),
    });
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await fill();
    await screen.findByText('Suggested from the postcode: Fallowmere North');
    await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));
    const summary = await screen.findByText('Please check one field');
    expect(
      within(summary.parentElement as HTMLElement).getByText(/Choose the electoral division/),
    ).toBeTruthy();
  });

  it('lets a support officer record an MP\u2019s enquiry', () => {
    const checked = checkNewCase(
      {
        ...EMPTY_FORM,
        kind: 'complaint',
        origin: 'mp',
        mpName: 'Jo Member MP',
        name: 'Pat',
        address: 'Somewhere',
        postcode: 'wq12ab',
        wardId: 'ward-north',
        category: 'Waste',
        title: 'Missed bins',
        description: 'Three weeks running',
      },
      true,
    );
    expect(checked).toEqual({
      ok: true,
      input: expect.objectContaining({ origin: 'mp', mpName: 'Jo Member MP', memberId: null }) as unknown,
    });
    if (checked.ok) expect(checked.input.constituent.postcode).toBe('WQ1 2AB');
  });

  it('refuses a malformed email, phone and postcode with the bot\u2019s sentences', () => {
    const checked = checkNewCase(
      {
        ...EMPTY_FORM,
        kind: 'complaint',
        name: 'P',
        address: 'A',
        postcode: 'nonsense',
        email: 'not-an-email',
        phone: 'call me',
        wardId: 'w',
        category: 'c',
        title: 't',
        description: 'd',
      },
      false,
    );
    expect(checked).toEqual({
      ok: false,
      errors: {
        postcode: 'Enter a UK postcode such as WQ1 2AB.',
        email: 'Enter an email address such as name@example.com, or leave it empty.',
        phone: 'Enter a phone number such as 01632 960123, or leave it empty.',
      },
    });
  });

  it('tells a department officer that cases are raised by councillors and support officers', async () => {
    renderPage(<NewCasePage />, { api: fakeService({}).api, path: '/new', as: 'hal' });
    expect(await screen.findByText(/Cases are raised by councillors/)).toBeTruthy();
  });
});

describe('New case page: nothing typed is lost', () => {
  const nameBox = () => screen.getByRole('textbox', { name: /^Name/ });

  it('keeps what a councillor typed as their draft, brings it back, and never shows it to someone else', async () => {
    const service = fakeService({});
    const first = renderPage(<NewCasePage />, { api: service.api, path: '/new', as: 'cllr-ann' });
    await userEvent.type(nameBox(), 'Pat Resident');
    await userEvent.type(screen.getByRole('textbox', { name: /^Address/ }), '1 High Street{Enter}Lower Town');
    first.unmount();

    const again = renderPage(<NewCasePage />, { api: service.api, path: '/new', as: 'cllr-ann' });
    expect((nameBox() as HTMLInputElement).value).toBe('Pat Resident');
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: /^Address/ }).value).toBe(
      '1 High Street\nLower Town',
    );
    expect(screen.getByText('Your draft is back')).toBeTruthy();
    again.unmount();

    renderPage(<NewCasePage />, { api: service.api, path: '/new', as: 'cllr-bo' });
    expect((nameBox() as HTMLInputElement).value).toBe('');
    expect(screen.queryByText('Your draft is back')).toBeNull();
  });

  it('throws the draft away when asked', async () => {
    const service = fakeService({});
    const first = renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await userEvent.type(nameBox(), 'Pat Resident');
    first.unmount();
    const again = renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await userEvent.click(screen.getByRole('button', { name: 'Discard the draft' }));
    expect((nameBox() as HTMLInputElement).value).toBe('');
    again.unmount();
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    expect((nameBox() as HTMLInputElement).value).toBe('');
  });

  it('clears the draft once the case is raised, so the next New case starts empty', async () => {
    const service = fakeService({
      'GET /api/wards/suggest': () => ({
        body: { postcode: 'WQ1 2AB', ward: { id: 'ward-north', name: 'Fallowmere North' } },
      }),
      'POST /api/cases': () => ({ status: 201, body: created }),
    });
    const created = aCaseView();
    const { router, unmount } = renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    await fill();
    await screen.findByText('Suggested from the postcode: Fallowmere North');
    await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${created.ref}`));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    unmount();
    expect(Object.keys(window.localStorage)).toEqual([]);
    renderPage(<NewCasePage />, { api: service.api, path: '/new' });
    expect((nameBox() as HTMLInputElement).value).toBe('');
  });

  it('asks before a link leaves a changed form, and stays when asked to', async () => {
    const service = fakeService({});
    const { router } = renderPage(<NewCasePage />, { api: service.api, path: '/new', pattern: '/new' });
    await userEvent.type(nameBox(), 'Pat');
    await act(() => router.navigate('/cases'));
    const ask = await openDialog('Leave the new case?');
    await userEvent.click(within(ask).getByRole('button', { name: 'Stay here' }));
    await dialogClosed();
    expect(router.state.location.pathname).toBe('/new');
    expect((nameBox() as HTMLInputElement).value).toBe('Pat');

    await act(() => router.navigate('/cases'));
    await userEvent.click(
      within(await openDialog('Leave the new case?')).getByRole('button', { name: 'Leave' }),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
  });

  it('lets an unchanged form go without asking', async () => {
    const { router } = renderPage(<NewCasePage />, {
      api: fakeService({}).api,
      path: '/new',
      pattern: '/new',
    });
    await act(() => router.navigate('/cases'));
    expect(router.state.location.pathname).toBe('/cases');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('asks the browser to confirm a reload or close only once something is typed', async () => {
    renderPage(<NewCasePage />, { api: fakeService({}).api, path: '/new' });
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    await userEvent.type(nameBox(), 'Pat');
    expect(unload()).toBe(true);
  });
});

describe('New case page: errors', () => {
  it('says each problem once, as a link that takes the person to its field', async () => {
    renderPage(<NewCasePage />, { api: fakeService({}).api, path: '/new' });
    await userEvent.click(await screen.findByRole('button', { name: 'Raise the case' }));
    const summary = (await screen.findByText('Please check 7 fields')).closest('[role="group"], div');
    const link = within(summary?.parentElement as HTMLElement).getByRole('link', {
      name: 'Name is required.',
    });
    expect(screen.queryByText(/Name: Name is required/)).toBeNull();
    await userEvent.click(link);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: /^Name/ }));
    await userEvent.click(screen.getByRole('link', { name: 'Choose the kind of case.' }));
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Member’s enquiry' }));
  });

  it('says the longest short title allowed, as the service\u2019s schema has it', () => {
    const checked = checkNewCase({ ...EMPTY_FORM, title: 'x'.repeat(5000) }, false);
    expect(checked.ok ? '' : checked.errors.title).toBe(
      'Short title is too long: use at most 200 characters (it has 5,000).',
    );
  });

  describe('likely duplicates', () => {
    const earlier = {
      ref: 'MH-2026-00077',
      title: 'Pothole outside number 3',
      status: 'with-department',
      createdAt: '2026-11-02T10:00:00.000Z',
      reasons: ['same-street-and-category'],
    };

    it('shows a likely duplicate before raising, then raises anyway and links it as asked', async () => {
      const created = aCaseView();
      const service = fakeService({
        'POST /api/cases/likely-duplicates': () => ({ body: { matches: [earlier] } }),
        'POST /api/cases': () => ({ status: 201, body: created }),
        [`POST /api/cases/${created.ref}/links`]: () => ({
          status: 201,
          body: { ref: created.ref, links: [] },
        }),
      });
      const { router } = renderPage(<NewCasePage />, { api: service.api, path: '/new' });
      await fill();
      await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));

      expect(await screen.findByText('This may be a duplicate of MH-2026-00077')).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Open MH-2026-00077: Pothole outside number 3' })).toBeTruthy();
      expect(screen.getByText(/the same street and category/)).toBeTruthy();
      expect(service.sent.some((r) => r.path === '/api/cases')).toBe(false);
      const check = service.sent.find((r) => r.path === '/api/cases/likely-duplicates');
      expect(check?.body).toEqual({
        constituent: { name: 'Pat Resident', address: '1 High Street', postcode: 'WQ1 2AB' },
        category: 'Highways',
      });

      await userEvent.click(screen.getByRole('checkbox', { name: 'Link MH-2026-00077 after raising' }));
      await userEvent.click(screen.getByRole('button', { name: 'Raise the case anyway' }));
      await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${created.ref}`));
      expect(router.state.location.state).toEqual({
        notice: `Case ${created.ref} raised. Linked to MH-2026-00077.`,
      });
      const link = service.sent.find((r) => r.path === `/api/cases/${created.ref}/links`);
      expect(link?.body).toEqual({ ref: 'MH-2026-00077' });
    });

    it('raises at once when nothing matches, and still raises when the check fails', async () => {
      for (const answer of [
        () => ({ body: { matches: [] } }),
        () => ({ status: 500, body: { code: 'internal', message: 'Down.', requestId: 'r' } }),
      ]) {
        const created = aCaseView();
        const service = fakeService({
          'POST /api/cases/likely-duplicates': answer,
          'POST /api/cases': () => ({ status: 201, body: created }),
        });
        const { router, unmount } = renderPage(<NewCasePage />, { api: service.api, path: '/new' });
        await fill();
        await userEvent.click(screen.getByRole('button', { name: 'Raise the case' }));
        await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${created.ref}`));
        expect(service.sent.filter((r) => r.path.endsWith('/links'))).toEqual([]);
        unmount();
        localStorage.clear();
      }
    });
  });
});
