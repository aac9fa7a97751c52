import Papa from 'papaparse';
import type { ImportRow } from '../../app/decisions-register';
import type { Ward } from '../../app/ports';
import { DECISION_STATUSES, type DecisionStatus } from '../../domain/decision';
import { ValidationError } from '../../domain/errors';
import {
  ImportFieldError,
  readDateOrThrow,
  readLinks,
  readMakerKind,
  readWards,
  readYesNo,
  readDate,
} from './import-fields';

/** The columns of a decisions CSV, in the sample's order (docs/briefings.md). */
export const CSV_COLUMNS = [
  'reference',
  'title',
  'summary',
  'decision_maker_type',
  'decision_maker',
  'status',
  'date',
  'key_decision',
  'subject_to_call_in',
  'call_in_deadline',
  'wards',
  'reasons',
  'links',
  'taking_part',
] as const;
export const REQUIRED_CSV_COLUMNS = ['reference', 'title', 'decision_maker', 'status', 'date'] as const;
/** An import of more rows than this is refused whole: split the file. */
export const MAX_CSV_ROWS = 2_000;

const header = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads a decisions CSV (UTF-8, with or without a byte-order mark; comma-separated; a header row naming the
 * columns in any order; unknown columns ignored). A file that is not CSV, lacks a required column or has too
 * many rows is refused whole (ValidationError naming the problem); otherwise each row becomes a decision or a
 * refusal that names the field.
 */
export const readDecisionsCsv = (text: string, wards: readonly Ward[]): ImportRow[] => {
  // One CSV reader for the service (papaparse, as scan-ingest's manifest and the tab use). It never throws: a
  // quote left open is its "Quotes" error, which makes the file unreadable as a whole.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    delimiter: ',',
    skipEmptyLines: 'greedy',
    transform: (value) => value.trim(),
  });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken)
    throw new ValidationError('The file is not a CSV file that can be read.', [
      { path: 'file', message: `${broken.message} (row ${(broken.row ?? 0) + 1})` },
    ]);
  const records = parsed.data;
  const [head, ...rows] = records;
  if (!head) throw new ValidationError('The file is empty.', [{ path: 'file', message: 'No header row.' }]);
  const columns = head.map(header);
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    throw new ValidationError('The file lacks required columns.', [
      { path: 'file', message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.` },
    ]);
  if (rows.length > MAX_CSV_ROWS)
    throw new ValidationError('The file has too many rows.', [
      { path: 'file', message: `At most ${MAX_CSV_ROWS} decisions per file; this one has ${rows.length}.` },
    ]);

  return rows.map((cells, i): ImportRow => {
    const get = (name: string) => {
      const at = columns.indexOf(name);
      return at >= 0 ? (cells[at] ?? '') : '';
    };
    const reference = get('reference').trim();
    // The header is row 1, so the first decision is row 2, as a spreadsheet numbers it.
    const label = `Row ${i + 2}${reference ? ` (${reference})` : ''}`;
    try {
      if (cells.length !== columns.length)
        throw new ImportFieldError(`It has ${cells.length} cells where the header has ${columns.length}.`);
      if (reference === '') throw new ImportFieldError('reference: every decision needs a reference.');
      const statusRaw = get('status').trim().toLowerCase();
      const status = DECISION_STATUSES.find<DecisionStatus>((s): s is DecisionStatus => s === statusRaw);
      if (!status) throw new ImportFieldError(`status: "${get('status')}" is not taken or forthcoming.`);
      const makerName = get('decision_maker').trim();
      const wardsStated = readWards(get('wards'), wards);
      const subject = readYesNo(get('subject_to_call_in'), 'subject_to_call_in');
      const deadline = get('call_in_deadline').trim();
      if (deadline !== '' && readDate(deadline) === null) readDateOrThrow(deadline, 'call_in_deadline');
      return {
        label,
        draft: {
          title: get('title').trim(),
          summary: get('summary').trim(),
          maker: { kind: readMakerKind(get('decision_maker_type'), makerName), name: makerName },
          status,
          date: readDateOrThrow(get('date'), 'date'),
          keyDecision: readYesNo(get('key_decision'), 'key_decision'),
          callIn: { subject, deadline: deadline === '' ? null : readDate(deadline) },
          wards: wardsStated ?? [],
          wardsConfirmed: wardsStated !== null,
          reasons: get('reasons').trim(),
          links: readLinks(get('links')),
          takingPart: get('taking_part').trim(),
          source: { kind: 'csv', key: reference },
        },
      };
    } catch (error) {
      if (error instanceof ImportFieldError) return { label, problem: error.message };
      throw error;
    }
  });
};
