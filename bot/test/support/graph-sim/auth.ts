import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { GraphError, json, type SimRequest, type SimResponse } from './http';

/**
 * The Entra ID (v2.0 endpoint) side of the simulation: the token endpoint with client secrets, certificate
 * assertions, federated credentials and on-behalf-of, and the metadata MSAL reads. Access tokens are RS256 JWTs
 * signed by a key made at start-up and published at `/{tenant}/discovery/v2.0/keys`; the simulation also keeps
 * every token it issued (by `jti`), so Graph calls can tell an unknown token from an expired one.
 */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Scopes that are about the sign-in, not Graph: ignored when working out the Graph scopes asked for. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** An app registration the token endpoint knows. */
export interface SimClientRegistration {
  clientId: string;
  displayName?: string;
  /** Client secrets accepted as `client_secret`. */
  secrets?: string[];
  /** Certificate credentials: a client assertion must be RS256/PS256-signed by one of these keys. */
  certificates?: SimCertificateCredential[];
  /** Federated credentials: an unsigned check that the assertion's `iss`/`sub`/`aud` match one of these. */
  federatedCredentials?: SimFederatedCredential[];
  /** Application permissions with admin consent: the `roles` of its app-only tokens, e.g. `['Sites.Selected']`. */
  applicationPermissions?: string[];
  /** Delegated permissions consented for on-behalf-of, e.g. `['Mail.Read', 'User.Read']`. */
  delegatedPermissions?: string[];
  /**
   * Resources besides Graph it may get application tokens for (client credentials), e.g. the Bot Framework's
   * `https://api.botframework.com`. Such tokens carry no roles and are not accepted by Graph.
   */
  resources?: string[];
}

export type SimCertificateCredential =
  { certificatePem: string } | { publicKeyPem: string; thumbprintSha1?: string; thumbprintSha256?: string };

export interface SimFederatedCredential {
  issuer: string;
  subject: string;
  /** Defaults to `['api://AzureADTokenExchange']`, as Entra's. */
  audiences?: string[];
}

/** What the simulation knows about a token it issued. */
export interface IssuedToken {
  jti: string;
  kind: 'app' | 'user';
  appId: string;
  tenantId: string;
  /** Application permissions (app tokens). */
  roles: string[];
  /** Delegated scopes (user tokens). */
  scopes: string[];
  /** The user's object id (user tokens). */
  oid?: string | undefined;
  upn?: string | undefined;
  audience: string;
  issuedAt: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type IssueTokenRequest =
  | { kind: 'app'; appId: string; roles?: string[]; lifetimeSeconds?: number; audience?: string }
  | {
      kind: 'user';
      oid: string;
      scopes?: string[];
      /** The client the user signed in to; default `'sim-user-client'`. */
      appId?: string;
      upn?: string;
      name?: string;
      /**
       * Default: Graph. Give the API's client id (or `api://…/{id}`) for a Teams SSO token that is to be
       * exchanged on-behalf-of.
       */
      audience?: string;
      lifetimeSeconds?: number;
    };

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const decodeJwt = (token: string): DecodedJwt | null => {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    if (header === null || typeof header !== 'object' || payload === null || typeof payload !== 'object')
      return null;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2] ?? '', 'base64url'),
    };
  } catch {
    return null;
  }
};

const verifyRsa = (alg: unknown, key: KeyObject, decoded: DecodedJwt): boolean => {
  const data = Buffer.from(decoded.signingInput);
  try {
    if (alg === 'RS256') return verify('sha256', data, key, decoded.signature);
    if (alg === 'PS256') {
      return verify(
        'sha256',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
        decoded.signature,
      );
    }
  } catch {
    return false;
  }
  return false;
};

interface RegisteredKey {
  key: KeyObject;
  x5t: string | null;
  x5tS256: string | null;
}

const registeredKey = (credential: SimCertificateCredential): RegisteredKey => {
  if ('certificatePem' in credential) {
    const cert = new X509Certificate(credential.certificatePem);
    return {
      key: cert.publicKey,
      x5t: b64url(createHash('sha1').update(cert.raw).digest()),
      x5tS256: b64url(createHash('sha256').update(cert.raw).digest()),
    };
  }
  const hex = (h: string | undefined) =>
    h === undefined ? null : b64url(Buffer.from(h.replace(/:/g, ''), 'hex'));
  return {
    key: createPublicKey(credential.publicKeyPem),
    x5t: hex(credential.thumbprintSha1),
    x5tS256: hex(credential.thumbprintSha256),
  };
};

/** The token endpoint's error shape: `{error, error_description, error_codes, timestamp, trace_id, correlation_id}`. */
const tokenError = (status: number, error: string, code: number, description: string): SimResponse => {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return json(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    { 'cache-control': 'no-store, no-cache' },
  );
};

class TokenRequestError extends Error {
  constructor(readonly response: SimResponse) {
    super('token request failed');
  }
}

const fail = (status: number, error: string, code: number, description: string): never => {
  throw new TokenRequestError(tokenError(status, error, code, description));
};

export interface TokenServiceOptions {
  tenantId: string;
  clients: SimClientRegistration[];
  tokenLifetimeSeconds: number;
  /**
   * The app roles a user holds in an app (by the app's client id): what a token for that app carries in
   * `roles`, worked out when it is issued, as Entra ID does.
   */
  rolesFor?: (appId: string, oid: string) => string[];
}

export class TokenService {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid = randomUUID();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly clients = new Map<string, SimClientRegistration>();
  tokenLifetimeSeconds: number;

  constructor(private readonly options: TokenServiceOptions) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds;
    for (const client of options.clients) this.clients.set(client.clientId, client);
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  registerClient(client: SimClientRegistration): void {
    this.clients.set(client.clientId, client);
  }

  /** Issues an access token directly, without the token endpoint (tests, and a Teams SSO token to exchange). */
  issue(request: IssueTokenRequest): string {
    const now = Date.now();
    const lifetime = (request.lifetimeSeconds ?? this.tokenLifetimeSeconds) * 1000;
    const token: IssuedToken =
      request.kind === 'app'
        ? {
            jti: randomUUID(),
            kind: 'app',
            appId: request.appId,
            tenantId: this.tenantId,
            roles: request.roles ?? [],
            scopes: [],
            audience: request.audience ?? GRAPH_RESOURCE,
            issuedAt: now,
            expiresAt: now + lifetime,
          }
        : {
            jti: randomUUID(),
            kind: 'user',
            appId: request.appId ?? 'sim-user-client',
            tenantId: this.tenantId,
            roles: [],
            scopes: request.scopes ?? [],
            oid: request.oid,
            upn: request.upn,
            audience: request.audience ?? GRAPH_RESOURCE,
            issuedAt: now,
            expiresAt: now + lifetime,
          };
    this.issued.set(token.jti, token);
    const isGraph = GRAPH_AUDIENCES.has(token.audience);
    // A token for an API (a Teams SSO token for the app) carries the app roles the user holds in it.
    const audienceApp = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
      token.audience,
    )?.[1];
    const appRoles =
      token.kind === 'user' && !isGraph && audienceApp !== undefined && token.oid !== undefined
        ? (this.options.rolesFor?.(audienceApp, token.oid) ?? [])
        : [];
    const claims: Record<string, unknown> = {
      aud: token.audience,
      iss: isGraph
        ? `https://sts.windows.net/${this.tenantId}/`
        : `https://login.microsoftonline.com/${this.tenantId}/v2.0`,
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000),
      exp: Math.floor(token.expiresAt / 1000),
      tid: this.tenantId,
      jti: token.jti,
      uti: token.jti,
      ver: isGraph ? '1.0' : '2.0',
      idtyp: token.kind,
      ...(isGraph ? { appid: token.appId } : { azp: token.appId }),
      ...(token.kind === 'app'
        ? { oid: token.appId, sub: token.appId, roles: token.roles }
        : {
            oid: token.oid,
            sub: token.oid,
            scp: token.scopes.join(' '),
            ...(token.upn !== undefined ? { upn: token.upn, preferred_username: token.upn } : {}),
            ...(request.kind === 'user' && request.name !== undefined ? { name: request.name } : {}),
            ...(appRoles.length > 0 ? { roles: appRoles } : {}),
          }),
    };
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), this.privateKey))}`;
  }

  /** The issued token behind an `Authorization` header, or Graph's 401 `InvalidAuthenticationToken`. */
  authenticate(authorization: string | undefined): IssuedToken {
    const unauthenticated = (message: string): never => {
      throw new GraphError(401, 'InvalidAuthenticationToken', message, undefined, {
        'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
      });
    };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match?.[1]) return unauthenticated('Access token is empty.');
    const decoded = decodeJwt(match[1]);
    if (!decoded) return unauthenticated('IDX14100: JWT is not well formed, there are no dots (.).');
    if (!verifyRsa('RS256', this.publicKey, decoded)) {
      return unauthenticated('Access token validation failure. Invalid signature.');
    }
    const token = this.issued.get(String(decoded.payload.jti));
    if (!token) return unauthenticated('Access token validation failure. Invalid signature.');
    if (!GRAPH_AUDIENCES.has(token.audience))
      return unauthenticated('Access token validation failure. Invalid audience.');
    if (Date.now() >= token.expiresAt)
      return unauthenticated('Lifetime validation failed, the token is expired.');
    return token;
  }

  /** Every token issued so far expires now: the next Graph call with any of them gets 401. */
  expireAll(): void {
    const now = Date.now();
    for (const token of this.issued.values()) token.expiresAt = Math.min(token.expiresAt, now - 1);
  }

  /** This token expires now. */
  expire(accessToken: string): void {
    const decoded = decodeJwt(accessToken);
    const token = decoded ? this.issued.get(String(decoded.payload.jti)) : undefined;
    if (token) token.expiresAt = Math.min(token.expiresAt, Date.now() - 1);
  }

  /** Tokens issued so far (app and user), oldest first. */
  all(): IssuedToken[] {
    return [...this.issued.values()];
  }

  jwks() {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e }] };
  }

  /**
   * Login host routes. `baseUrl` is the origin clients used (https://127.0.0.1:port). Returns null for paths
   * that are not the login host's.
   */
  handle(req: SimRequest, baseUrl: string): SimResponse | null {
    const segments = req.path.split('/').filter((s) => s !== '');
    const [tenant, ...rest] = segments;
    if (tenant === undefined) return null;
    const tail = rest.join('/');
    const knownTenant = tenant === this.tenantId || tenant === 'common' || tenant === 'organizations';
    if (req.method === 'GET' && tenant === 'common' && tail === 'discovery/instance') {
      const host = new URL(baseUrl).host;
      return json(200, {
        tenant_discovery_endpoint: `${baseUrl}/${this.tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === 'GET' && tail === 'v2.0/.well-known/openid-configuration') {
      if (!knownTenant) return tokenError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
      const base = `${baseUrl}/${tenant}`;
      return json(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${baseUrl}/${this.tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${baseUrl}/${this.tenantId}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
      });
    }
    if (req.method === 'GET' && tail === 'discovery/v2.0/keys') return json(200, this.jwks());
    if (tail === 'oauth2/v2.0/token') {
      if (req.method !== 'POST') {
        return tokenError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      }
      if (tenant !== this.tenantId) {
        return tokenError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Use the tenant id.`);
      }
      try {
        return this.token(
          new URLSearchParams(req.body.toString('utf8')),
          `${baseUrl}/${tenant}/oauth2/v2.0/token`,
        );
      } catch (error) {
        if (error instanceof TokenRequestError) return error.response;
        throw error;
      }
    }
    return null;
  }

  private token(form: URLSearchParams, tokenEndpoint: string): SimResponse {
    const clientId = form.get('client_id');
    if (!clientId)
      fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const client = this.clients.get(clientId ?? '');
    if (!client) {
      fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'.`,
      );
    }
    const registration = client as SimClientRegistration;
    this.authenticateClient(registration, form, tokenEndpoint);
    const grantType = form.get('grant_type');
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
    const lifetime = this.tokenLifetimeSeconds;
    if (grantType === 'client_credentials') {
      const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s));
      const [only] = resourceScopes;
      if (resourceScopes.length !== 1 || !only?.endsWith('/.default')) {
        fail(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      const resource = (only ?? '').slice(0, -'/.default'.length);
      const other = (registration.resources ?? []).includes(resource);
      if (!GRAPH_AUDIENCES.has(resource) && !other) {
        fail(
          400,
          'invalid_resource',
          500011,
          `The resource principal named ${resource} was not found in the tenant.`,
        );
      }
      const roles = other ? [] : (registration.applicationPermissions ?? []);
      const accessToken = this.issue({
        kind: 'app',
        appId: registration.clientId,
        roles,
        ...(other ? { audience: resource } : {}),
      });
      return json(
        200,
        { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken },
        { 'cache-control': 'no-store, no-cache' },
      );
    }
    if (grantType === JWT_BEARER) {
      if (form.get('requested_token_use') !== 'on_behalf_of') {
        fail(
          400,
          'invalid_request',
          50034,
          "The request body must contain 'requested_token_use=on_behalf_of'.",
        );
      }
      const assertion = form.get('assertion') ?? '';
      const user = this.oboUser(assertion, registration);
      const consented = registration.delegatedPermissions ?? [];
      const graphScopes = scopes
        .filter((s) => !OIDC_SCOPES.has(s))
        .map((s) => (s.startsWith(`${GRAPH_RESOURCE}/`) ? s.slice(GRAPH_RESOURCE.length + 1) : s));
      const granted = graphScopes.includes('.default') ? consented : graphScopes;
      const missing = granted.filter((s) => !consented.includes(s));
      if (granted.length === 0 || missing.length > 0) {
        fail(
          400,
          'invalid_grant',
          65001,
          `The user or administrator has not consented to use the application with ID '${registration.clientId}' named '${registration.displayName ?? registration.clientId}'. Send an interactive authorization request for this user and resource. Missing: ${missing.join(' ') || '(no Graph scope asked for)'}.`,
        );
      }
      const accessToken = this.issue({
        kind: 'user',
        oid: user.oid,
        scopes: granted,
        appId: registration.clientId,
        ...(user.upn !== undefined ? { upn: user.upn } : {}),
      });
      return json(
        200,
        {
          token_type: 'Bearer',
          scope: granted.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' '),
          expires_in: lifetime,
          ext_expires_in: lifetime,
          access_token: accessToken,
        },
        { 'cache-control': 'no-store, no-cache' },
      );
    }
    return fail(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }

  private authenticateClient(
    client: SimClientRegistration,
    form: URLSearchParams,
    tokenEndpoint: string,
  ): void {
    const secret = form.get('client_secret');
    if (secret !== null) {
      if (!(client.secrets ?? []).includes(secret)) {
        fail(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
        );
      }
      return;
    }
    const assertion = form.get('client_assertion');
    if (assertion === null || form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
      fail(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const decoded = decodeJwt(assertion ?? '');
    if (!decoded) fail(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
    const jwt = decoded as DecodedJwt;
    const now = Date.now() / 1000;
    const exp = Number(jwt.payload.exp);
    if (!Number.isFinite(exp) || exp < now - 300 || Number(jwt.payload.nbf ?? 0) > now + 300) {
      fail(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    }
    const { alg } = jwt.header;
    if (alg === 'RS256' || alg === 'PS256') {
      const keys = (client.certificates ?? []).map(registeredKey);
      const wanted = keys.filter(
        (k) =>
          (jwt.header['x5t#S256'] !== undefined && k.x5tS256 === jwt.header['x5t#S256']) ||
          (jwt.header.x5t !== undefined && k.x5t === jwt.header.x5t),
      );
      const candidates = wanted.length > 0 ? wanted : keys;
      const signed = candidates.some((k) => verifyRsa(alg, k.key, jwt));
      if (signed) {
        if (jwt.payload.iss !== client.clientId || jwt.payload.sub !== client.clientId) {
          fail(
            401,
            'invalid_client',
            700023,
            "Client assertion audience claim does not match Realm issuer. The 'iss' and 'sub' claims must be the client id.",
          );
        }
        const aud = jwt.payload.aud;
        const accepted = [tokenEndpoint, tokenEndpoint.replace(/oauth2\/v2\.0\/token$/, 'v2.0')];
        if (typeof aud !== 'string' || !accepted.includes(aud)) {
          fail(
            401,
            'invalid_client',
            700016,
            `The audience '${String(aud)}' of the client assertion is not the token endpoint.`,
          );
        }
        return;
      }
      if (wanted.length > 0 || (keys.length > 0 && (client.federatedCredentials ?? []).length === 0)) {
        fail(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
      }
    }
    const federated = (client.federatedCredentials ?? []).find(
      (f) =>
        f.issuer === jwt.payload.iss &&
        f.subject === jwt.payload.sub &&
        (f.audiences ?? ['api://AzureADTokenExchange']).some((a) =>
          Array.isArray(jwt.payload.aud) ? jwt.payload.aud.includes(a) : jwt.payload.aud === a,
        ),
    );
    if (!federated) {
      fail(
        401,
        'invalid_client',
        700213,
        `No matching federated identity record found for presented assertion subject '${String(jwt.payload.sub)}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
      );
    }
  }

  /** The user an on-behalf-of assertion stands for: a token this simulation issued, or any JWT with `oid`. */
  private oboUser(assertion: string, client: SimClientRegistration): { oid: string; upn?: string } {
    const decoded = decodeJwt(assertion);
    if (!decoded)
      fail(400, 'invalid_request', 50027, 'Invalid JWT token. The token is not in JWS or JWE format.');
    const jwt = decoded as DecodedJwt;
    const ours = this.issued.get(String(jwt.payload.jti));
    if (ours && !verifyRsa('RS256', this.publicKey, jwt)) {
      fail(400, 'invalid_grant', 50013, 'Assertion failed signature validation.');
    }
    const exp = Number(jwt.payload.exp);
    if ((ours && Date.now() >= ours.expiresAt) || (Number.isFinite(exp) && exp * 1000 <= Date.now())) {
      fail(400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.');
    }
    const aud = jwt.payload.aud;
    if (
      aud !== undefined &&
      !(aud === client.clientId || (typeof aud === 'string' && aud.endsWith(`/${client.clientId}`)))
    ) {
      fail(
        400,
        'invalid_grant',
        50013,
        `Assertion audience '${JSON.stringify(aud)}' does not match the client app '${client.clientId}'.`,
      );
    }
    const oid = jwt.payload.oid;
    if (typeof oid !== 'string' || oid === '') {
      fail(400, 'invalid_grant', 50013, "The assertion has no 'oid' claim.");
    }
    const upn = jwt.payload.upn ?? jwt.payload.preferred_username;
    return { oid: oid as string, ...(typeof upn === 'string' ? { upn } : {}) };
  }
}
