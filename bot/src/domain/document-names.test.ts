import {
  caseFolderName,
  caseFolderSegments,
  conflictName,
  decodedPathLength,
  fitFileName,
  fitsPath,
  isSafeName,
  legacyPapersSegments,
  MAX_DECODED_PATH,
  MAX_NAME_LENGTH,
  MEMBER_CASEWORK_FOLDER,
  memberFolderName,
  memberFolderSegments,
  MP_ENQUIRIES_FOLDER,
  RETAINED_DELETED_FOLDER,
  retainedDeletedSegments,
  safeName,
  type NameKind,
} from './document-names';

const SHAREPOINT_ROOT = '/sites/members-hub/Shared Documents';

/** What SharePoint refuses, written out independently of the module (platform-facts §1). */
const breaksSharePointRule = (name: string, kind: NameKind): string | null => {
  if (name.length === 0) return 'empty';
  // eslint-disable-next-line no-control-regex
  if (/["*:<>?/\\|#%\u0000-\u001f\u007f]/.test(name)) return 'reserved or control character';
  if (name !== name.trim()) return 'leading or trailing space';
  if (name.endsWith('.')) return kind === 'folder' ? 'folder ends with a period' : 'file ends with a period';
  if (name.startsWith('~')) return 'starts with a tilde';
  if (/_vti_/i.test(name)) return '_vti_';
  const lower = name.toLowerCase();
  if (lower === '.lock' || lower === 'desktop.ini') return 'blocked name';
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/.test(lower)) return 'reserved device name';
  if (!wellFormed(name)) return 'lone surrogate';
  if (/[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/.test(name))
    return 'invisible formatting character';
  return null;
};

const wellFormed = (value: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);

/** A small deterministic generator, so a failure names a seed that reproduces it. */
const random = (seed: number) => {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
};

const PIECES = [
  'a', 'Z', '7', ' ', '   ', '.', '..', '~', '~$', '$', '_', '_vti_', '_VtI_', '-', '(', ')',
  '"', '*', ':', '<', '>', '?', '/', '\\', '|', '#', '%', '\t', '\n', '\r', '\u0000', '\u001f', '\u007f',
  '\u0085', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', 'é', 'e\u0301', 'q\u0301', '\u0301',
  '😀', '👩‍👩‍👧', '\ud83d', '\ude00', '中文', 'Ελληνικά', 'Cymraeg ŵ ŷ', 'CON', 'con', 'Nul', 'lpt1', 'COM9',
  '.lock', 'desktop.ini', '.pdf', '.docx', '.tar.gz', 'ß', 'İ', 'ﬁ', 'Ω', '\u2126',
]; // prettier-ignore

const randomString = (next: () => number): string => {
  const count = Math.floor(next() * (next() < 0.25 ? 160 : 14));
  let value = '';
  for (let i = 0; i < count; i++) value += PIECES[Math.floor(next() * PIECES.length)];
  // Now and then a run of random code units, lone surrogates included.
  if (next() < 0.2) {
    for (let i = 0; i < 6; i++) value += String.fromCharCode(Math.floor(next() * 0x10000));
  }
  return value;
};

const SAMPLES = (() => {
  const next = random(20260402);
  return Array.from({ length: 400 }, () => randomString(next));
})();

describe('safeName: SharePoint naming rules', () => {
  it.each([
    ['a"b*c:d<e>f?g/h\\i|j#k%l.pdf', 'a-b-c-d-e-f-g-h-i-j-k-l.pdf'],
    ['50% of fees #2.docx', '50- of fees -2.docx'],
    ['Re: Pothole?', 'Re- Pothole-'],
  ])('replaces reserved characters: %j → %j', (raw, safe) => {
    expect(safeName(raw, 'file')).toBe(safe);
  });

  it('replaces control characters (C0, DEL, C1) and folds runs of white space to one space', () => {
    expect(safeName('line\none\ttab\u0000nul\u007fdel\u0085nel.txt', 'file')).toBe(
      'line one tab nul del nel.txt',
    );
    expect(safeName('a  \u00a0 \u2003b.txt', 'file')).toBe('a b.txt');
  });

  it.each(['CON', 'prn', 'Aux', 'NUL', 'COM0', 'com9', 'LPT0', 'lpt9'])(
    'prefixes the reserved name %s, alone or with an extension',
    (reserved) => {
      expect(safeName(reserved, 'file')).toBe(`_${reserved}`);
      expect(safeName(reserved, 'folder')).toBe(`_${reserved}`);
      expect(safeName(`${reserved}.txt`, 'file')).toBe(`_${reserved}.txt`);
      expect(safeName(`${reserved}.tar.gz`, 'file')).toBe(`_${reserved}.tar.gz`);
    },
  );

  it('removes bidirectional controls and invisible marks, so a name shows what it is', () => {
    expect(safeName('invoice\u202egnp.exe', 'file')).toBe('invoicegnp.exe');
    expect(safeName('a\u202ab\u202bc\u202cd\u202de\u2066f\u2067g\u2068h\u2069i.txt', 'file')).toBe(
      'abcdefghi.txt',
    );
    expect(safeName('\u200eleft\u200fright\u061cmark.pdf', 'file')).toBe('leftrightmark.pdf');
    expect(safeName('\ufeffzero\u200bwidth\u2060join', 'folder')).toBe('zerowidthjoin');
    // Joiners that scripts need (Persian, Indic) and emoji sequences are kept.
    expect(safeName('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.txt', 'file')).toBe(
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.txt',
    );
    expect(isSafeName('invoice\u202egnp.exe', 'file')).toBe(false);
  });

  it('leaves names that only contain or resemble a reserved name alone', () => {
    for (const name of [
      'CONTRACT.pdf',
      'console',
      'com10.txt',
      'lpt.txt',
      'auxiliary',
      'my con.txt',
      'Icon.png',
    ]) {
      expect(safeName(name, 'file')).toBe(name);
    }
  });

  it('prefixes the blocked whole names .lock and desktop.ini, in any case', () => {
    expect(safeName('.lock', 'file')).toBe('_.lock');
    expect(safeName('desktop.ini', 'file')).toBe('_desktop.ini');
    expect(safeName('Desktop.INI', 'file')).toBe('_Desktop.INI');
    expect(safeName('my desktop.ini', 'file')).toBe('my desktop.ini');
  });

  it('breaks up _vti_ anywhere, keeping the letters as written', () => {
    expect(safeName('_vti_cnf', 'folder')).toBe('_vti-cnf');
    expect(safeName('notes_VTI_old.txt', 'file')).toBe('notes_VTI-old.txt');
    expect(safeName('a_vti__vti_b', 'file')).not.toMatch(/_vti_/i);
  });

  it('drops leading tildes (so no ~$), however they are mixed with spaces', () => {
    expect(safeName('~$Budget.xlsx', 'file')).toBe('$Budget.xlsx');
    expect(safeName('~~draft.docx', 'file')).toBe('draft.docx');
    expect(safeName(' ~ ~$x.docx', 'file')).toBe('$x.docx');
    expect(safeName('~$', 'file')).toBe('$');
    expect(safeName('version~2.docx', 'file')).toBe('version~2.docx');
  });

  it('drops leading and trailing spaces, and trailing periods from files and folders', () => {
    expect(safeName('  report.pdf  ', 'file')).toBe('report.pdf');
    expect(safeName('Minutes.', 'folder')).toBe('Minutes');
    expect(safeName('notes. . .', 'file')).toBe('notes');
    expect(safeName('.profile', 'file')).toBe('.profile');
  });

  it('never returns an empty name', () => {
    for (const raw of ['', '   ', '...', '~', '~~ ~', ' ~ . ', '\u0000\t']) {
      expect(safeName(raw, 'file')).toBe('Untitled file');
      expect(safeName(raw, 'folder')).toBe('Untitled folder');
    }
  });

  it('normalises to NFC and replaces lone surrogates', () => {
    expect(safeName('Cafe\u0301.txt', 'file')).toBe('Caf\u00e9.txt');
    expect(safeName('bad\ud800half.txt', 'file')).toBe('bad\ufffdhalf.txt');
    expect(safeName('bad\udc00half.txt', 'file')).toBe('bad\ufffdhalf.txt');
    expect(safeName('ok 😀.txt', 'file')).toBe('ok 😀.txt');
  });

  it('shortens to the maximum, keeping a file extension and never splitting a surrogate pair', () => {
    const long = `${'x'.repeat(200)}.pdf`;
    expect(safeName(long, 'file')).toBe(`${'x'.repeat(MAX_NAME_LENGTH - 4)}.pdf`);
    expect(safeName(long, 'folder')).toBe('x'.repeat(MAX_NAME_LENGTH));
    const emoji = `${'😀'.repeat(100)}.docx`;
    const short = safeName(emoji, 'file', 40);
    expect(short.endsWith('.docx')).toBe(true);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(wellFormed(short)).toBe(true);
    // A cut that lands on a space or period tidies the new end.
    expect(safeName(`${'a'.repeat(9)} .${'b'.repeat(20)}`, 'folder', 11)).toBe('a'.repeat(9));
  });

  it('keeps a file extension only when it leaves room for a name', () => {
    expect(safeName(`report.${'e'.repeat(12)}`, 'file', 16)).toBe(`report.${'e'.repeat(9)}`);
  });

  it(`${SAMPLES.length} random names (unicode, emoji, lone surrogates): safe by every rule, idempotent, within the limit`, () => {
    const failures: string[] = [];
    for (const raw of SAMPLES) {
      for (const kind of ['file', 'folder'] as const) {
        for (const max of [MAX_NAME_LENGTH, 100, 40, 16]) {
          const safe = safeName(raw, kind, max);
          const problem =
            breaksSharePointRule(safe, kind) ??
            (safe.length > max ? 'too long' : null) ??
            (safe !== safe.normalize('NFC') ? 'not NFC' : null) ??
            (safeName(safe, kind, max) !== safe ? 'not idempotent' : null) ??
            (isSafeName(safe, kind, max) ? null : 'isSafeName refuses it');
          if (problem)
            failures.push(`${JSON.stringify(raw)} (${kind}, ${max}) → ${JSON.stringify(safe)}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('isSafeName', () => {
  it('accepts safe names and refuses everything safeName would change', () => {
    expect(isSafeName('report.pdf', 'file')).toBe(true);
    expect(isSafeName('MH-2026-00012 - Pothole on Mill Lane', 'folder')).toBe(true);
    for (const unsafe of [
      '',
      'a:b.pdf',
      'CON',
      'con.txt',
      ' trailing ',
      '~$x',
      'x_vti_y',
      'dot.',
      'a#b',
      'tab\tx',
    ]) {
      expect(isSafeName(unsafe, 'file')).toBe(false);
    }
    expect(isSafeName('Cafe\u0301', 'folder')).toBe(false);
    expect(isSafeName('x'.repeat(MAX_NAME_LENGTH), 'folder')).toBe(true);
    expect(isSafeName('x'.repeat(MAX_NAME_LENGTH + 1), 'folder')).toBe(false);
  });
});

describe('conflictName', () => {
  it('numbers a clash before the extension, from 2; 1 (or less) is the name itself', () => {
    expect(conflictName('report.pdf', 1)).toBe('report.pdf');
    expect(conflictName('report.pdf', 0)).toBe('report.pdf');
    expect(conflictName('report.pdf', 2)).toBe('report (2).pdf');
    expect(conflictName('report.pdf', 3)).toBe('report (3).pdf');
    expect(conflictName('archive.tar.gz', 2)).toBe('archive.tar (2).gz');
    expect(conflictName('notes', 12)).toBe('notes (12)');
    expect(conflictName('.profile', 2)).toBe('.profile (2)');
    expect(conflictName('Minutes 3.5 final', 2)).toBe('Minutes 3.5 final (2)');
  });

  it('gives safe names for safe input', () => {
    for (const name of ['report.pdf', 'notes', '.profile', 'x'.repeat(MAX_NAME_LENGTH)]) {
      expect(breaksSharePointRule(conflictName(name, 99), 'file')).toBeNull();
    }
  });
});

describe('path lengths', () => {
  const segmentsOfLength = (total: number): string[] => {
    // Segments under SHAREPOINT_ROOT whose decoded path (root, slashes and all) is exactly `total` long.
    const segments: string[] = [];
    let length = SHAREPOINT_ROOT.length;
    while (total - length > 101) {
      segments.push('f'.repeat(100));
      length += 101;
    }
    segments.push('g'.repeat(total - length - 1));
    return segments;
  };

  it('measures the decoded path from the root, slashes included, ignoring a trailing slash on the root', () => {
    expect(decodedPathLength(SHAREPOINT_ROOT, ['a', 'b.pdf'])).toBe(`${SHAREPOINT_ROOT}/a/b.pdf`.length);
    expect(decodedPathLength(`${SHAREPOINT_ROOT}//`, ['a'])).toBe(`${SHAREPOINT_ROOT}/a`.length);
    expect(decodedPathLength('', ['a', 'b.pdf'])).toBe('/a/b.pdf'.length);
    expect(decodedPathLength(SHAREPOINT_ROOT, segmentsOfLength(250))).toBe(250);
  });

  it('fitsPath leaves room for a " (99)" suffix: true at 400 with the suffix, false one character later', () => {
    const folder = segmentsOfLength(300);
    const fits = 'n'.repeat(MAX_DECODED_PATH - ' (99)'.length - 301);
    expect(decodedPathLength(SHAREPOINT_ROOT, [...folder, fits]) + 5).toBe(MAX_DECODED_PATH);
    expect(fitsPath(SHAREPOINT_ROOT, folder, fits)).toBe(true);
    expect(fitsPath(SHAREPOINT_ROOT, folder, `${fits}n`)).toBe(false);
    // The local store's empty root gives the same names the same room, less the root's length.
    expect(fitsPath('', folder, `${fits}${'n'.repeat(SHAREPOINT_ROOT.length)}`)).toBe(true);
  });

  it('fitFileName shortens to the room left, in the case folder and in the retained area, keeping the extension', () => {
    for (const folderLength of [200, 300, 350, 370]) {
      const folder = segmentsOfLength(folderLength);
      const name = fitFileName(SHAREPOINT_ROOT, folder, `${'Letter from the council '.repeat(8)}.pdf`);
      expect(name.endsWith('.pdf')).toBe(true);
      expect(isSafeName(name, 'file', MAX_NAME_LENGTH)).toBe(true);
      expect(fitsPath(SHAREPOINT_ROOT, folder, name)).toBe(true);
      // Room under the folder, less the conflict suffix and what `Retained deleted items` adds when removed.
      const retainedExtra = 'Retained deleted items'.length - 'Member casework'.length;
      const room = Math.min(MAX_NAME_LENGTH, MAX_DECODED_PATH - 5 - retainedExtra - folderLength - 1);
      expect(name.length).toBeLessThanOrEqual(room);
      expect(fitFileName(SHAREPOINT_ROOT, folder, `${'x'.repeat(300)}.pdf`)).toBe(
        `${'x'.repeat(room - 4)}.pdf`,
      );
    }
  });

  it('fitFileName leaves a name that fits as it is, and never goes below 16 characters', () => {
    expect(fitFileName(SHAREPOINT_ROOT, ['Member casework'], 'report.pdf')).toBe('report.pdf');
    const deep = segmentsOfLength(390);
    expect(fitFileName(SHAREPOINT_ROOT, deep, `${'z'.repeat(40)}.pdf`)).toHaveLength(16);
  });
});

describe('folder layout', () => {
  const owner = { id: 'm-0042', name: 'Cllr Jane Smith' };

  it('member casework: <Member name> (<id>) under Member casework; MP enquiries for an MP', () => {
    expect(memberFolderName(owner)).toBe('Cllr Jane Smith (m-0042)');
    expect(memberFolderSegments(owner)).toEqual([MEMBER_CASEWORK_FOLDER, 'Cllr Jane Smith (m-0042)']);
    expect(memberFolderSegments(null)).toEqual(['Member casework', 'MP enquiries']);
    expect(MP_ENQUIRIES_FOLDER).toBe('MP enquiries');
  });

  it('a member folder is safe, keeps the id when the name is long, and two members of one name differ', () => {
    const long = memberFolderName({ id: 'm-0099', name: `  ${'Sir Reginald '.repeat(10)}` });
    expect(long.endsWith(' (m-0099)')).toBe(true);
    expect(isSafeName(long, 'folder')).toBe(true);
    expect(memberFolderName({ id: 'm-7', name: 'A: B / C.' })).toBe('A- B - C. (m-7)');
    expect(memberFolderName({ id: 'm-1', name: 'Sam Lee' })).not.toBe(
      memberFolderName({ id: 'm-2', name: 'Sam Lee' }),
    );
  });

  it('case folder: <Case ref> - <title>, safe and at most 100 characters', () => {
    const c = { ref: 'MH-2026-00012', title: 'Pothole on Mill Lane: "urgent"?' };
    expect(caseFolderName(c)).toBe('MH-2026-00012 - Pothole on Mill Lane- -urgent--');
    expect(caseFolderSegments(owner, c)).toEqual([
      'Member casework',
      'Cllr Jane Smith (m-0042)',
      'MH-2026-00012 - Pothole on Mill Lane- -urgent--',
    ]);
    expect(caseFolderSegments(null, c).slice(0, 2)).toEqual(['Member casework', 'MP enquiries']);
    const long = caseFolderName({ ref: 'MH-2026-00013', title: 'Word '.repeat(40) });
    expect(long.startsWith('MH-2026-00013 - Word')).toBe(true);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(isSafeName(long, 'folder', 100)).toBe(true);
  });

  it('legacy papers: <member folder>/Legacy papers/<year>', () => {
    expect(legacyPapersSegments(owner, 1998)).toEqual([
      'Member casework',
      'Cllr Jane Smith (m-0042)',
      'Legacy papers',
      '1998',
    ]);
  });

  it('retained deleted items mirror the case folder under Retained deleted items', () => {
    const caseSegments = caseFolderSegments(owner, { ref: 'MH-2026-00012', title: 'Pothole' });
    expect(retainedDeletedSegments(caseSegments)).toEqual([
      RETAINED_DELETED_FOLDER,
      'Cllr Jane Smith (m-0042)',
      'MH-2026-00012 - Pothole',
    ]);
    expect(RETAINED_DELETED_FOLDER).toBe('Retained deleted items');
  });

  it('the deepest layout path leaves room under SharePoint’s 400-character limit for a long file name', () => {
    const longOwner = { id: 'm-12345678', name: 'N'.repeat(200) };
    const segments = retainedDeletedSegments(
      caseFolderSegments(longOwner, { ref: 'MH-2026-99999', title: 'T'.repeat(300) }),
    );
    const name = fitFileName(SHAREPOINT_ROOT, segments, `${'D'.repeat(300)}.pdf`);
    expect(name.length).toBe(MAX_NAME_LENGTH);
    expect(fitsPath(SHAREPOINT_ROOT, segments, name)).toBe(true);
  });
});
