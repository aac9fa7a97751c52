import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import {
  CHUNK_MULTIPLE,
  QuickXorHash,
  quickXorHash,
  SAMPLE_PDF,
  sampleMessages,
  startGraphSimulation,
  type GraphSimulation,
} from './support/graph-sim';
import { assertAllConform, checkGraphPath } from './support/graph-schema';

// The simulation over real HTTPS on 127.0.0.1, driven with a fetch that trusts the test CA, MSAL Node and the
// Graph SDK's own middleware. Nothing here talks to anything but loopback.

const TENANT = '0d1f6e2a-3c4b-4e5f-8a9b-0c1d2e3f4a5b';
const APP = '8f7e6d5c-4b3a-4291-8807-a6b5c4d3e2f1';
const SECRET = 'test-only~client~secret';
const NO_GRANT_APP = '11111111-2222-4333-8444-555555555555';
const MAIL_APP = '99999999-8888-4777-8666-555555555555';
const SITE =
  'contoso.sharepoint.com,5a58bb09-1fba-41c1-8125-69da264370a0,9f2ec1da-0be4-4a74-9254-973f0add78fd';
const DRIVE = 'b!CbtYWrofwUGBJWnaJkNwoNrBLp_kC3RKklSXPwrdeP3yH8_qmH9xT5Y6RODPNfYT';
const READ_SITE =
  'contoso.sharepoint.com,7c1f3a2b-0000-4000-8000-000000000001,7c1f3a2b-0000-4000-8000-000000000002';
const READ_DRIVE = 'b!readOnlyDrive';
const SMALL_SITE =
  'contoso.sharepoint.com,7c1f3a2b-0000-4000-8000-000000000003,7c1f3a2b-0000-4000-8000-000000000004';
const SMALL_DRIVE = 'b!smallQuotaDrive';
const USER = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const UPN = 'sam.patel@council.example.gov.uk';
const GROUP = 'c0ffee00-1111-4222-8333-444455556666';
const GROUP_EMAIL = 'casework.team@contoso.example';
const GROUP_ALIAS = 'caseworkteam';
const FEDERATED = {
  issuer: 'https://token.actions.githubusercontent.com',
  subject: 'repo:council/members-hub:environment:test',
};

const TLS = join(__dirname, 'support', 'tls');
const CLIENT_CERT = readFileSync(join(TLS, 'client-credential.pem'), 'utf8');
const CLIENT_KEY = readFileSync(join(TLS, 'client-credential.key'), 'utf8');

let sim: GraphSimulation;
let appToken: string;

interface Result {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

const call = async (
  method: string,
  pathOrUrl: string,
  options: {
    token?: string | null;
    body?: unknown;
    raw?: Buffer;
    headers?: Record<string, string>;
    redirect?: RequestRedirect;
  } = {},
): Promise<Result> => {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.graphBaseUrl}${pathOrUrl}`;
  const headers: Record<string, string> = {
    'user-agent': 'NONISV|Council|MembersHubTests/1.0',
    ...options.headers,
  };
  const token = options.token === undefined ? appToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: Uint8Array<ArrayBuffer> | string | undefined;
  if (options.raw) body = new Uint8Array(options.raw);
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await sim.fetch(url, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(options.redirect ? { redirect: options.redirect } : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, bytes };
};

const putChunk = (
  uploadUrl: string,
  data: Buffer,
  start: number,
  total: number,
  headers: Record<string, string> = {},
) =>
  call('PUT', uploadUrl, {
    token: null,
    raw: data,
    headers: { 'content-range': `bytes ${start}-${start + data.length - 1}/${total}`, ...headers },
  });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const tokenRequest = (fields: Record<string, string>, tenant = TENANT) =>
  sim.fetch(`${sim.loginBaseUrl}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(fields),
  });

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const jwt = (
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject | string | null,
): string => {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = key === null ? Buffer.from('unsigned') : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
};

const certAssertion = (
  key: KeyObject | string,
  audience = `${sim.loginBaseUrl}/${TENANT}/oauth2/v2.0/token`,
) => {
  const cert = new X509Certificate(CLIENT_CERT);
  const now = Math.floor(Date.now() / 1000);
  return jwt(
    { alg: 'RS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(cert.raw).digest('base64url') },
    { aud: audience, iss: APP, sub: APP, jti: randomUUID(), nbf: now, exp: now + 600 },
    key,
  );
};

const newFolder = async (parent: string, name: string, conflict?: string) =>
  call('POST', `/drives/${DRIVE}/items/${parent}/children`, {
    body: { name, folder: {}, ...(conflict ? { '@microsoft.graph.conflictBehavior': conflict } : {}) },
  });

const rootChildren = () => sim.state.listPath(DRIVE, '/').map((i) => i.name);

beforeAll(async () => {
  sim = await startGraphSimulation({
    tenantId: TENANT,
    clients: [
      {
        clientId: APP,
        displayName: 'Members Hub (test)',
        secrets: [SECRET],
        certificates: [{ certificatePem: CLIENT_CERT }],
        federatedCredentials: [FEDERATED],
        applicationPermissions: ['Sites.Selected'],
        delegatedPermissions: ['Mail.Read', 'User.Read'],
      },
      { clientId: NO_GRANT_APP, secrets: ['other-secret'], applicationPermissions: ['Sites.Selected'] },
      { clientId: MAIL_APP, secrets: ['mail-secret'], applicationPermissions: ['Mail.Read'] },
    ],
    sites: [
      {
        id: SITE,
        path: '/sites/members-hub',
        drives: [{ id: DRIVE, libraryPath: 'Shared Documents' }],
        grants: [{ appId: APP, roles: ['write'] }],
      },
      {
        id: READ_SITE,
        path: '/sites/archive',
        drives: [{ id: READ_DRIVE }],
        grants: [{ appId: APP, roles: ['read'] }],
      },
      {
        id: SMALL_SITE,
        path: '/sites/small',
        drives: [{ id: SMALL_DRIVE, quotaBytes: 1000 }],
        grants: [{ appId: APP, roles: ['write'] }],
      },
    ],
    mailboxes: [{ userId: USER, userPrincipalName: UPN, messages: sampleMessages() }],
    directory: {
      users: [{ id: USER, email: UPN, displayName: 'Cllr Sam Patel' }],
      groups: [{ id: GROUP, displayName: 'Casework Team', email: GROUP_EMAIL, alias: GROUP_ALIAS }],
    },
    simpleUploadLimit: 4 * 1024 * 1024,
  });
  appToken = sim.issueToken({ kind: 'app', appId: APP, roles: ['Sites.Selected'] });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.faults.clear();
  expect(sim.state.unexpectedErrors()).toEqual([]);
});

describe('QuickXorHash', () => {
  // rclone's published vectors (backend/onedrive/quickxorhash/quickxorhash_test.go): input and hash, base64.
  const vectors: Array<[string, string]> = [
    ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['Sg==', 'SgAAAAAAAAAAAAAAAQAAAAAAAAA='],
    ['tbQ=', 'taAFAAAAAAAAAAAAAgAAAAAAAAA='],
    ['0pZP', '0rDEEwAAAAAAAAAAAwAAAAAAAAA='],
    ['2fuxhBJXtpWFe8dOfdGeHw==', 'O9tHLAghgSvYohKFyMMxnNCHaHg='],
    [
      'PfxMcUd0vIW6VbHG/uj/Y0W6qEoKmyBD0nYebEKazKaKG+UaDqBEcmQjbfQeVnVLuodMoPp7P7TR1htX5n2VnkHh22xDyoJ8C/ZQKiSNqQfXvh83judf4RVr9exJCud8Uvgip6aVZTaPrJHVjQhMCp/dEnGvqg0oN5OVkM2qqAXvA0teKUDhgNM71sDBVBCGXxNOR2bpbD1iM4dnuT0ey4L+loXEHTL0fqMeUcEi2asgImnlNakwenDzz0x57aBwyq3AspCFGB1ncX4yYCr/OaCcS5OKi/00WH+wNQU3',
      'QX/YEpG0gDsmhEpCdWhsxDzsfVE=',
    ],
  ];

  it.each(vectors)('hashes %s to %s, whole and in uneven pieces', (input, expected) => {
    const data = Buffer.from(input, 'base64');
    expect(quickXorHash(data)).toBe(expected);
    const h = new QuickXorHash();
    for (let i = 0; i < data.length; i += 7) h.update(data.subarray(i, i + 7));
    expect(h.digestBase64()).toBe(expected);
  });
});

describe('the token endpoint', () => {
  it('issues an app token for a client secret, which Graph accepts', async () => {
    const res = await tokenRequest({
      client_id: APP,
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof body.access_token).toBe('string');
    expect((await call('GET', `/drives/${DRIVE}`, { token: body.access_token })).status).toBe(200);
  });

  it('refuses a wrong secret with 401 invalid_client and the AADSTS code', async () => {
    const res = await tokenRequest({
      client_id: APP,
      client_secret: 'wrong',
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret/);
  });

  it('refuses a client-credentials scope without /.default, and an unknown client', async () => {
    const scope = await tokenRequest({
      client_id: APP,
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'Files.ReadWrite.All',
    });
    expect(scope.status).toBe(400);
    expect(await scope.json()).toMatchObject({ error: 'invalid_scope' });
    const unknown = await tokenRequest({
      client_id: randomUUID(),
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('accepts a certificate assertion signed by the registered certificate, again while it is valid, and refuses another key', async () => {
    const assertion = certAssertion(CLIENT_KEY);
    const base = {
      client_id: APP,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    };
    const ok = await tokenRequest({ ...base, client_assertion: assertion });
    expect(ok.status).toBe(200);
    // MSAL reuses its signed assertion for up to ten minutes, and Entra ID accepts that.
    const again = await tokenRequest({ ...base, client_assertion: assertion });
    expect(again.status).toBe(200);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await tokenRequest({ ...base, client_assertion: certAssertion(privateKey) });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
    const wrongAudience = await tokenRequest({
      ...base,
      client_assertion: certAssertion(CLIENT_KEY, 'https://example.org/token'),
    });
    expect(wrongAudience.status).toBe(401);
  });

  it('accepts a federated credential whose issuer, subject and audience match, and refuses another subject', async () => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = (sub: string) =>
      jwt(
        { alg: 'RS256', kid: 'gh' },
        { iss: FEDERATED.issuer, sub, aud: 'api://AzureADTokenExchange', iat: now, exp: now + 300 },
        null,
      );
    const base = {
      client_id: APP,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    };
    expect((await tokenRequest({ ...base, client_assertion: assertion(FEDERATED.subject) })).status).toBe(
      200,
    );
    const other = await tokenRequest({
      ...base,
      client_assertion: assertion('repo:someone/else:ref:refs/heads/main'),
    });
    expect(other.status).toBe(401);
    expect(await other.json()).toMatchObject({ error_codes: [700213] });
  });

  it('works with MSAL Node: client secret, certificate (PS256) and on-behalf-of with delegated Mail.Read', async () => {
    const common = { authority: sim.authority, knownAuthorities: [new URL(sim.url).host] };
    const system = { networkClient: sim.msalNetworkClient };
    const withSecret = new ConfidentialClientApplication({
      auth: { clientId: APP, clientSecret: SECRET, ...common },
      system,
    });
    const app = await withSecret.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect((await call('GET', `/sites/${SITE}/drive`, { token: app?.accessToken ?? '' })).status).toBe(200);

    const thumbprintSha256 = new X509Certificate(CLIENT_CERT).fingerprint256.replace(/:/g, '');
    const withCert = new ConfidentialClientApplication({
      auth: { clientId: APP, clientCertificate: { thumbprintSha256, privateKey: CLIENT_KEY }, ...common },
      system,
    });
    const certToken = await withCert.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect((await call('GET', `/drives/${DRIVE}/root`, { token: certToken?.accessToken ?? '' })).status).toBe(
      200,
    );

    const ssoToken = sim.issueToken({
      kind: 'user',
      oid: USER,
      upn: UPN,
      scopes: ['access_as_user'],
      audience: `api://members.example.org/${APP}`,
    });
    const obo = await withSecret.acquireTokenOnBehalfOf({
      oboAssertion: ssoToken,
      scopes: ['https://graph.microsoft.com/Mail.Read'],
    });
    const mine = await call('GET', '/me/messages?$top=1', { token: obo?.accessToken ?? '' });
    expect(mine.status).toBe(200);
    expect(mine.body.value).toHaveLength(1);
    const issued = sim.state.tokens().find((t) => t.kind === 'user' && t.appId === APP);
    expect(issued).toMatchObject({ oid: USER, scopes: ['Mail.Read'] });
    // Only the sim was asked: openid configuration and token requests, no instance discovery elsewhere.
    expect(
      sim.requests.filter((r) => r.target === 'login').every((r) => r.path.startsWith(`/${TENANT}/`)),
    ).toBe(true);
  });

  it('refuses on-behalf-of for scopes the app was not consented to', async () => {
    const ssoToken = sim.issueToken({ kind: 'user', oid: USER, scopes: ['access_as_user'], audience: APP });
    const res = await tokenRequest({
      client_id: APP,
      client_secret: SECRET,
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion: ssoToken,
      scope: 'https://graph.microsoft.com/Mail.Send',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
  });
});

describe('authentication and authorisation on Graph calls', () => {
  it('answers a call without a token with 401 InvalidAuthenticationToken and the request ids', async () => {
    const res = await call('GET', `/drives/${DRIVE}/root`, {
      token: null,
      headers: { 'client-request-id': 'abc-123' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    expect(res.body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    expect(res.body.error.innerError['client-request-id']).toBe('abc-123');
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    expect(res.body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('answers an unknown and an expired token with 401', async () => {
    expect((await call('GET', `/drives/${DRIVE}`, { token: 'not-a-jwt' })).status).toBe(401);
    const shortLived = sim.issueToken({
      kind: 'app',
      appId: APP,
      roles: ['Sites.Selected'],
      lifetimeSeconds: 60,
    });
    expect((await call('GET', `/drives/${DRIVE}`, { token: shortLived })).status).toBe(200);
    sim.state.expireToken(shortLived);
    const expired = await call('GET', `/drives/${DRIVE}`, { token: shortLived });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it('needs a Sites.Selected grant on the site (403 accessDenied without), and write for writes', async () => {
    const other = sim.issueToken({ kind: 'app', appId: NO_GRANT_APP, roles: ['Sites.Selected'] });
    const denied = await call('GET', `/drives/${DRIVE}/root/children`, { token: other });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('accessDenied');
    expect((await call('GET', `/drives/${READ_DRIVE}/root/children`)).status).toBe(200);
    const write = await call('POST', `/drives/${READ_DRIVE}/items/root/children`, {
      body: { name: 'New', folder: {} },
    });
    expect(write.status).toBe(403);
    const noRole = sim.issueToken({ kind: 'app', appId: APP, roles: [] });
    expect((await call('GET', `/drives/${DRIVE}`, { token: noRole })).status).toBe(403);
  });

  it('answers an unknown segment as Graph does', async () => {
    const res = await call('GET', `/drives/${DRIVE}/items/root/childs`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'BadRequest',
      message: "Resource not found for the segment 'childs'.",
    });
  });
});

describe('folders', () => {
  it('creates (201), fails on a clash (409), renames with " 1", and replace keeps the folder and its contents (200)', async () => {
    const created = await newFolder('root', 'Member casework');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Member casework',
      folder: { childCount: 0 },
      parentReference: { driveId: DRIVE, path: `/drives/${DRIVE}/root:` },
    });
    expect(created.body.cTag).toBeUndefined();
    const child = await newFolder(created.body.id, 'MH-0001 Pothole');
    expect(child.status).toBe(201);
    expect(child.body.parentReference.path).toBe(`/drives/${DRIVE}/root:/Member casework`);

    const clash = await newFolder('root', 'member CASEWORK', 'fail');
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('nameAlreadyExists');
    const implicitFail = await newFolder('root', 'Member casework');
    expect(implicitFail.status).toBe(409);

    const renamed = await newFolder('root', 'Member casework', 'rename');
    expect(renamed.status).toBe(201);
    expect(renamed.body.name).toBe('Member casework 1');

    const replaced = await call(
      'POST',
      `/drives/${DRIVE}/items/root/children?@microsoft.graph.conflictBehavior=replace`,
      {
        body: { name: 'Member casework', folder: {} },
      },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(created.body.id);
    expect(sim.state.listPath(DRIVE, '/Member casework').map((i) => i.name)).toEqual(['MH-0001 Pothole']);
  });

  it.each([
    ['a:b', 'nameContainsInvalidCharacters'],
    ['what?', 'nameContainsInvalidCharacters'],
    ['50%', 'nameContainsInvalidCharacters'],
    ['#hash', 'nameContainsInvalidCharacters'],
    [' leading', 'invalidName'],
    ['trailing ', 'invalidName'],
    ['ends with.', 'invalidName'],
    ['~$lock', 'invalidName'],
    ['CON', 'invalidName'],
    ['lpt7', 'invalidName'],
    ['desktop.ini', 'invalidName'],
    ['my_vti_folder', 'invalidName'],
    ['forms', 'invalidName'],
  ])('refuses the folder name %j with 400 invalidRequest/%s and creates nothing', async (name, inner) => {
    const before = rootChildren();
    const res = await newFolder('root', name);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalidRequest');
    expect(res.body.error.innerError.code).toBe(inner);
    expect(rootChildren()).toEqual(before);
  });

  it('allows forms below the library root', async () => {
    const parent = await newFolder('root', 'Forms parent');
    expect((await newFolder(parent.body.id, 'forms')).status).toBe(201);
  });

  it('refuses a path longer than 400 characters (server-relative, decoded) with pathIsTooLong', async () => {
    // '/sites/members-hub/Shared Documents/' is 36 characters; 36 + 364 = 400 is allowed, 401 is not.
    const fits = await newFolder('root', 'x'.repeat(364));
    expect(fits.status).toBe(201);
    const tooLong = await newFolder('root', 'y'.repeat(365));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.innerError.code).toBe('pathIsTooLong');
    expect(sim.state.item(DRIVE, `/${'y'.repeat(365)}`)).toBeUndefined();
  });
});

describe('simple upload and download', () => {
  it('PUT by path creates (201) with Graph hashes and type, replaces by default (200), honours fail and rename', async () => {
    const first = Buffer.from('first version of the letter');
    const created = await call(
      'PUT',
      `/drives/${DRIVE}/root:/Uploads/Letter%20(1)%20%26%20notes.pdf:/content`,
      { raw: first },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Letter (1) & notes.pdf',
      size: first.length,
      file: { mimeType: 'application/pdf', hashes: { quickXorHash: quickXorHash(first) } },
    });
    expect(created.body.eTag).toMatch(/^"\{[0-9A-F-]{36}\},1"$/);
    expect(created.body.cTag).toMatch(/^"c:\{[0-9A-F-]{36}\},1"$/);

    const second = Buffer.from('second version');
    const replaced = await call(
      'PUT',
      `/drives/${DRIVE}/items/root:/Uploads/Letter%20(1)%20%26%20notes.pdf:/content`,
      { raw: second },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(created.body.id);
    expect(replaced.body.eTag).not.toBe(created.body.eTag);
    expect(replaced.body.cTag).not.toBe(created.body.cTag);

    const folderId = sim.state.item(DRIVE, '/Uploads')?.id ?? '';
    const fail = await call(
      'PUT',
      `/drives/${DRIVE}/items/${folderId}:/Letter%20(1)%20%26%20notes.pdf:/content?@microsoft.graph.conflictBehavior=fail`,
      { raw: first },
    );
    expect(fail.status).toBe(409);
    expect(fail.body.error.code).toBe('nameAlreadyExists');
    const renamed = await call(
      'PUT',
      `/drives/${DRIVE}/items/${folderId}:/Letter%20(1)%20%26%20notes.pdf:/content?@microsoft.graph.conflictBehavior=rename`,
      { raw: first },
    );
    expect(renamed.status).toBe(201);
    expect(renamed.body.name).toBe('Letter (1) & notes 1.pdf');
    expect(sim.state.fileContent(DRIVE, created.body.id).toString()).toBe('second version');

    const byId = await call('PUT', `/drives/${DRIVE}/items/${created.body.id}/content`, {
      raw: Buffer.from('third'),
    });
    expect(byId.status).toBe(200);
  });

  it('redirects content to a pre-authenticated URL on another host (302) that serves the bytes without a token', async () => {
    const data = randomBytes(1000);
    const file = await call('PUT', `/drives/${DRIVE}/root:/Downloads/photo.jpg:/content`, { raw: data });
    const redirect = await call('GET', `/drives/${DRIVE}/items/${file.body.id}/content`, {
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location.startsWith(sim.preAuthenticatedBaseUrl)).toBe(true);
    const download = await call('GET', location, { token: null });
    expect(download.status).toBe(200);
    expect(download.bytes.equals(data)).toBe(true);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const followed = await call('GET', `/drives/${DRIVE}/items/${file.body.id}/content`);
    expect(followed.bytes.equals(data)).toBe(true);
    const downloadRequest = sim.requests.filter((r) => r.target === 'download').pop();
    expect(downloadRequest?.headers.authorization).toBeUndefined();
  });

  it('refuses a simple upload over the configured limit with 413', async () => {
    const res = await call('PUT', `/drives/${DRIVE}/root:/big.bin:/content`, {
      raw: Buffer.alloc(4 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(sim.state.item(DRIVE, '/big.bin')).toBeUndefined();
  });
});

describe('upload sessions', () => {
  const session = async (path: string, conflict = 'fail', extra: Record<string, unknown> = {}) => {
    const res = await call('POST', `/drives/${DRIVE}/root:/${path}:/createUploadSession`, {
      body: { item: { '@microsoft.graph.conflictBehavior': conflict }, ...extra },
    });
    expect(res.status).toBe(200);
    expect(res.body.nextExpectedRanges).toEqual(['0-']);
    expect(res.body.uploadUrl.startsWith(`${sim.preAuthenticatedBaseUrl}/upload/`)).toBe(true);
    return res.body.uploadUrl as string;
  };

  it('uploads in 320 KiB multiples, reports progress (202), commits (201), and answers a resent range with 416', async () => {
    const data = randomBytes(2 * CHUNK_MULTIPLE + 1234);
    const url = await session('Large/Scan%2001.pdf');
    const first = await putChunk(url, data.subarray(0, CHUNK_MULTIPLE), 0, data.length);
    expect(first.status).toBe(202);
    expect(first.body.nextExpectedRanges).toEqual([`${CHUNK_MULTIPLE}-`]);
    const resend = await putChunk(url, data.subarray(0, CHUNK_MULTIPLE), 0, data.length);
    expect(resend.status).toBe(416);
    const status = await call('GET', url, { token: null });
    expect(status.body.nextExpectedRanges).toEqual([`${CHUNK_MULTIPLE}-`]);
    expect(
      (await putChunk(url, data.subarray(CHUNK_MULTIPLE, 2 * CHUNK_MULTIPLE), CHUNK_MULTIPLE, data.length))
        .status,
    ).toBe(202);
    const done = await putChunk(url, data.subarray(2 * CHUNK_MULTIPLE), 2 * CHUNK_MULTIPLE, data.length);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      name: 'Scan 01.pdf',
      size: data.length,
      file: { hashes: { quickXorHash: quickXorHash(data) } },
    });
    expect(sim.state.fileContent(DRIVE, done.body.id).equals(data)).toBe(true);
    expect((await call('GET', url, { token: null })).status).toBe(404);
  });

  it('refuses a non-final chunk that is not a multiple of 320 KiB, out-of-order chunks and a changed total', async () => {
    const url = await session('Large/odd.bin');
    const odd = await putChunk(url, randomBytes(100_000), 0, 500_000);
    expect(odd.status).toBe(400);
    expect(odd.body.error.code).toBe('invalidRange');
    const ahead = await putChunk(url, randomBytes(CHUNK_MULTIPLE), CHUNK_MULTIPLE, 5 * CHUNK_MULTIPLE);
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.innerError.code).toBe('fragmentOutOfOrder');
    expect((await putChunk(url, randomBytes(CHUNK_MULTIPLE), 0, 5 * CHUNK_MULTIPLE)).status).toBe(202);
    const changed = await putChunk(url, randomBytes(CHUNK_MULTIPLE), CHUNK_MULTIPLE, 6 * CHUNK_MULTIPLE);
    expect(changed.status).toBe(400);
    expect(sim.state.item(DRIVE, '/Large/odd.bin')).toBeUndefined();
  });

  it('refuses a chunk that carries an Authorization header with 401', async () => {
    const url = await session('Large/authed.bin');
    const res = await putChunk(url, randomBytes(10), 0, 10, { authorization: `Bearer ${appToken}` });
    expect(res.status).toBe(401);
    expect((await putChunk(url, randomBytes(10), 0, 10)).status).toBe(201);
  });

  it('answers 404 for an expired, cancelled or unknown session', async () => {
    const url = await session('Large/expired.bin');
    expect((await putChunk(url, randomBytes(CHUNK_MULTIPLE), 0, 2 * CHUNK_MULTIPLE)).status).toBe(202);
    expect(sim.state.expireUploadSession(url)).toBe(true);
    const gone = await putChunk(url, randomBytes(CHUNK_MULTIPLE), CHUNK_MULTIPLE, 2 * CHUNK_MULTIPLE);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('itemNotFound');
    const cancelled = await session('Large/cancelled.bin');
    expect((await call('DELETE', cancelled, { token: null })).status).toBe(204);
    expect((await putChunk(cancelled, randomBytes(10), 0, 10)).status).toBe(404);
    expect((await call('GET', `${sim.preAuthenticatedBaseUrl}/upload/nope`, { token: null })).status).toBe(
      404,
    );
  });

  it('fails at commit with 409 nameAlreadyExists when the name was taken meanwhile, and renames when asked', async () => {
    const url = await session('Large/clash.pdf', 'fail');
    await call('PUT', `/drives/${DRIVE}/root:/Large/clash.pdf:/content`, {
      raw: Buffer.from('arrived first'),
    });
    const res = await putChunk(url, Buffer.from('arrived second'), 0, 14);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'nameAlreadyExists' });
    expect(res.body.error.message).toMatch(/^Another file exists with the same name as the uploaded session/);
    expect(sim.state.fileContent(DRIVE, sim.state.item(DRIVE, '/Large/clash.pdf')?.id ?? '').toString()).toBe(
      'arrived first',
    );

    const renamed = await session('Large/clash.pdf', 'rename');
    const done = await putChunk(renamed, Buffer.from('renamed'), 0, 7);
    expect(done.status).toBe(201);
    expect(done.body.name).toBe('clash 1.pdf');
  });

  it('commits a deferCommit session only on POST to the upload URL', async () => {
    const url = await session('Large/deferred.txt', 'fail', { deferCommit: true });
    const last = await putChunk(url, Buffer.from('deferred'), 0, 8);
    expect(last.status).toBe(202);
    expect(last.body.nextExpectedRanges).toEqual([]);
    expect(sim.state.item(DRIVE, '/Large/deferred.txt')).toBeUndefined();
    const commit = await call('POST', url, { token: null });
    expect(commit.status).toBe(201);
  });

  it('checks the name and path when the session is created', async () => {
    const res = await call('POST', `/drives/${DRIVE}/root:/Large/bad%3Aname.pdf:/createUploadSession`, {
      body: {},
    });
    expect(res.status).toBe(400);
    expect(res.body.error.innerError.code).toBe('nameContainsInvalidCharacters');
  });
});

describe('listing, paging, updates and deletes', () => {
  it('pages children with an opaque nextLink, honouring a smaller $top and the default page of 200', async () => {
    for (let i = 0; i < 205; i++)
      sim.state.seedFile(DRIVE, `/Paging/file ${String(i).padStart(3, '0')}.txt`, `n${i}`);
    const seen: string[] = [];
    let next: string | undefined = `/drives/${DRIVE}/root:/Paging:/children?$top=50&$select=id,name`;
    let pages = 0;
    while (next) {
      const res = await call('GET', next);
      expect(res.status).toBe(200);
      expect(res.body.value.length).toBeLessThanOrEqual(50);
      expect(Object.keys(res.body.value[0]).sort()).toEqual(['id', 'name']);
      seen.push(...res.body.value.map((v: any) => v.name));
      next = res.body['@odata.nextLink'];
      if (next) expect(next).toMatch(/\$skiptoken=/);
      pages++;
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(205);
    const defaultPage = await call('GET', `/drives/${DRIVE}/root:/Paging:/children`);
    expect(defaultPage.body.value).toHaveLength(200);
    expect(defaultPage.body['@odata.nextLink']).toBeDefined();
  });

  it('renames with If-Match; a stale eTag gets 412 and changes nothing; moves by parentReference', async () => {
    const file = sim.state.seedFile(DRIVE, '/Patch/notes.txt', 'notes');
    const wrong = await call('PATCH', `/drives/${DRIVE}/items/${file.id}`, {
      body: { name: 'renamed.txt' },
      headers: { 'if-match': '"{00000000-0000-0000-0000-000000000000},9"' },
    });
    expect(wrong.status).toBe(412);
    expect(wrong.body.error.code).toBe('resourceModified');
    expect(sim.state.item(DRIVE, file.id)?.name).toBe('notes.txt');
    const ok = await call('PATCH', `/drives/${DRIVE}/items/${file.id}`, {
      body: { name: 'renamed.txt' },
      headers: { 'if-match': file.eTag },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.eTag).not.toBe(file.eTag);
    expect(ok.body.cTag).toBe(file.cTag);
    const target = sim.state.seedFolder(DRIVE, '/Patch/Deleted items');
    sim.state.seedFile(DRIVE, '/Patch/Deleted items/renamed.txt', 'other');
    const clash = await call('PATCH', `/drives/${DRIVE}/items/${file.id}`, {
      body: { parentReference: { id: target.id } },
    });
    expect(clash.status).toBe(409);
    const moved = await call(
      'PATCH',
      `/drives/${DRIVE}/items/${file.id}?@microsoft.graph.conflictBehavior=rename`,
      { body: { parentReference: { id: target.id } } },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: file.id,
      name: 'renamed 1.txt',
      parentReference: { id: target.id, path: `/drives/${DRIVE}/root:/Patch/Deleted items` },
    });
  });

  it('keeps a folder eTag when only its contents change, and deletes with 204', async () => {
    const folder = sim.state.seedFolder(DRIVE, '/Etags');
    await call('PUT', `/drives/${DRIVE}/items/${folder.id}:/a.txt:/content`, { raw: Buffer.from('a') });
    const after = await call('GET', `/drives/${DRIVE}/items/${folder.id}`);
    expect(after.body.eTag).toBe(folder.eTag);
    expect(after.body.folder.childCount).toBe(1);
    expect((await call('DELETE', `/drives/${DRIVE}/items/${folder.id}`)).status).toBe(204);
    expect((await call('GET', `/drives/${DRIVE}/items/${folder.id}`)).status).toBe(404);
    expect((await call('GET', `/drives/${DRIVE}/root:/Etags/a.txt`)).body.error.code).toBe('itemNotFound');
  });
});

describe('sites and drives', () => {
  it('addresses a site by host name and server-relative path, and lists its drives', async () => {
    const site = await call('GET', '/sites/contoso.sharepoint.com:/sites/members-hub');
    expect(site.status).toBe(200);
    expect(site.body).toMatchObject({ id: SITE, webUrl: 'https://contoso.sharepoint.com/sites/members-hub' });
    const drives = await call('GET', `/sites/${SITE}/drives`);
    expect(drives.body.value.map((d: any) => d.id)).toEqual([DRIVE]);
    expect(drives.body.value[0]).toMatchObject({ driveType: 'documentLibrary', quota: { state: 'normal' } });
    expect((await call('GET', '/sites/contoso.sharepoint.com:/sites/nowhere')).status).toBe(404);
  });

  it('refuses uploads past the drive quota with 507, at session creation when fileSize is given', async () => {
    const full = await call('PUT', `/drives/${SMALL_DRIVE}/root:/big.bin:/content`, {
      raw: Buffer.alloc(1001),
    });
    expect(full.status).toBe(507);
    expect(full.body.error.code).toBe('quotaLimitReached');
    const session = await call('POST', `/drives/${SMALL_DRIVE}/root:/big.bin:/createUploadSession`, {
      body: { item: { fileSize: 5000 } },
    });
    expect(session.status).toBe(507);
    expect(
      (await call('PUT', `/drives/${SMALL_DRIVE}/root:/small.bin:/content`, { raw: Buffer.alloc(1000) }))
        .status,
    ).toBe(201);
  });
});

describe('sharing', () => {
  it('records invitations, is idempotent per grantee, and lists inherited permissions with inheritedFrom', async () => {
    const folder = sim.state.seedFolder(DRIVE, '/Shared/MH-0002');
    const file = sim.state.seedFile(DRIVE, '/Shared/MH-0002/letter.pdf', SAMPLE_PDF);
    const invite = () =>
      call('POST', `/drives/${DRIVE}/items/${folder.id}/invite`, {
        body: {
          requireSignIn: true,
          sendInvitation: false,
          roles: ['write'],
          recipients: [{ objectId: USER }, { email: GROUP_EMAIL }],
        },
      });
    const res = await invite();
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(2);
    expect(res.body.value[0]).toMatchObject({
      roles: ['write'],
      grantedToV2: { user: { id: USER, email: UPN } },
    });
    expect(res.body.value[1]).toMatchObject({ roles: ['write'], grantedToV2: { group: { id: GROUP } } });
    await invite();
    expect(sim.state.grants(DRIVE, folder.id)).toHaveLength(2);
    expect(sim.state.grants(DRIVE, folder.id)[0]).toMatchObject({
      requireSignIn: true,
      sendInvitation: false,
    });
    const own = await call('GET', `/drives/${DRIVE}/items/${folder.id}/permissions`);
    expect(own.body.value.every((p: any) => p.inheritedFrom === undefined)).toBe(true);
    const inherited = await call('GET', `/drives/${DRIVE}/items/${file.id}/permissions`);
    expect(inherited.body.value).toHaveLength(2);
    expect(inherited.body.value[0].inheritedFrom).toMatchObject({
      id: folder.id,
      path: `/drives/${DRIVE}/root:/Shared/MH-0002`,
    });
    const unknown = await call('POST', `/drives/${DRIVE}/items/${folder.id}/invite`, {
      body: { roles: ['read'], recipients: [{ objectId: randomUUID() }] },
    });
    expect(unknown.status).toBe(400);
  });

  it('finds a group by its e-mail address or alias, not by its object id (as reported of Graph)', async () => {
    const folder = sim.state.seedFolder(DRIVE, '/Shared/MH-0003');
    const invite = (recipient: Record<string, string>) =>
      call('POST', `/drives/${DRIVE}/items/${folder.id}/invite`, {
        body: { requireSignIn: true, sendInvitation: false, roles: ['write'], recipients: [recipient] },
      });
    const byId = await invite({ objectId: GROUP });
    expect(byId.status).toBe(404);
    expect(byId.body.error).toMatchObject({
      code: 'itemNotFound',
      message: 'One of the provided recipients could not be found',
    });
    expect((await invite({ alias: GROUP_ALIAS })).body.value[0]).toMatchObject({
      grantedToV2: { group: { id: GROUP } },
    });
    expect((await invite({ email: GROUP_EMAIL })).status).toBe(200);
    expect(sim.state.grants(DRIVE, folder.id)).toHaveLength(1);
    expect((await invite({ email: GROUP_EMAIL, objectId: GROUP })).status).toBe(400);
  });
});

describe('$batch', () => {
  const get = (id: string, url: string) => ({ id, method: 'GET', url });

  it('refuses more than 20 requests and duplicate ids with 400 for the whole batch', async () => {
    const many = Array.from({ length: 21 }, (_, i) => get(String(i), `/drives/${DRIVE}/root`));
    expect((await call('POST', '/$batch', { body: { requests: many } })).status).toBe(400);
    const duplicate = await call('POST', '/$batch', {
      body: { requests: [get('1', `/drives/${DRIVE}`), get('1', `/drives/${DRIVE}/root`)] },
    });
    expect(duplicate.status).toBe(400);
  });

  it('answers 200 with inner results, 424 for dependants of a failure, and inner 429s from faults', async () => {
    sim.faults.inject({ kind: 'throttle', match: { inBatch: true, path: /\/root$/ }, retryAfterSeconds: 7 });
    const res = await call('POST', '/$batch', {
      body: {
        requests: [
          get('drive', `/drives/${DRIVE}`),
          get('root', `/drives/${DRIVE}/root`),
          get('missing', `/drives/${DRIVE}/root:/No such folder`),
          { ...get('after', `/drives/${DRIVE}`), dependsOn: ['missing'] },
          {
            id: 'create',
            method: 'POST',
            url: `/drives/${DRIVE}/items/root/children`,
            headers: { 'Content-Type': 'application/json' },
            body: { name: 'Batch made', folder: {} },
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.responses.map((r: any) => [r.id, r]));
    expect(byId.drive.status).toBe(200);
    expect(byId.root.status).toBe(429);
    expect(byId.root.headers['Retry-After']).toBe('7');
    expect(byId.missing.status).toBe(404);
    expect(byId.after.status).toBe(424);
    expect(byId.create.status).toBe(201);
    expect(sim.state.item(DRIVE, '/Batch made')).toBeDefined();
    expect(sim.requests.filter((r) => r.inBatch && r.batchId === res.headers.get('request-id'))).toHaveLength(
      4,
    );
  });
});

describe('mail', () => {
  const userToken = (scopes: string[]) =>
    sim.issueToken({ kind: 'user', oid: USER, upn: UPN, scopes, appId: APP });

  it('lists /me/messages newest first with $top, $select and a nextLink, and serves the MIME with the attachment', async () => {
    const token = userToken(['Mail.Read']);
    const first = await call(
      'GET',
      '/me/messages?$top=2&$select=subject,hasAttachments&$orderby=receivedDateTime desc',
      { token },
    );
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(2);
    expect(Object.keys(first.body.value[0]).sort()).toEqual([
      '@odata.etag',
      'hasAttachments',
      'id',
      'subject',
    ]);
    expect(first.body.value[0]).toMatchObject({
      hasAttachments: true,
      subject: expect.stringContaining('Pothole'),
    });
    const second = await call('GET', first.body['@odata.nextLink'], { token });
    expect(second.body.value).toHaveLength(1);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    const mime = await call('GET', `/me/messages/${first.body.value[0].id}/$value`, { token });
    expect(mime.status).toBe(200);
    const text = mime.bytes.toString('utf8');
    expect(text).toMatch(/^From: .*jane\.resident@example\.org/m);
    expect(text).toContain('Content-Disposition: attachment; filename="Letter to Highways.pdf"');
    expect(text).toContain(SAMPLE_PDF.toString('base64').slice(0, 60));
    const attachments = await call('GET', `/me/messages/${first.body.value[0].id}/attachments`, { token });
    expect(Buffer.from(attachments.body.value[0].contentBytes, 'base64').equals(SAMPLE_PDF)).toBe(true);
  });

  it('needs a delegated Mail.Read for /me (403 without), refuses app tokens on /me, allows the app role on /users', async () => {
    expect((await call('GET', '/me/messages', { token: userToken(['User.Read']) })).status).toBe(403);
    const app = await call('GET', '/me/messages');
    expect(app.status).toBe(400);
    expect(app.body.error.message).toMatch(/delegated authentication flow/);
    const mailApp = sim.issueToken({ kind: 'app', appId: MAIL_APP, roles: ['Mail.Read'] });
    const byUpn = await call(
      'GET',
      `/users/${encodeURIComponent(UPN)}/messages?$filter=hasAttachments eq true`,
      { token: mailApp },
    );
    expect(byUpn.status).toBe(200);
    expect(byUpn.body.value).toHaveLength(1);
  });
});

describe('faults', () => {
  it('throttles with 429, Retry-After and the chosen code, as many times as asked, then answers', async () => {
    sim.faults.inject({
      kind: 'throttle',
      match: { method: 'GET', path: /\/root$/ },
      times: 2,
      retryAfterSeconds: 3,
      code: 'activityLimitReached',
    });
    const a = await call('GET', `/drives/${DRIVE}/root`);
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('3');
    expect(a.body.error.code).toBe('activityLimitReached');
    expect(a.headers.get('request-id')).toBe(a.body.error.innerError['request-id']);
    expect((await call('GET', `/drives/${DRIVE}/root`)).status).toBe(429);
    expect((await call('GET', `/drives/${DRIVE}/root`)).status).toBe(200);
  });

  it('answers 503 with Retry-After and 504 without, and leaves the token endpoint alone unless named', async () => {
    sim.faults.inject({ kind: 'unavailable', times: 3 });
    const token = await tokenRequest({
      client_id: APP,
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(token.status).toBe(200);
    const unavailable = await call('GET', `/drives/${DRIVE}`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('1');
    sim.faults.clear();
    sim.faults.inject({ kind: 'gatewayTimeout' });
    const timeout = await call('GET', `/drives/${DRIVE}`);
    expect(timeout.status).toBe(504);
    expect(timeout.headers.get('retry-after')).toBeNull();
    sim.faults.inject({ kind: 'throttle', match: { target: 'login' } });
    expect(
      (
        await tokenRequest({
          client_id: APP,
          client_secret: SECRET,
          grant_type: 'client_credentials',
          scope: 'https://graph.microsoft.com/.default',
        })
      ).status,
    ).toBe(429);
  });

  it('drops a chunk mid-body without committing it, so the client resumes from nextExpectedRanges', async () => {
    const data = randomBytes(2 * CHUNK_MULTIPLE);
    const url = (
      await call('POST', `/drives/${DRIVE}/root:/Faults/dropped.bin:/createUploadSession`, { body: {} })
    ).body.uploadUrl as string;
    expect((await putChunk(url, data.subarray(0, CHUNK_MULTIPLE), 0, data.length)).status).toBe(202);
    sim.faults.inject({ kind: 'drop', match: { target: 'upload', method: 'PUT' } });
    await expect(putChunk(url, data.subarray(CHUNK_MULTIPLE), CHUNK_MULTIPLE, data.length)).rejects.toThrow(
      'fetch failed',
    );
    const status = await call('GET', url, { token: null });
    expect(status.body.nextExpectedRanges).toEqual([`${CHUNK_MULTIPLE}-`]);
    const done = await putChunk(url, data.subarray(CHUNK_MULTIPLE), CHUNK_MULTIPLE, data.length);
    expect(done.status).toBe(201);
    expect(sim.state.fileContent(DRIVE, done.body.id).equals(data)).toBe(true);
  });

  it('loses a response after doing the work (dropResponse): a retry then sees the folder exists', async () => {
    sim.faults.inject({ kind: 'dropResponse', match: { method: 'POST', path: /\/children$/ } });
    await expect(newFolder('root', 'Lost response')).rejects.toThrow('fetch failed');
    expect((await newFolder('root', 'Lost response')).status).toBe(409);
    expect(rootChildren().filter((n) => n.startsWith('Lost response'))).toEqual(['Lost response']);
  });

  it('delays a slow request and expires a session under the next chunk', async () => {
    sim.faults.inject({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    expect((await call('GET', `/drives/${DRIVE}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const url = (
      await call('POST', `/drives/${DRIVE}/root:/Faults/expiring.bin:/createUploadSession`, { body: {} })
    ).body.uploadUrl as string;
    sim.faults.inject({ kind: 'expireSession' });
    expect((await putChunk(url, randomBytes(10), 0, 10)).status).toBe(404);
    expect(sim.requests[sim.requests.length - 1]?.fault).toBe('expireSession');
  });
});

describe('the Graph SDK against the simulation', () => {
  it('attaches the token only to the custom host, retries a 429 after Retry-After, and uploads without a token', async () => {
    sim.requests.clear();
    const fetchHandler: Middleware = {
      execute: async (context: Context) => {
        context.response = await sim.fetch(context.request, context.options);
      },
    };
    const client = Client.initWithMiddleware({
      middleware: [
        new AuthenticationHandler({ getAccessToken: () => Promise.resolve(appToken) }),
        new RetryHandler(new RetryHandlerOptions(0, 3)),
        new RedirectHandler(),
        new TelemetryHandler(),
        fetchHandler,
      ],
      customHosts: new Set([new URL(sim.url).hostname]),
      baseUrl: sim.url,
      defaultVersion: 'v1.0',
    });
    sim.faults.inject({ kind: 'throttle', match: { path: /\/children$/ }, times: 2, retryAfterSeconds: 0 });
    const folder = await client
      .api(`/drives/${DRIVE}/items/root/children`)
      .post({ name: 'SDK made', folder: {}, '@microsoft.graph.conflictBehavior': 'rename' });
    expect(folder.name).toBe('SDK made');
    const attempts = sim.requests.filter((r) => r.path.endsWith('/children'));
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 201]);
    expect(attempts[2]?.headers['retry-attempt']).toBe('2');
    expect(attempts.every((r) => r.headers.authorization === `Bearer ${appToken}`)).toBe(true);

    const session = await client
      .api(`/drives/${DRIVE}/items/${folder.id}:/sdk.txt:/createUploadSession`)
      .post({ item: {} });
    const chunk = Buffer.from('uploaded through the SDK');
    const done = await client
      .api(session.uploadUrl)
      .headers({
        'Content-Range': `bytes 0-${chunk.length - 1}/${chunk.length}`,
        'Content-Type': 'application/octet-stream',
      })
      .put(chunk);
    expect(done.name).toBe('sdk.txt');
    const upload = sim.requests.find((r) => r.target === 'upload');
    expect(upload?.headers.authorization).toBeUndefined();
    assertAllConform(sim.requests);
  });
});

describe('conformance of what the simulation was sent', () => {
  it('a typical adapter flow uses only paths in the Graph v1.0 schema', async () => {
    sim.requests.clear();
    const folder = await newFolder('root', 'Conformance', 'rename');
    await call('GET', `/sites/${SITE}/drive?$select=id,name`);
    await call('GET', `/drives/${DRIVE}/items/${folder.body.id}/children?$top=10`);
    await call(
      'PUT',
      `/drives/${DRIVE}/items/${folder.body.id}:/a%20b.txt:/content?@microsoft.graph.conflictBehavior=rename`,
      { raw: Buffer.from('x') },
    );
    const url = (
      await call('POST', `/drives/${DRIVE}/items/${folder.body.id}:/c.txt:/createUploadSession`, { body: {} })
    ).body.uploadUrl as string;
    await putChunk(url, Buffer.from('c'), 0, 1);
    await call('POST', `/drives/${DRIVE}/items/${folder.body.id}/invite`, {
      body: { roles: ['read'], recipients: [{ objectId: USER }] },
    });
    await call('GET', `/drives/${DRIVE}/items/${folder.body.id}/permissions`);
    await call('PATCH', `/drives/${DRIVE}/items/${folder.body.id}`, {
      body: { name: 'Conformance renamed' },
    });
    expect(() => assertAllConform(sim.requests)).not.toThrow();
    expect(sim.requests.every((r) => r.headers['user-agent'] === 'NONISV|Council|MembersHubTests/1.0')).toBe(
      true,
    );
    expect(checkGraphPath('GET', `/v1.0/drives/${DRIVE}/items/x/childs`).ok).toBe(false);
  });
});
