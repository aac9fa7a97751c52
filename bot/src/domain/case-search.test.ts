import { caseNumberOf, parseCaseSearch } from './case-search';

describe('reading what was typed into a case search', () => {
  it.each([
    ['MH-2026-00179', 'MH-2026-00179'],
    ['  mh-2026-00179 ', 'MH-2026-00179'],
    ['mh-2026-179', 'MH-2026-00179'],
    ['2026-00179', 'MH-2026-00179'],
  ])('reads %j as exactly the reference %s', (typed, ref) => {
    expect(parseCaseSearch(typed)).toEqual({ kind: 'ref', ref });
  });

  it.each([['MH-2026-001'], ['MH-2026-0017'], ['mh-2026'], ['MH-20']])(
    'reads %j as the start of a reference',
    (typed) => {
      expect(parseCaseSearch(typed)).toEqual({ kind: 'ref-prefix', prefix: typed.toUpperCase() });
    },
  );

  it('reads words as lower-case letters and digits, every one to match, or any of them around "or"', () => {
    expect(parseCaseSearch('Zephyr  "Mill Lane" WQ1 2AB -flood')).toEqual({
      kind: 'words',
      words: ['zephyr', 'mill', 'lane', 'wq1', '2ab'],
      any: false,
      without: ['flood'],
    });
    expect(parseCaseSearch('drain or gully')).toEqual({
      kind: 'words',
      words: ['drain', 'gully'],
      any: true,
      without: [],
    });
    expect(parseCaseSearch("o'brien's *&^%")).toEqual({
      kind: 'words',
      words: ['o', 'brien', 's'],
      any: false,
      without: [],
    });
    expect(parseCaseSearch(':*&|!()')).toEqual({ kind: 'nothing' });
    expect(
      parseCaseSearch('a b c d e f g h i j').kind === 'words' && parseCaseSearch('a b c d e f g h i j'),
    ).toMatchObject({ words: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
  });

  it('takes a number of up to five digits as a case number too', () => {
    expect(parseCaseSearch('00199')).toEqual({ kind: 'words', words: ['00199'], any: false, without: [] });
    expect(caseNumberOf('00199')).toBe('00199');
    expect(caseNumberOf('199')).toBe('00199');
    expect(caseNumberOf('123456')).toBeNull();
    expect(caseNumberOf('wq1')).toBeNull();
  });
});
