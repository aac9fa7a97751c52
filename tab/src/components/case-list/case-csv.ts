import type { CaseView } from '../../api/types';
import type { Session } from '../../app/session';
import { downloadCsv } from '../../pages/performance/download-csv';
import { KIND_LABELS, mpLabel, PRIORITY_LABELS, slaWords, STATUS_LABELS } from '../format';

/**
 * The case list as a CSV file: what the list shows, plus kind, category and priority. The constituent is left
 * out on purpose: a file on someone's laptop is the easiest way for personal data to go where it must not,
 * and the list never needs it. Cells a spreadsheet would run as a formula (a title typed as `=HYPERLINK(…)`)
 * are escaped by Papa Parse (`escapeFormulae`), loaded only when someone downloads.
 */
export const CASE_CSV_HEADERS = [
  'Reference',
  'Title',
  'Status',
  'Stage',
  'Kind',
  'Category',
  'Priority',
  'Member',
  'Electoral division',
  'Department',
  'Officer',
  'Raised',
  'Respond by',
  'Working days',
] as const;

const row = (c: CaseView, s: Session): string[] => [
  c.ref,
  c.title,
  STATUS_LABELS[c.status],
  String(c.stage),
  KIND_LABELS[c.kind],
  c.category,
  PRIORITY_LABELS[c.priority],
  c.origin === 'mp' ? mpLabel(c.mpName) : s.personName(c.memberId),
  s.wardName(c.wardId),
  s.departmentName(c.departmentId),
  s.personName(c.assignedOfficerId),
  c.createdAt.slice(0, 10),
  c.respondBy,
  slaWords(c),
];

export const casesCsv = async (cases: readonly CaseView[], session: Session): Promise<string> => {
  const { unparse } = await import('papaparse');
  return unparse(
    { fields: [...CASE_CSV_HEADERS], data: cases.map((c) => row(c, session)) },
    { escapeFormulae: true, newline: '\r\n' },
  );
};

/** `cases-2026-12-05.csv`, dated in London as the list's dates are. */
export const casesCsvFileName = (now = new Date()): string =>
  `cases-${now.toLocaleDateString('en-CA', { timeZone: 'Europe/London' })}.csv`;

export const downloadCasesCsv = async (cases: readonly CaseView[], session: Session): Promise<void> =>
  downloadCsv(casesCsvFileName(), await casesCsv(cases, session));
