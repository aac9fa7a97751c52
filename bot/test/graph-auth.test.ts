import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateCredential,
  createGraphAuth,
  tokenFileAssertion,
  type GraphAuthOptions,
  type GraphCredential,
} from '../src/adapters/graph/graph-auth';
import { startGraphSimulation, type GraphSimulation } from './support/graph-sim';

/**
 * Every way the service proves itself to Entra ID, through real MSAL (msal-node) against the simulation's
 * token endpoint: client secret, certificate, a federated token file, and a managed identity used as a
 * federated credential; and the on-behalf-of flow for delegated calls. Tokens are checked by what the
 * simulation recorded having issued.
 */

const TLS = join(__dirname, 'support', 'tls');
const CERT_PEM = readFileSync(join(TLS, 'client-credential.pem'), 'utf8');
const KEY_PEM = readFileSync(join(TLS, 'client-credential.key'), 'utf8');

const SECRET_APP = '1a1a1a1a-0000-4000-8000-000000000001';
const CERT_APP = '1a1a1a1a-0000-4000-8000-000000000002';
const FILE_APP = '1a1a1a1a-0000-4000-8000-000000000003';
const MI_APP = '1a1a1a1a-0000-4000-8000-000000000004';
const MI_CLIENT_ID = '2b2b2b2b-0000-4000-8000-000000000001';
const MI_PRINCIPAL_ID = '2b2b2b2b-0000-4000-8000-0000000000aa';
const TENANT = '0f0f0f0f-0000-4000-8000-00000000000f';
const WORKLOAD_ISSUER = 'https://oidc.aks.example.test/00000000-0000-0000-0000-000000000000/';
const WORKLOAD_SUBJECT = 'system:serviceaccount:members-hub:bot';

/** An unsigned JWT: the simulation checks a federated assertion's iss, sub and aud, as the docs describe. */
const federatedJwt = (
  iss: string,
  sub: string,
  aud = 'api://AzureADTokenExchange',
  lifetime = 3600,
): string => {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${part({ iss, sub, aud, iat: now, nbf: now, exp: now + lifetime, jti: randomUUID() })}.c2ln`;
};

let sim: GraphSimulation;
let dir: string;

beforeAll(async () => {
  sim = await startGraphSimulation({
    tenantId: TENANT,
    clients: [
      {
        clientId: SECRET_APP,
        secrets: ['right-secret'],
        applicationPermissions: ['Sites.Selected'],
        delegatedPermissions: ['Mail.Read', 'User.Read', 'Files.ReadWrite'],
      },
      {
        clientId: CERT_APP,
        certificates: [{ certificatePem: CERT_PEM }],
        applicationPermissions: ['Sites.Selected'],
      },
      {
        clientId: FILE_APP,
        federatedCredentials: [{ issuer: WORKLOAD_ISSUER, subject: WORKLOAD_SUBJECT }],
        applicationPermissions: ['Sites.Selected'],
      },
      {
        clientId: MI_APP,
        federatedCredentials: [
          { issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, subject: MI_PRINCIPAL_ID },
        ],
        applicationPermissions: ['Sites.Selected'],
      },
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'graph-auth-'));
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => sim.requests.clear());

const authFor = (clientId: string, credential: GraphCredential, extra: Partial<GraphAuthOptions> = {}) =>
  createGraphAuth({
    tenantId: sim.tenantId,
    clientId,
    credential,
    authorityHost: sim.loginBaseUrl,
    knownAuthorities: [new URL(sim.url).host],
    networkClient: sim.msalNetworkClient,
    ...extra,
  });

const tokenRequests = () =>
  sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));
const issuedFor = (accessToken: string) => {
  const jti = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'))
    .jti as string;
  return sim.state.tokens().find((t) => t.jti === jti);
};

describe('application tokens through MSAL', () => {
  it('client secret: a Graph token for the app, kept in MSAL cache', async () => {
    const auth = authFor(SECRET_APP, { kind: 'secret', clientSecret: 'right-secret' });
    const [first, second] = await Promise.all([auth.appToken(), auth.appToken()]);
    const third = await auth.appToken();
    expect(first).toBe(second);
    expect(third).toBe(first);
    expect(tokenRequests()).toHaveLength(1);
    expect(issuedFor(first)).toMatchObject({
      kind: 'app',
      appId: SECRET_APP,
      roles: ['Sites.Selected'],
      audience: 'https://graph.microsoft.com',
    });
  });

  it('asks for a new token before the cached one expires', async () => {
    sim.state.setTokenLifetime(120); // inside MSAL's five-minute refresh window
    try {
      const auth = authFor(SECRET_APP, { kind: 'secret', clientSecret: 'right-secret' });
      const first = await auth.appToken();
      const second = await auth.appToken();
      expect(second).not.toBe(first);
      expect(tokenRequests()).toHaveLength(2);
    } finally {
      sim.state.setTokenLifetime(3600);
    }
  });

  it('a wrong secret is a typed refusal carrying Entra’s error code', async () => {
    const auth = authFor(SECRET_APP, { kind: 'secret', clientSecret: 'wrong' });
    await expect(auth.appToken()).rejects.toMatchObject({
      name: 'DocumentStoreError',
      code: 'forbidden',
      details: { storeCode: 'invalid_client' },
    });
  });

  it('certificate: MSAL signs the assertion with the key from one PEM (key and certificate together)', async () => {
    const auth = authFor(CERT_APP, { kind: 'certificate', pem: `${KEY_PEM}\n${CERT_PEM}` });
    const token = await auth.appToken();
    expect(issuedFor(token)).toMatchObject({ kind: 'app', appId: CERT_APP });
    const body = tokenRequests()[0];
    expect(body).toBeDefined();
  });

  it('certificate: the thumbprint is the certificate’s SHA-256 and the key must match it', () => {
    const credential = certificateCredential(`${CERT_PEM}\n${KEY_PEM}`);
    expect(credential.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(credential.privateKey).toContain('-----BEGIN PRIVATE KEY-----');
    expect(credential.x5c).toContain('-----BEGIN CERTIFICATE-----');
    const otherKey = readFileSync(join(TLS, 'server.key'), 'utf8');
    expect(() => certificateCredential(`${otherKey}\n${CERT_PEM}`)).toThrow(/does not belong/);
    expect(() => certificateCredential(CERT_PEM)).toThrow(/private key and its certificate/);
  });

  it('federated token file: the token in the file is the assertion', async () => {
    const file = join(dir, 'azure-identity-token');
    writeFileSync(file, federatedJwt(WORKLOAD_ISSUER, WORKLOAD_SUBJECT));
    const auth = authFor(FILE_APP, { kind: 'federated-token-file', path: file });
    const token = await auth.appToken();
    expect(issuedFor(token)).toMatchObject({ kind: 'app', appId: FILE_APP });
  });

  it('federated token file: read again when the platform renews it', async () => {
    const file = join(dir, 'renewed-token');
    writeFileSync(file, 'first-token\n');
    const assertion = tokenFileAssertion(file);
    expect(await assertion({ clientId: FILE_APP })).toBe('first-token');
    writeFileSync(file, 'second-token-longer\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(await assertion({ clientId: FILE_APP })).toBe('second-token-longer');
  });

  describe('managed identity as a federated credential', () => {
    let msi: Server;
    const seen: Array<{ url: string; header: string | undefined }> = [];
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

    beforeAll(async () => {
      // App Service's managed identity endpoint (IDENTITY_ENDPOINT + X-IDENTITY-HEADER), as MSAL calls it.
      msi = createServer((req, res) => {
        seen.push({ url: req.url ?? '', header: req.headers['x-identity-header'] as string | undefined });
        const url = new URL(req.url ?? '/', 'http://msi');
        const now = Math.floor(Date.now() / 1000);
        const ok = url.searchParams.get('client_id') === MI_CLIENT_ID;
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? {
                  access_token: federatedJwt(
                    `https://login.microsoftonline.com/${sim.tenantId}/v2.0`,
                    MI_PRINCIPAL_ID,
                    url.searchParams.get('resource') ?? '',
                  ),
                  expires_on: String(now + 3600),
                  resource: url.searchParams.get('resource'),
                  token_type: 'Bearer',
                  client_id: MI_CLIENT_ID,
                }
              : { error: 'invalid_request', error_description: 'unknown identity' },
          ),
        );
      });
      await new Promise<void>((resolve) => msi.listen(0, '127.0.0.1', resolve));
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(msi.address() as AddressInfo).port}/msi/token`;
      process.env.IDENTITY_HEADER = 'identity-header-secret';
    });

    afterAll(async () => {
      if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
      else process.env.IDENTITY_ENDPOINT = saved.endpoint;
      if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
      else process.env.IDENTITY_HEADER = saved.header;
      await new Promise<void>((resolve) => msi.close(() => resolve()));
    });

    it('gets the identity a token for api://AzureADTokenExchange and presents it as the client assertion', async () => {
      const auth = authFor(MI_APP, { kind: 'managed-identity', managedIdentityClientId: MI_CLIENT_ID });
      const token = await auth.appToken();
      expect(issuedFor(token)).toMatchObject({ kind: 'app', appId: MI_APP });
      expect(seen).toHaveLength(1);
      const asked = new URL(seen[0]?.url ?? '', 'http://msi');
      expect(asked.searchParams.get('resource')).toBe('api://AzureADTokenExchange');
      expect(asked.searchParams.get('client_id')).toBe(MI_CLIENT_ID);
      expect(seen[0]?.header).toBe('identity-header-secret');
      const form = tokenRequests();
      expect(form).toHaveLength(1);
    });
  });
});

describe('on behalf of a person', () => {
  it('exchanges the person’s SSO token for a delegated Mail.Read token, cached per person', async () => {
    const auth = authFor(SECRET_APP, { kind: 'secret', clientSecret: 'right-secret' });
    const oid = randomUUID();
    const sso = sim.issueToken({
      kind: 'user',
      oid,
      upn: 'cllr@example.test',
      audience: SECRET_APP,
      scopes: ['access_as_user'],
    });
    const token = await auth.onBehalfOfToken(sso, ['https://graph.microsoft.com/Mail.Read']);
    expect(await auth.onBehalfOfToken(sso, ['https://graph.microsoft.com/Mail.Read'])).toBe(token);
    expect(tokenRequests()).toHaveLength(1);
    expect(issuedFor(token)).toMatchObject({ kind: 'user', oid, scopes: ['Mail.Read'], appId: SECRET_APP });
  });

  it('asks Entra ID again when told the cached delegated token was refused (fresh), and caches the new one', async () => {
    const auth = authFor(SECRET_APP, { kind: 'secret', clientSecret: 'right-secret' });
    const sso = sim.issueToken({
      kind: 'user',
      oid: randomUUID(),
      audience: SECRET_APP,
      scopes: ['access_as_user'],
    });
    const scopes = ['https://graph.microsoft.com/Files.ReadWrite'];
    const first = await auth.onBehalfOfToken(sso, scopes);
    const renewed = await auth.onBehalfOfToken(sso, scopes, true);
    expect(renewed).not.toBe(first);
    expect(tokenRequests()).toHaveLength(2);
    expect(await auth.onBehalfOfToken(sso, scopes)).toBe(renewed);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('a scope without consent is a typed refusal', async () => {
    const auth = authFor(SECRET_APP, { kind: 'secret', clientSecret: 'right-secret' });
    const sso = sim.issueToken({ kind: 'user', oid: randomUUID(), audience: SECRET_APP });
    await expect(auth.onBehalfOfToken(sso, ['https://graph.microsoft.com/Mail.Send'])).rejects.toMatchObject({
      code: 'forbidden',
      details: { storeCode: 'invalid_grant' },
    });
  });
});
