/**
 * Splitting a Graph resource path into segments, with OneDrive path addressing: "Everything between the two
 * colons is treated as a path" (`/drives/{d}/root:/A%20B/c.pdf:/content`). The trailing colon may be left out
 * when nothing follows the path. Segments are split on `/` before percent-decoding, so an encoded `%2F` or
 * `%3A` inside a name never splits or ends a path (RFC 3986).
 */

export interface PathToken {
  /** The decoded segment, e.g. `root`, an item id, `children`. */
  segment: string;
  /** Present when the segment was followed by `:/a/b:` path addressing: the decoded path segments. */
  address?: string[];
}

export class PathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

const decode = (raw: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new PathSyntaxError(`The segment '${raw}' is not valid percent-encoding.`);
  }
};

/** `rawPath` is the part after the version, e.g. `drives/d/items/1:/a.pdf:/content` (no leading slash needed). */
export const parseGraphPath = (rawPath: string): PathToken[] => {
  const raw = rawPath.replace(/^\/+/, '').split('/');
  while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const tokens: PathToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i] ?? '';
    if (seg.length > 1 && seg.endsWith(':')) {
      const address: string[] = [];
      let j = i + 1;
      for (; j < raw.length; j++) {
        const part = raw[j] ?? '';
        if (part.endsWith(':')) {
          const last = part.slice(0, -1);
          if (last === '') throw new PathSyntaxError('An addressed path must not end with an empty segment.');
          address.push(decode(last));
          break;
        }
        if (part === '') throw new PathSyntaxError('An addressed path must not contain an empty segment.');
        address.push(decode(part));
      }
      tokens.push({ segment: decode(seg.slice(0, -1)), address });
      i = j;
      continue;
    }
    if (seg === '') throw new PathSyntaxError('The path must not contain an empty segment.');
    tokens.push({ segment: decode(seg) });
  }
  return tokens;
};
