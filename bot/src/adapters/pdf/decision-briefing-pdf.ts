import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { monthName, type BriefingDecision, type DecisionBriefingContent } from '../../domain/briefing';
import { formatLongDate, publicDecisionLines } from '../../domain/shareable-briefing';

/**
 * The shareable decision briefing as a PDF (pdf-lib, no network, standard fonts): what a member forwards to a
 * parish council or residents. It carries the public record only: decisions, their reasons and how to take
 * part. No introduction (written for members), no link into Members' Hub, no casework.
 */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const BODY = 10.5;
const LEADING = 1.35;

/** The standard fonts encode WinAnsi only: anything else is replaced, so an entered character never fails the PDF. */
const winAnsi = (text: string): string =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00b7/g, '-')
    .replace(/[^\x20-\x7e\u00a0-\u00ff\n]/g, '?');

export const decisionBriefingPdf = async (
  content: DecisionBriefingContent,
  council: { name: string },
): Promise<Uint8Array> => {
  const doc = await PDFDocument.create();
  const title = `Decision briefing: ${monthName(content.period)}`;
  doc.setTitle(`${council.name}: ${title}`);
  doc.setAuthor(council.name);
  doc.setSubject('Decisions taken and key decisions coming up');
  doc.setCreator("Members' Hub");
  doc.setProducer("Members' Hub");
  doc.setLanguage('en-GB');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);

  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const width = A4.width - 2 * MARGIN;

  const wrap = (text: string, font: PDFFont, size: number): string[] => {
    const lines: string[] = [];
    for (const paragraph of winAnsi(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) line = candidate;
        else {
          if (line) lines.push(line);
          // A single word wider than the page (a long address) is cut where it must be.
          let rest = word;
          while (font.widthOfTextAtSize(rest, size) > width) {
            let cut = rest.length - 1;
            while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
            lines.push(rest.slice(0, cut));
            rest = rest.slice(cut);
          }
          line = rest;
        }
      }
      lines.push(line);
    }
    return lines;
  };

  const write = (
    text: string,
    options: { font?: PDFFont; size?: number; gap?: number; grey?: boolean } = {},
  ) => {
    const font = options.font ?? regular;
    const size = options.size ?? BODY;
    y -= options.gap ?? 0;
    for (const line of wrap(text, font, size)) {
      if (y - size * LEADING < MARGIN) {
        page = doc.addPage([A4.width, A4.height]);
        y = A4.height - MARGIN;
      }
      y -= size * LEADING;
      page.drawText(line, {
        x: MARGIN,
        y,
        size,
        font,
        color: options.grey ? rgb(0.3, 0.3, 0.3) : rgb(0, 0, 0),
      });
    }
  };

  write(council.name, { font: bold, size: 12, grey: true });
  write(title, { font: bold, size: 20, gap: 6 });
  write('Decisions taken, with the reasons for them, and key decisions coming up.', { gap: 4, grey: true });

  const section = (
    heading: string,
    decisions: readonly BriefingDecision[],
    forthcoming: boolean,
    none: string,
  ) => {
    write(heading, { font: bold, size: 15, gap: 18 });
    if (decisions.length === 0) write(none, { gap: 6 });
    for (const d of decisions) {
      const lines = publicDecisionLines(d, forthcoming);
      write(d.title, { font: bold, size: 12, gap: 12 });
      write(lines.meta, { grey: true, gap: 2 });
      for (const [label, value] of lines.body) write(label ? `${label}: ${value}` : value, { gap: 4 });
    }
  };
  section(
    `Decisions taken in ${monthName(content.period)}`,
    content.decisionsTaken,
    false,
    'No decisions were recorded as taken.',
  );
  section(
    'Key decisions coming up',
    content.keyDecisionsComing,
    true,
    'No key decisions are on the forward plan yet.',
  );
  write('Attending and watching meetings', { font: bold, size: 15, gap: 18 });
  write(
    'Council, Cabinet and committee meetings are open to the public, except for confidential items. Most are ' +
      'webcast live and can be watched afterwards. Each decision above says how to take part.',
    { gap: 6 },
  );
  write(`Published ${formatLongDate(new Date())}.`, { gap: 12, grey: true });
  return doc.save();
};
