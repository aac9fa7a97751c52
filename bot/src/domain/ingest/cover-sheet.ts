/**
 * Cover sheets: print services put one in front of each member's (or case's) papers in a box, scan the box
 * in one go, and the pipeline splits the stack at each sheet. The sheet carries a QR code with this payload,
 * and the same in words for people. The payload is short, versioned and has no personal data beyond ids.
 */

export interface CoverSheet {
  /** The member the papers after the sheet belong to. */
  memberId: string;
  /** A case they belong to, when known. */
  caseRef?: string | undefined;
  /** The archive box, as print services number it. */
  box?: string | undefined;
}

const PREFIX = 'MHCS1';
const FIELD = /^[A-Za-z0-9._-]{1,64}$/;

export const encodeCoverSheet = (sheet: CoverSheet): string => {
  for (const value of [sheet.memberId, sheet.caseRef, sheet.box])
    if (value !== undefined && !FIELD.test(value))
      throw new RangeError('Cover sheet fields are letters, digits, dots, dashes and underscores only.');
  const parts = [`m=${sheet.memberId}`];
  if (sheet.caseRef) parts.push(`c=${sheet.caseRef}`);
  if (sheet.box) parts.push(`b=${sheet.box}`);
  return `${PREFIX};${parts.join(';')}`;
};

/** The sheet a QR code's text describes, or null when it is not one of ours. */
export const decodeCoverSheet = (text: string): CoverSheet | null => {
  const [prefix, ...parts] = text.trim().split(';');
  if (prefix !== PREFIX) return null;
  const fields = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 1) return null;
    const value = part.slice(eq + 1);
    if (!FIELD.test(value)) return null;
    fields.set(part.slice(0, eq), value);
  }
  const memberId = fields.get('m');
  if (!memberId) return null;
  return {
    memberId,
    ...(fields.has('c') ? { caseRef: fields.get('c') } : {}),
    ...(fields.has('b') ? { box: fields.get('b') } : {}),
  };
};
