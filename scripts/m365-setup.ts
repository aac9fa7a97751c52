/**
 * `npm run m365:setup -- --env <name> <step>`: the tenant steps `atk provision` cannot do, for one Agents
 * Toolkit environment (docs/trial.md). Reads env/.env.<name> and env/.env.<name>.user as `npm run package`
 * does, and runs the Azure CLI (`az`, signed in with `az login` as an administrator of the tenant).
 *
 * Steps (each safe to run again: it checks before it changes anything):
 * - `consent`: grants admin consent for the Graph permissions the SSO app registration asks for
 *   (infra/entra/aad.manifest.json).
 * - `federated-credential`: makes the SSO app registration trust the service's managed identity, so the
 *   service gets Graph tokens with no secret (GRAPH_CREDENTIAL=managed-identity; Azure environments only).
 * - `site-grant [--fullcontrol]`: gives the app the casework site under Sites.Selected: `write` (filing), then
 *   raised to `fullcontrol` with `--fullcontrol` (sharing members' folders). Graph refuses a POST with
 *   `fullcontrol`, so it grants `write` and then PATCHes the role
 *   (https://learn.microsoft.com/graph/api/site-post-permissions, site-update-permission). The request needs
 *   Sites.FullControl.All; if az's token lacks it, the step prints the two requests for Graph Explorer.
 * - `check`: reads the service's /healthz and prints what is still to be set up.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { environmentValues } from './package-app';

const GRAPH = 'https://graph.microsoft.com/v1.0';

export type Az = (args: string[]) => string;

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

export const STEPS = ['consent', 'federated-credential', 'site-grant', 'check'] as const;
export type Step = (typeof STEPS)[number];

export interface SetupOptions {
  env: string;
  envDir?: string;
  fullControl?: boolean;
  /** Values that win over the env files (tests pass `{}`). */
  overrides?: Record<string, string | undefined>;
  /** The Azure CLI; by default `az` on PATH. */
  az?: Az;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

const defaultAz: Az = (args) =>
  execFileSync('az', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The value of `name`, or a SetupError saying where it comes from. */
const need = (values: Record<string, string>, name: string, from: string): string => {
  const value = values[name];
  if (!value) throw new SetupError(`${name} has no value in env/.env.<env>: ${from}.`);
  return value;
};

const json = <T>(text: string): T => JSON.parse(text === '' ? 'null' : text) as T;

interface SitePermission {
  id: string;
  roles?: string[];
  grantedToIdentities?: { application?: { id?: string } }[];
  grantedToIdentitiesV2?: { application?: { id?: string } }[];
}

export const runSetup = async (step: Step, options: SetupOptions): Promise<void> => {
  const values = environmentValues(
    options.env,
    options.envDir ?? resolve(__dirname, '..', 'env'),
    options.overrides,
  );
  const az = options.az ?? defaultAz;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clientId = () => need(values, 'AAD_APP_CLIENT_ID', 'written by `atk provision`');

  switch (step) {
    case 'consent': {
      az(['ad', 'app', 'permission', 'admin-consent', '--id', clientId()]);
      log(`Admin consent granted for ${clientId()}.`);
      return;
    }
    case 'federated-credential': {
      const objectId = need(values, 'AAD_APP_OBJECT_ID', 'written by `atk provision`');
      const tenantId = need(values, 'AAD_APP_TENANT_ID', 'written by `atk provision`');
      const subject = need(
        values,
        'MANAGED_IDENTITY_PRINCIPAL_ID',
        'written by `atk provision` from infra/main.bicep (Azure environments only; locally GRAPH_CREDENTIAL is secret)',
      );
      const name = 'members-hub-managed-identity';
      const existing = json<{ name: string; subject: string }[]>(
        az(['ad', 'app', 'federated-credential', 'list', '--id', objectId, '--output', 'json']),
      );
      const same = existing?.find((c) => c.name === name);
      if (same?.subject === subject) {
        log(`The app registration already trusts the managed identity ${subject}.`);
        return;
      }
      if (same)
        az([
          'ad',
          'app',
          'federated-credential',
          'delete',
          '--id',
          objectId,
          '--federated-credential-id',
          name,
        ]);
      az([
        'ad',
        'app',
        'federated-credential',
        'create',
        '--id',
        objectId,
        '--parameters',
        JSON.stringify({
          name,
          issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
          subject,
          audiences: ['api://AzureADTokenExchange'],
          description: "Members' Hub service (App Service managed identity) reading Graph as this app",
        }),
      ]);
      log(`The app registration now trusts the managed identity ${subject}.`);
      return;
    }
    case 'site-grant': {
      const siteId = need(values, 'GRAPH_SITE_ID', 'set it to the casework site id (docs/trial.md, step 5)');
      const app = clientId();
      const url = `${GRAPH}/sites/${siteId}/permissions`;
      const rest = (method: string, target: string, body?: unknown) =>
        az([
          'rest',
          '--method',
          method,
          '--url',
          target,
          ...(body === undefined
            ? []
            : ['--headers', 'Content-Type=application/json', '--body', JSON.stringify(body)]),
        ]);
      try {
        const listed = json<{ value: SitePermission[] }>(rest('get', url));
        const mine = listed?.value.find((p) =>
          [...(p.grantedToIdentitiesV2 ?? []), ...(p.grantedToIdentities ?? [])].some(
            (g) => g.application?.id === app,
          ),
        );
        const granted =
          mine ??
          json<SitePermission>(
            rest('post', url, {
              roles: ['write'],
              grantedToIdentities: [{ application: { id: app, displayName: "Members' Hub" } }],
            }),
          );
        log(`The app has ${(granted.roles ?? ['write']).join(', ')} on the site (permission ${granted.id}).`);
        if (options.fullControl && !(granted.roles ?? []).includes('fullcontrol')) {
          rest('patch', `${url}/${granted.id}`, { roles: ['fullcontrol'] });
          log('Raised to fullcontrol: members\u2019 folders can be shared.');
        }
      } catch (error) {
        if (error instanceof SetupError) throw error;
        throw new SetupError(
          [
            'Graph refused the site grant with az\u2019s token (it needs Sites.FullControl.All and a SharePoint administrator).',
            'Make the same requests in Graph Explorer, signed in as a SharePoint administrator:',
            `  POST ${url}`,
            `  {"roles":["write"],"grantedToIdentities":[{"application":{"id":"${app}","displayName":"Members' Hub"}}]}`,
            ...(options.fullControl
              ? [`  PATCH ${url}/<id from the answer>`, '  {"roles":["fullcontrol"]}']
              : []),
          ].join('\n'),
        );
      }
      return;
    }
    case 'check': {
      const endpoint = need(values, 'BOT_ENDPOINT', 'written by `atk provision` (or the dev tunnel locally)');
      const response = await (options.fetch ?? fetch)(`${endpoint}/healthz`);
      const body = (await response.json()) as { status: string; setup?: { area: string; message: string }[] };
      log(`/healthz: ${response.status} ${body.status}`);
      for (const item of body.setup ?? []) log(`  still to do (${item.area}): ${item.message}`);
      if (!response.ok) throw new SetupError('The service is not healthy: see its log stream.');
      if ((body.setup ?? []).length === 0) log('Nothing left to set up.');
      return;
    }
  }
};

const parseArgs = (argv: string[]): { env: string; step: Step; fullControl: boolean } => {
  let env = 'dev';
  let step: Step | undefined;
  let fullControl = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--env') env = argv[++i] ?? '';
    else if (arg === '--fullcontrol') fullControl = true;
    else if ((STEPS as readonly string[]).includes(arg ?? '')) step = arg as Step;
    else
      throw new SetupError(
        `Unknown argument ${arg}. Steps: ${STEPS.join(', ')}; options: --env <name>, --fullcontrol.`,
      );
  }
  if (!step) throw new SetupError(`Name a step: ${STEPS.join(', ')}.`);
  if (!/^[a-z0-9-]+$/.test(env))
    throw new SetupError('--env takes an environment name such as dev or local.');
  return { env, step, fullControl };
};

if (require.main === module) {
  Promise.resolve()
    .then(() => {
      const { env, step, fullControl } = parseArgs(process.argv.slice(2));
      return runSetup(step, { env, fullControl });
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
