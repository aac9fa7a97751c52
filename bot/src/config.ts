import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/**
 * The service's configuration: the only reader of `process.env`. Validated once at start-up; a bad value
 * stops the service with a message naming the variable. Every variable is documented in `.env.example`.
 */
const port = z.coerce.number().int().min(0).max(65535);
const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * The repository's `tab/dist`, found from this module's own folder: `bot/src` under tsx and jest and
 * `bot/dist` once built are both one level below `bot/`, so the same relative path works from either.
 */
export const DEFAULT_TAB_DIST_DIR = resolve(__dirname, '..', '..', 'tab', 'dist');

const common = {
  PORT: port.default(3978),
  /** Address to listen on; loopback by default so a laptop never exposes demo data. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public base URL used in printed links and the local issuer's `iss` (defaults to http://localhost:PORT). */
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL server; when absent the embedded PGlite database under DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Where the embedded database, local documents and the local issuer's key live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** UK bank-holiday region for the working-day clock. */
  SLA_REGION: z.enum(['england-and-wales', 'scotland', 'northern-ireland']).default('england-and-wales'),
  /**
   * How often the SLA sweep records warnings, breaches and escalations, in seconds (0 turns it off). Runs
   * once per period across all instances; instances sharing a database should use the same value.
   */
  SLA_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(900),
  /**
   * How often this instance looks for Teams notifications to deliver when the outbox was empty, in
   * milliseconds (0: this instance delivers none; they wait in the outbox for another instance).
   */
  NOTIFICATION_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 100 && v <= 60_000), 'must be 0 (off) or from 100 to 60000')
    .default(2_000),
  /**
   * How often this instance looks for approved briefings to post into channels when there were none, in
   * milliseconds (0: this instance posts none). See docs/briefings.md.
   */
  BRIEFING_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 20 && v <= 60_000), 'must be 0 (off) or from 20 to 60000')
    .default(2_000),
  /** How often the briefing schedule is checked (once per period across instances); 0 turns composing off. */
  BRIEFING_SCHEDULE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(300),
  /** The largest case document accepted, in bytes (default 200 MiB); larger uploads are refused with 413. */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(250 * 1024 * 1024 * 1024)
    .default(200 * 1024 * 1024),
  // ---- Scan-ingest (docs/ingest.md) ----
  /**
   * The OCR engine: `auto` (default: the native `tesseract` command when it answers at start-up, about 1.3× as
   * fast here, else tesseract.js), `tesseract.js` (WebAssembly, English data from npm, nothing to install),
   * `tesseract` (the native command), or `document-intelligence` (Microsoft 365 mode: Azure AI Document
   * Intelligence's Read model, DOCUMENT_INTELLIGENCE_ENDPOINT).
   */
  OCR_ENGINE: z.enum(['auto', 'tesseract.js', 'tesseract', 'document-intelligence']).default('auto'),
  /** Pages this instance reads at once (default: its cores, at most 4). */
  OCR_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /** Longest one page may take before its worker is restarted, in seconds. */
  OCR_PAGE_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  /** How often this instance looks for pages and documents to process when idle, in ms (0: it processes none). */
  INGEST_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 100 && v <= 60_000), 'must be 0 (off) or from 100 to 60000')
    .default(1_000),
  /**
   * Crash tests only (bot/src/app/test-hold.ts): `filing-upload` stops every filing half-way through its upload
   * to the document store, so a test can kill the process there. Refused in Microsoft 365 mode.
   */
  INGEST_TEST_HOLD: z.enum(['filing-upload']).optional(),
  /** Azure AI Document Intelligence resource, e.g. https://<name>.cognitiveservices.azure.com (OCR_ENGINE=document-intelligence). */
  DOCUMENT_INTELLIGENCE_ENDPOINT: z.url().optional(),
  /** The built tab (`npm run build` in tab/), served under /tab; relative paths are from the working directory. */
  TAB_DIST_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_TAB_DIST_DIR)
    .transform((dir) => resolve(dir)),
};

const LocalSchema = z.object({
  MODE: z.literal('local'),
  ...common,
  /** Seed the fictional demo council when the database is empty. */
  SEED_DEMO: bool.default(true),
  /** Lifetime of tokens from the local issuer. */
  LOCAL_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
});

const M365Schema = z.object({
  MODE: z.literal('m365'),
  ...common,
  /** Entra tenant id (GUID). */
  TENANT_ID: guid,
  /** The Entra app registration's client id (GUID): the tab SSO audience. */
  CLIENT_ID: guid,
  /** The app id URI exposed for SSO, e.g. api://members.example.gov.uk/<client id>. */
  APP_ID_URI: z.string().regex(/^api:\/\/.+/, 'must start with api://'),
  DATABASE_URL: common.DATABASE_URL.unwrap(),
  /** The Azure Bot's Microsoft app id (GUID): the managed identity's client id, or the app registration's. */
  BOT_APP_ID: guid,
  /** How the bot authenticates: a user-assigned managed identity (no secret) or a single-tenant app. */
  BOT_APP_TYPE: z.enum(['UserAssignedMSI', 'SingleTenant']).default('UserAssignedMSI'),
  /** The bot identity's tenant (GUID); defaults to TENANT_ID. */
  BOT_APP_TENANT_ID: guid.optional(),
  /** SingleTenant only: the app registration's client secret (a Key Vault reference in App Service). */
  BOT_APP_PASSWORD: z.string().min(1).optional(),
  // ---- Case documents in SharePoint through Microsoft Graph (docs/m365-documents.md) ----
  /**
   * The casework site's Graph id (`GET /sites/{host}:/sites/{path}` → id). Until it and GRAPH_DRIVE_ID are set
   * the service runs without case documents and `/healthz` says so (a first `atk provision` comes before the
   * site exists: docs/trial.md).
   */
  GRAPH_SITE_ID: z.string().min(1).optional(),
  /** The document library's drive id (`GET /sites/{site-id}/drive` → id). */
  GRAPH_DRIVE_ID: z.string().min(1).optional(),
  /** The library's server-relative path; it counts towards SharePoint's 400-character path limit. */
  GRAPH_LIBRARY_PATH: z
    .string()
    .regex(/^\/[^?#]*$/, 'must be a server-relative path such as /sites/members-hub/Shared Documents')
    .default('/sites/members-hub/Shared Documents'),
  /** How the service proves itself to Entra ID for Graph, as the SSO app registration (CLIENT_ID). */
  GRAPH_CREDENTIAL: z
    .enum(['managed-identity', 'certificate', 'federated-token-file', 'secret'])
    .default('managed-identity'),
  /** managed-identity: the user-assigned identity the app registration trusts; defaults to BOT_APP_ID. */
  GRAPH_MANAGED_IDENTITY_CLIENT_ID: guid.optional(),
  /** certificate: PEM with the private key and the certificate (a Key Vault reference in App Service). */
  GRAPH_CERTIFICATE_PEM: z.string().min(1).optional(),
  /** federated-token-file: a file holding a federated token, re-read as it is renewed (workload identity). */
  GRAPH_FEDERATED_TOKEN_FILE: z.string().min(1).optional(),
  /** secret: the app registration's client secret (a Key Vault reference in App Service). For pilots. */
  GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
  /** The Graph endpoint; only a national cloud changes it. */
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/v1.0'),
  /** Entra ID's sign-in host; only a national cloud changes it. */
  GRAPH_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  /**
   * How often the directory sync reads app role assignments and group memberships from Entra ID, in seconds
   * (0 turns it off: people are then known only from their tokens). Once per period across all instances.
   */
  DIRECTORY_SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(600),
  /** The support officers' Entra group (GUID): member folders are shared with it as well as the member. */
  SUPPORT_OFFICERS_GROUP_ID: guid.optional(),
  /**
   * How SharePoint's invite names that group: its e-mail address (a Microsoft 365 group or mail-enabled
   * security group), or, for a security group without one, its alias. Invites by object id are reported to
   * fail (docs/m365-documents.md).
   */
  SUPPORT_OFFICERS_GROUP_EMAIL: z.email().max(320).optional(),
  SUPPORT_OFFICERS_GROUP_ALIAS: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a mail nickname')
    .optional(),
  /** Share each member's folder with that member (needs the site's `fullcontrol` role). */
  SHARE_MEMBER_FOLDERS: bool.default(true),
  /** The council's name, in Graph's User-Agent: NONISV|<name>|MembersHub/<version>. */
  ORGANISATION_NAME: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^|\r\n]+$/, 'must not contain | or line breaks')
    .default('County Council'),
});

const ConfigSchema = z.discriminatedUnion('MODE', [LocalSchema, M365Schema]).superRefine((cfg, ctx) => {
  if (cfg.OCR_ENGINE === 'document-intelligence') {
    if (cfg.MODE !== 'm365')
      ctx.addIssue({
        code: 'custom',
        path: ['OCR_ENGINE'],
        message: 'document-intelligence needs MODE=m365 (its managed identity)',
      });
    if (cfg.DOCUMENT_INTELLIGENCE_ENDPOINT === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['DOCUMENT_INTELLIGENCE_ENDPOINT'],
        message: 'is required when OCR_ENGINE is document-intelligence',
      });
  }
  if (cfg.MODE !== 'm365') return;
  if (cfg.INGEST_TEST_HOLD !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['INGEST_TEST_HOLD'],
      message: 'is for crash tests in local mode only',
    });
  // botbuilder asserts the same at start-up; checking here names the variable instead.
  if (cfg.BOT_APP_TYPE === 'SingleTenant' && cfg.BOT_APP_PASSWORD === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_APP_PASSWORD'],
      message: 'is required when BOT_APP_TYPE is SingleTenant',
    });
  const credentialSetting = {
    certificate: 'GRAPH_CERTIFICATE_PEM',
    'federated-token-file': 'GRAPH_FEDERATED_TOKEN_FILE',
    secret: 'GRAPH_CLIENT_SECRET',
  } as const;
  if (cfg.GRAPH_CREDENTIAL !== 'managed-identity') {
    const name = credentialSetting[cfg.GRAPH_CREDENTIAL];
    if (cfg[name] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `is required when GRAPH_CREDENTIAL is ${cfg.GRAPH_CREDENTIAL}`,
      });
  }
  if (cfg.BOT_APP_TYPE === 'UserAssignedMSI' && cfg.BOT_APP_PASSWORD !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_APP_PASSWORD'],
      message: 'must not be set when BOT_APP_TYPE is UserAssignedMSI (a managed identity has no secret)',
    });
});

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string };
export type LocalConfig = Extract<Config, { MODE: 'local' }>;

/** Thrown when the environment is invalid; its message lists every bad variable by name. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads `KEY=value` lines from an ignored env file, if there is one. Real environment variables win. */
export const readEnvFile = (path: string): Record<string, string> =>
  existsSync(path) ? (parseEnv(readFileSync(path, 'utf8')) as Record<string, string>) : {};

/** The process environment over the optional `.env` file in the working directory. */
export const environment = (envFile = '.env'): Record<string, string | undefined> => ({
  ...readEnvFile(envFile),
  ...process.env,
});

export const loadConfig = (env: Record<string, string | undefined> = environment()): Config => {
  // Empty strings mean "unset": .env files often carry `NAME=` lines.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse({ MODE: 'local', ...cleaned });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'MODE';
        const value =
          issue.code === 'invalid_union'
            ? 'must be "local" or "m365"'
            : issue.code === 'invalid_type' && !(name in cleaned)
              ? 'is required'
              : issue.message;
        return `${name}: ${value}`;
      }),
    );
  }
  const cfg = parsed.data;
  return { ...cfg, publicUrl: (cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/$/, '') };
};
