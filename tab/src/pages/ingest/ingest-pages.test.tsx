import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../../../test/render';
import { fakeService, never } from '../../../test/fake-service';
import { objectUrls } from '../../../test/object-urls';
import { aBatch, aDocument, aProgress, aReview, BATCH_ID, DOC_ID, FILE_ID } from '../../../test/fake-ingest';
import { BatchPage, DestructionLogPage, IngestHomePage, ReviewPage, ReviewQueuePage } from '.';

const failing = { status: 503, body: { code: 'unavailable', message: 'x', requestId: 'req-7' } };

describe('Scan-ingest start page', () => {
  const home = (routes: Parameters<typeof fakeService>[0], as = 'sue') => {
    const service = fakeService(routes);
    return {
      service,
      ...renderPage(<IngestHomePage />, { api: service.api, as, path: '/ingest', pattern: '/ingest' }),
    };
  };

  it('tells anyone but a support officer that scan-ingest is not theirs, asking the service nothing', async () => {
    const { service } = home({}, 'cllr-ann');
    expect(await screen.findByText(/is for Democratic Services’ support officers/)).toBeTruthy();
    expect(service.sent).toHaveLength(0);
  });

  it('shows a spinner while the batches load, then says there are none yet', async () => {
    home({ 'GET /api/ingest/batches': never });
    expect(await screen.findByText('Loading the batches…')).toBeTruthy();
    home({ 'GET /api/ingest/batches': () => ({ body: { items: [] } }) });
    expect(await screen.findByText('No batches yet. Start one above.')).toBeTruthy();
  });

  it('says what went wrong loading the batches, and loads again when asked', async () => {
    let calls = 0;
    home({
      'GET /api/ingest/batches': () => (++calls === 1 ? failing : { body: { items: [aBatch] } }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    const table = await screen.findByRole('table', { name: 'Batches, newest first' });
    expect(within(table).getByRole('link', { name: 'Box 1 from print services' }).getAttribute('href')).toBe(
      `/ingest/batches/${BATCH_ID}`,
    );
    expect(within(table).getByText('Cllr Ann Example')).toBeTruthy();
  });

  it('starts a batch for a member not yet known and opens it', async () => {
    const { service, router } = home({
      'GET /api/ingest/batches': () => ({ body: { items: [] } }),
      'POST /api/ingest/batches': (req) => ({ status: 201, body: { ...aBatch, ...(req.body as object) } }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Start batch' }));
    expect(await screen.findByText('Name the batch.')).toBeTruthy();
    await userEvent.type(screen.getByRole('textbox', { name: /Batch name/ }), 'Box 9');
    await userEvent.click(screen.getByRole('button', { name: 'Start batch' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/ingest/batches/${BATCH_ID}`));
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({ label: 'Box 9', memberId: null });
  });

  it('downloads a cover sheet for a member, case and box, and says to print it', async () => {
    const { service } = home({
      'GET /api/ingest/batches': () => ({ body: { items: [] } }),
      'POST /api/ingest/cover-sheets': () => ({ body: new Blob(['%PDF-1.7'], { type: 'application/pdf' }) }),
    });
    const form = (await screen.findByRole('heading', { name: 'Print a cover sheet' })).parentElement!;
    await userEvent.click(within(form).getByRole('button', { name: 'Download cover sheet (PDF)' }));
    expect(await within(form).findByText('Choose the member.')).toBeTruthy();
    await userEvent.click(within(form).getByRole('combobox', { name: /Member/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Cllr Ann Example' }));
    await userEvent.type(within(form).getByRole('textbox', { name: /Case/ }), 'MH-2026-00042');
    await userEvent.type(within(form).getByRole('textbox', { name: /Box/ }), 'BOX3');
    await userEvent.click(within(form).getByRole('button', { name: 'Download cover sheet (PDF)' }));
    expect(await screen.findByText(/Cover sheet ready: cover-sheet-cllr-ann-box-BOX3\.pdf/)).toBeTruthy();
    expect(service.sent.find((r) => r.path === '/api/ingest/cover-sheets')?.body).toEqual({
      memberId: 'cllr-ann',
      caseRef: 'MH-2026-00042',
      box: 'BOX3',
    });
  });
});

describe('Batch page', () => {
  const batch = (routes: Parameters<typeof fakeService>[0]) => {
    const service = fakeService(routes);
    renderPage(<BatchPage />, {
      api: service.api,
      as: 'sue',
      path: `/ingest/batches/${BATCH_ID}`,
      pattern: '/ingest/batches/:id',
    });
    return service;
  };

  it('shows a spinner while the batch loads', async () => {
    batch({ 'GET /api/ingest/batches/:id': never });
    expect(await screen.findByText('Loading the batch…')).toBeTruthy();
  });

  it('says a batch that is not there is not found', async () => {
    batch({});
    expect(await screen.findByText('There is no such batch or document.', { exact: false })).toBeTruthy();
  });

  it('shows pages read of all, the time left, and each failed page with its reason and a retry', async () => {
    const service = batch({
      'GET /api/ingest/batches/:id': () => ({ body: aProgress() }),
      'GET /api/ingest/documents': () => ({ body: { items: [] } }),
      'POST /api/ingest/files/:id/retry': () => ({ body: { retried: 1 } }),
    });
    expect(await screen.findByText('Pages read: 3 of 5, 1 could not be read')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Pages read: 3 of 5, 1 could not be read' })).toBeTruthy();
    expect(screen.getByText('About 2 minutes left')).toBeTruthy();
    expect(screen.getByText('Page 4: A page took longer than 60 s to read.')).toBeTruthy();
    expect(
      await screen.findByText('No documents yet: they appear here once every page of a file has been read.'),
    ).toBeTruthy();
    await userEvent.click(
      screen.getByRole('button', { name: 'Read the failed pages of box-1-stack.pdf again' }),
    );
    await waitFor(() =>
      expect(
        service.sent.some((r) => r.method === 'POST' && r.path === `/api/ingest/files/${FILE_ID}/retry`),
      ).toBe(true),
    );
  });

  it('follows the pages being read without a reload, and says when every page is read', async () => {
    let polls = 0;
    batch({
      'GET /api/ingest/batches/:id': () => {
        polls += 1;
        return polls < 2
          ? { body: aProgress({ files: [], pagesTotal: 2, pagesDone: 1, pagesFailed: 0 }) }
          : {
              body: aProgress({
                files: [],
                pagesTotal: 2,
                pagesDone: 2,
                pagesFailed: 0,
                secondsLeft: 0,
                documents: { review: 1, queued: 0, filed: 0, destroyed: 0, failed: 0 },
              }),
            };
      },
      'GET /api/ingest/documents': () => ({ body: { items: polls < 2 ? [] : [aDocument()] } }),
    });
    expect(await screen.findByText('Pages read: 1 of 2')).toBeTruthy();
    expect(await screen.findByText('Pages read: 2 of 2', {}, { timeout: 4000 })).toBeTruthy();
    expect(await screen.findByRole('link', { name: '105 Beacon Hill Road' })).toBeTruthy();
    expect(screen.getByTestId('batch-announcements').textContent).toBe(
      'Every page has been read. 1 document wait for review.',
    );
  });

  it('hands in the manifest first and then the scans, each with its progress and what happened', async () => {
    const service = batch({
      'GET /api/ingest/batches/:id': () => ({
        body: aProgress({ files: [], pagesTotal: 0, pagesDone: 0, pagesFailed: 0 }),
      }),
      'GET /api/ingest/documents': () => ({ body: { items: [] } }),
      'PUT /api/ingest/batches/:id/manifest': () => ({ body: { rows: 2 } }),
      'POST /api/ingest/batches/:id/files': (req) =>
        req.headers['x-file-name'] === 'locked.pdf'
          ? {
              status: 422,
              body: {
                name: 'locked.pdf',
                status: 'refused',
                reason: 'The PDF is encrypted (password-protected): send it without a password.',
                fileId: 'f2',
                pages: 0,
                duplicateOf: null,
              },
            }
          : {
              status: 201,
              body: {
                name: 'stack.pdf',
                status: 'queued',
                reason: null,
                fileId: 'f1',
                pages: 4,
                duplicateOf: null,
              },
            },
    });
    await screen.findByRole('group', { name: 'Hand in scans' });
    await userEvent.upload(screen.getByTestId('ingest-file-input'), [
      new File(['%PDF-1.7'], 'stack.pdf', { type: 'application/pdf' }),
      new File(['file,member\nstack.pdf,cllr-ann\n'], 'manifest.csv', { type: 'text/csv' }),
      new File(['%PDF-1.7'], 'locked.pdf', { type: 'application/pdf' }),
    ]);
    expect(await screen.findByText('stack.pdf: Accepted: 4 pages to read.')).toBeTruthy();
    expect(
      await screen.findByText(
        'locked.pdf: Refused: The PDF is encrypted (password-protected): send it without a password.',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText('manifest.csv: manifest with 2 rows, applied to the files handed in after it.'),
    ).toBeTruthy();
    const uploads = service.sent.filter((r) => r.raw).map((r) => `${r.method} ${r.headers['x-file-name']}`);
    expect(uploads).toEqual(['PUT manifest.csv', 'POST stack.pdf', 'POST locked.pdf']);
  });

  it('lists the batch’s documents with their state, and files a failed one again', async () => {
    const service = batch({
      'GET /api/ingest/batches/:id': () => ({ body: aProgress({ pagesFailed: 0, pagesDone: 5, files: [] }) }),
      'GET /api/ingest/documents': () => ({
        body: { items: [aDocument({ status: 'failed', error: 'The document store did not accept it.' })] },
      }),
      'POST /api/ingest/documents/:id/retry': () => ({ body: { retried: 1 } }),
    });
    const table = await screen.findByRole('table', { name: 'Documents in this batch' });
    expect(within(table).getByText('Filing failed')).toBeTruthy();
    expect(within(table).getByText('Low-confidence reading: check it')).toBeTruthy();
    await userEvent.click(within(table).getByRole('button', { name: 'File 105 Beacon Hill Road again' }));
    await waitFor(() =>
      expect(service.sent.some((r) => r.path === `/api/ingest/documents/${DOC_ID}/retry`)).toBe(true),
    );
  });
});

describe('Review queue', () => {
  const queue = (reply: Parameters<typeof fakeService>[0][string]) => {
    const service = fakeService({ 'GET /api/ingest/documents': reply });
    renderPage(<ReviewQueuePage />, { api: service.api, as: 'sue' });
  };
  it('shows a spinner, then says nothing waits', async () => {
    queue(never);
    expect(await screen.findByText('Loading the review queue…')).toBeTruthy();
    queue(() => ({ body: { items: [] } }));
    expect(await screen.findByText('Nothing waits for review.')).toBeTruthy();
  });
  it('says what went wrong', async () => {
    queue(() => failing);
    expect(await screen.findByText('Something went wrong on our side')).toBeTruthy();
  });
  it('lists each waiting document with what was suggested and a low-confidence flag', async () => {
    queue(() => ({ body: { items: [aDocument({ caseRef: 'MH-2026-00042' })] } }));
    const table = await screen.findByRole('table', { name: 'Documents waiting for review' });
    expect(within(table).getByRole('link', { name: '105 Beacon Hill Road' }).getAttribute('href')).toBe(
      `/ingest/documents/${DOC_ID}`,
    );
    expect(within(table).getByText('Case MH-2026-00042, dated 14 Mar 2019, box B1')).toBeTruthy();
    expect(within(table).getByText('Low-confidence reading: check it')).toBeTruthy();
  });
});

describe('Reviewing a document', () => {
  const review = (routes: Parameters<typeof fakeService>[0]) => {
    const service = fakeService({
      'GET /api/ingest/files/:id/pages/:page/image': () => ({
        body: new Blob(['jpeg'], { type: 'image/jpeg' }),
      }),
      ...routes,
    });
    renderPage(<ReviewPage />, {
      api: service.api,
      as: 'sue',
      path: `/ingest/documents/${DOC_ID}`,
      pattern: '/ingest/documents/:id',
    });
    return service;
  };

  it('shows a spinner while the document loads, and what went wrong when it cannot', async () => {
    review({ 'GET /api/ingest/documents/:id': never });
    expect(await screen.findByText('Loading the document…')).toBeTruthy();
  });

  it('says a document that is not there is not found', async () => {
    review({});
    expect(await screen.findByText('There is no such batch or document.', { exact: false })).toBeTruthy();
  });

  it('shows the page as scanned with the evidence outlined and said, and flags low confidence', async () => {
    review({ 'GET /api/ingest/documents/:id': () => ({ body: aReview() }) });
    const picture = await screen.findByRole('img', { name: 'Page 2 of box-1-stack.pdf, as scanned' });
    expect(objectUrls.blob(picture.getAttribute('src') ?? '')?.type).toBe('image/jpeg');
    expect(screen.getByText(/Read with 61% confidence/)).toBeTruthy();
    expect(screen.getByText('Found as case reference “MH-2026-00042” on page 2.')).toBeTruthy();
    expect(screen.getByText('Found as date “14 March 2019” on page 2.')).toBeTruthy();
    const marks = () => picture.parentElement!.querySelectorAll('span[aria-hidden]');
    // Every suggestion's words at first (case reference, postcode, date): 1 + 2 + 3.
    expect(marks()).toHaveLength(6);
    await userEvent.click(screen.getAllByRole('button', { name: 'Show on the page' })[0]!);
    expect(marks()).toHaveLength(1);
    expect((marks()[0] as HTMLElement).style.left).toBe(`${(500 / 1240) * 100}%`);
  });

  it('refuses a decision without retention or reason, naming the fields, and sends nothing', async () => {
    const service = review({ 'GET /api/ingest/documents/:id': () => ({ body: aReview() }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Record decision' }));
    expect(await screen.findByText('Choose keep, review or destroy.')).toBeTruthy();
    expect(screen.getByText(/Say why in a few words/)).toBeTruthy();
    expect(service.sent.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('records a decision using a suggestion, and then shows it as recorded', async () => {
    const service = review({
      'GET /api/ingest/documents/:id': () => ({ body: aReview() }),
      'POST /api/ingest/documents/:id/decision': (req) => ({
        body: aDocument({
          ...(req.body as object),
          status: 'queued',
          decidedBy: 'sue',
          decidedAt: '2026-12-01T11:00:00.000Z',
        }),
      }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Use this case' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /Case/ }).value).toBe('MH-2026-00042');
    await userEvent.click(screen.getByRole('radio', { name: 'Keep until a date' }));
    const until = screen.getByLabelText(/^Keep until/, { selector: 'input[type="date"]' });
    await userEvent.type(until, '2040-01-01');
    await userEvent.type(screen.getByRole('textbox', { name: /Reason/ }), 'Ongoing issue');
    await userEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    expect(await screen.findByText('Being filed')).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'POST')?.body).toEqual({
      memberId: 'cllr-ann',
      caseRef: 'MH-2026-00042',
      box: 'B1',
      dateFrom: '2019-03-14',
      dateTo: null,
      description: '105 Beacon Hill Road',
      retention: { kind: 'keep', until: '2040-01-01', reason: 'Ongoing issue' },
    });
  });
});

describe('Destruction log', () => {
  const log = (reply: Parameters<typeof fakeService>[0][string]) => {
    const service = fakeService({ 'GET /api/ingest/destruction-log': reply });
    renderPage(<DestructionLogPage />, { api: service.api, as: 'sue' });
  };
  const HEADER =
    'document_id,description,member_id,box,pages,sha256,decided_by,decided_by_name,decided_at,reason\r\n';
  it('shows a spinner, then says nothing is logged yet', async () => {
    log(never);
    expect(await screen.findByText('Loading the destruction log…')).toBeTruthy();
    log(() => ({ body: HEADER }));
    expect(await screen.findByText('No paper has been decided “destroy” yet.')).toBeTruthy();
  });
  it('says what went wrong', async () => {
    log(() => failing);
    expect(await screen.findByText('Something went wrong on our side')).toBeTruthy();
  });
  it('shows what, whose, who decided, when and why, and offers the CSV', async () => {
    log(() => ({
      body: `${HEADER}d1,Empty shops letter,cllr-ann,B1,1,abc,sue,Sue Support,2026-12-01T11:00:00.000Z,Duplicate of council records\r\n`,
    }));
    const table = await screen.findByRole('table', { name: 'Papers to be destroyed' });
    expect(within(table).getByText('Empty shops letter (1 page)')).toBeTruthy();
    expect(within(table).getByText('Cllr Ann Example, box B1')).toBeTruthy();
    expect(within(table).getByText('Duplicate of council records')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download as CSV' })).toBeTruthy();
  });
});
