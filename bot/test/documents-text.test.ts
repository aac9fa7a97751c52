import { createTextExtractor, extractionKind, htmlToText } from '../src/adapters/text';
import { contentFromBuffer } from '../src/app/document-store';
import { emailMessage, malformedPdf, pdfWithText } from './support/documents-fixtures';

/**
 * Text for search from the kinds of document the service reads: PDFs' text layers and e-mails in an isolated
 * worker (real unpdf and postal-mime), plain text, HTML and JSON in process. Files that cannot be read give no
 * text and never an error.
 */
describe('the text extractor', () => {
  const extractor = createTextExtractor();
  const extract = (name: string, contentType: string, bytes: Buffer) =>
    extractor.extract({ name, contentType, content: contentFromBuffer(bytes) });

  it('reads a PDF\u2019s text layer', async () => {
    expect(
      await extract('survey.pdf', 'application/pdf', pdfWithText('Culvert survey found debris')),
    ).toEqual({
      text: 'Culvert survey found debris',
    });
  });

  it('gives no text for a malformed PDF, a PDF that takes too long, or one too large to read', async () => {
    expect(await extract('broken.pdf', 'application/pdf', malformedPdf())).toEqual({ text: null });
    const impatient = createTextExtractor({ timeoutMs: 1 });
    expect(
      await impatient.extract({
        name: 'slow.pdf',
        contentType: 'application/pdf',
        content: contentFromBuffer(pdfWithText('never read')),
      }),
    ).toEqual({ text: null });
    const small = createTextExtractor({ maxBytes: 100 });
    expect(
      await small.extract({
        name: 'big.pdf',
        contentType: 'application/pdf',
        content: contentFromBuffer(pdfWithText('too big to read')),
      }),
    ).toEqual({ text: null });
  });

  it('reads an e-mail\u2019s headers, body and attachment names', async () => {
    const result = await extract('message.eml', 'message/rfc822', emailMessage());
    expect(result.email).toEqual({
      from: 'Pat Resident <pat@resident.example>',
      to: ['Cllr Alice Test <alice@test.example>', 'ward-office@test.example'],
      subject: 'Flooding on Quillfeather Lane',
      date: '2026-03-03T09:15:00.000Z',
      preview: 'The drain by the marmalade works is blocked again and the lane floods every evening.',
      attachments: 1,
    });
    expect(result.text).toContain('marmalade works');
    expect(result.text).toContain('lane-photo.png');
  });

  it('keeps an e-mail\u2019s line breaks in its preview, tidying runs of spaces and blank lines', async () => {
    const body = 'Dear Cllr Test,\r\n\r\n\r\n\r\nThe drain   is blocked.\r\nIt floods nightly.\r\n\r\nPat';
    const result = await extract('m.eml', 'message/rfc822', emailMessage({ body }));
    expect(result.email?.preview).toBe('Dear Cllr Test,\n\nThe drain is blocked.\nIt floods nightly.\n\nPat');
  });

  it('reads an e-mail without a date or a plain-text body', async () => {
    const html = Buffer.from(
      [
        'From: someone@example.org',
        'Subject: No date here',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><style>p{}</style></head><body><p>Hello <b>there</b> &amp; welcome</p></body></html>',
      ].join('\r\n'),
    );
    const result = await extract('x.eml', 'application/octet-stream', html);
    expect(result.email).toMatchObject({ from: 'someone@example.org', date: null, to: [], attachments: 0 });
    expect(result.email?.preview).toBe('Hello there & welcome');
  });

  it('reads plain text, HTML and a Teams message record, and nothing from a binary file', async () => {
    expect((await extract('notes.txt', 'text/plain', Buffer.from('Gully  silted\r\nup'))).text).toBe(
      'Gully silted\nup',
    );
    expect(
      (await extract('page.html', 'text/html', Buffer.from('<p>One</p><script>x()</script><p>Two</p>'))).text,
    ).toBe('One\nTwo');
    const record = Buffer.from(
      JSON.stringify({
        sender: 'Jo Officer',
        text: 'Contractor booked',
        html: '<p>Contractor <b>booked</b></p>',
        link: 'https://x.example/1',
      }),
    );
    expect((await extract('message.json', 'application/json', record)).text).toBe(
      'Jo Officer\nContractor booked\nContractor booked',
    );
    expect(await extract('photo.txt', 'text/plain', Buffer.from([0x89, 0x00, 0x01]))).toEqual({ text: null });
    expect(await extract('archive.zip', 'application/zip', Buffer.from('PK'))).toEqual({ text: null });
  });

  it('decides what a file is by its type, then its extension', () => {
    expect(extractionKind('a.bin', 'application/pdf')).toBe('pdf');
    expect(extractionKind('a.PDF', 'application/octet-stream')).toBe('pdf');
    expect(extractionKind('mail.eml', '')).toBe('email');
    expect(extractionKind('x', 'message/rfc822; charset=utf-8')).toBe('email');
    expect(
      extractionKind('x.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBe('none');
  });

  it('reduces HTML to its words without running anything', () => {
    expect(htmlToText('<!-- hidden --><p>A &lt;b&gt; &#169; &#x263A;</p><br>B')).toBe(
      'A <b> \u00a9 \u263a\n\nB',
    );
  });
});
