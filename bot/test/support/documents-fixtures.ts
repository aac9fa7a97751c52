import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
/**
 * Small documents for the documents tests, made here rather than shipped: a PDF with a real text layer
 * (Helvetica, one page, a correct cross-reference table), a PDF that is not one, and an e-mail with an
 * attachment.
 */

/** A one-page PDF whose text layer reads `text` (ASCII letters, digits and spaces). */
export const pdfWithText = (text: string): Buffer => {
  if (!/^[A-Za-z0-9 .,-]*$/.test(text)) throw new Error('pdfWithText takes plain ASCII words');
  return onePagePdf(`BT /F1 18 Tf 72 700 Td (${text}) Tj ET`);
};

/**
 * A one-page PDF of about `bytes` bytes whose text layer repeats `text`: its text takes seconds to extract, as
 * a long scanned-and-OCRed letter's would.
 */
export const largePdfWithText = (text: string, bytes: number): Buffer => {
  if (!/^[A-Za-z0-9 .,-]*$/.test(text)) throw new Error('largePdfWithText takes plain ASCII words');
  const line = `(${text}) Tj T*\n`;
  return onePagePdf(
    `BT /F1 10 Tf 12 TL 72 760 Td\n${line.repeat(Math.max(1, Math.floor(bytes / line.length)))}ET`,
  );
};

/** One page in Helvetica whose content is `stream`, with a correct cross-reference table. */
const onePagePdf = (stream: string): Buffer => {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
};

/** Starts like a PDF, is not one. */
export const malformedPdf = (): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R'), Buffer.alloc(2048, 0xfe)]);

export interface EmailOptions {
  subject?: string;
  body?: string;
  date?: string;
  attachmentName?: string;
}

/** An RFC 822 message from a constituent to Cllr Alice Test, with a text body and one attachment. */
export const emailMessage = (options: EmailOptions = {}): Buffer =>
  Buffer.from(
    [
      'From: "Pat Resident" <pat@resident.example>',
      'To: "Cllr Alice Test" <alice@test.example>',
      'Cc: ward-office@test.example',
      `Subject: ${options.subject ?? 'Flooding on Quillfeather Lane'}`,
      `Date: ${options.date ?? 'Tue, 03 Mar 2026 09:15:00 +0000'}`,
      'Message-ID: <fixture-1@resident.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      options.body ?? 'The drain by the marmalade works is blocked again and the lane floods every evening.',
      '--b1',
      'Content-Type: image/png',
      `Content-Disposition: attachment; filename="${options.attachmentName ?? 'lane-photo.png'}"`,
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--b1--',
      '',
    ].join('\r\n'),
    'utf8',
  );

/** The first bytes of a PNG, enough for the preview sniffing. */
export const pngBytes = (): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

/** Every file under the local store's `root`, the store's own bookkeeping left out, as `/`-joined paths. */
export const storedFilesUnder = (root: string): string[] => {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.members-hub-')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
};
