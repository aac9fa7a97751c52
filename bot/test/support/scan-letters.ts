/**
 * The letters of the scan-ingest test corpus, with their text as ground truth. Fictional people and places in
 * the demo council's postcode area (WQ). `scripts/render-scan-corpus.ts` renders them to page images with
 * Chromium; the rendered pages are kept in `bot/test/fixtures/scans/` (and `samples/scans/`), so tests need
 * no browser.
 */
export interface Letter {
  id: string;
  /** The lines as printed: the ground truth for character error rate. */
  lines: string[];
}

export const LETTERS: readonly Letter[] = [
  {
    id: 'letter-1',
    lines: [
      '105 Beacon Hill Road',
      'Fallowmere WQ2 2DN',
      '14 March 2019',
      'Dear Councillor Marwick-Dane,',
      'Thank you for visiting the lane behind Beacon Hill Road last week.',
      'The fly-tipping has grown again: two mattresses, a fridge and',
      'several bags of garden waste now block the path to the school.',
      'Neighbours have reported it to the council three times since',
      'January. Could you ask the waste team to clear it and to put up',
      'a camera, as they did on Station Road?',
      'Yours sincerely,',
      'Aisha Fairholme',
    ],
  },
  {
    id: 'letter-2',
    lines: [
      '89 Rowan Terrace',
      'Fallowmere WQ2 7HA',
      '2 September 2020',
      'Dear Eleanor,',
      'Four shop units on Rowan Terrace have now been empty for over a',
      'year. The windows are boarded and the alley behind them is used',
      'for drinking late at night. The traders association would like',
      'to meet you and the planning officer to discuss business rate',
      'relief for new tenants and a short term lease for a community',
      'cafe. We are free most Tuesday afternoons.',
      'With best wishes,',
      'Neil Harbinson-Lowe',
    ],
  },
  {
    id: 'letter-3',
    lines: [
      '17 Sandpiper Way',
      'Fallowmere WQ1 8BF',
      '21/06/2021',
      'Dear Councillor,',
      'The builder at the end of Sandpiper Way is working on Sundays and',
      'after eight in the evening, against the conditions of the planning',
      'permission. Lorries park across our drives and the road is covered',
      'in mud. I enclose photographs and a diary of the dates and times.',
      'Please ask the enforcement team to visit.',
      'Regards,',
      'Aisha Moorcroft-Lyle',
    ],
  },
  {
    id: 'letter-4',
    lines: [
      '36 Linnet Grove',
      'Fallowmere WQ1 6DW',
      '9 November 2022',
      'Dear Councillor Marwick-Dane,',
      'I am writing about support for our family. Our son starts at',
      'Kestrel Drive primary next month and the school says he needs an',
      'assessment before they can offer extra help. We were told the',
      'wait is six months. Is there anything you can do to speed this up?',
      'Thank you for your help last spring with the bus pass.',
      'Zofia Greenhalgh-Vane',
    ],
  },
];

export const letterText = (letter: Letter): string => letter.lines.join('\n');
