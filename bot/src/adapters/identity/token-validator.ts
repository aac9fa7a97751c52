import { errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../app/ports';
import { UnauthenticatedError } from '../../domain/errors';
import type { UnauthenticatedReason } from '../../domain/errors';
import { ROLES } from '../../domain/person';
import type { Role } from '../../domain/person';

/** The delegated scope the tab asks for (`webApplicationInfo` in the manifest). */
export const TAB_API_SCOPE = 'access_as_user';

/** How to check a bearer token; built by `entraValidatorOptions` or by the local issuer. */
export interface TokenValidatorOptions {
  /** Public signing keys, chosen by the token's `kid` (jose `createRemoteJWKSet` / `createLocalJWKSet`). */
  keys: JWTVerifyGetKey;
  /** Accepted `iss` values, compared exactly. */
  issuers: readonly string[];
  /** Accepted `aud` values: the API's client id and, for v1 tokens, its `api://…/{clientId}` URI. */
  audiences: readonly string[];
  /** The only tenant whose tokens are accepted (a GUID); the token's `tid` must equal it. */
  tenantId: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`. Default 60. */
  clockToleranceSeconds?: number;
  /** When set, the token must carry `iat` and its declared lifetime (`exp − iat`) may not exceed this. */
  maxLifetimeSeconds?: number;
  /** When set, this scope must be among the space-separated `scp` values (refuses app-only tokens). */
  requiredScope?: string;
  /** Source of "now"; the system clock when absent. */
  clock?: Clock;
}

/** What the rest of the service may rely on once a token has been validated. */
export interface VerifiedClaims {
  /** Entra object id of the signed-in person (or the local issuer's subject). */
  oid: string;
  tid: string;
  /** App roles from the token, restricted to the roles Members' Hub knows. */
  roles: Role[];
  name?: string;
  preferredUsername?: string;
  expiresAt: Date;
  /** The token's `iat`, when it has one: when Entra ID worked out its roles. */
  issuedAt?: Date;
}

/** Checks a bearer token and returns its claims. */
export interface TokenValidator {
  /**
   * Throws `UnauthenticatedError` (with a `reason`) for any token that is not acceptable. Failures to
   * obtain the key set itself (JWKS endpoint timeout or garbage) are not the caller's fault and are
   * rethrown unchanged, so the edge reports an outage rather than asking everyone to sign in again.
   */
  validate(bearer: string): Promise<VerifiedClaims>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Far above any real access token, low enough that a hostile header cannot make us parse megabytes.
const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

export const isGuid = (value: unknown): value is string => typeof value === 'string' && GUID.test(value);

// Every refusal carries the same safe message: the caller must not learn which check failed.
const refuse = (reason: UnauthenticatedReason): UnauthenticatedError =>
  new UnauthenticatedError(undefined, reason);

/** Extracts the token from an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export const parseBearer = (authorizationHeader: string | undefined): string => {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') throw refuse('missing-token');
  const match = BEARER.exec(authorizationHeader.trim());
  const token = match?.[1];
  if (token === undefined) throw refuse('malformed');
  return token;
};

const reasonForJoseError = (error: errors.JOSEError): UnauthenticatedReason | undefined => {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'missing-claims';
    if (error.claim === 'iss') return 'wrong-issuer';
    if (error.claim === 'aud') return 'wrong-audience';
    if ((error.claim === 'nbf' || error.claim === 'iat') && error.reason === 'check_failed') return 'expired';
    return 'malformed';
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'bad-signature';
  }
  // The key set could not be fetched or read: an outage, not a bad token.
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return undefined;
  return 'malformed';
};

const toRoles = (claim: unknown): Role[] => {
  if (claim === undefined) return [];
  if (!Array.isArray(claim)) throw refuse('malformed');
  const known = claim.filter((role): role is Role => typeof role === 'string' && KNOWN_ROLES.has(role));
  return [...new Set(known)];
};

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const requireGuidClaim = (payload: JWTPayload, claim: 'tid' | 'oid'): string => {
  const value = payload[claim];
  if (value === undefined) throw refuse('missing-claims');
  if (!isGuid(value)) throw refuse('malformed');
  return value;
};

const assertOptions = (options: TokenValidatorOptions): void => {
  if (!isGuid(options.tenantId)) throw new Error('Token validator: tenantId must be a GUID.');
  if (options.issuers.length === 0) throw new Error('Token validator: at least one issuer is required.');
  if (options.audiences.length === 0) throw new Error('Token validator: at least one audience is required.');
  const tolerance = options.clockToleranceSeconds;
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new Error('Token validator: clockToleranceSeconds must be a non-negative number.');
  }
  const maxLifetime = options.maxLifetimeSeconds;
  if (maxLifetime !== undefined && !(Number.isFinite(maxLifetime) && maxLifetime > 0)) {
    throw new Error('Token validator: maxLifetimeSeconds must be a positive number.');
  }
};

/** Builds the one validator used for Entra ID tokens and for the local issuer's tokens alike. */
export const createTokenValidator = (options: TokenValidatorOptions): TokenValidator => {
  assertOptions(options);
  const tenantId = options.tenantId.toLowerCase();
  const issuers = [...options.issuers];
  const audiences = [...options.audiences];
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  const { maxLifetimeSeconds, requiredScope, clock } = options;

  // A token without `kid` would otherwise be matched against whichever key happens to fit.
  const keys: JWTVerifyGetKey = (header, token) => {
    if (typeof header.kid !== 'string' || header.kid === '') throw refuse('malformed');
    return options.keys(header, token);
  };

  const verify = async (bearer: string): Promise<JWTPayload> => {
    try {
      const { payload } = await jwtVerify(bearer, keys, {
        algorithms: ['RS256'],
        issuer: issuers,
        audience: audiences,
        clockTolerance,
        requiredClaims: maxLifetimeSeconds === undefined ? ['exp'] : ['exp', 'iat'],
        ...(maxLifetimeSeconds === undefined ? {} : { maxTokenAge: maxLifetimeSeconds }),
        ...(clock === undefined ? {} : { currentDate: clock.now() }),
      });
      return payload;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      // The jose error is not attached as a cause: it carries the claims set.
      const reason = error instanceof errors.JOSEError ? reasonForJoseError(error) : undefined;
      if (reason === undefined) throw error;
      throw refuse(reason);
    }
  };

  return {
    async validate(bearer) {
      if (typeof bearer !== 'string' || bearer === '') throw refuse('missing-token');
      if (bearer.length > MAX_TOKEN_LENGTH) throw refuse('malformed');
      const payload = await verify(bearer);

      const tid = requireGuidClaim(payload, 'tid');
      if (tid.toLowerCase() !== tenantId) throw refuse('wrong-tenant');
      const oid = requireGuidClaim(payload, 'oid');

      // jose has already checked that exp (and iat, when required) are numbers.
      const exp = payload.exp as number;
      if (maxLifetimeSeconds !== undefined && exp - (payload.iat as number) > maxLifetimeSeconds) {
        throw refuse('expired');
      }
      if (requiredScope !== undefined) {
        const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
        if (!scopes.includes(requiredScope)) throw refuse('missing-claims');
      }

      const claims: VerifiedClaims = {
        oid,
        tid,
        roles: toRoles(payload.roles),
        expiresAt: new Date(exp * 1000),
      };
      const name = optionalString(payload.name);
      // v1 tokens carry `upn` instead of `preferred_username`.
      const preferredUsername = optionalString(payload.preferred_username) ?? optionalString(payload.upn);
      if (name !== undefined) claims.name = name;
      if (preferredUsername !== undefined) claims.preferredUsername = preferredUsername;
      if (typeof payload.iat === 'number') claims.issuedAt = new Date(payload.iat * 1000);
      return claims;
    },
  };
};
