import jsQR from 'jsqr';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { GreyImage } from '../../app/ocr-engine';
import { decodeCoverSheet, encodeCoverSheet, type CoverSheet } from '../../domain/ingest/cover-sheet';
import { downscale, toRgba } from './raster';

/**
 * Cover sheets on paper: the printable PDF (a QR code and the same in words), and finding one on a scanned
 * page. The QR code is drawn as vector squares, so it scans cleanly at any printer resolution.
 */

export interface CoverSheetLabels {
  memberName: string;
  caseTitle?: string | undefined;
}

const A4: [number, number] = [595.28, 841.89];

/** The QR code's modules (true = dark), row by row. */
export const qrModules = (text: string): { size: number; dark: (x: number, y: number) => boolean } => {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, dark: (x, y) => data[y * size + x] === 1 };
};

export const coverSheetPdf = async (sheet: CoverSheet, labels: CoverSheetLabels): Promise<Buffer> => {
  const doc = await PDFDocument.create();
  doc.setTitle(`Cover sheet: ${labels.memberName}${sheet.box ? `, box ${sheet.box}` : ''}`);
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const page = doc.addPage(A4);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const { size, dark } = qrModules(encodeCoverSheet(sheet));
  const side = 300;
  const cell = side / size;
  const left = (A4[0] - side) / 2;
  const top = A4[1] - 150;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (dark(x, y))
        page.drawRectangle({
          x: left + x * cell,
          y: top - (y + 1) * cell,
          width: cell + 0.1,
          height: cell + 0.1,
          color: rgb(0, 0, 0),
        });
  const line = (text: string, y: number, font = regular, fontSize = 18) => {
    const safe = text.replace(/[^\x20-\x7e\u00a0-\u00ff\u2019]/g, '?');
    page.drawText(safe, { x: 60, y, size: fontSize, font });
  };
  line('COVER SHEET  -  Members’ Hub scan-ingest', A4[1] - 90, bold, 22);
  let y = top - side - 50;
  line(`Member: ${labels.memberName} (${sheet.memberId})`, y, bold);
  y -= 30;
  if (sheet.caseRef) {
    line(`Case: ${sheet.caseRef}${labels.caseTitle ? ` - ${labels.caseTitle.slice(0, 50)}` : ''}`, y);
    y -= 30;
  }
  if (sheet.box) {
    line(`Box: ${sheet.box}`, y);
    y -= 30;
  }
  y -= 20;
  for (const text of [
    'Put this sheet on top of the papers it describes and scan it with them.',
    'Everything after it, up to the next cover sheet, is filed as it says.',
    'This sheet and blank pages are not filed.',
  ]) {
    line(text, y, regular, 12);
    y -= 18;
  }
  return Buffer.from(await doc.save());
};

/** The cover sheet on a scanned page (at most 2000 pixels long are looked at), if it carries one of ours. */
export const findCoverSheet = (image: GreyImage): CoverSheet | null => {
  const small = downscale(image, 2000);
  const found = jsQR(toRgba(small), small.width, small.height, { inversionAttempts: 'dontInvert' });
  return found ? decodeCoverSheet(found.data) : null;
};
