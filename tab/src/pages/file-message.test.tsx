import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MessageFiling } from '../api/types';
import { fakeService } from '../../test/fake-service';
import { aCaseView } from '../../test/fixtures';
import { renderPage } from '../../test/render';
import { FileMessagePage, filedSummary } from './file-message';

const ID = '6f1c2a44-0d3e-4b7a-9a55-1c2d3e4f5a6b';
const WAITING: MessageFiling = {
  id: ID,
  message: {
    senderName: 'Sue Support',
    sentAt: '2026-03-04T09:15:00.000Z',
    text: 'Here are the minutes.',
    attachments: [
      { name: 'Minutes.pdf', kind: 'shared' },
      { name: 'Appraisal.pdf', kind: 'shared' },
    ],
  },
  filed: null,
};

const open = (routes: Parameters<typeof fakeService>[0] = {}) => {
  const mine = aCaseView({ title: 'Blocked drain on Elm Road' });
  const service = fakeService({
    [`GET /api/message-filings/${ID}`]: () => ({ body: WAITING }),
    'GET /api/cases': () => ({ body: { items: [mine], total: 1, limit: 50, offset: 0 } }),
    ...routes,
  });
  renderPage(<FileMessagePage />, {
    api: service.api,
    path: `/file-message/${ID}`,
    pattern: '/file-message/:id',
  });
  return { service, mine };
};

describe('File to case dialog page', () => {
  it('shows the message and its files, and says shared ones are copied with the person\u2019s permission', async () => {
    const { service } = open();
    expect(await screen.findByText('Here are the minutes.')).toBeTruthy();
    expect(screen.getByText(/From Sue Support/)).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Attachments' }).textContent).toContain(
      'Minutes.pdf (shared from OneDrive or SharePoint: copied with your permission)',
    );
    // A councillor chooses among their own open cases.
    const cases = service.sent.find((r) => r.path === '/api/cases');
    expect(cases?.query.get('mine')).toBe('true');
    expect(screen.getByRole('button', { name: 'File to case' }).hasAttribute('disabled')).toBe(true);
  });

  it('files into the chosen case and says which file was only linked, and why', async () => {
    const { service, mine } = open({
      [`POST /api/message-filings/${ID}`]: () => ({
        body: {
          case: mine,
          documents: {
            record: 'filed',
            attachments: { stored: 1, failed: 0, linked: 1 },
            notCopied: [{ name: 'Appraisal.pdf', reason: 'no-access' }],
          },
        },
      }),
    });
    await userEvent.click(await screen.findByRole('combobox', { name: /Case/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: `${mine.ref} Blocked drain on Elm Road` }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'File to case' }));
    expect(await screen.findByText(/One file was saved in the case.s documents/)).toBeTruthy();
    expect(
      screen.getByText(/Appraisal.pdf was not copied because you do not have access to it/),
    ).toBeTruthy();
    await waitFor(() =>
      expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({ ref: mine.ref }),
    );
    expect(screen.queryByRole('button', { name: 'File to case' })).toBeNull();
  });

  it('says what went wrong when the message is no longer waiting', async () => {
    open({
      [`GET /api/message-filings/${ID}`]: () => ({
        status: 404,
        body: { code: 'not_found', message: 'Not found.', requestId: 'r-1' },
      }),
    });
    expect(await screen.findByRole('heading', { name: 'File to case' })).toBeTruthy();
    expect(await screen.findByText(/not found|could not be found|no longer/i)).toBeTruthy();
  });
});

describe('filedSummary', () => {
  it('says when documents are still being saved', () => {
    expect(
      filedSummary('MH-2026-00001', {
        record: 'in-progress',
        attachments: { stored: 0, failed: 0, linked: 0 },
      }),
    ).toEqual([
      'Filed into MH-2026-00001: the message is on the case’s timeline.',
      'Its documents are still being saved: look in the case’s documents in a minute.',
    ]);
  });
});
