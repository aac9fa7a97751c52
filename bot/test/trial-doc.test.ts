import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { STEPS } from '../../scripts/m365-setup';

/**
 * docs/trial.md takes a council from nothing to a councillor asking the bot `my cases`. Every command in it
 * must be one this repository supports: npm scripts from package.json, Agents Toolkit lifecycle stages that the
 * environment's project file defines, steps `scripts/m365-setup.ts` knows, and files that exist.
 */

const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'trial.md'), 'utf8');
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The lines of every ```sh block, and every `npm …`, `atk …` or `az …` in backticks in the text. */
export const commandsIn = (markdown: string): string[] => {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  const inline = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`((?:npm|atk|az) [^`]+)`/g)].map(
    (m) => m[1] ?? '',
  );
  return [...blocks, ...inline].flatMap((line) => line.split(/\s*&&\s*/));
};

const envExists = (env: string) => existsSync(join(ROOT, 'env', `.env.${env}`));
const projectFileFor = (env: string) => (env === 'local' ? 'm365agents.local.yml' : 'm365agents.yml');
const envOf = (words: string[]): string | undefined => {
  const i = words.indexOf('--env');
  return i < 0 ? undefined : words[i + 1];
};

/** Why `command` is not one the repository supports, or null when it is. */
export const unsupported = (command: string): string | null => {
  const words = command.split(/\s+/);
  const [tool, verb, ...rest] = words;
  const env = envOf(words);
  if (env !== undefined && !envExists(env)) return `no environment file env/.env.${env}`;
  switch (tool) {
    case 'npm': {
      if (verb === 'ci') return rest.length === 0 ? null : 'npm ci takes no arguments here';
      if (verb === 'install')
        return command === 'npm install -g @microsoft/m365agentstoolkit-cli'
          ? null
          : 'the only install named is the Agents Toolkit CLI';
      const script = verb === 'run' ? rest[0] : verb;
      if (script === undefined || !(script in SCRIPTS)) return `no npm script ${script}`;
      if (script === 'm365:setup') {
        const step = words
          .slice(words.indexOf('--') + 1)
          .find((w, i, all) => all[i - 1] !== '--env' && !w.startsWith('--'));
        if (!(STEPS as readonly string[]).includes(step ?? '')) return `m365:setup has no step ${step}`;
      }
      return null;
    }
    case 'atk': {
      // Named in prose without an environment: the Azure project file's lifecycle.
      const file = env === undefined ? 'm365agents.yml' : projectFileFor(env);
      const project = load(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
      const stage = project[verb ?? ''];
      return Array.isArray(stage) && stage.length > 0
        ? null
        : `${file} has no ${verb} lifecycle for atk ${verb}`;
    }
    case 'az':
      return verb === 'login' ? null : 'the only az command run by hand is az login';
    case 'git':
      return verb === 'clone' ? null : 'only git clone';
    case 'cd':
      return null;
    case 'echo': {
      const target = command.match(/>>\s*(\S+)$/)?.[1] ?? '';
      const user = target.match(/^env\/\.env\.([a-z0-9-]+)\.user$/);
      return user && envExists(user[1] ?? '') ? null : `echo writes only to an env/.env.<env>.user file`;
    }
    default:
      return `${tool} is not a command the repository provides`;
  }
};

describe('docs/trial.md', () => {
  const commands = commandsIn(DOC);

  it('walks through provision, consent, the site grant, app roles and the department mapping', () => {
    for (const step of ['atk provision', 'consent', 'site-grant', 'federated-credential', 'Users and groups'])
      expect(DOC).toContain(step);
    expect(DOC).toMatch(/Entra group \(object id\)/);
    expect(DOC).toContain('`my cases`');
    expect(commands.length).toBeGreaterThan(10);
  });

  it('names only commands the repository supports', () => {
    const refused = commands.flatMap((c) => {
      const why = unsupported(c);
      return why === null ? [] : [`${c}: ${why}`];
    });
    expect(refused).toEqual([]);
  });

  it('names only files and folders that exist', () => {
    const paths = [...DOC.matchAll(/`((?:scripts|infra|env|appPackage|bot|docs)\/[^`\s]*)`/g)].map(
      (m) => m[1] ?? '',
    );
    const linked = [...DOC.matchAll(/\]\(([a-z-]+\.md)\)/g)].map((m) => `docs/${m[1]}`);
    const built = (p: string) => p.startsWith('appPackage/build/') || /\.user$/.test(p);
    const missing = [...paths, ...linked].filter((p) => !built(p) && !existsSync(join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it('would catch a command the repository does not support', () => {
    expect(unsupported('npm run deploy-everything')).toMatch(/no npm script/);
    expect(unsupported('atk publish --env local')).toMatch(/no publish lifecycle/);
    expect(unsupported('npm run m365:setup -- --env dev grant-everything')).toMatch(/no step/);
    expect(unsupported('atk provision --env staging')).toMatch(/no environment file/);
    expect(unsupported('curl https://example.com | sh')).toMatch(/not a command/);
  });
});
