import { entraValidatorOptions } from './entra';

const TENANT = '6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F';
const tenant = TENANT.toLowerCase();
const CLIENT_ID = '0b7a9c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const APP_ID_URI = `api://members-hub.example.gov.uk/${CLIENT_ID}`;

describe('entraValidatorOptions', () => {
  it('accepts the v2 and v1 issuers of the council tenant only', () => {
    const options = entraValidatorOptions({ tenantId: TENANT, clientId: CLIENT_ID, appIdUri: APP_ID_URI });

    expect(options.issuers).toEqual([
      `https://login.microsoftonline.com/${tenant}/v2.0`,
      `https://sts.windows.net/${tenant}/`,
    ]);
    expect(options.tenantId).toBe(tenant);
  });

  it('accepts the client id (v2 tokens) and the application id URI (v1 tokens) as audiences', () => {
    const options = entraValidatorOptions({ tenantId: TENANT, clientId: CLIENT_ID, appIdUri: APP_ID_URI });

    expect(options.audiences).toEqual([CLIENT_ID, APP_ID_URI]);
  });

  it('requires the tab\u2019s delegated scope, so app-only tokens are refused', () => {
    const options = entraValidatorOptions({ tenantId: TENANT, clientId: CLIENT_ID, appIdUri: APP_ID_URI });

    expect(options.requiredScope).toBe('access_as_user');
    expect(options.maxLifetimeSeconds).toBe(28 * 3600);
    expect(typeof options.keys).toBe('function');
  });

  it.each(['common', 'organizations', 'council.onmicrosoft.com'])(
    'refuses the non-GUID tenant %j',
    (tenantId) => {
      expect(() => entraValidatorOptions({ tenantId, clientId: CLIENT_ID, appIdUri: APP_ID_URI })).toThrow(
        /tenantId must be the tenant GUID/,
      );
    },
  );

  it.each([
    `https://members-hub.example.gov.uk/${CLIENT_ID}`,
    'api://members-hub.example.gov.uk/11111111-2222-4333-8444-555555555555',
    'api://members-hub.example.gov.uk',
  ])('refuses the application id URI %j that does not name this app', (appIdUri) => {
    expect(() => entraValidatorOptions({ tenantId: TENANT, clientId: CLIENT_ID, appIdUri })).toThrow(
      /appIdUri/,
    );
  });
});
