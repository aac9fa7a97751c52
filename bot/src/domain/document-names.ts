/**
 * Names and paths of case documents, the same for the local folder tree and SharePoint. One function makes a
 * name safe under SharePoint's rules, so a name that works locally works in SharePoint too:
 * https://support.microsoft.com/office/restrictions-and-limitations-in-onedrive-and-sharepoint-64883a5d-228e-48f5-b3d2-eb39e07630fa
 * and https://learn.microsoft.com/graph/onedrive-addressing-driveitems (see ../shared/platform-facts.md §1).
 *
 * - Characters `" * : < > ? / \ |` and (OneDrive for Business) `# %` are replaced, as are control characters.
 * - Invisible formatting characters that reorder or hide text are removed: bidirectional controls (so
 *   `invoice\u202egnp.exe` cannot show as `invoiceexe.png`), marks, the zero-width space and the byte-order mark.
 * - Leading and trailing spaces go; trailing periods go (folders cannot end with one; files gain nothing).
 * - Names cannot start with `~` (and so not `~$`).
 * - Reserved names (CON, PRN, AUX, NUL, COM0–9, LPT0–9, .lock, desktop.ini), with or without an extension,
 *   get a leading underscore; `_vti_` anywhere is broken up.
 * - The whole decoded path, from the site's server-relative root, is at most 400 characters.
 */

/** SharePoint's limit on the decoded, server-relative path of a file, file name included. */
export const MAX_DECODED_PATH = 400;

/** Longest single name we produce: long enough for a case title, short enough to leave room beneath it. */
export const MAX_NAME_LENGTH = 120;

/** The folder every member's casework lives under, at the library's root. */
export const MEMBER_CASEWORK_FOLDER = 'Member casework';

/** Where removed documents are kept (not destroyed), at the library's root, readable by support officers only. */
export const RETAINED_DELETED_FOLDER = 'Retained deleted items';

/** The folder for MP enquiries that have no member. */
export const MP_ENQUIRIES_FOLDER = 'MP enquiries';

const RESERVED_CHARACTERS = /["*:<>?/\\|#%]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the left-to-right,
 * right-to-left and Arabic letter marks (U+200E, U+200F, U+061C), the zero-width space and word joiner
 * (U+200B, U+2060) and the byte-order mark (U+FEFF). Zero-width (non-)joiners stay: some scripts need them.
 */
const INVISIBLE_FORMATTING = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
/** Half a surrogate pair on its own: not a character, and not encodable in a URL or a UTF-8 file name. */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A reserved device name, alone or before the first period (`con`, `CON.txt`, `nul.tar.gz`). */
const RESERVED_BASE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
const RESERVED_WHOLE_NAMES = new Set(['.lock', 'desktop.ini']);

export type NameKind = 'file' | 'folder';

const splitExtension = (name: string): { base: string; ext: string } => {
  const dot = name.lastIndexOf('.');
  // A leading dot (".profile") is part of the base; an extension is short and plain.
  if (dot <= 0 || name.length - dot > 16 || /\s/.test(name.slice(dot))) return { base: name, ext: '' };
  return { base: name.slice(0, dot), ext: name.slice(dot) };
};

const trimEnds = (value: string): string => value.replace(/^[\s]+/, '').replace(/[\s.]+$/, '');

/** Cuts `value` to `max` characters without splitting a surrogate pair, then tidies the new end. */
const cut = (value: string, max: number): string => {
  if (value.length <= max) return value;
  let end = max;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return trimEnds(value.slice(0, end));
};

/**
 * Makes `raw` a name SharePoint and the local store both accept, as close to the original as the rules allow.
 * Idempotent: `safeName(safeName(x)) === safeName(x)`. Never empty. A file keeps its extension when it is
 * shortened to `maxLength`.
 */
export const safeName = (raw: string, kind: NameKind, maxLength = MAX_NAME_LENGTH): string => {
  let name = raw
    .replace(LONE_SURROGATES, '\ufffd')
    .normalize('NFC')
    .replace(INVISIBLE_FORMATTING, '')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(RESERVED_CHARACTERS, '-');
  name = name.replace(/\s+/g, ' ');
  name = name.replace(/_(vti)_/gi, '_$1-');
  // Tildes and spaces together: removing a tilde can expose a space before another tilde ("~ ~x").
  name = trimEnds(name.replace(/^[\s~]+/, ''));
  if (name === '') name = kind === 'file' ? 'Untitled file' : 'Untitled folder';
  if (RESERVED_WHOLE_NAMES.has(name.toLowerCase())) name = `_${name}`;
  if (RESERVED_BASE_NAMES.test(name)) name = `_${name}`;
  if (name.length > maxLength) {
    const parts = splitExtension(name);
    const keepExt = kind === 'file' && parts.ext.length < maxLength / 2;
    name = keepExt ? `${cut(parts.base, maxLength - parts.ext.length)}${parts.ext}` : cut(name, maxLength);
    // Cutting can expose a new trailing space or period, or empty the base; run the rules once more.
    return safeName(name, kind, maxLength);
  }
  return name;
};

/** Whether `name` is already safe: what the stores check before writing, so nothing unsafe is renamed silently. */
export const isSafeName = (name: string, kind: NameKind, maxLength = MAX_NAME_LENGTH): boolean =>
  name.length > 0 && safeName(name, kind, maxLength) === name;

/**
 * The name the n-th file of a clashing name gets: `report.pdf`, `report (2).pdf`, `report (3).pdf` …
 * Predictable, so people can tell which came later. `n` of 1 is the name itself.
 */
export const conflictName = (name: string, n: number): string => {
  if (n <= 1) return name;
  const { base, ext } = splitExtension(name);
  return `${base} (${n})${ext}`;
};

/** Length of a path as SharePoint measures it: decoded, segments joined by `/`, under the site's root. */
export const decodedPathLength = (rootPath: string, segments: readonly string[]): number =>
  [rootPath.replace(/\/+$/, ''), ...segments].join('/').length;

/**
 * Whether a file called `fileName` fits under the folder at `segments`, leaving room for a conflict suffix
 * such as ` (12)`. `rootPath` is the library's server-relative path, e.g. `/sites/members-hub/Shared Documents`
 * (empty for the local store, which still applies SharePoint's limit so the two behave the same).
 */
export const fitsPath = (rootPath: string, segments: readonly string[], fileName: string): boolean =>
  decodedPathLength(rootPath, [...segments, fileName]) + ' (99)'.length <= MAX_DECODED_PATH;

/**
 * Shortens `fileName` (keeping its extension) so that it fits under the folder; the folder layout keeps every
 * folder name to at most MAX_NAME_LENGTH, so a file always has room for a reasonable name.
 */
export const fitFileName = (rootPath: string, segments: readonly string[], fileName: string): string => {
  // A removed file moves from `Member casework/…` to `Retained deleted items/…`, a longer path: leave room
  // for that too, so removing a long-named file never fails on the path limit.
  const retainedExtra = Math.max(0, RETAINED_DELETED_FOLDER.length - MEMBER_CASEWORK_FOLDER.length);
  const room =
    MAX_DECODED_PATH - ' (99)'.length - retainedExtra - decodedPathLength(rootPath, [...segments, '']);
  return safeName(fileName, 'file', Math.max(16, Math.min(MAX_NAME_LENGTH, room)));
};

/** Who a case belongs to, for its folder: the member (name and id), or none for an MP's enquiry. */
export interface FolderOwner {
  id: string;
  name: string;
}

/** `<Member name> (<id>)`: the name for people to read, the id so two members of one name never share. */
export const memberFolderName = (owner: FolderOwner): string =>
  safeName(`${cut(owner.name.trim(), 60)} (${owner.id})`, 'folder');

/** `Member casework/<Member name> (<id>)`, or `Member casework/MP enquiries` for an MP's enquiry. */
export const memberFolderSegments = (owner: FolderOwner | null): string[] => [
  MEMBER_CASEWORK_FOLDER,
  owner === null ? MP_ENQUIRIES_FOLDER : memberFolderName(owner),
];

/** `<Case ref> - <title>`: the reference first, so the folder sorts and is found by reference. */
export const caseFolderName = (c: { ref: string; title: string }): string =>
  safeName(`${c.ref} - ${c.title}`, 'folder', 100);

/** `Member casework/<Member name> (<id>)/<Case ref> - <title>`. */
export const caseFolderSegments = (
  owner: FolderOwner | null,
  c: { ref: string; title: string },
): string[] => [...memberFolderSegments(owner), caseFolderName(c)];

/** `Member casework/<Member name> (<id>)/Legacy papers/<year>`: where scanned legacy papers are filed. */
export const legacyPapersSegments = (owner: FolderOwner, year: number): string[] => [
  ...memberFolderSegments(owner),
  'Legacy papers',
  String(year),
];

/** `Retained deleted items/<Member folder>/<Case folder>`: where a removed case document is kept. */
export const retainedDeletedSegments = (caseSegments: readonly string[]): string[] => [
  RETAINED_DELETED_FOLDER,
  ...caseSegments.slice(1),
];
