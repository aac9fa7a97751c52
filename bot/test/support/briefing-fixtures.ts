import { extractText, getDocumentProxy } from 'unpdf';
import type { Database } from '../../src/app/ports';
import type { Actor } from '../../src/app/actor';
import type { Person } from '../../src/domain/person';

/** Every constituent detail in the database: what no briefing, card or PDF may contain. */
export const constituentDetails = async (db: Database): Promise<string[]> => {
  const { rows } = await db.query<{
    c: { name: string; email?: string; phone?: string; address: string; postcode: string };
  }>(`SELECT doc->'constituent' AS c FROM cases`);
  const details = new Set<string>();
  for (const { c } of rows) {
    for (const value of [c.name, c.email, c.phone, c.address, c.postcode]) {
      if (typeof value === 'string' && value.trim().length >= 4) details.add(value.trim());
    }
    // Surnames and street names on their own too, where they are distinctive.
    const surname = c.name.split(' ').pop();
    if (surname && surname.length >= 6) details.add(surname);
  }
  return [...details];
};

/** The details of `details` that occur in `text` (case-insensitive). */
export const leakedIn = (text: string, details: readonly string[]): string[] => {
  const haystack = text.toLowerCase();
  return details.filter((d) => haystack.includes(d.toLowerCase()));
};

export const pdfText = async (bytes: Uint8Array): Promise<string> => {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
};

export const actorFor = (person: Person): Actor => ({ person, requestId: `test-${person.id}` });
