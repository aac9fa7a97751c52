import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MyCasesPage } from './my-cases';
import { renderPage } from '../../test/render';
import { fakeService, never } from '../../test/fake-service';
import { aCaseView } from '../../test/fixtures';
import { blobText, fakeDocuments } from '../../test/fake-documents';
import { objectUrls } from '../../test/object-urls';
import { setViewportWidth } from '../../test/viewport';

const page = (items: ReturnType<typeof aCaseView>[], total = items.length) => ({
  body: { items, total, limit: 500, offset: 0 },
});

describe('My cases page', () => {
  it('shows a spinner while the cases load', async () => {
    renderPage(<MyCasesPage />, { api: fakeService({ 'GET /api/cases': never }).api });
    expect(await screen.findByText('Loading cases…')).toBeTruthy();
  });

  it('lists a councillor\u2019s own open cases with the working days left in words', async () => {
    const overdue = aCaseView({
      title: 'Broken streetlight',
      sla: { state: 'overdue', workingDaysLeft: 0, overdueBy: 3, escalationLevelDue: 1 },
    });
    const fresh = aCaseView({ title: 'Fly-tipping in the lane' });
    const service = fakeService({ 'GET /api/cases': () => page([overdue, fresh]) });
    renderPage(<MyCasesPage />, { api: service.api });

    const table = await screen.findByRole('table', { name: 'My cases' });
    expect(within(table).getByRole('link', { name: overdue.ref }).getAttribute('href')).toBe(
      `/cases/${overdue.ref}`,
    );
    expect(within(table).getByText('Overdue by 3 working days')).toBeTruthy();
    expect(within(table).getByText('10 working days left')).toBeTruthy();
    expect(screen.getByText('2 cases.')).toBeTruthy();
    const query = service.sent[0]?.query;
    expect(query?.get('mine')).toBe('true');
    // "Open" is the service's definition (the one the bot counts too), not a list of statuses.
    expect(query?.get('open')).toBe('true');
    expect(query?.get('status')).toBeNull();
    expect(query?.get('limit')).toBe('500');
  });

  it('marks a case that changed since the councillor last opened it as new, in words', async () => {
    const answered = aCaseView({ title: 'Pothole on Mill Lane', status: 'responded', news: true });
    const seen = aCaseView({ title: 'Fly-tipping in the lane', news: false });
    renderPage(<MyCasesPage />, { api: fakeService({ 'GET /api/cases': () => page([answered, seen]) }).api });
    const table = await screen.findByRole('table', { name: 'My cases' });
    const rows = within(table).getAllByRole('row');
    const rowOf = (title: string) => rows.find((r) => r.textContent?.includes(title))!;
    expect(rowOf('Pothole on Mill Lane').textContent).toContain(
      'New since you last looked: Pothole on Mill Lane',
    );
    expect(rowOf('Fly-tipping in the lane').textContent).not.toContain('since you last looked');
  });

  it('opens a case inside the tab from its reference, and leaves a modified click to the browser', async () => {
    const c = aCaseView({ title: 'Pothole on Mill Lane' });
    const service = fakeService({ 'GET /api/cases': () => page([c]) });
    const { router } = renderPage(<MyCasesPage />, { api: service.api, path: '/cases' });
    const link = within(await screen.findByRole('table', { name: 'My cases' })).getByRole('link', {
      name: c.ref,
    });
    // Ctrl+click (open in a new tab) is not taken over: the page did not cancel it (seen after the page's
    // own handlers, which jsdom cannot then carry out) and the address here stays as it was.
    let cancelledByPage: boolean | undefined;
    const afterPage = (event: Event) => {
      cancelledByPage = event.defaultPrevented;
      event.preventDefault();
    };
    window.addEventListener('click', afterPage);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true }));
    window.removeEventListener('click', afterPage);
    expect(cancelledByPage).toBe(false);
    expect(router.state.location.pathname).toBe('/cases');
    await userEvent.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${c.ref}`));
  });

  it('tells a councillor with no cases how to raise one', async () => {
    renderPage(<MyCasesPage />, { api: fakeService({ 'GET /api/cases': () => page([]) }).api });
    expect(await screen.findByText(/You have no open cases/)).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Raise a new case' })).toHaveLength(2);
  });

  it('offers to clear filters when nothing matches them', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([]) });
    const { router } = renderPage(<MyCasesPage />, { api: service.api, path: '/cases?overdue=true' });
    await userEvent.click(await screen.findByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('sends the search words after typing pauses, and keeps them in the address', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
    const { router } = renderPage(<MyCasesPage />, { api: service.api, path: '/cases' });
    await screen.findByRole('table');
    await userEvent.type(screen.getByRole('searchbox'), 'elm road');
    await waitFor(() => expect(service.sent.some((r) => r.query.get('text') === 'elm road')).toBe(true));
    expect(router.state.location.search).toBe('?q=elm+road');
  });

  it('finds a reference typed in full whatever the status filter, and opens it on Enter', async () => {
    const answered = aCaseView({ title: 'Pothole on Mill Lane', status: 'responded' });
    const service = fakeService({ 'GET /api/cases': () => page([answered]) });
    const { router } = renderPage(<MyCasesPage />, { api: service.api, path: '/cases' });
    await screen.findByRole('table');
    await userEvent.type(screen.getByRole('searchbox'), answered.ref.toLowerCase());
    await waitFor(() =>
      expect(service.sent.some((r) => r.query.get('text') === answered.ref.toLowerCase())).toBe(true),
    );
    const query = service.sent.at(-1)!.query;
    expect(query.get('open')).toBeNull();
    expect(query.get('status')).toBeNull();
    expect(
      await screen.findByText(
        `Case ${answered.ref}, whatever its status. Press Enter in the search box to open it.`,
      ),
    ).toBeTruthy();
    await userEvent.type(screen.getByRole('searchbox'), '{Enter}');
    expect(router.state.location.pathname).toBe(`/cases/${answered.ref}`);
  });

  it('says how many cases match under other statuses, and shows them all on request', async () => {
    const service = fakeService({
      'GET /api/cases': (req) =>
        req.query.get('status') === null && req.query.get('open') === null
          ? page([aCaseView({ title: 'Zephyrine Close hedge', status: 'closed' })])
          : { body: { items: [], total: 0, limit: 500, offset: 0, elsewhere: 1 } },
    });
    const { router } = renderPage(<MyCasesPage />, { api: service.api, path: '/cases?q=zephyr' });
    expect(
      await screen.findByText(/No cases to show\. 1 more case matches under other statuses\./),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show matches under every status' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=all&q=zephyr'));
    expect(await screen.findByText('Zephyrine Close hedge')).toBeTruthy();
  });

  it('says what went wrong and retries when the service fails', async () => {
    let calls = 0;
    const service = fakeService({
      'GET /api/cases': () => {
        calls += 1;
        return calls === 1
          ? { status: 500, body: { code: 'internal', message: 'x', requestId: 'req-1' } }
          : page([aCaseView({ title: 'Recovered' })]);
      },
    });
    renderPage(<MyCasesPage />, { api: service.api });
    expect(await screen.findByText('Something went wrong on our side')).toBeTruthy();
    expect(screen.getByText('Request id, for the IT service desk: req-1')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Recovered')).toBeTruthy();
  });

  it('asks for every status when the person chooses All', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
    renderPage(<MyCasesPage />, { api: service.api, path: '/cases?status=all' });
    await screen.findByRole('table');
    expect(service.sent[0]?.query.has('status')).toBe(false);
  });

  it('shows a support officer every case with the member and division columns', async () => {
    const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
    renderPage(<MyCasesPage />, { api: service.api, as: 'sue' });
    const table = await screen.findByRole('table', { name: 'Cases' });
    expect(within(table).getByText('Cllr Ann Example')).toBeTruthy();
    expect(service.sent[0]?.query.get('mine')).toBeNull();
  });

  it('lists the documents matching a search of three letters or more, each linked to its case, snippet as plain text', async () => {
    const c = aCaseView({ title: 'Flooding on Mill Lane' });
    const docs = fakeDocuments({ cases: { [c.ref]: c.title } });
    docs.seed(c.ref, 'drainage survey.txt', 'text/plain', 'The <b>culvert</b> under Mill Lane is blocked.');
    const service = fakeService({ ...docs.routes, 'GET /api/cases': () => page([c]) });
    renderPage(<MyCasesPage />, { api: service.api, path: '/cases?q=cu' });
    await screen.findByRole('table');
    // Two letters match too much: no document search.
    expect(screen.queryByRole('heading', { name: /^Documents matching/ })).toBeNull();
    expect(service.sent.some((r) => r.path === '/api/documents')).toBe(false);

    await userEvent.type(screen.getByRole('searchbox'), 'lvert');
    const list = await screen.findByRole('list', { name: 'Documents matching culvert' });
    expect(screen.getByRole('heading', { level: 2, name: 'Documents matching “culvert”' })).toBeTruthy();
    expect(within(list).getByText('drainage survey.txt')).toBeTruthy();
    expect(
      within(list)
        .getByRole('link', { name: `${c.ref}: Flooding on Mill Lane` })
        .getAttribute('href'),
    ).toBe(`/cases/${c.ref}`);
    // The service's snippet is shown as text: markup in it is never made into elements.
    expect(within(list).getByText(/The <b>culvert<\/b> under Mill Lane/)).toBeTruthy();
    expect(list.querySelector('b')).toBeNull();
    expect(service.sent.find((r) => r.path === '/api/documents')?.query.get('q')).toBe('culvert');
  });

  it('says when no document matches, and what went wrong when the search fails', async () => {
    let fail = true;
    const service = fakeService({
      'GET /api/cases': () => page([]),
      'GET /api/documents': () =>
        fail
          ? { status: 500, body: { code: 'internal', message: 'x', requestId: 'req-d' } }
          : { body: { items: [] } },
    });
    renderPage(<MyCasesPage />, { api: service.api, path: '/cases?q=elm+road' });
    expect(await screen.findByText('Request id, for the IT service desk: req-d')).toBeTruthy();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No documents you can see match these words.')).toBeTruthy();
  });

  it('downloads the cases shown as CSV: no constituent, and a title a spreadsheet would run is kept as text', async () => {
    const sly = aCaseView({ title: '=HYPERLINK("http://evil.example","Click")', category: 'Potholes' });
    const plain = aCaseView({ title: 'Fly-tipping, again', priority: 'urgent' });
    const service = fakeService({ 'GET /api/cases': () => page([sly, plain]) });
    const clicked: { href: string; download: string; text: Promise<string> }[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      const blob = objectUrls.blob(this.href);
      clicked.push({
        href: this.href,
        download: this.download,
        text: blob ? blobText(blob) : Promise.resolve(''),
      });
    });
    try {
      renderPage(<MyCasesPage />, { api: service.api });
      await userEvent.click(await screen.findByRole('button', { name: 'Download these 2 cases as CSV' }));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(clicked[0]!.download).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = (await clicked[0]!.text).replace(/^\ufeff|^\u00ef\u00bb\u00bf/, '');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(
        'Reference,Title,Status,Stage,Kind,Category,Priority,Member,Electoral division,Department,Officer,Raised,Respond by,Working days',
      );
      expect(lines[1]).toContain(`${sly.ref},"'=HYPERLINK(""http://evil.example"",""Click"")",New,1,`);
      expect(lines[2]).toContain('"Fly-tipping, again"');
      expect(lines[2]).toContain(',Urgent,');
      expect(text).not.toContain(sly.constituent.name);
      expect(text).not.toContain(sly.constituent.postcode);
    } finally {
      click.mockRestore();
    }
  });

  describe('sorting and filters', () => {
    const lastQuery = (service: ReturnType<typeof fakeService>) =>
      service.sent.filter((r) => r.path === '/api/cases').at(-1)?.query;

    it('sorts by the header clicked: asks the service, keeps the order in the address, and marks the header', async () => {
      const service = fakeService({ 'GET /api/cases': () => page([aCaseView(), aCaseView()]) });
      const { router } = renderPage(<MyCasesPage />, { api: service.api, path: '/cases?status=all' });
      const table = await screen.findByRole('table', { name: 'My cases' });
      expect(lastQuery(service)?.get('sort')).toBe('attention');
      const due = within(table).getByRole('columnheader', { name: /^Due/ });
      await userEvent.click(within(due).getByRole('button'));
      await waitFor(() => expect(lastQuery(service)?.get('sort')).toBe('due'));
      expect(lastQuery(service)?.get('dir')).toBe('asc');
      expect(due.getAttribute('aria-sort')).toBe('ascending');
      await userEvent.click(within(due).getByRole('button'));
      await waitFor(() => expect(lastQuery(service)?.get('dir')).toBe('desc'));
      expect(router.state.location.search).toBe('?status=all&sort=due&dir=desc');
      expect(
        within(screen.getByRole('table', { name: 'My cases' }))
          .getByRole('columnheader', { name: /^Due/ })
          .getAttribute('aria-sort'),
      ).toBe('descending');
    });

    it('opens with the order and filters an address carries, as after Back or from a shared link', async () => {
      const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
      renderPage(<MyCasesPage />, {
        api: service.api,
        as: 'sue',
        path: '/cases?sort=member&dir=desc&department=waste&category=Potholes&member=cllr-bo&raisedFrom=2026-11-01&raisedTo=2026-11-30',
      });
      const table = await screen.findByRole('table', { name: 'Cases' });
      const q = lastQuery(service)!;
      expect(Object.fromEntries(q)).toMatchObject({
        sort: 'member',
        dir: 'desc',
        department: 'waste',
        category: 'Potholes',
        member: 'cllr-bo',
        raisedFrom: '2026-11-01',
        raisedTo: '2026-11-30',
      });
      expect(
        within(table)
          .getByRole('columnheader', { name: /^Member/ })
          .getAttribute('aria-sort'),
      ).toBe('descending');
      expect(screen.getByRole('combobox', { name: 'Department' }).textContent).toBe('Waste and Recycling');
      expect(screen.getByRole('combobox', { name: 'Member' }).textContent).toBe('Cllr Bo Other');
    });

    it('sends the department and member chosen with the request, keeping the other filters', async () => {
      const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
      const { router } = renderPage(<MyCasesPage />, {
        api: service.api,
        as: 'sue',
        path: '/cases?category=Potholes',
      });
      await screen.findByRole('table', { name: 'Cases' });
      await userEvent.click(screen.getByLabelText('Department'));
      await userEvent.click(screen.getByRole('option', { name: 'Highways' }));
      await waitFor(() => expect(lastQuery(service)?.get('department')).toBe('highways'));
      await userEvent.click(screen.getByLabelText('Member'));
      await userEvent.click(screen.getByRole('option', { name: 'Cllr Bo Other' }));
      await waitFor(() => expect(lastQuery(service)?.get('member')).toBe('cllr-bo'));
      expect(Object.fromEntries(lastQuery(service)!)).toMatchObject({
        department: 'highways',
        category: 'Potholes',
      });
      expect(router.state.location.search).toBe('?department=highways&category=Potholes&member=cllr-bo');
    });

    it('sends the category typed and the days raised with the request, and clears every filter at once', async () => {
      const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
      const { router } = renderPage(<MyCasesPage />, {
        api: service.api,
        as: 'sue',
        path: '/cases?sort=ref&member=cllr-bo',
      });
      await screen.findByRole('table', { name: 'Cases' });
      const category = screen.getByLabelText('Category');
      fireEvent.change(category, { target: { value: 'potholes' } });
      fireEvent.keyDown(category, { key: 'Enter' });
      await waitFor(() => expect(lastQuery(service)?.get('category')).toBe('potholes'));
      fireEvent.change(screen.getByLabelText('Raised from'), { target: { value: '2026-11-01' } });
      await waitFor(() => expect(lastQuery(service)?.get('raisedFrom')).toBe('2026-11-01'));
      fireEvent.change(screen.getByLabelText('Raised to'), { target: { value: '2026-11-30' } });
      await waitFor(() => expect(lastQuery(service)?.get('raisedTo')).toBe('2026-11-30'));
      expect(lastQuery(service)?.get('member')).toBe('cllr-bo');

      await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
      // The filters go; the order chosen stays.
      await waitFor(() => expect(router.state.location.search).toBe('?sort=ref'));
      const cleared = lastQuery(service)!;
      for (const name of ['department', 'member', 'category', 'raisedFrom', 'raisedTo'])
        expect(cleared.has(name)).toBe(false);
      expect(cleared.get('sort')).toBe('ref');
    });

    it('offers the managed categories in their order, then others the list has shown, such as a retired one', async () => {
      const service = fakeService({
        'GET /api/cases': () =>
          page([aCaseView({ category: 'Potholes' }), aCaseView({ category: 'highways' })]),
      });
      renderPage(<MyCasesPage />, { api: service.api });
      await screen.findByRole('table', { name: 'My cases' });
      await userEvent.click(screen.getByLabelText('Category'));
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
        'Drainage and flooding',
        'Highways',
        'Roads and pavements',
        'Street lighting',
        'Potholes',
      ]);
      await userEvent.click(screen.getByRole('option', { name: 'Potholes' }));
      await waitFor(() => expect(lastQuery(service)?.get('category')).toBe('Potholes'));
    });

    it('says when the days raised are the wrong way round, and asks without them', async () => {
      const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
      renderPage(<MyCasesPage />, {
        api: service.api,
        path: '/cases?raisedFrom=2026-11-30&raisedTo=2026-11-01',
      });
      await screen.findByRole('table', { name: 'My cases' });
      expect(screen.getByText('Choose a day on or after the “Raised from” day.')).toBeTruthy();
      expect(lastQuery(service)?.has('raisedFrom')).toBe(false);
      expect(lastQuery(service)?.has('raisedTo')).toBe(false);
    });

    it('folds the filters behind a button on a phone, and opens them at once when one is in use', async () => {
      const restore = setViewportWidth(390);
      try {
        const service = fakeService({ 'GET /api/cases': () => page([aCaseView()]) });
        const first = renderPage(<MyCasesPage />, { api: service.api, as: 'sue', path: '/cases' });
        const more = await screen.findByRole('button', { name: 'Show filters' });
        expect(more.getAttribute('aria-expanded')).toBe('false');
        expect(screen.queryByLabelText('Category')).toBeNull();
        await userEvent.click(more);
        const fewer = screen.getByRole('button', { name: 'Hide filters' });
        expect(fewer.getAttribute('aria-expanded')).toBe('true');
        const group = screen.getByRole('group', { name: 'More filters' });
        expect(fewer.getAttribute('aria-controls')).toBe(group.id);
        expect(within(group).getByLabelText('Category')).toBeTruthy();
        first.unmount();

        // A filter from the address is never applied out of sight.
        renderPage(<MyCasesPage />, {
          api: service.api,
          as: 'sue',
          path: '/cases?category=Potholes&member=cllr-bo',
        });
        expect(await screen.findByRole('button', { name: 'Hide filters' })).toBeTruthy();
        expect(screen.getByLabelText<HTMLInputElement>('Category').value).toBe('Potholes');
        await userEvent.click(screen.getByRole('button', { name: 'Hide filters' }));
        expect(screen.getByRole('button', { name: 'Show filters (2 in use)' })).toBeTruthy();
      } finally {
        restore();
      }
    });

    it('offers a councillor no member filter: their list is their own cases', async () => {
      renderPage(<MyCasesPage />, { api: fakeService({ 'GET /api/cases': () => page([aCaseView()]) }).api });
      await screen.findByRole('table', { name: 'My cases' });
      expect(screen.queryByRole('combobox', { name: 'Member' })).toBeNull();
      expect(screen.getByRole('combobox', { name: 'Department' })).toBeTruthy();
    });

    it('downloads as CSV the cases the filters and order show, in that order', async () => {
      const first = aCaseView({ title: 'Zebra crossing faded' });
      const second = aCaseView({ title: 'Abandoned car' });
      const service = fakeService({ 'GET /api/cases': () => page([first, second]) });
      const texts: Promise<string>[] = [];
      const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
        this: HTMLAnchorElement,
      ) {
        const blob = objectUrls.blob(this.href);
        texts.push(blob ? blobText(blob) : Promise.resolve(''));
      });
      try {
        renderPage(<MyCasesPage />, { api: service.api, path: '/cases?sort=title&dir=desc&category=Roads' });
        await userEvent.click(await screen.findByRole('button', { name: 'Download these 2 cases as CSV' }));
        await waitFor(() => expect(texts).toHaveLength(1));
        expect(Object.fromEntries(lastQuery(service)!)).toMatchObject({
          sort: 'title',
          dir: 'desc',
          category: 'Roads',
        });
        const lines = (await texts[0]!).split('\r\n');
        expect(lines[1]).toContain(first.ref);
        expect(lines[2]).toContain(second.ref);
      } finally {
        click.mockRestore();
      }
    });
  });
});
