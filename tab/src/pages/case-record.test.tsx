import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CasePage } from './case-page';
import { renderPage } from '../../test/render';
import { fakeService } from '../../test/fake-service';
import { openDialog, dialogClosed } from '../../test/dialogs';
import { aCaseView } from '../../test/fixtures';
import { fakeDocuments } from '../../test/fake-documents';
import type { CaseView, InternalNote, LinkedCase } from '../api/types';

/** The service for one case, its history, notes and links (both kept in memory and changed by requests). */
const serviceFor = (c: CaseView, start: { notes?: InternalNote[]; links?: LinkedCase[] } = {}) => {
  const notes = [...(start.notes ?? [])];
  let links = [...(start.links ?? [])];
  const service = fakeService({
    ...fakeDocuments({ cases: { [c.ref]: c.title } }).routes,
    [`GET /api/cases/${c.ref}`]: () => ({ body: c }),
    [`GET /api/cases/${c.ref}/timeline`]: () => ({
      body: {
        ref: c.ref,
        events: [{ seq: 1, at: '2026-11-20T09:00:00Z', actorId: 'cllr-ann', type: 'raised', data: {} }],
      },
    }),
    [`GET /api/cases/${c.ref}/notes`]: () => ({ body: { ref: c.ref, notes } }),
    [`POST /api/cases/${c.ref}/notes`]: (req) => {
      const note = {
        id: `n${notes.length + 1}`,
        at: '2026-11-22T09:00:00Z',
        authorId: 'hal',
        text: (req.body as { text: string }).text,
      };
      notes.push(note);
      return { status: 201, body: note };
    },
    [`GET /api/cases/${c.ref}/links`]: () => ({ body: { ref: c.ref, links } }),
    [`POST /api/cases/${c.ref}/links`]: (req) => {
      const ref = (req.body as { ref: string }).ref;
      if (ref === 'MH-2026-09999')
        return { status: 404, body: { code: 'not_found', message: 'No such case.', requestId: 'r1' } };
      links = [
        ...links,
        { ref, title: 'Flooding', status: 'new', linkedAt: '2026-11-22T09:00:00Z', linkedBy: 'cllr-ann' },
      ];
      return { status: 201, body: { ref: c.ref, links } };
    },
    [`DELETE /api/cases/${c.ref}/links/:other`]: (req) => {
      links = links.filter((l) => l.ref !== req.params.other);
      return { body: { ref: c.ref, links } };
    },
  });
  return service;
};

describe('Case page: internal notes', () => {
  it('shows an officer the notes in History, each marked as an internal note', async () => {
    const c = aCaseView({
      departmentId: 'highways',
      recordActions: ['read-notes', 'add-note', 'link-cases'],
    });
    const service = serviceFor(c, {
      notes: [{ id: 'n1', at: '2026-11-21T09:00:00Z', authorId: 'hal', text: 'Gang booked for Tuesday.' }],
    });
    renderPage(<CasePage />, {
      api: service.api,
      as: 'hal',
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
    });
    const history = await screen.findByRole('list', { name: 'Case history' });
    const items = within(history).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Case raised'),
      expect.stringMatching(/^Internal note.*Gang booked for Tuesday\./),
    ]);
  });

  it('never asks for notes, nor offers to add one, to a councillor', async () => {
    const c = aCaseView({ recordActions: ['link-cases'] });
    const service = serviceFor(c, {
      notes: [{ id: 'n1', at: '2026-11-21T09:00:00Z', authorId: 'hal', text: 'Officers only.' }],
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    await screen.findByRole('list', { name: 'Case history' });
    expect(screen.queryByRole('button', { name: 'Add internal note' })).toBeNull();
    expect(screen.queryByText('Internal note')).toBeNull();
    expect(service.sent.some((r) => r.path.endsWith('/notes'))).toBe(false);
  });

  it('warns before saving a note that holds the constituent\u2019s details, sends nothing, then saves a clean one', async () => {
    const user = userEvent.setup();
    const c = aCaseView({
      departmentId: 'highways',
      recordActions: ['read-notes', 'add-note', 'link-cases'],
      constituent: {
        name: 'Pat Resident',
        email: 'pat@example.org',
        address: '1 High Street',
        postcode: 'WQ1 2AB',
        consentToShare: true,
      },
    });
    const service = serviceFor(c);
    renderPage(<CasePage />, {
      api: service.api,
      as: 'hal',
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
    });
    await user.click(await screen.findByRole('button', { name: 'Add internal note' }));
    const dialog = await openDialog(`Add an internal note: ${c.ref}`);
    expect(within(dialog).getByText(/never by the councillor/)).toBeTruthy();
    const box = within(dialog).getByRole('textbox', { name: /Note/ });
    await user.type(box, 'Rang Pat Resident at WQ1 2AB');
    expect(within(dialog).getByText('This note holds personal details')).toBeTruthy();
    expect(
      within(dialog).getByText(/Remove the constituent’s name and postcode: internal notes must not hold/),
    ).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Save the note' }));
    expect(service.sent.some((r) => r.method === 'POST' && r.path.endsWith('/notes'))).toBe(false);
    await user.clear(box);
    await user.type(box, 'Rang the resident; visit booked.');
    expect(within(dialog).queryByText('This note holds personal details')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save the note' }));
    await dialogClosed();
    expect(await screen.findByText('Your internal note was saved. Only officers see it.')).toBeTruthy();
    expect(await screen.findByText('Rang the resident; visit booked.')).toBeTruthy();
    const posted = service.sent.filter((r) => r.method === 'POST' && r.path.endsWith('/notes'));
    expect(posted.map((r) => r.body)).toEqual([{ text: 'Rang the resident; visit booked.' }]);
  });
});

describe('Case page: related cases', () => {
  it('lists related cases, links another by reference and unlinks one', async () => {
    const user = userEvent.setup();
    const c = aCaseView({ recordActions: ['link-cases'] });
    const service = serviceFor(c, {
      links: [
        {
          ref: 'MH-2026-00500',
          title: 'Same drain',
          status: 'responded',
          linkedAt: '2026-11-21T09:00:00Z',
          linkedBy: 'sue',
        },
      ],
    });
    renderPage(<CasePage />, { api: service.api, path: `/cases/${c.ref}`, pattern: '/cases/:ref' });
    const list = await screen.findByRole('list', { name: 'Related cases' });
    expect(within(list).getByRole('link', { name: 'MH-2026-00500: Same drain' })).toBeTruthy();

    const field = screen.getByRole('textbox', { name: 'Reference of a related case' });
    await user.type(field, 'MH-2026-09999');
    await user.click(screen.getByRole('button', { name: 'Link the case' }));
    expect(await screen.findByText('No case with that reference that you can see.')).toBeTruthy();

    await user.clear(field);
    await user.type(field, 'mh-2026-00600');
    await user.click(screen.getByRole('button', { name: 'Link the case' }));
    expect(await screen.findByText(`${c.ref} is linked to MH-2026-00600.`)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('link', { name: 'MH-2026-00600: Flooding' })).toBeTruthy());

    await user.click(screen.getByRole('button', { name: 'Unlink MH-2026-00500' }));
    expect(await screen.findByText('MH-2026-00500 is no longer linked.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('link', { name: /MH-2026-00500/ })).toBeNull());
  });

  it('shows a reader who may not link only the list, without link or unlink controls', async () => {
    const c = aCaseView({ recordActions: [] });
    const service = serviceFor(c, {
      links: [
        {
          ref: 'MH-2026-00500',
          title: 'Same drain',
          status: 'new',
          linkedAt: '2026-11-21T09:00:00Z',
          linkedBy: 'sue',
        },
      ],
    });
    renderPage(<CasePage />, {
      api: service.api,
      as: 'cllr-bo',
      path: `/cases/${c.ref}`,
      pattern: '/cases/:ref',
    });
    await screen.findByRole('list', { name: 'Related cases' });
    expect(screen.queryByRole('button', { name: /Unlink/ })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Reference of a related case' })).toBeNull();
  });
});
