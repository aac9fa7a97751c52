import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentsSection } from './documents-section';
import { renderPage } from '../../../test/render';
import { fakeService, never } from '../../../test/fake-service';
import { blobText, fakeDocuments, type FakeDocumentsOptions } from '../../../test/fake-documents';
import { objectUrls } from '../../../test/object-urls';
import { dialogClosed, openDialog } from '../../../test/dialogs';
import type { MailMessage } from '../../api/types';

const REF = 'MH-2026-00001';
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const EML =
  'From: Pat Resident <pat@example.test>\r\nTo: cllr-ann@example.test\r\nSubject: Pothole photos\r\n' +
  'Date: Mon, 23 Nov 2026 10:15:00 +0000\r\n\r\nThe hole is getting deeper by the day.\r\nPat\r\n';

const pdf = (name = 'report.pdf', text = PDF) => new File([text], name, { type: 'application/pdf' });

type Seed = [name: string, contentType: string, content: string];
const REPORT: Seed = ['report.pdf', 'application/pdf', PDF];
const PHOTO: Seed = ['photo.png', 'image/png', 'PNG-bytes'];
const EMAIL: Seed = ['Pothole photos.eml', 'message/rfc822', EML];

/** Renders the section over a fake documents service holding `seeds`, already filed. */
const setup = (
  options: Partial<FakeDocumentsOptions> & { seeds?: Seed[] } = {},
  as = 'cllr-ann',
  mailbox = false,
) => {
  const { seeds = [], ...rest } = options;
  const docs = fakeDocuments({ cases: { [REF]: 'Pothole on Elm Road' }, ...rest });
  const seeded = seeds.map((seed) => docs.seed(REF, ...seed));
  const service = fakeService(docs.routes);
  const utils = renderPage(<DocumentsSection caseRef={REF} />, {
    api: service.api,
    as,
    me: { features: { mailbox } },
  });
  return { docs, service, seeded, ...utils };
};

const announcements = () => screen.getByTestId('documents-announcements');
const table = () => screen.findByRole('table', { name: 'Documents filed to this case' });
const chooseFiles = async (...files: File[]) => {
  await screen.findByRole('button', { name: 'Choose files' });
  await userEvent.upload(screen.getByTestId('document-file-input'), files);
};

describe('Documents section', () => {
  it('shows a spinner while the documents load', async () => {
    const service = fakeService({ 'GET /api/cases/:ref/documents': never });
    renderPage(<DocumentsSection caseRef={REF} />, { api: service.api });
    expect(await screen.findByText('Loading documents…')).toBeTruthy();
  });

  it('says there are none yet, how to add them, the size limit, and how to file an email locally', async () => {
    setup({ maxBytes: 10 * 1024 * 1024 });
    expect(await screen.findByText('No documents yet. Drop files here or choose files.')).toBeTruthy();
    const zone = screen.getByRole('group', { name: 'Add documents' });
    expect(within(zone).getByRole('button', { name: 'Choose files' })).toBeTruthy();
    expect(within(zone).getByText('Several files at once; each can be up to 10 MB.')).toBeTruthy();
    expect(
      within(zone).getByText('To file an email, save it as an .eml file and drop it here.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'File an email' })).toBeNull();
  });

  it('offers nothing to add when the service says this person may not upload', async () => {
    setup({ canUpload: false });
    expect(await screen.findByText('No documents have been filed to this case yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Choose files' })).toBeNull();
  });

  it('says what went wrong, and loads again when asked', async () => {
    let calls = 0;
    const service = fakeService({
      'GET /api/cases/:ref/documents': () => {
        calls += 1;
        return calls === 1
          ? { status: 503, body: { code: 'store_unavailable', message: 'x', requestId: 'req-9' } }
          : { body: { items: [], canUpload: true, canRemove: false } };
      },
    });
    renderPage(<DocumentsSection caseRef={REF} />, { api: service.api });
    expect(await screen.findByText('Documents are not available just now')).toBeTruthy();
    expect(screen.getByText('Request id, for the IT service desk: req-9')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No documents yet. Drop files here or choose files.')).toBeTruthy();
  });

  it('lists documents with kind, size, who added them and when; an email shows its sender, subject, date and first line', async () => {
    setup({ seeds: [REPORT, EMAIL] });
    const t = await table();
    const rows = within(t).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const email = rows[1]!;
    expect(within(email).getByRole('button', { name: 'Pothole photos.eml' })).toBeTruthy();
    expect(within(email).getByText('Email from Pat Resident <pat@example.test>')).toBeTruthy();
    expect(within(email).getByText('Pothole photos')).toBeTruthy();
    expect(within(email).getByText('Sent 23 Nov 2026, 10:15')).toBeTruthy();
    expect(within(email).getByText(/^The hole is getting deeper by the day\.\s+Pat$/)).toBeTruthy();
    const file = rows[2]!;
    expect(within(file).getByText('PDF')).toBeTruthy();
    expect(within(file).getByText(`${PDF.length} bytes`)).toBeTruthy();
    expect(within(file).getByText('Cllr Ann Example')).toBeTruthy();
    expect(within(file).getByText('24 Nov 2026, 09:01')).toBeTruthy();
    expect(within(file).getByRole('button', { name: 'Download report.pdf' })).toBeTruthy();
    // A councillor removes nothing: that is for officers.
    expect(within(t).queryByRole('button', { name: /^Remove/ })).toBeNull();
  });

  it('uploads a chosen file with the token, its type and its name, showing progress and announcing the outcome', async () => {
    const { docs, service } = setup();
    const release = docs.holdUploads();
    await chooseFiles(pdf('Résumé – ward #1.pdf'));

    // Half the bytes are sent: the bar and its label say how far, in per cent.
    const bar = await screen.findByRole('progressbar', { name: /^Uploading Résumé – ward #1\.pdf: \d+%$/ });
    const sent = Number(bar.getAttribute('aria-valuenow'));
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(100);
    expect(screen.getByText(`Uploading Résumé – ward #1.pdf: ${sent}%`)).toBeTruthy();
    expect(within(announcements()).getByText('Uploading 1 file')).toBeTruthy();
    const post = service.sent.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/api/cases/${REF}/documents`);
    expect(post.headers).toMatchObject({
      authorization: 'Bearer test-token',
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent('Résumé – ward #1.pdf'),
    });
    expect(await blobText(post.raw!)).toBe(PDF);

    act(() => release());
    expect(await within(announcements()).findByText('Uploaded Résumé – ward #1.pdf')).toBeTruthy();
    expect(screen.getByText('Uploaded Résumé – ward #1.pdf.')).toBeTruthy();
    expect(within(await table()).getByRole('button', { name: 'Résumé – ward #1.pdf' })).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('uploads several dropped files one after another, each with its own progress bar', async () => {
    const { docs } = setup();
    const release = docs.holdUploads();
    await screen.findByRole('button', { name: 'Choose files' });
    const image = new File(['PNG-bytes'], 'photo.png', { type: 'image/png' });
    fireEvent.drop(screen.getByTestId('document-drop-zone'), {
      dataTransfer: { files: [pdf(), image], types: ['Files'] },
    });
    expect(await screen.findByRole('progressbar', { name: /^Uploading report\.pdf: \d+%$/ })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'photo.png: waiting' })).toBeTruthy();
    expect(within(announcements()).getByText('Uploading 2 files')).toBeTruthy();
    act(() => release());
    expect(await within(announcements()).findByText('Uploaded photo.png')).toBeTruthy();
    expect(within(announcements()).getByText('Uploaded report.pdf')).toBeTruthy();
    const t = await table();
    await waitFor(() => expect(within(t).getAllByRole('row')).toHaveLength(3));
    expect(docs.stored().map((d) => d.name)).toEqual(['report.pdf', 'photo.png']);
  });

  it('says when the same content was already filed, and that no copy was made', async () => {
    const { docs } = setup({ seeds: [REPORT] });
    await table();
    await chooseFiles(pdf('copy of report.pdf'));
    expect(
      await within(announcements()).findByText('copy of report.pdf was already filed: no copy made'),
    ).toBeTruthy();
    expect(screen.getByText('copy of report.pdf was already filed: no copy made.')).toBeTruthy();
    expect(docs.stored()).toHaveLength(1);
  });

  it('shows the stored name when a different file of the same name was already filed', async () => {
    setup({ seeds: [REPORT] });
    await table();
    await chooseFiles(pdf('report.pdf', `${PDF}% a later version\n`));
    expect(
      await within(announcements()).findByText(
        'Uploaded report.pdf as report (2).pdf: a different file of that name was already filed',
      ),
    ).toBeTruthy();
    expect(await within(await table()).findByRole('button', { name: 'report (2).pdf' })).toBeTruthy();
  });

  it('refuses a file over the limit before sending anything, saying the limit', async () => {
    const { service } = setup({ maxBytes: 100 });
    expect(await screen.findByText('Several files at once; each can be up to 100 bytes.')).toBeTruthy();
    await chooseFiles(new File(['x'.repeat(2048)], 'scan.tiff', { type: 'image/tiff' }));
    expect(await screen.findByText('scan.tiff is too large')).toBeTruthy();
    expect(
      within(announcements()).getByText('scan.tiff is too large (2 KB): files can be up to 100 bytes'),
    ).toBeTruthy();
    expect(service.sent.some((r) => r.method === 'POST')).toBe(false);
  });

  it('explains the service\u2019s 413 with its limit, and shows that limit from then on', async () => {
    setup({ maxBytes: 100, sayMaxBytes: false });
    expect(await screen.findByText('Several files at once; each can be up to 25 MB.')).toBeTruthy();
    await chooseFiles(new File(['x'.repeat(500)], 'minutes.docx', { type: 'application/msword' }));
    expect(await screen.findByText('This file is too large')).toBeTruthy();
    expect(screen.getByText('minutes.docx was not added')).toBeTruthy();
    expect(
      screen.getByText(/Files can be up to 100 bytes\. Make it smaller/, { selector: '.fui-MessageBarBody' }),
    ).toBeTruthy();
    expect(
      within(announcements()).getByText(/^minutes\.docx was not uploaded: This file is too large\./),
    ).toBeTruthy();
    expect(screen.getByText('Several files at once; each can be up to 100 bytes.')).toBeTruthy();
  });

  it('stops an upload when asked, and can send it again', async () => {
    const { docs } = setup();
    const release = docs.holdUploads();
    await chooseFiles(pdf());
    await userEvent.click(await screen.findByRole('button', { name: 'Stop uploading report.pdf' }));
    expect(await within(announcements()).findByText('Stopped uploading report.pdf')).toBeTruthy();
    act(() => release());
    await userEvent.click(screen.getByRole('button', { name: 'Upload report.pdf again' }));
    expect(await within(announcements()).findByText('Uploaded report.pdf')).toBeTruthy();
    expect(docs.stored()).toHaveLength(1);
  });

  it('lets an officer remove a document after confirming where it goes and that it is recorded', async () => {
    const { docs, service, seeded } = setup({ canRemove: true, seeds: [REPORT] }, 'sue');
    const d = seeded[0]!;
    const removeButton = await within(await table()).findByRole('button', { name: 'Remove report.pdf' });
    await userEvent.click(removeButton);
    let dialog = await openDialog('Remove report.pdf?');
    expect(within(dialog).getByText(/moves to the case’s deleted-items area/)).toBeTruthy();
    expect(within(dialog).getByText(/recorded in the audit log with your name/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await dialogClosed();
    await waitFor(() => expect(document.activeElement).toBe(removeButton));
    expect(service.sent.some((r) => r.method === 'DELETE')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Remove report.pdf' }));
    dialog = await openDialog('Remove report.pdf?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('No documents yet. Drop files here or choose files.')).toBeTruthy();
    expect(
      screen.getByText('Removed report.pdf. It is kept in the case’s deleted-items area.', {
        selector: '.fui-MessageBarBody',
      }),
    ).toBeTruthy();
    expect(service.sent.find((r) => r.method === 'DELETE')?.path).toBe(`/api/documents/${d.id}`);
    // The row and its button are gone: focus goes to what is left to do.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Choose files' })),
    );
    expect(docs.stored()[0]?.deleted).toBe(true);
  });

  it('previews a PDF in a titled frame from a blob: URL fetched with the token, and revokes it on close', async () => {
    const { service } = setup({ seeds: [REPORT] });
    await userEvent.click(await within(await table()).findByRole('button', { name: 'report.pdf' }));
    const dialog = await openDialog('report.pdf');
    const frame = await within(dialog).findByTitle('report.pdf (PDF)');
    // Shown without the viewer's toolbar, whose title would be the blob: URL's id, not the file's name.
    const [src = '', fragment] = frame.getAttribute('src')!.split('#');
    expect(src).toMatch(/^blob:/);
    expect(fragment).toBe('toolbar=0');
    const blob = objectUrls.blob(src)!;
    expect(blob.type).toBe('application/pdf');
    expect(await blobText(blob)).toBe(PDF);
    const get = service.sent.find((r) => r.path.endsWith('/content'))!;
    expect(get.query.get('disposition')).toBe('inline');
    expect(get.headers.authorization).toBe('Bearer test-token');
    expect(get.path).not.toContain('token');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await dialogClosed();
    expect(objectUrls.wasRevoked(src)).toBe(true);
  });

  it('previews an image with the file name as its text alternative', async () => {
    setup({ seeds: [PHOTO] });
    await userEvent.click(await within(await table()).findByRole('button', { name: 'photo.png' }));
    const dialog = await openDialog('photo.png');
    const img = await within(dialog).findByRole('img', { name: 'photo.png' });
    expect(img.getAttribute('src')).toMatch(/^blob:/);
  });

  it('shows an email\u2019s details and its first lines as written, and offers a download for the rest', async () => {
    const { service } = setup({ seeds: [EMAIL] });
    await userEvent.click(await within(await table()).findByRole('button', { name: 'Pothole photos.eml' }));
    const dialog = await openDialog('Pothole photos.eml');
    expect(within(dialog).getByText('Pat Resident <pat@example.test>')).toBeTruthy();
    expect(within(dialog).getByText('cllr-ann@example.test')).toBeTruthy();
    expect(within(dialog).getByText('Pothole photos')).toBeTruthy();
    expect(within(dialog).getByText('23 Nov 2026, 10:15')).toBeTruthy();
    // The body as written, line by line; and the email is not called a type with no preview.
    expect(within(dialog).getByText(/The hole is getting deeper/).textContent).toBe(
      'The hole is getting deeper by the day.\nPat',
    );
    expect(within(dialog).queryByText(/No preview for this type/)).toBeNull();
    expect(within(dialog).getByText(/^This is the start of the email\. Download it/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Download' })).toBeTruthy();
    expect(service.sent.some((r) => r.path.endsWith('/content'))).toBe(false);
  });

  it('downloads a document as a file of its name, from the bytes fetched with the token', async () => {
    const clicked: HTMLAnchorElement[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    try {
      const { service } = setup({ seeds: [REPORT] });
      await userEvent.click(
        await within(await table()).findByRole('button', { name: 'Download report.pdf' }),
      );
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(clicked[0]!.download).toBe('report.pdf');
      expect(await blobText(objectUrls.blob(clicked[0]!.href)!)).toBe(PDF);
      expect(service.sent.find((r) => r.path.endsWith('/content'))?.query.get('disposition')).toBe(
        'attachment',
      );
    } finally {
      click.mockRestore();
    }
  });

  it('says a document is no longer here when someone removed it meanwhile', async () => {
    const { docs, seeded } = setup({ seeds: [PHOTO] });
    const d = seeded[0]!;
    await table();
    docs.removeBehindTheScenes(d.id);
    await userEvent.click(screen.getByRole('button', { name: 'photo.png' }));
    const dialog = await openDialog('photo.png');
    expect(await within(dialog).findByText('This document is no longer here')).toBeTruthy();
  });

  describe('in Microsoft 365 mode, with the mailbox', () => {
    const MAIL: MailMessage[] = [
      {
        id: 'm-1',
        subject: 'Bin collection missed again',
        from: 'Jo Resident <jo@example.test>',
        receivedAt: '2026-11-23T08:30:00Z',
        preview: 'Third week running now.',
        hasAttachments: true,
      },
      {
        id: 'm-2',
        subject: 'Thank you',
        from: 'Sam Resident <sam@example.test>',
        receivedAt: '2026-11-22T17:00:00Z',
        preview: 'Thanks for your help.',
        hasAttachments: false,
      },
    ];

    it('files a chosen Outlook email to the case, saying what it filed', async () => {
      const { service } = setup({ mailbox: MAIL }, 'cllr-ann', true);
      await screen.findByText('No documents yet. Drop files here or choose files.');
      expect(screen.queryByText(/save it as an \.eml file/)).toBeNull();
      await userEvent.click(screen.getByRole('button', { name: 'File an email' }));
      const dialog = await openDialog(`File an email to ${REF}`);
      const group = await within(dialog).findByRole('radiogroup');
      expect(within(group).getAllByRole('radio')).toHaveLength(2);
      expect(
        within(dialog).getByText(/From Jo Resident <jo@example.test>, received .*; has attachments/),
      ).toBeTruthy();

      await userEvent.click(within(dialog).getByRole('button', { name: 'File this email' }));
      expect(within(dialog).getByText('Choose an email first.')).toBeTruthy();
      await userEvent.click(within(dialog).getByRole('radio', { name: /Bin collection missed again/ }));
      await userEvent.click(within(dialog).getByRole('button', { name: 'File this email' }));

      await dialogClosed();
      expect(
        await within(announcements()).findByText(
          'Filed the email “Bin collection missed again” as Bin collection missed again.eml.',
        ),
      ).toBeTruthy();
      const t = await table();
      expect(within(t).getByText('Email from Jo Resident <jo@example.test>')).toBeTruthy();
      const post = service.sent.find((r) => r.path.endsWith('/from-mail'));
      expect(post?.body).toEqual({ messageId: 'm-1' });
    });

    it('explains when the mailbox cannot be read', async () => {
      setup({}, 'cllr-ann', true);
      await userEvent.click(await screen.findByRole('button', { name: 'File an email' }));
      const dialog = await openDialog(`File an email to ${REF}`);
      expect(await within(dialog).findByText('Outlook mail is not available here')).toBeTruthy();
    });
  });
});
