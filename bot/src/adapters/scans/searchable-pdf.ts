import type { PDFName } from 'pdf-lib';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  StandardFonts,
  TextRenderingMode,
  type PDFFont,
  type PDFOperator,
} from 'pdf-lib';
import type { SearchablePage } from '../../app/scan-tools';

/**
 * A searchable PDF: each page is the scanned picture, unchanged (a JPEG is embedded as it came; other pages as
 * lossless grey), under an invisible text layer (text render mode 3) placed word by word where Tesseract found
 * each word, each word stretched to its box. PDF readers select and find the words; SharePoint indexes them.
 * A page read after turning it is shown upright by drawing the picture turned (the page's transformation
 * matrix), so the picture is never decoded or re-encoded.
 *
 * The output is deterministic (fixed dates, no random ids), so building the same document twice gives the
 * same bytes: a filing retried after a crash finds its own copy in the store instead of making another.
 */

export type { SearchablePage };

export interface SearchablePdfMeta {
  title: string;
  subject?: string | undefined;
  keywords?: readonly string[] | undefined;
  /** Recorded as the creation and modification date. */
  created: Date;
}

const PRODUCER = 'Members’ Hub scan-ingest';

/** WinAnsi (Helvetica's encoding) has no glyph for most other characters: they become `?`, keeping the count. */
const encodable = (text: string): string =>
  text.replace(/[^\x20-\x7e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u20ac]/g, '?');

/** The page upright: its size in points and in pixels, and the quarter turns (0 to 3). */
const upright = (page: SearchablePage) => {
  const turns = ((page.quarterTurns % 4) + 4) % 4;
  const across = turns % 2 === 0;
  return {
    turns,
    widthPt: across ? page.widthPt : page.heightPt,
    heightPt: across ? page.heightPt : page.widthPt,
    width: across ? page.width : page.height,
    height: across ? page.height : page.width,
  };
};

const textLayer = (font: PDFFont, fontName: PDFName, page: SearchablePage): PDFOperator[] => {
  const up = upright(page);
  const sx = up.widthPt / up.width;
  const sy = up.heightPt / up.height;
  const ops: PDFOperator[] = [beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const word of page.words) {
    const text = encodable(word.text.trim());
    if (text === '') continue;
    const [x0, y0, x1, y1] = word.bbox;
    const height = Math.max(1, (y1 - y0) * sy);
    // A word box runs from the top of its tallest letter to the bottom of its lowest: the font size that
    // fills it is about the box's height; the baseline sits a fifth of the way up when letters descend.
    const size = Math.max(1, height);
    const descends = /[gjpqy,;]/.test(text);
    const baseline = up.heightPt - y1 * sy + (descends ? size * 0.21 : 0);
    const natural = font.widthOfTextAtSize(text, size);
    const squeeze = natural > 0 ? (100 * Math.max(1, (x1 - x0) * sx)) / natural : 100;
    ops.push(
      setFontAndSize(fontName.asString().slice(1), size),
      setCharacterSqueeze(Math.min(1000, Math.max(1, squeeze))),
      setTextMatrix(1, 0, 0, 1, x0 * sx, baseline),
      showText(font.encodeText(`${text} `)),
    );
  }
  ops.push(endText());
  return ops;
};

/**
 * Draws the picture (PDF image space: the unit square, first row at the top) filling the upright page. For a
 * scan w × h points turned clockwise a quarter, the upright page is h × w and image point (u, v) lands at
 * (h·v, w − w·u); half a turn at (w − w·u, h − h·v); three quarters at (h − h·v, w·u).
 */
const drawPicture = (page: SearchablePage, image: PDFName): PDFOperator[] => {
  const w = page.widthPt;
  const h = page.heightPt;
  const matrix: [number, number, number, number, number, number] = [
    [w, 0, 0, h, 0, 0] as const,
    [0, -w, h, 0, 0, w] as const,
    [-w, 0, 0, -h, w, h] as const,
    [0, w, -h, 0, h, 0] as const,
  ][upright(page).turns] as [number, number, number, number, number, number];
  return [pushGraphicsState(), concatTransformationMatrix(...matrix), drawObject(image), popGraphicsState()];
};

export const buildSearchablePdf = async (
  pages: readonly SearchablePage[],
  meta: SearchablePdfMeta,
): Promise<Buffer> => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(meta.title);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords) doc.setKeywords([...meta.keywords]);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.created);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const page of pages) {
    const up = upright(page);
    const pdfPage = doc.addPage([up.widthPt, up.heightPt]);
    let imageRef;
    if ('jpeg' in page.picture) {
      imageRef = (await doc.embedJpg(page.picture.jpeg)).ref;
    } else {
      const grey = page.picture.grey;
      imageRef = doc.context.register(
        doc.context.flateStream(grey.data, {
          Type: 'XObject',
          Subtype: 'Image',
          Width: grey.width,
          Height: grey.height,
          ColorSpace: 'DeviceGray',
          BitsPerComponent: 8,
        }),
      );
    }
    const imageName = pdfPage.node.newXObject('Scan', imageRef);
    const fontName = pdfPage.node.newFontDictionary(font.name, font.ref);
    pdfPage.pushOperators(...drawPicture(page, imageName), ...textLayer(font, fontName, page));
  }
  // pdf-lib writes objects in creation order and no random /ID: the same input gives the same bytes.
  return Buffer.from(await doc.save({ useObjectStreams: true }));
};
