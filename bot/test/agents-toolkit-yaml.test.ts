import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { loadConfig } from '../src/config';

/**
 * The Agents Toolkit project files (`m365agents.yml`, `m365agents.local.yml`) against the toolkit's own YAML
 * schema for their `version` (shipped in `@microsoft/teamsfx-core` under `resource/yaml-schema/`, kept in
 * `infra/agents-toolkit-schema/` with its source and digest), and the things the schema cannot see that made
 * the local environment unable to answer (issue 12, item 5).
 */

const ROOT = join(__dirname, '..', '..');
const SCHEMA_DIR = join(ROOT, 'infra', 'agents-toolkit-schema');

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  provision?: Step[];
  deploy?: Step[];
}

const read = (file: string): ProjectFile => load(readFileSync(join(ROOT, file), 'utf8')) as ProjectFile;

const validatorFor = (version: string) => {
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, version, 'yaml.schema.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
};

describe.each(['m365agents.yml', 'm365agents.local.yml'])('%s', (file) => {
  const project = read(file);

  it('declares the schema version it is checked against, and names that schema for editors', () => {
    expect(project.version).toBe('v1.11');
    expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.11\/yaml\.schema\.json$/m,
    );
  });

  it('validates against the Agents Toolkit\u2019s YAML schema for that version', () => {
    const validate = validatorFor(project.version);
    const valid = validate(project);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('creates every Entra app registration with its service principal, writing its object id', () => {
    const creates = (project.provision ?? []).filter((s) => s.uses === 'aadApp/create');
    expect(creates.length).toBeGreaterThan(0);
    for (const step of creates) {
      expect(step.with?.generateServicePrincipal).toBe(true);
      expect(step.writeToEnvironmentFile?.objectId).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });
});

describe('the vendored schema', () => {
  it('is the file @microsoft/teamsfx-core 3.1.3 ships, byte for byte (its digest as recorded in the README)', () => {
    const readme = readFileSync(join(SCHEMA_DIR, 'README.md'), 'utf8');
    const digest = createHash('sha256')
      .update(readFileSync(join(SCHEMA_DIR, 'v1.11', 'yaml.schema.json')))
      .digest('hex');
    expect(readme).toContain(`sha256 \`${digest}\``);
  });

  it('refuses the mistakes it is there to catch: a bot app registration writing no objectId', () => {
    const validate = validatorFor('v1.11');
    const project = read('m365agents.local.yml');
    const broken = structuredClone(project);
    const bot = broken.provision?.find((s) => s.writeToEnvironmentFile?.clientId === 'BOT_ID');
    delete bot?.writeToEnvironmentFile?.objectId;
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ keyword: 'required', params: { missingProperty: 'objectId' } }),
    );
  });
});

describe('the local environment (m365agents.local.yml)', () => {
  const project = read('m365agents.local.yml');
  const envStep = (project.deploy ?? []).find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
  const envs = (envStep?.with?.envs ?? {}) as Record<string, string>;
  const committed = parseEnv(readFileSync(join(ROOT, 'env', '.env.local'), 'utf8')) as Record<string, string>;

  /**
   * The service's .env as a first `atk provision` + `atk deploy` leaves it: placeholders from the committed
   * env/.env.local as they are (the SharePoint ids still empty), the ids provision writes and the secrets in
   * env/.env.local.user made up.
   */
  const firstDeploy = (): Record<string, string> => {
    const written: Record<string, string> = {
      AAD_APP_TENANT_ID: '11111111-2222-4333-8444-555555555555',
      AAD_APP_CLIENT_ID: '22222222-2222-4333-8444-555555555555',
      BOT_ID: '33333333-2222-4333-8444-555555555555',
      BOT_ENDPOINT: 'https://abcd1234-3978.uks1.devtunnels.ms',
      TAB_DOMAIN: 'abcd1234-3978.uks1.devtunnels.ms',
      SECRET_BOT_PASSWORD: 'made-up',
      SECRET_AAD_APP_CLIENT_SECRET: 'made-up',
      SECRET_DATABASE_URL: 'postgres://hub@localhost/members_hub',
    };
    return Object.fromEntries(
      Object.entries(envs).map(([name, value]) => [
        name,
        String(value).replace(/\$\{\{(\w+)\}\}/g, (_m, v: string) => {
          const resolved = written[v] ?? committed[v];
          if (resolved === undefined) throw new Error(`${name} uses \${{${v}}}, which nothing sets`);
          return resolved;
        }),
      ]),
    );
  };

  it('gives the service a Graph credential a laptop has (the SSO app\u2019s secret), not a managed identity', () => {
    expect(envs.GRAPH_CREDENTIAL).toBe('secret');
    expect(envs.GRAPH_CLIENT_SECRET).toBe('${{SECRET_AAD_APP_CLIENT_SECRET}}');
    const sso = project.provision?.find((s) => s.writeToEnvironmentFile?.clientId === 'AAD_APP_CLIENT_ID');
    expect(sso?.with?.generateClientSecret).toBe(true);
    expect(sso?.writeToEnvironmentFile?.clientSecret).toBe('SECRET_AAD_APP_CLIENT_SECRET');
  });

  it('passes the SharePoint site and drive ids from env/.env.local, where they are declared for the council to fill in', () => {
    expect(envs.GRAPH_SITE_ID).toBe('${{GRAPH_SITE_ID}}');
    expect(envs.GRAPH_DRIVE_ID).toBe('${{GRAPH_DRIVE_ID}}');
    expect(committed).toHaveProperty('GRAPH_SITE_ID');
    expect(committed).toHaveProperty('GRAPH_DRIVE_ID');
  });

  it('writes a .env the service accepts on the first deploy, before SharePoint is set up', () => {
    const config = loadConfig(firstDeploy());
    expect(config).toMatchObject({ MODE: 'm365', GRAPH_CREDENTIAL: 'secret', BOT_APP_TYPE: 'SingleTenant' });
  });
});
