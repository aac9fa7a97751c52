import { GraphError } from './http';

/**
 * SharePoint / OneDrive for Business naming rules, as platform-facts §1 lists them: reserved characters
 * (`" * : < > ? / \ |`, and `#`, `%` from the OneDrive for Business addressing page), control characters,
 * leading or trailing spaces, a trailing period on folders, a leading `~` (which covers `~$`), the blocked names,
 * `_vti_` anywhere, and `forms` as a folder at the library root. Comparisons are case-insensitive, as SharePoint's.
 *
 * A broken rule is `400 invalidRequest` with an inner code: `nameContainsInvalidCharacters` for characters,
 * `invalidName` for everything else (the simulation's choice; Graph's exact inner codes for these vary).
 */

const RESERVED_CHARS = /["*:<>?/\\|#%]|\p{Cc}/u;
const BLOCKED_NAMES = new Set(
  [
    '.lock',
    'con',
    'prn',
    'aux',
    'nul',
    'desktop.ini',
    ...Array.from({ length: 10 }, (_, i) => `com${i}`),
    ...Array.from({ length: 10 }, (_, i) => `lpt${i}`),
  ].map((n) => n.toLowerCase()),
);

export const checkName = (name: string, kind: 'file' | 'folder', atLibraryRoot: boolean): void => {
  const fail = (innerCode: string, message: string): never => {
    throw new GraphError(400, 'invalidRequest', message, innerCode);
  };
  if (name.length === 0) fail('invalidName', 'The name must not be empty.');
  const bad = RESERVED_CHARS.exec(name);
  if (bad) {
    fail(
      'nameContainsInvalidCharacters',
      `The name '${name}' contains the character '${bad[0]}', which is not allowed: " * : < > ? / \\ | # %.`,
    );
  }
  if (name !== name.trim())
    fail('invalidName', 'The provided name cannot contain leading, or trailing, spaces.');
  if (kind === 'folder' && name.endsWith('.')) fail('invalidName', 'A folder name cannot end with a period.');
  if (name.startsWith('~')) fail('invalidName', 'A name cannot begin with a tilde (~).');
  const lower = name.toLowerCase();
  if (BLOCKED_NAMES.has(lower)) fail('invalidName', `'${name}' is a reserved name and cannot be used.`);
  if (lower.includes('_vti_')) fail('invalidName', `A name cannot contain '_vti_'.`);
  if (kind === 'folder' && atLibraryRoot && lower === 'forms') {
    fail('invalidName', `A folder named 'forms' is not allowed at the root of a library.`);
  }
};

/**
 * "The entire decoded file path, including the file name, can't contain more than 400 characters", measured
 * on the server-relative path: `prefix` (e.g. `/sites/members-hub/Shared Documents/`) plus the path under the
 * library root, decoded, leading slash included.
 */
export const checkPathLength = (prefix: string, pathUnderRoot: string, max: number): void => {
  const full = `${prefix}${pathUnderRoot.replace(/^\/+/, '')}`;
  if (full.length > max) {
    throw new GraphError(
      400,
      'invalidRequest',
      `The resulting path '${full.slice(0, 60)}…' is ${full.length} characters long; the limit is ${max}.`,
      'pathIsTooLong',
    );
  }
};
