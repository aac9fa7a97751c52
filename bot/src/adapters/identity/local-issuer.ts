import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  SignJWT,
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import type { JWK, KeyLike } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../app/ports';
import type { Role } from '../../domain/person';
import { TAB_API_SCOPE, isGuid } from './token-validator';
import type { TokenValidatorOptions } from './token-validator';

/** Settings for the embedded token issuer used when there is no Entra ID (local mode). */
export interface LocalIssuerOptions {
  /** Where the RS256 private key is kept (a JWK, mode 0600). Created, with its folder, if absent. */
  keyFile: string;
  issuer: string;
  audience: string;
  /** A GUID standing in for the Entra tenant. */
  tenantId: string;
  /** Token lifetime. Default 3600. */
  ttlSeconds?: number;
  clock?: Clock;
}

/** The person a local token is issued for: a seeded directory entry. */
export interface LocalSubject {
  /** A GUID, as Entra object ids are; the validator refuses anything else. */
  oid: string;
  displayName: string;
  email: string;
  roles: readonly Role[];
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Issues Entra-shaped v2 access tokens for seeded people, checked by the same validator as Entra's. */
export interface LocalIssuer {
  issue(person: LocalSubject): Promise<IssuedToken>;
  /** The public signing key, as a JWKS document. */
  jwks(): { keys: JWK[] };
  validatorOptions(): TokenValidatorOptions;
}

const ALG = 'RS256';
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const PrivateRsaJwk = z.object({
  kty: z.literal('RSA'),
  n: base64url,
  e: base64url,
  d: base64url,
  p: base64url,
  q: base64url,
  dp: base64url,
  dq: base64url,
  qi: base64url,
});
type PrivateRsaJwk = z.infer<typeof PrivateRsaJwk>;

interface SigningKey {
  privateKey: KeyLike;
  publicJwk: JWK;
  kid: string;
}

// Structural, not `instanceof Error`: Node's fs errors come from another realm under Jest's VM sandbox.
const isErrno = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === code;

const readKeyFile = async (keyFile: string): Promise<PrivateRsaJwk | undefined> => {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  // Like ssh, refuse a private key that others can read rather than silently trusting or fixing it.
  // Windows has no POSIX mode bits to check.
  if (process.platform !== 'win32' && ((await stat(keyFile)).mode & 0o077) !== 0) {
    throw new Error(`Local signing key ${keyFile} is readable by other users; run: chmod 600 ${keyFile}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Deliberately without the parser's message: it quotes the file's contents.
    throw new Error(`Local signing key ${keyFile} is not JSON; move it aside to generate a new key.`);
  }
  const result = PrivateRsaJwk.safeParse(parsed);
  if (!result.success) {
    throw new Error(
      `Local signing key ${keyFile} is not an RSA private JWK; move it aside to generate a new key.`,
    );
  }
  return result.data;
};

// Written to a private temporary file and hard-linked into place, so a concurrent starter never reads a
// half-written key and never overwrites one that another process has just created.
const createKeyFile = async (keyFile: string): Promise<void> => {
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const temporary = `${keyFile}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, keyFile);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temporary);
  }
};

const loadOrCreateKey = async (keyFile: string): Promise<SigningKey> => {
  let jwk = await readKeyFile(keyFile);
  if (jwk === undefined) {
    await createKeyFile(keyFile);
    jwk = await readKeyFile(keyFile);
    if (jwk === undefined) throw new Error(`Local signing key ${keyFile} vanished after it was created.`);
  }
  const privateKey = await importJWK(jwk, ALG);
  if (privateKey instanceof Uint8Array) throw new Error(`Local signing key ${keyFile} is not an RSA key.`);
  // Built from an allow-list of public members so private ones can never leak into the JWKS.
  const publicMembers: JWK = { kty: jwk.kty, n: jwk.n, e: jwk.e };
  const kid = await calculateJwkThumbprint(publicMembers, 'sha256');
  return { privateKey, kid, publicJwk: { ...publicMembers, kid, alg: ALG, use: 'sig' } };
};

const assertOptions = (options: LocalIssuerOptions, ttlSeconds: number): void => {
  if (!isGuid(options.tenantId)) throw new Error('Local issuer: tenantId must be a GUID.');
  if (options.issuer === '' || options.audience === '')
    throw new Error('Local issuer: issuer and audience are required.');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error('Local issuer: ttlSeconds must be a positive integer.');
};

/** Loads (or creates on first start) the local signing key and returns an issuer over it. */
export const createLocalIssuer = async (options: LocalIssuerOptions): Promise<LocalIssuer> => {
  const ttlSeconds = options.ttlSeconds ?? 3600;
  assertOptions(options, ttlSeconds);
  const { issuer, audience, tenantId, clock } = options;
  const key = await loadOrCreateKey(options.keyFile);

  const jwks = (): { keys: JWK[] } => ({ keys: [{ ...key.publicJwk }] });

  return {
    async issue(person) {
      if (!isGuid(person.oid)) throw new Error('Local issuer: a person\u2019s oid must be a GUID.');
      const now = Math.floor((clock?.now() ?? new Date()).getTime() / 1000);
      const exp = now + ttlSeconds;
      const token = await new SignJWT({
        tid: tenantId,
        oid: person.oid,
        name: person.displayName,
        preferred_username: person.email,
        roles: [...new Set(person.roles)],
        scp: TAB_API_SCOPE,
        ver: '2.0',
      })
        .setProtectedHeader({ alg: ALG, typ: 'JWT', kid: key.kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(person.oid)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(exp)
        .sign(key.privateKey);
      return { token, expiresAt: new Date(exp * 1000) };
    },

    jwks,

    validatorOptions() {
      return {
        keys: createLocalJWKSet(jwks()),
        issuers: [issuer],
        audiences: [audience],
        tenantId,
        maxLifetimeSeconds: ttlSeconds,
        requiredScope: TAB_API_SCOPE,
        ...(clock === undefined ? {} : { clock }),
      };
    },
  };
};
