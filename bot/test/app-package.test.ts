import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type Ajv from 'ajv';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { AppPackageError, buildAppPackage } from '../../scripts/package-app';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/generate-icons';

const ROOT = join(__dirname, '..', '..');
const APP_PACKAGE = join(ROOT, 'appPackage');

/** Every placeholder the manifest uses, with made-up values for a throw-away "test" environment. */
const TEST_ENV = `
APP_NAME_SUFFIX=" (test)"
COUNCIL_NAME=Fallowmere County Council
COUNCIL_WEBSITE_URL=https://www.fallowmere.example/
PRIVACY_URL=https://www.fallowmere.example/privacy
TERMS_OF_USE_URL=https://www.fallowmere.example/members-hub/terms
TEAMS_APP_ID=0b8d3c1e-5f2a-4c6b-9d7e-1a2b3c4d5e6f
BOT_ID=1c9e4d2f-6a3b-4d7c-8e8f-2b3c4d5e6f70
BOT_DOMAIN=members-hub-test.example
TAB_ENDPOINT=https://members-hub-test.example
TAB_DOMAIN=members-hub-test.example
`;
/** Secrets and personal values live in the ignored .user file, which wins over the committed one. */
const TEST_ENV_USER = 'AAD_APP_CLIENT_ID=2d0f5e3a-7b4c-4e8d-9f90-3c4d5e6f7081\n';

/**
 * The official schema, compiled independently of the packaging script: the Teams schemas declare JSON Schema
 * draft-04, so they need Ajv's draft-04 class (resolved through @microsoft/app-manifest, which uses it too).
 */
const officialValidator = (manifestVersion: string) => {
  const fromAppManifest = createRequire(require.resolve('@microsoft/app-manifest/package.json'));
  const schema = JSON.parse(
    readFileSync(
      fromAppManifest.resolve(`./build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`),
      'utf8',
    ),
  );
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const AjvDraft04: new (o: object) => Ajv = fromAppManifest('ajv-draft-04').default;
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  fromAppManifest('ajv-formats').default(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schema);
};

describe('the Teams app package', () => {
  let dir: string;
  let envDir: string;
  let outDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mh-app-package-'));
    envDir = join(dir, 'env');
    outDir = join(dir, 'build');
    mkdirSync(envDir);
    writeFileSync(join(envDir, '.env.test'), TEST_ENV);
    writeFileSync(join(envDir, '.env.test.user'), TEST_ENV_USER);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = () => buildAppPackage({ env: 'test', envDir, outDir, overrides: {} });

  const unzip = async (zipPath: string) => {
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    const png = async (name: string) => PNG.sync.read(await zip.file(name)!.async('nodebuffer'));
    return { zip, manifest, png };
  };

  it('zips the filled manifest and both icons as appPackage.<env>.zip', async () => {
    const built = await build();

    expect(built.zipPath).toBe(join(outDir, 'appPackage.test.zip'));
    const { zip, manifest } = await unzip(built.zipPath);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.id).toBe('0b8d3c1e-5f2a-4c6b-9d7e-1a2b3c4d5e6f');
    expect(manifest.name.short).toBe("Members' Hub (test)");
    expect(manifest.webApplicationInfo).toEqual({
      id: '2d0f5e3a-7b4c-4e8d-9f90-3c4d5e6f7081',
      resource: 'api://members-hub-test.example/2d0f5e3a-7b4c-4e8d-9f90-3c4d5e6f7081',
    });
    // The bot and the tab share one host, listed once.
    expect(manifest.validDomains).toEqual(['members-hub-test.example']);
  });

  it('builds a manifest that validates against the official schema for its version', async () => {
    const { manifest } = await unzip((await build()).zipPath);

    const validate = officialValidator(manifest.manifestVersion);
    const valid = validate(manifest);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it('declares the bot, its commands, the message extension commands and the personal tab', async () => {
    const { manifest } = await unzip((await build()).zipPath);

    const [bot] = manifest.bots;
    expect(bot.botId).toBe('1c9e4d2f-6a3b-4d7c-8e8f-2b3c4d5e6f70');
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    const personal = bot.commandLists.find((l: any) => l.scopes.includes('personal'));
    expect(personal.commands.map((c: any) => c.title)).toEqual([
      'help',
      'my cases',
      'status',
      'new case',
      'follow up',
    ]);
    // Casework is personal: shared scopes only advertise help, so no case detail is invited into a channel.
    const shared = bot.commandLists.find((l: any) => l.scopes.includes('team'));
    expect(shared.commands.map((c: any) => c.title)).toEqual(['help']);

    const [extension] = manifest.composeExtensions;
    expect(extension.botId).toBe(bot.botId);
    const byId = Object.fromEntries(extension.commands.map((c: any) => [c.id, c]));
    expect(byId.searchCases).toMatchObject({ type: 'query' });
    expect(byId.fileToCase).toMatchObject({ type: 'action', context: ['message'], fetchTask: true });

    const tab = manifest.staticTabs.find((t: any) => t.entityId === 'my-cases');
    expect(tab).toMatchObject({ contentUrl: 'https://members-hub-test.example/tab/', scopes: ['personal'] });
  });

  it('ships a 192×192 full-colour icon and a 32×32 white-on-transparent outline icon', async () => {
    const { png } = await unzip((await build()).zipPath);
    const color = await png('color.png');
    const outline = await png('outline.png');

    expect([color.width, color.height]).toEqual([192, 192]);
    const centre = (96 * 192 + 20) * 4; // inside the background, left of the letters
    const [r, g, b, a] = color.data.subarray(centre, centre + 4);
    expect(a).toBe(255);
    expect(new Set([r, g, b]).size).toBeGreaterThan(1); // a colour, not a grey

    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3]!;
      if (alpha === 0) transparent += 1;
      else {
        expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
        if (alpha === 255) opaque += 1;
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(150);
    for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) expect(outline.data[corner * 4 + 3]).toBe(0);
  });

  it('commits the icons the generator draws', () => {
    const committed = (name: string) => PNG.sync.read(readFileSync(join(APP_PACKAGE, name))).data;

    expect(committed('color.png').equals(drawColorIcon().data)).toBe(true);
    expect(committed('outline.png').equals(drawOutlineIcon().data)).toBe(true);
  });

  it('refuses to build when a placeholder has no value, naming it, and writes no zip', async () => {
    writeFileSync(join(envDir, '.env.test'), TEST_ENV.replace(/^BOT_ID=.*$/m, 'BOT_ID='));

    await expect(build()).rejects.toThrow(AppPackageError);
    await expect(build()).rejects.toThrow(/needs a value for BOT_ID\b/);
    expect(existsSync(join(outDir, 'appPackage.test.zip'))).toBe(false);
  });

  it('refuses to build when the .user file is missing a value only it provides', async () => {
    rmSync(join(envDir, '.env.test.user'));

    await expect(build()).rejects.toThrow(/needs a value for AAD_APP_CLIENT_ID\b/);
  });

  it('refuses a filled manifest that breaks the schema', async () => {
    writeFileSync(
      join(envDir, '.env.test'),
      TEST_ENV.replace(/^TEAMS_APP_ID=.*$/m, 'TEAMS_APP_ID=not-a-guid'),
    );

    await expect(build()).rejects.toThrow(/does not match the v1\.\d+ schema:\n\s+\/id must match pattern/);
    expect(existsSync(join(outDir, 'appPackage.test.zip'))).toBe(false);
  });

  it('keeps ids out of the committed manifest and env files: placeholders only', () => {
    const guid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    expect(readFileSync(join(APP_PACKAGE, 'manifest.json'), 'utf8')).not.toMatch(guid);
    for (const env of ['.env.local', '.env.dev']) {
      const values = parseEnv(readFileSync(join(ROOT, 'env', env), 'utf8')) as Record<string, string>;
      for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID']) expect(values[name]).toBe('');
      expect(Object.keys(values).filter((k) => /SECRET|PASSWORD/i.test(k))).toEqual([]);
    }
  });
});
