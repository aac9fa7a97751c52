import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, base64url, createLocalJWKSet, errors, exportSPKI, generateKeyPair, importJWK } from 'jose';
import type { JWK, JWTPayload, KeyLike } from 'jose';
import { UnauthenticatedError } from '../../domain/errors';
import type { UnauthenticatedReason } from '../../domain/errors';
import { createLocalIssuer } from './local-issuer';
import type { LocalIssuer } from './local-issuer';
import { createTokenValidator, parseBearer } from './token-validator';
import type { TokenValidator, TokenValidatorOptions } from './token-validator';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT_ID = '0b7a9c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const APP_ID_URI = `api://members-hub.example.gov.uk/${CLIENT_ID}`;
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const OID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const T0 = new Date('2026-03-02T09:00:00Z');
const T0_SECONDS = T0.getTime() / 1000;
const TTL = 3600;
const DEFAULT_MESSAGE = new UnauthenticatedError().message;

const fixedClock = (at: Date) => ({ now: () => at });
const secondsAfterT0 = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const councillor = {
  oid: OID,
  displayName: 'Cllr Jane Example',
  email: 'jane.example@county.example.gov.uk',
  roles: ['Councillor'] as const,
};

/** The refusal a promise ends in, checked to be an UnauthenticatedError with the safe message. */
const refusalOf = async (promise: Promise<unknown>): Promise<UnauthenticatedError> => {
  const outcome: unknown = await promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(UnauthenticatedError);
  const error = outcome as UnauthenticatedError;
  expect(error.message).toBe(DEFAULT_MESSAGE);
  return error;
};
const expectRefused = async (promise: Promise<unknown>, reason: UnauthenticatedReason): Promise<void> => {
  expect((await refusalOf(promise)).reason).toBe(reason);
};

let dir: string;
let keyFile: string;
let issuer: LocalIssuer;
let signingKey: KeyLike;
let kid: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'members-hub-validator-'));
  keyFile = join(dir, 'signing-key.json');
  issuer = await createLocalIssuer({
    keyFile,
    issuer: ISSUER,
    audience: CLIENT_ID,
    tenantId: TENANT,
    ttlSeconds: TTL,
    clock: fixedClock(T0),
  });
  // The test signs hand-made tokens with the issuer's own key, to reach each check behind the signature.
  signingKey = (await importJWK(JSON.parse(await readFile(keyFile, 'utf8')) as JWK, 'RS256')) as KeyLike;
  const published = issuer.jwks().keys[0];
  if (published?.kid === undefined) throw new Error('the issuer publishes no kid');
  kid = published.kid;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const validatorAt = (at: Date, overrides: Partial<TokenValidatorOptions> = {}): TokenValidator =>
  createTokenValidator({ ...issuer.validatorOptions(), clock: fixedClock(at), ...overrides });

const validClaims = (): JWTPayload => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  tid: TENANT,
  oid: OID,
  sub: OID,
  name: 'Cllr Jane Example',
  preferred_username: 'jane.example@county.example.gov.uk',
  roles: ['Councillor'],
  scp: 'access_as_user',
  ver: '2.0',
  iat: T0_SECONDS,
  nbf: T0_SECONDS,
  exp: T0_SECONDS + TTL,
});

const sign = (
  payload: JWTPayload,
  key: KeyLike | Uint8Array = signingKey,
  header: Record<string, unknown> = {},
) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(key);

const encodeSegment = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('createTokenValidator', () => {
  it('accepts a token from the local issuer and returns its claims', async () => {
    const { token, expiresAt } = await issuer.issue(councillor);

    const claims = await validatorAt(T0).validate(token);

    expect(claims).toEqual({
      oid: OID,
      tid: TENANT,
      roles: ['Councillor'],
      name: 'Cllr Jane Example',
      preferredUsername: 'jane.example@county.example.gov.uk',
      expiresAt,
      issuedAt: T0,
    });
    expect(claims.expiresAt).toEqual(secondsAfterT0(TTL));
  });

  it('accepts both the client id and the api:// URI as audience when both are configured', async () => {
    const validator = validatorAt(T0, { audiences: [CLIENT_ID, APP_ID_URI] });

    await expect(validator.validate(await sign({ ...validClaims(), aud: CLIENT_ID }))).resolves.toMatchObject(
      {
        oid: OID,
      },
    );
    await expect(
      validator.validate(await sign({ ...validClaims(), aud: APP_ID_URI })),
    ).resolves.toMatchObject({
      oid: OID,
    });
  });

  it('refuses an expired token once the clock tolerance has passed', async () => {
    const { token } = await issuer.issue(councillor);

    await expectRefused(validatorAt(secondsAfterT0(TTL + 61)).validate(token), 'expired');
  });

  it('still accepts a token that expired within the clock tolerance', async () => {
    const { token } = await issuer.issue(councillor);

    await expect(validatorAt(secondsAfterT0(TTL + 30)).validate(token)).resolves.toMatchObject({ oid: OID });
  });

  it('refuses a token that is not yet valid (nbf in the future beyond tolerance)', async () => {
    const token = await sign({ ...validClaims(), nbf: T0_SECONDS + 600, iat: T0_SECONDS });

    await expectRefused(validatorAt(T0).validate(token), 'expired');
  });

  it('refuses a token whose declared lifetime is longer than allowed', async () => {
    const token = await sign({ ...validClaims(), exp: T0_SECONDS + 30 * 24 * 3600 });

    await expectRefused(validatorAt(T0).validate(token), 'expired');
  });

  it('refuses a token from another issuer', async () => {
    const token = await sign({
      ...validClaims(),
      iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
    });

    await expectRefused(validatorAt(T0).validate(token), 'wrong-issuer');
  });

  it('refuses a token for another audience', async () => {
    const token = await sign({ ...validClaims(), aud: 'https://graph.microsoft.com' });

    await expectRefused(validatorAt(T0).validate(token), 'wrong-audience');
  });

  it('refuses a token from another tenant even when issuer and signature are right', async () => {
    const token = await sign({ ...validClaims(), tid: OTHER_TENANT });

    await expectRefused(validatorAt(T0).validate(token), 'wrong-tenant');
  });

  it('refuses a tenant id that is not a GUID', async () => {
    const token = await sign({ ...validClaims(), tid: 'common' });

    await expectRefused(validatorAt(T0).validate(token), 'malformed');
  });

  it('refuses a token signed by a different key that claims the trusted kid (forgery)', async () => {
    const { privateKey: attackerKey } = await generateKeyPair('RS256');
    const token = await sign(validClaims(), attackerKey);

    await expectRefused(validatorAt(T0).validate(token), 'bad-signature');
  });

  it('refuses a token whose kid is not in the key set', async () => {
    const token = await sign(validClaims(), signingKey, { kid: 'someone-elses-key' });

    await expectRefused(validatorAt(T0).validate(token), 'bad-signature');
  });

  it('refuses a token without a kid even though the only key would verify it', async () => {
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256' }).sign(signingKey);

    await expectRefused(validatorAt(T0).validate(token), 'malformed');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = `${encodeSegment({ alg: 'none', typ: 'JWT', kid })}.${encodeSegment(validClaims())}.`;

    await expectRefused(validatorAt(T0).validate(token), 'bad-signature');
  });

  it('refuses an HS256 token keyed with the published public key (algorithm confusion)', async () => {
    const published = issuer.jwks().keys[0] as JWK;
    const publicPem = await exportSPKI((await importJWK(published, 'RS256')) as KeyLike);
    const token = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
      .sign(new TextEncoder().encode(publicPem));

    await expectRefused(validatorAt(T0).validate(token), 'bad-signature');
  });

  it('refuses a token whose roles were changed after signing', async () => {
    const { token } = await issuer.issue(councillor);
    const [header, , signature] = token.split('.');
    const escalated = encodeSegment({ ...validClaims(), roles: ['Administrator'] });

    await expectRefused(validatorAt(T0).validate(`${header}.${escalated}.${signature}`), 'bad-signature');
  });

  it('keeps only the app roles Members\u2019 Hub knows', async () => {
    const token = await sign({
      ...validClaims(),
      roles: ['Councillor', 'GlobalAdmin', 42, 'Administrator', 'Councillor'],
    });

    await expect(validatorAt(T0).validate(token)).resolves.toMatchObject({
      roles: ['Councillor', 'Administrator'],
    });
  });

  it('gives no roles when the roles claim is absent', async () => {
    const { roles: _roles, ...withoutRoles } = validClaims();
    const token = await sign(withoutRoles);

    await expect(validatorAt(T0).validate(token)).resolves.toMatchObject({ roles: [] });
  });

  it('refuses a roles claim that is not an array', async () => {
    const token = await sign({ ...validClaims(), roles: 'Administrator' });

    await expectRefused(validatorAt(T0).validate(token), 'malformed');
  });

  it('refuses a token without an oid', async () => {
    const { oid: _oid, ...withoutOid } = validClaims();
    const token = await sign(withoutOid);

    await expectRefused(validatorAt(T0).validate(token), 'missing-claims');
  });

  it('refuses an oid that is not a GUID', async () => {
    const token = await sign({ ...validClaims(), oid: 'jane.example' });

    await expectRefused(validatorAt(T0).validate(token), 'malformed');
  });

  it('refuses a token without an expiry', async () => {
    const { exp: _exp, ...withoutExp } = validClaims();
    const token = await sign(withoutExp);

    await expectRefused(validatorAt(T0).validate(token), 'missing-claims');
  });

  it('refuses an app-only token that lacks the access_as_user scope', async () => {
    const { scp: _scp, ...appOnly } = validClaims();
    const token = await sign({ ...appOnly, idtyp: 'app' });

    await expectRefused(validatorAt(T0).validate(token), 'missing-claims');
  });

  it.each([
    ['not a JWT', 'not-a-jwt'],
    ['two segments', 'abc.def'],
    ['undecodable segments', '!!!.???.***'],
    ['an oversized token', `${'a'.repeat(20_000)}.b.c`],
  ])('refuses %s as malformed', async (_label, bearer) => {
    await expectRefused(validatorAt(T0).validate(bearer), 'malformed');
  });

  it('refuses an empty token as missing', async () => {
    await expectRefused(validatorAt(T0).validate(''), 'missing-token');
  });

  it('puts neither the token nor its claims into the error', async () => {
    const token = await sign({ ...validClaims(), tid: OTHER_TENANT });

    const error = await refusalOf(validatorAt(T0).validate(token));

    const rendered = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(rendered).not.toContain(OTHER_TENANT);
    expect(rendered).not.toContain(OID);
    expect(rendered).not.toContain(token.slice(0, 20));
    expect(error.cause).toBeUndefined();
  });

  it('passes on a failure to fetch the key set instead of calling it a bad token', async () => {
    const { token } = await issuer.issue(councillor);
    const validator = validatorAt(T0, {
      keys: () => Promise.reject(new errors.JWKSTimeout()),
    });

    const outcome: unknown = await validator.validate(token).then(
      () => 'accepted',
      (error: unknown) => error,
    );

    expect(outcome).toBeInstanceOf(errors.JWKSTimeout);
  });

  it('validates against a key set built from the published JWKS alone', async () => {
    const { token } = await issuer.issue(councillor);
    const validator = validatorAt(T0, { keys: createLocalJWKSet(issuer.jwks()) });

    await expect(validator.validate(token)).resolves.toMatchObject({ oid: OID });
  });

  it('refuses to be built for a tenant id that is not a GUID', () => {
    expect(() => createTokenValidator({ ...issuer.validatorOptions(), tenantId: 'organizations' })).toThrow(
      /tenantId must be a GUID/,
    );
  });
});

describe('parseBearer', () => {
  it.each(['Bearer abc.def.ghi', 'bearer abc.def.ghi', 'BEARER abc.def.ghi', 'Bearer   abc.def.ghi'])(
    'takes the token from %j',
    (header) => {
      expect(parseBearer(header)).toBe('abc.def.ghi');
    },
  );

  it.each([undefined, '', '   '])('refuses a missing header (%j)', (header) => {
    expect(() => parseBearer(header)).toThrow(UnauthenticatedError);
    expect(() => parseBearer(header)).toThrow(expect.objectContaining({ reason: 'missing-token' }));
  });

  it.each([
    'Basic dXNlcjpwYXNz',
    'Bearer',
    'Bearer ',
    'Bearerabc.def.ghi',
    'Bearer abc def',
    'Token abc.def.ghi',
    'abc.def.ghi',
  ])('refuses the malformed header %j', (header) => {
    expect(() => parseBearer(header)).toThrow(
      expect.objectContaining({ code: 'unauthenticated', reason: 'malformed' }),
    );
  });
});
