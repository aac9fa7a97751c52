import { htmlToText } from './html-text';

describe('htmlToText on markup from anyone', () => {
  it('keeps the words and drops tags, comments, scripts, styles and the head', () => {
    expect(
      htmlToText(
        '<html><head><title>t</title></head><body><p>Hello&nbsp;<b>world</b></p>' +
          '<script>var a = "<p>";</script><style>p{}</style><!-- note --><div>a &lt; b<br>next</div></body>',
      ),
    ).toBe('Hello world\na < b\nnext');
  });

  it('keeps a "<" that starts no tag as text', () => {
    expect(htmlToText('3 < 4 and 5 <= 6 and <3')).toBe('3 < 4 and 5 <= 6 and <3');
  });

  it('ends the text at an unclosed tag, comment or script rather than scanning on', () => {
    expect(htmlToText('kept <a href="x')).toBe('kept');
    expect(htmlToText('kept <!-- never closed <p>gone')).toBe('kept');
    expect(htmlToText('kept <script>gone <p>gone')).toBe('kept');
  });

  it('answers for a megabyte of hostile markup (the inputs that made the old patterns quadratic)', () => {
    for (const hostile of ['<'.repeat(1_000_000), '<a'.repeat(500_000), '<!--'.repeat(250_000)])
      expect(typeof htmlToText(hostile)).toBe('string');
    const literal = `x ${'<'.repeat(1_000_000)} y`;
    expect(htmlToText(literal) === literal).toBe(true);
  });
});
