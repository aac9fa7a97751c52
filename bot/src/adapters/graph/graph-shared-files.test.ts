import { shareIdOf } from './graph-shared-files';

describe('shareIdOf (Graph "Encoding sharing URLs": base64, unpadded base64url, then u!)', () => {
  it('turns + and / into - and _, drops the = padding, and prefixes u!', () => {
    // Standard base64 of this address has "+" and "=" padding.
    const url = 'https://contoso.sharepoint.com/sites/a/Shared Documents/~??>.docx';
    const standard = Buffer.from(url, 'utf8').toString('base64');
    expect(standard).toMatch(/[+/=]/);
    const expected = `u!${standard.replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
    expect(shareIdOf(url)).toBe(expected);
    expect(shareIdOf(url)).not.toMatch(/[+/=]/);
  });

  it('decodes back to the same address', () => {
    const url =
      'https://contoso-my.sharepoint.com/personal/sue_contoso_com/Documents/Microsoft Teams Chat Files/Minutes – draft.pdf';
    expect(Buffer.from(shareIdOf(url).slice(2), 'base64url').toString('utf8')).toBe(url);
  });
});
