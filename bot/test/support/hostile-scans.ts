import { crc32 } from 'node:zlib';
import JSZip from 'jszip';

/** Files that must be refused, each for its own reason, without stopping the rest of a batch. */

const chunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
};

/** A PNG whose header says 50,000 × 50,000 pixels (2.5 gigapixels): a decompression bomb by its size. */
export const hugePng = (): Buffer => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

/** A ZIP holding one entry that inflates to `inflatedBytes` of zeros (a ZIP bomb for any smaller limit). */
export const zipBomb = async (inflatedBytes: number): Promise<Buffer> =>
  new JSZip()
    .file('scan.pdf', Buffer.alloc(inflatedBytes))
    .generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });

/** A ZIP with a good entry and one whose name climbs out of the folder. */
export const traversalZip = async (good: Buffer): Promise<Buffer> =>
  new JSZip()
    .file('letter.png', good)
    .file('../../x.png', good)
    .generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

/** The PDF, marked encrypted in its trailer (as a password-protected PDF is). */
export const encryptedPdf = (pdf: Buffer): Buffer => {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('trailer');
  if (at < 0) throw new Error('the PDF has no classic trailer to mark');
  const marked =
    text.slice(0, at) +
    text
      .slice(at)
      .replace('<<', '<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O (xxxxxxxx) /U (yyyyyyyy) /P -4 >>');
  return Buffer.from(marked, 'latin1');
};

/** The first part of the PDF, as a transfer that broke off leaves it. */
export const truncatedPdf = (pdf: Buffer): Buffer => pdf.subarray(0, Math.floor(pdf.length * 0.5));

/** A Windows program with a .pdf name. */
export const exeAsPdf = (): Buffer =>
  Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512)]);
