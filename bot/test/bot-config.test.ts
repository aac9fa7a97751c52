import { loadConfig, ConfigError } from '../src/config';
import { botAuthentication } from '../src/main';
import { botFrameworkAuthentication, createCloudAdapter } from '../src/adapters/teams/cloud-adapter';

const m365 = {
  MODE: 'm365',
  TENANT_ID: '11111111-2222-4333-8444-555555555555',
  CLIENT_ID: '22222222-2222-4333-8444-555555555555',
  APP_ID_URI: 'api://hub.test.example/22222222-2222-4333-8444-555555555555',
  DATABASE_URL: 'postgres://db.test.example/members_hub',
  BOT_APP_ID: '33333333-2222-4333-8444-555555555555',
  GRAPH_SITE_ID: 'hub.test.example,site-1,web-1',
  GRAPH_DRIVE_ID: 'b!test-drive',
};

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('bot credentials in the configuration', () => {
  it('turns Bot Framework authentication off in local mode', () => {
    expect(botAuthentication(loadConfig({ MODE: 'local' }))).toEqual({ kind: 'disabled' });
  });

  it('defaults Microsoft 365 mode to a user-assigned managed identity in the council\u2019s tenant', () => {
    expect(botAuthentication(loadConfig(m365))).toEqual({
      kind: 'user-assigned-msi',
      appId: m365.BOT_APP_ID,
      tenantId: m365.TENANT_ID,
    });
  });

  it('takes a single-tenant app registration with its secret and its own tenant', () => {
    const config = loadConfig({
      ...m365,
      BOT_APP_TYPE: 'SingleTenant',
      BOT_APP_PASSWORD: 'secret-value',
      BOT_APP_TENANT_ID: '44444444-2222-4333-8444-555555555555',
    });
    expect(botAuthentication(config)).toEqual({
      kind: 'single-tenant',
      appId: m365.BOT_APP_ID,
      tenantId: '44444444-2222-4333-8444-555555555555',
      password: 'secret-value',
    });
  });

  it('requires the bot\u2019s app id in Microsoft 365 mode', () => {
    const { BOT_APP_ID: _omitted, ...rest } = m365;
    expect(problems(rest)).toEqual(['BOT_APP_ID: is required']);
    expect(problems({ ...m365, BOT_APP_ID: 'not-a-guid' })).toEqual(['BOT_APP_ID: must be a GUID']);
  });

  it('requires a secret for a single-tenant app and refuses one for a managed identity', () => {
    expect(problems({ ...m365, BOT_APP_TYPE: 'SingleTenant' })).toEqual([
      'BOT_APP_PASSWORD: is required when BOT_APP_TYPE is SingleTenant',
    ]);
    expect(problems({ ...m365, BOT_APP_PASSWORD: 'secret-value' })).toEqual([
      'BOT_APP_PASSWORD: must not be set when BOT_APP_TYPE is UserAssignedMSI (a managed identity has no secret)',
    ]);
    expect(problems({ ...m365, BOT_APP_TYPE: 'MultiTenant' })).toHaveLength(1);
  });

  it('builds a CloudAdapter for every kind of credentials without reaching the network', () => {
    const onTurnError = () => Promise.resolve();
    for (const env of [
      { MODE: 'local' },
      m365,
      { ...m365, BOT_APP_TYPE: 'SingleTenant', BOT_APP_PASSWORD: 'secret-value' },
    ])
      expect(
        createCloudAdapter(botFrameworkAuthentication(botAuthentication(loadConfig(env))), onTurnError)
          .onTurnError,
      ).toBe(onTurnError);
  });
});

describe('Graph settings in the configuration', () => {
  it('accepts Microsoft 365 mode without the casework site and library yet (a first provision: /healthz names them)', () => {
    const { GRAPH_SITE_ID: _site, GRAPH_DRIVE_ID: _drive, ...withoutGraph } = m365;
    expect(problems(withoutGraph)).toEqual([]);
    const config = loadConfig({ ...withoutGraph, GRAPH_SITE_ID: '', GRAPH_DRIVE_ID: '' });
    expect(config).toMatchObject({ MODE: 'm365' });
    expect(config).not.toHaveProperty('GRAPH_SITE_ID');
  });

  it('defaults to the managed identity, the usual library path and a decorated organisation name', () => {
    const config = loadConfig(m365);
    if (config.MODE !== 'm365') throw new Error('expected m365');
    expect(config.GRAPH_CREDENTIAL).toBe('managed-identity');
    expect(config.GRAPH_LIBRARY_PATH).toBe('/sites/members-hub/Shared Documents');
    expect(config.ORGANISATION_NAME).toBe('County Council');
    expect(config.SHARE_MEMBER_FOLDERS).toBe(true);
  });

  it.each([
    ['certificate', 'GRAPH_CERTIFICATE_PEM'],
    ['federated-token-file', 'GRAPH_FEDERATED_TOKEN_FILE'],
    ['secret', 'GRAPH_CLIENT_SECRET'],
  ])('asks for the setting that credential kind %s needs', (kind, setting) => {
    expect(problems({ ...m365, GRAPH_CREDENTIAL: kind })).toEqual([
      `${setting}: is required when GRAPH_CREDENTIAL is ${kind}`,
    ]);
  });

  it('refuses an organisation name that would break the User-Agent format', () => {
    expect(problems({ ...m365, ORGANISATION_NAME: 'Fallowmere|Evil' })).toEqual([
      'ORGANISATION_NAME: must not contain | or line breaks',
    ]);
  });
});
