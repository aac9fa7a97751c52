/**
 * How both adapters turn PostgreSQL's text output into JavaScript, so PGlite and a PostgreSQL server return
 * identical shapes: instants (timestamptz) as ISO strings in UTC (`2026-03-02T09:30:00.000Z`), calendar
 * dates (date) as `YYYY-MM-DD`, and int8 (counts, bigserial ids) as numbers.
 */

export const PG_OID = {
  INT8: 20,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

// PostgreSQL's ISO output, whatever the session TimeZone: `2026-03-02 09:30:00.123456+00`, `... +05:30`,
// `... -03:00:00` for historical offsets. `timestamp` (without time zone) has no offset and is read as UTC.
const PG_TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

/** Parses a timestamp(tz) value to an ISO instant; `infinity` and `-infinity` are returned unchanged. */
export const parseTimestamp = (value: string): string => {
  const m = PG_TIMESTAMP.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const millis = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  const offsetSeconds = sign
    ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0))
    : 0;
  return new Date(utc - offsetSeconds * 1000).toISOString();
};

/** A calendar date stays the `YYYY-MM-DD` text PostgreSQL sends: no time zone can shift it. */
export const parseDate = (value: string): string => value;

/** int8 as a number: used for counts and audit ids, far below 2^53. */
export const parseInt8 = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JavaScript number`);
  return n;
};

/** Parsers by type oid, shared by both adapters. */
export const TEXT_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  [PG_OID.INT8]: parseInt8,
  [PG_OID.DATE]: parseDate,
  [PG_OID.TIMESTAMP]: parseTimestamp,
  [PG_OID.TIMESTAMPTZ]: parseTimestamp,
};
