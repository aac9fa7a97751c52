import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createLocalIssuer } from './local-issuer';
import type { LocalIssuerOptions } from './local-issuer';
import { createTokenValidator } from './token-validator';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const AUDIENCE = 'api://localhost/members-hub';
const ISSUER = 'http://localhost:3978/local-identity';
const T0 = new Date('2026-03-02T09:00:00Z');
const clock = { now: () => T0 };
const posix = process.platform !== 'win32';

const supportOfficer = {
  oid: 'c0ffee00-1234-4abc-9def-0123456789ab',
  displayName: 'Sam Officer',
  email: 'sam.officer@county.example.gov.uk',
  roles: ['SupportOfficer', 'DepartmentOfficer'] as const,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'members-hub-issuer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const optionsFor = (keyFile: string, extra: Partial<LocalIssuerOptions> = {}): LocalIssuerOptions => ({
  keyFile,
  issuer: ISSUER,
  audience: AUDIENCE,
  tenantId: TENANT,
  clock,
  ...extra,
});

describe('createLocalIssuer', () => {
  it('issues tokens shaped like Entra v2 access tokens', async () => {
    const issuer = await createLocalIssuer(optionsFor(join(dir, 'key.json'), { ttlSeconds: 900 }));

    const { token, expiresAt } = await issuer.issue(supportOfficer);

    const t0 = T0.getTime() / 1000;
    expect(decodeJwt(token)).toEqual({
      iss: ISSUER,
      aud: AUDIENCE,
      tid: TENANT,
      oid: supportOfficer.oid,
      sub: supportOfficer.oid,
      name: 'Sam Officer',
      preferred_username: 'sam.officer@county.example.gov.uk',
      roles: ['SupportOfficer', 'DepartmentOfficer'],
      scp: 'access_as_user',
      ver: '2.0',
      iat: t0,
      nbf: t0,
      exp: t0 + 900,
    });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: issuer.jwks().keys[0]?.kid,
    });
    expect(expiresAt).toEqual(new Date((t0 + 900) * 1000));
  });

  it('issues tokens that its own validator options accept', async () => {
    const issuer = await createLocalIssuer(optionsFor(join(dir, 'key.json')));
    const { token } = await issuer.issue(supportOfficer);

    const claims = await createTokenValidator(issuer.validatorOptions()).validate(token);

    expect(claims).toMatchObject({ oid: supportOfficer.oid, roles: ['SupportOfficer', 'DepartmentOfficer'] });
  });

  it('creates the key file, with its folders, readable by the owner only', async () => {
    const keyFile = join(dir, 'data', 'identity', 'key.json');

    await createLocalIssuer(optionsFor(keyFile));

    const { mode } = await stat(keyFile);
    if (posix) expect(mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(keyFile, 'utf8'))).toMatchObject({ kty: 'RSA', d: expect.any(String) });
  });

  it('keeps its key across restarts, so earlier tokens stay valid', async () => {
    const keyFile = join(dir, 'key.json');
    const first = await createLocalIssuer(optionsFor(keyFile));
    const { token } = await first.issue(supportOfficer);

    const second = await createLocalIssuer(optionsFor(keyFile));

    expect(second.jwks()).toEqual(first.jwks());
    await expect(createTokenValidator(second.validatorOptions()).validate(token)).resolves.toMatchObject({
      oid: supportOfficer.oid,
    });
  });

  it('settles on one key when two instances start at once', async () => {
    const keyFile = join(dir, 'key.json');

    const [a, b] = await Promise.all([
      createLocalIssuer(optionsFor(keyFile)),
      createLocalIssuer(optionsFor(keyFile)),
    ]);

    expect(a.jwks().keys[0]?.kid).toBe(b.jwks().keys[0]?.kid);
  });

  it('gives a different key file a different key, whose tokens the first refuses', async () => {
    const ours = await createLocalIssuer(optionsFor(join(dir, 'ours.json')));
    const theirs = await createLocalIssuer(optionsFor(join(dir, 'theirs.json')));
    const { token } = await theirs.issue(supportOfficer);

    expect(theirs.jwks().keys[0]?.kid).not.toBe(ours.jwks().keys[0]?.kid);
    await expect(createTokenValidator(ours.validatorOptions()).validate(token)).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });

  it('publishes only the public members of its key', async () => {
    const issuer = await createLocalIssuer(optionsFor(join(dir, 'key.json')));

    const { keys } = issuer.jwks();

    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(Object.keys(key ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    for (const privateMember of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(key).not.toHaveProperty(privateMember);
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });

  it('does not let a caller alter the published key set', async () => {
    const issuer = await createLocalIssuer(optionsFor(join(dir, 'key.json')));

    const leaked = issuer.jwks();
    if (leaked.keys[0]) leaked.keys[0].kid = 'tampered';

    expect(issuer.jwks().keys[0]?.kid).not.toBe('tampered');
  });

  it('refuses a key file that other users can read (where the file system has POSIX modes)', async () => {
    const keyFile = join(dir, 'key.json');
    await createLocalIssuer(optionsFor(keyFile));
    await chmod(keyFile, 0o644);

    const reopening = createLocalIssuer(optionsFor(keyFile));

    if (posix) await expect(reopening).rejects.toThrow(/readable by other users/);
    else await expect(reopening).resolves.toBeDefined();
  });

  it('refuses a corrupt key file without replacing it or quoting it', async () => {
    const keyFile = join(dir, 'key.json');
    await writeFile(keyFile, '{"kty":"RSA","secret-looking-content"', { mode: 0o600 });

    await expect(createLocalIssuer(optionsFor(keyFile))).rejects.toThrow(/is not JSON/);
    await expect(createLocalIssuer(optionsFor(keyFile))).rejects.not.toThrow(/secret-looking-content/);
    expect(await readFile(keyFile, 'utf8')).toBe('{"kty":"RSA","secret-looking-content"');
  });

  it('refuses a key file that holds only a public key', async () => {
    const keyFile = join(dir, 'key.json');
    const issuer = await createLocalIssuer(optionsFor(join(dir, 'other.json')));
    await writeFile(keyFile, JSON.stringify(issuer.jwks().keys[0]), { mode: 0o600 });

    await expect(createLocalIssuer(optionsFor(keyFile))).rejects.toThrow(/not an RSA private JWK/);
  });

  it('refuses to issue for a person whose oid is not a GUID', async () => {
    const issuer = await createLocalIssuer(optionsFor(join(dir, 'key.json')));

    await expect(issuer.issue({ ...supportOfficer, oid: 'sam.officer' })).rejects.toThrow(
      /oid must be a GUID/,
    );
  });

  it('refuses a tenant id that is not a GUID', async () => {
    await expect(createLocalIssuer(optionsFor(join(dir, 'key.json'), { tenantId: 'local' }))).rejects.toThrow(
      /tenantId must be a GUID/,
    );
  });
});
