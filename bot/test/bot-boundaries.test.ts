import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = join(__dirname, '..', 'src');
/** The only folders that may import the Bot Framework SDK (DESIGN.md: botbuilder is end-of-life). */
const ALLOWED = [join(SRC, 'bot') + sep, join(SRC, 'adapters', 'teams') + sep];
const BOTBUILDER =
  /from ['"](botbuilder[^'"]*|botframework-[^'"]*)['"]|require\(['"](botbuilder|botframework-)/;

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('the Bot Framework SDK boundary', () => {
  it('keeps botbuilder imports inside bot/src/bot and bot/src/adapters/teams', () => {
    const outside = files(SRC)
      .filter((f) => !ALLOWED.some((dir) => f.startsWith(dir)))
      .filter((f) => BOTBUILDER.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(outside).toEqual([]);
  });
});
