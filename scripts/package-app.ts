/**
 * `npm run package [-- --env <name>]`: builds the Teams app package for one Agents Toolkit environment.
 *
 * Reads `env/.env.<name>` and then `env/.env.<name>.user` (ignored by git; secrets and personal values),
 * with real environment variables winning, fills every `${{VAR}}` in appPackage/manifest.json, validates the
 * result against the official JSON schema for its manifest version (bundled by @microsoft/app-manifest),
 * and zips it with the two icons into `appPackage/build/appPackage.<name>.zip`. The environment defaults to
 * `local`. Any placeholder without a value stops the build with a message naming it and where to set it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import JSZip from 'jszip';

const ROOT = resolve(__dirname, '..');

/** Placeholders that may be empty, e.g. no name suffix in production. Every other one needs a value. */
export const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['APP_NAME_SUFFIX']);

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A placeholder had no value, or the filled manifest does not match its schema. */
export class AppPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppPackageError';
  }
}

export interface PackageOptions {
  /** Agents Toolkit environment name: reads env/.env.<env> and env/.env.<env>.user. */
  env: string;
  /** Folder with manifest.json and the icons (default appPackage/). */
  appPackageDir?: string;
  /** Folder with the .env.<env> files (default env/). */
  envDir?: string;
  /** Where the zip goes (default appPackage/build/). */
  outDir?: string;
  /** Values that win over the env files, e.g. process.env in CI. Tests pass `{}`. */
  overrides?: Record<string, string | undefined>;
}

export interface BuiltPackage {
  zipPath: string;
  /** The manifest as zipped, placeholders filled. */
  manifest: Record<string, unknown>;
  /** Every variable the manifest used, with the value it got. */
  values: Record<string, string>;
}

const readEnv = (path: string): Record<string, string> =>
  existsSync(path) ? (parseEnv(readFileSync(path, 'utf8')) as Record<string, string>) : {};

/** The values for one environment: env file, then its `.user` file, then the overrides. */
export const environmentValues = (
  env: string,
  envDir: string,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> => {
  const file = join(envDir, `.env.${env}`);
  if (!existsSync(file)) {
    throw new AppPackageError(
      `No environment file ${relative(ROOT, file) || file}. Known environments are the env/.env.<name> files.`,
    );
  }
  const defined = Object.fromEntries(
    Object.entries(overrides).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { ...readEnv(file), ...readEnv(join(envDir, `.env.${env}.user`)), ...defined };
};

/** Replaces every `${{VAR}}` in `text`; throws naming all placeholders that have no value. */
export const fillPlaceholders = (
  text: string,
  values: Record<string, string>,
  where: string,
): { text: string; used: Record<string, string> } => {
  const missing = new Set<string>();
  const used: Record<string, string> = {};
  const filled = text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || (value === '' && !MAY_BE_EMPTY.has(name))) {
      missing.add(name);
      return '';
    }
    used[name] = value;
    // The value lands inside a JSON string: escape it as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new AppPackageError(
      `The manifest needs a value for ${[...missing].join(', ')}, which ${missing.size === 1 ? 'is' : 'are'} ` +
        `not set in ${where}. Provision the environment with the Agents Toolkit (it writes the ids there), or ` +
        `set ${missing.size === 1 ? 'it' : 'them'} by hand; see docs/app-package.md.`,
    );
  }
  return { text: filled, used };
};

const requireFromAppManifest = createRequire(require.resolve('@microsoft/app-manifest/package.json'));

/**
 * The official schema for `manifestVersion`, as bundled by @microsoft/app-manifest. The Teams schemas
 * declare JSON Schema draft-04, so they are compiled with Ajv's draft-04 class (the one the package itself
 * uses, resolved through it) with the `uri`, `email` and `regex` formats.
 */
export const manifestSchemaValidator = (manifestVersion: string) => {
  if (!/^\d+\.\d+$/.test(manifestVersion))
    throw new AppPackageError(`Bad manifestVersion "${manifestVersion}".`);
  const schemaPath = requireFromAppManifest.resolve(
    `./build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const AjvDraft04 = (requireFromAppManifest('ajv-draft-04') as { default: new (options: object) => Ajv })
    .default;
  const addFormats = (
    requireFromAppManifest('ajv-formats') as { default: (ajv: Ajv, formats: string[]) => Ajv }
  ).default;
  // The published schemas leave `type` off some keywords; Ajv's strictTypes would reject them.
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return { validate: ajv.compile(schema), schemaPath, draft: String(schema.$schema) };
};

const describeErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');

export const buildAppPackage = async (options: PackageOptions): Promise<BuiltPackage> => {
  const appPackageDir = options.appPackageDir ?? join(ROOT, 'appPackage');
  const envDir = options.envDir ?? join(ROOT, 'env');
  const outDir = options.outDir ?? join(appPackageDir, 'build');
  if (!/^[A-Za-z0-9_-]+$/.test(options.env))
    throw new AppPackageError(`Bad environment name "${options.env}".`);

  const values = environmentValues(options.env, envDir, options.overrides);
  const template = readFileSync(join(appPackageDir, 'manifest.json'), 'utf8');
  const where = `env/.env.${options.env} or env/.env.${options.env}.user`;
  const { text, used } = fillPlaceholders(template, values, where);
  const manifest = JSON.parse(text) as Record<string, unknown>;

  // Locally the bot and the tab are one service on one host: list each domain once.
  if (Array.isArray(manifest.validDomains)) manifest.validDomains = [...new Set(manifest.validDomains)];

  const manifestVersion = String(manifest.manifestVersion);
  const { validate } = manifestSchemaValidator(manifestVersion);
  if (!validate(manifest)) {
    throw new AppPackageError(
      `The manifest for "${options.env}" does not match the v${manifestVersion} schema:\n` +
        describeErrors(validate.errors),
    );
  }

  const icons = manifest.icons as { color: string; outline: string };
  const zip = new JSZip();
  // A fixed date keeps the zip identical for identical input.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const icon of [icons.color, icons.outline])
    zip.file(icon, readFileSync(join(appPackageDir, icon)), { date });
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${options.env}.zip`);
  writeFileSync(zipPath, content);
  return { zipPath, manifest, values: used };
};

const parseArgs = (argv: string[]): { env: string } => {
  let env = 'local';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--env') env = argv[++i] ?? '';
    else if (arg.startsWith('--env=')) env = arg.slice('--env='.length);
    else throw new AppPackageError(`Unknown argument "${arg}". Usage: npm run package -- --env <name>`);
  }
  return { env };
};

if (require.main === module) {
  (async () => {
    const { env } = parseArgs(process.argv.slice(2));
    const built = await buildAppPackage({ env, overrides: process.env });
    process.stdout.write(
      `Built ${relative(process.cwd(), built.zipPath)} (manifest v${String(built.manifest.manifestVersion)}, ` +
        `app id ${String(built.manifest.id)}).\n`,
    );
  })().catch((error: unknown) => {
    process.stderr.write(
      `npm run package: ${error instanceof AppPackageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
