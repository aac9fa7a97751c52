import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CasePage } from './case-page';
import { renderPage } from '../../test/render';
import { fakeService, never } from '../../test/fake-service';
import { openDialog } from '../../test/dialogs';
import { aCaseView } from '../../test/fixtures';
import { fakeDocuments } from '../../test/fake-documents';

const timeline = (ref: string, events: unknown[]) => ({ body: { ref, events } });
/** No related cases, for whichever case is asked about. */
const noLinks = {
  'GET /api/cases/:ref/links': (req: { params: Record<string, string> }) => ({
    body: { ref: req.params.ref, links: [] },
  }),
};
/** The documents API for `c`, with none filed yet. */
const noDocuments = (c: { ref: string; title: string }) =>
  fakeDocuments({ cases: { [c.ref]: c.title } }).routes;
/** The service for one case `c` with no history and no documents, plus `routes`. */
const caseService = (c: { ref: string; title: string }, routes: Parameters<typeof fakeService>[0] = {}) =>
  fakeService({
    ...noLinks,
    ...noDocuments(c),
    [`GET /api/cases/${c.ref}`]: () => ({ body: c }),
    [`GET /api/cases/${c.ref}/timeline`]: () => timeline(c.ref, []),
    ...routes,
  });
/** The documents area loads on its own after the case: wait for it, so it does not change the page mid-step. */
const documentsLoaded = () => screen.findByText('No documents yet. Drop files here or choose files.');

describe('Case page', () => {
  it('shows a spinner while the case loads', async () => {
    const service = fakeService({
      ...noLinks,
      'GET /api/cases/MH-2026-00001': never,
      'GET /api/cases/MH-2026-00001/timeline': never,
    });
    renderPage(<CasePage />, { api: service.api, path: '/cases/MH-2026-00001', pattern: '/cases/:ref' });
    expect(await screen.findByText('Loading MH-2026-00001…')).toBeTruthy();
  });

  it('shows the facts, the history with the department\u2019s response, and only the permitted actions', async () => {
    const c = aCaseView({
      status: 'responded',
      departmentId: 'highways',
      assignedOfficerId: 'hal',
      followUpUntil: '2026-12-01',
      permittedActions: ['read', 'file-message', 'follow-up', 'share'],
    });
    const service = fakeService({
      ...noLinks,
      [`GET /api/cases/${c.ref}`]: () => ({ body: c }),
      [`GET /api/cases/${c.ref}/timeline`]: () =>
        timeline(c.ref, [
          { seq: 1, at: '2026-11-20T09:00:00Z', actorId: 'cllr-ann', type: 'raised', data: {} },
          {
            seq: 2,
            at: '2026-11-20T10:00:00Z',
            actorId: 'sue',
            type: 'triaged',
            data: { departmentId: 'highways' },
          },
          {
            seq: 3,
            at: '2026-11-21T10:00:00Z',
            actorId: 'hal',
            type: 'responded',
            data: { response: 'We will fill the pothole on Monday.' },
          },
        ]),
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });

    expect(await screen.findByRole('heading', { level: 1, name: `${c.ref}: ${c.title}` })).toBeTruthy();
    const history = screen.getByRole('list', { name: 'Case history' });
    expect(within(history).getByText('Routed to Highways')).toBeTruthy();
    expect(within(history).getByText('We will fill the pothole on Monday.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ask a follow-up question' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Share with a councillor' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Respond' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Route to a department' })).toBeNull();
    expect(screen.getByText('Hal Highways')).toBeTruthy();
  });

  it('shows the address line by line with the postcode below, and the priority as a word', async () => {
    const base = aCaseView();
    const c = aCaseView({
      priority: 'high',
      constituent: { ...base.constituent, address: '1 High Street\nLower Fallowmere', postcode: 'WQ1 2AB' },
    });
    const service = caseService(c, {});
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    const address = await screen.findByText(/^1 High Street/);
    expect(address.textContent).toBe('1 High Street\nLower Fallowmere\nWQ1 2AB');
    expect(getComputedStyle(address).whiteSpace).toBe('pre-line');
    expect(screen.getByText('High')).toBeTruthy();
    expect(screen.queryByText('high')).toBeNull();
    await documentsLoaded();
  });

  it('answers "not found" for another member\u2019s case, as the service said', async () => {
    const service = fakeService({});
    renderPage(<CasePage />, { api: service.api, path: '/cases/MH-2026-00999', pattern: '/cases/:ref' });
    expect(await screen.findByText('Not found')).toBeTruthy();
    expect(service.sent.map((r) => r.path)).toContain('/api/cases/MH-2026-00999');
    // The request id is for the service desk, and is not called a reference (a case has one of those).
    expect(screen.queryByText(/Reference:/)).toBeNull();
    expect(screen.getByText(/^Request id, for the IT service desk: /)).toBeTruthy();
  });

  it('sends a follow-up with the version the member saw, then shows the updated case', async () => {
    const c = aCaseView({ status: 'responded', version: 4, permittedActions: ['read', 'follow-up'] });
    let current = c;
    const service = fakeService({
      ...noLinks,
      ...noDocuments(c),
      [`GET /api/cases/${c.ref}`]: () => ({ body: current }),
      [`GET /api/cases/${c.ref}/timeline`]: () => timeline(c.ref, []),
      [`POST /api/cases/${c.ref}/actions`]: () => {
        current = { ...c, status: 'with-department', version: 5, permittedActions: ['read'] };
        return { body: current };
      },
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Ask a follow-up question' }));
    const dialog = await openDialog(`Ask a follow-up question: ${c.ref}`);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask a follow-up question' }));
    expect(within(dialog).getByText('Write something here first.')).toBeTruthy();
    await userEvent.type(within(dialog).getByRole('textbox'), 'When exactly?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask a follow-up question' }));

    expect(await screen.findByText('Your follow-up question was sent to the department.')).toBeTruthy();
    const post = service.sent.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ type: 'follow-up', text: 'When exactly?', expectedVersion: 4 });
    await waitFor(() => expect(screen.getByText('With department')).toBeTruthy());
  });

  it('keeps the dialog open and explains a conflict when someone else changed the case', async () => {
    const c = aCaseView({ status: 'responded', permittedActions: ['read', 'follow-up'] });
    const service = caseService(c, {
      [`POST /api/cases/${c.ref}/actions`]: () => ({
        status: 409,
        body: { code: 'conflict', message: 'The case has changed.', requestId: 'r1' },
      }),
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Ask a follow-up question' }));
    const dialog = await openDialog(`Ask a follow-up question: ${c.ref}`);
    await userEvent.type(within(dialog).getByRole('textbox'), 'Any news?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask a follow-up question' }));
    expect(await within(dialog).findByText('Someone else changed this case')).toBeTruthy();
  });

  it('shows the case’s documents in its Documents area', async () => {
    const c = aCaseView({ permittedActions: ['read'] });
    const docs = fakeDocuments({ cases: { [c.ref]: c.title } });
    docs.seed(c.ref, 'site photo.png', 'image/png', 'PNG-bytes');
    const service = fakeService({
      ...noLinks,
      ...docs.routes,
      [`GET /api/cases/${c.ref}`]: () => ({ body: c }),
      [`GET /api/cases/${c.ref}/timeline`]: () => timeline(c.ref, []),
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    const table = await screen.findByRole('table', { name: 'Documents filed to this case' });
    expect(within(table).getByRole('button', { name: 'site photo.png' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Documents' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Choose files' })).toBeTruthy();
  });

  it('keeps a half-written response as the officer\u2019s draft when the dialog closes, and clears it once sent', async () => {
    const c = aCaseView({ status: 'with-department', permittedActions: ['read', 'respond'] });
    const service = caseService(c, {
      [`POST /api/cases/${c.ref}/actions`]: () => ({ body: { ...c, status: 'responded', version: 5 } }),
    });
    const first = renderPage(<CasePage />, {
      api: service.api,
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
      as: 'hal',
    });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Respond' }));
    let dialog = await openDialog(`Respond: ${c.ref}`);
    await userEvent.type(within(dialog).getByRole('textbox'), 'We have looked at the drain');
    first.unmount();

    // The page loaded again (a reload, or back later): the words are still there, for this officer only.
    renderPage(<CasePage />, {
      api: service.api,
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
      as: 'hal',
    });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Respond' }));
    dialog = await openDialog(`Respond: ${c.ref}`);
    expect(within(dialog).getByRole<HTMLTextAreaElement>('textbox').value).toBe(
      'We have looked at the drain',
    );
    expect(within(dialog).getByText(/Your draft from .* is back\./)).toBeTruthy();
    await userEvent.type(within(dialog).getByRole('textbox'), ' and cleared it.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Respond' }));
    expect(await screen.findByText('Your response was sent to the member.')).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'respond',
      response: 'We have looked at the drain and cleared it.',
      expectedVersion: c.version,
    });
    expect(Object.keys(window.localStorage)).toEqual([]);
  });

  it('says a case was raised once: going back and forward again does not say it again', async () => {
    const c = aCaseView({ permittedActions: ['read'] });
    const service = caseService(c, {});
    const { router } = renderPage(<CasePage />, {
      api: service.api,
      path: '/elsewhere',
      pattern: '/cases/:ref',
    });
    await act(() => router.navigate(`/cases/${c.ref}`, { state: { notice: `Case ${c.ref} raised.` } }));
    expect(await screen.findByText(`Case ${c.ref} raised.`)).toBeTruthy();
    await waitFor(() => expect(router.state.location.state).toBeNull());
    await act(() => router.navigate(-1));
    await screen.findByText('Elsewhere');
    await act(() => router.navigate(1));
    await screen.findByRole('heading', { level: 1, name: `${c.ref}: ${c.title}` });
    expect(screen.queryByText(`Case ${c.ref} raised.`)).toBeNull();
  });

  it('shows a document removed in the case\u2019s History straight away', async () => {
    const c = aCaseView({ permittedActions: ['read'] });
    const docs = fakeDocuments({ cases: { [c.ref]: c.title }, canRemove: true });
    const d = docs.seed(c.ref, 'site photo.png', 'image/png', 'PNG-bytes');
    const service = fakeService({
      ...noLinks,
      ...docs.routes,
      [`GET /api/cases/${c.ref}`]: () => ({ body: c }),
      [`GET /api/cases/${c.ref}/timeline`]: () =>
        timeline(
          c.ref,
          docs.stored().some((x) => x.id === d.id && !x.deleted)
            ? []
            : [
                {
                  seq: 2,
                  at: '2026-11-21T10:00:00Z',
                  actorId: 'sue',
                  type: 'document-removed',
                  data: { documentId: d.id, name: 'site photo.png' },
                },
              ],
        ),
    });
    renderPage(<CasePage />, {
      api: service.api,
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
      as: 'sue',
    });
    const table = await screen.findByRole('table', { name: 'Documents filed to this case' });
    await userEvent.click(within(table).getByRole('button', { name: 'Remove site photo.png' }));
    await userEvent.click(
      within(await openDialog('Remove site photo.png?')).getByRole('button', { name: 'Remove' }),
    );
    // Removal, the documents list and then the case reload one after another: on a busy machine that can take
    // longer than the default second (a guard against a hang, not a measure of speed).
    const history = await screen.findByRole('list', { name: 'Case history' }, { timeout: 15_000 });
    expect(
      within(history).getByText(
        'Document removed: site photo.png (kept in the case\u2019s retained deleted items)',
      ),
    ).toBeTruthy();
  });

  it('lets a department officer take the case with one press: Assign to me', async () => {
    const c = aCaseView({
      status: 'triaged',
      departmentId: 'highways',
      assignedOfficerId: null,
      permittedActions: ['read', 'assign', 'respond'],
    });
    let current = c;
    const service = fakeService({
      ...noLinks,
      ...noDocuments(c),
      [`GET /api/cases/${c.ref}`]: () => ({ body: current }),
      [`GET /api/cases/${c.ref}/timeline`]: () => timeline(c.ref, []),
      [`POST /api/cases/${c.ref}/actions`]: () => {
        current = { ...c, status: 'with-department', assignedOfficerId: 'hal', version: c.version + 1 };
        return { body: current };
      },
    });
    renderPage(<CasePage />, {
      api: service.api,
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
      as: 'hal',
    });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Assign to me' }));
    expect(await screen.findByText('The case is assigned.')).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'assign',
      officerId: 'hal',
      expectedVersion: c.version,
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Assign to me' })).toBeNull());
  });

  it('lets a department officer send a case that is not theirs back to triage, with the reason, then leaves it', async () => {
    const c = aCaseView({
      status: 'with-department',
      departmentId: 'highways',
      permittedActions: ['read', 'assign', 'respond', 'return-to-triage'],
    });
    const service = caseService(c, {
      [`POST /api/cases/${c.ref}/actions`]: () => ({
        body: { ...c, status: 'new', departmentId: null, permittedActions: [] },
      }),
    });
    const { router } = renderPage(<CasePage />, {
      api: service.api,
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
      as: 'hal',
    });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Wrong department: send back to triage' }));
    const dialog = await openDialog(`Wrong department: send back to triage: ${c.ref}`);
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'A private road');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Wrong department: send back to triage' }),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/department'));
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'return-to-triage',
      reason: 'A private road',
      expectedVersion: c.version,
    });
  });

  it('lets a councillor correct a wrong postcode, sending only what changed', async () => {
    const c = aCaseView({ permittedActions: ['read', 'correct', 'close'] });
    const service = caseService(c, {
      [`POST /api/cases/${c.ref}/actions`]: () => ({
        body: { ...c, constituent: { ...c.constituent, postcode: 'WQ9 9ZZ' }, version: c.version + 1 },
      }),
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Correct the details' }));
    const dialog = await openDialog(`Correct the details: ${c.ref}`);
    const postcode = within(dialog).getByRole('textbox', { name: /^Postcode/ });
    await userEvent.clear(postcode);
    await userEvent.type(postcode, 'nonsense');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save the corrections' }));
    expect(within(dialog).getByText('Enter a UK postcode such as WQ1 2AB.')).toBeTruthy();
    expect(service.sent.some((r) => r.method === 'POST')).toBe(false);
    await userEvent.clear(postcode);
    await userEvent.type(postcode, 'wq9 9zz');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save the corrections' }));
    expect(await screen.findByText('The details were corrected.')).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'correct',
      constituent: { postcode: 'WQ9 9ZZ' },
      expectedVersion: c.version,
    });
  });
  it('routes a case with a category from the managed list, asking for one when the case\u2019s is not on it', async () => {
    const c = aCaseView({
      status: 'new',
      departmentId: null,
      category: 'Potholes',
      permittedActions: ['read', 'triage'],
    });
    const service = caseService(c, {
      [`POST /api/cases/${c.ref}/actions`]: () => ({
        body: {
          ...c,
          status: 'triaged',
          departmentId: 'highways',
          category: 'Roads and pavements',
          version: c.version + 1,
        },
      }),
    });
    renderPage(<CasePage />, {
      api: service.api,
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
      as: 'sue',
    });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Route to a department' }));
    const dialog = await openDialog(`Route to a department: ${c.ref}`);
    expect(
      within(dialog).getByText('\u201cPotholes\u201d is not on the category list: choose one from it.'),
    ).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Department/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Highways' }));
    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Category/ }));
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Drainage and flooding',
      'Highways',
      'Roads and pavements',
      'Street lighting',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'Roads and pavements' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Route to a department' }));
    await waitFor(() =>
      expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
        type: 'triage',
        departmentId: 'highways',
        priority: c.priority,
        category: 'Roads and pavements',
        expectedVersion: c.version,
      }),
    );
  });

  it('lets a councillor correct the category from the managed list, sending only the category', async () => {
    const c = aCaseView({ category: 'Highways', permittedActions: ['read', 'correct'] });
    const service = caseService(c, {
      [`POST /api/cases/${c.ref}/actions`]: () => ({
        body: { ...c, category: 'Street lighting', version: c.version + 1 },
      }),
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    await documentsLoaded();
    await userEvent.click(screen.getByRole('button', { name: 'Correct the details' }));
    const dialog = await openDialog(`Correct the details: ${c.ref}`);
    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Category/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Street lighting' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save the corrections' }));
    expect(await screen.findByText('The details were corrected.')).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'correct',
      category: 'Street lighting',
      expectedVersion: c.version,
    });
  });
});
