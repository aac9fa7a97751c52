import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  AuthError,
  ConfidentialClientApplication,
  ManagedIdentityApplication,
  type ClientAssertionCallback,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { DocumentStoreError } from '../../app/document-store';

/**
 * Tokens for Microsoft Graph, from Entra ID through MSAL (msal-node), for the one app registration the service
 * uses. Application calls use the client-credentials flow with `https://graph.microsoft.com/.default`; calls
 * on a person's behalf (their mailbox) use the on-behalf-of flow with their Teams SSO token as the assertion.
 * MSAL keeps the tokens in its in-memory cache and gets new ones before they expire; nothing here stores a
 * token, and an on-behalf-of token never leaves this module except in the Authorization header it is for.
 *
 * How the service proves itself (`GraphCredential`):
 * - `managed-identity`: a user-assigned managed identity trusted by the app registration as a federated
 *   identity credential. MSAL's ManagedIdentityApplication gets the identity a token for
 *   `api://AzureADTokenExchange`, and that token is the client assertion. No secret anywhere: Microsoft's
 *   recommended pattern on App Service.
 * - `federated-token-file`: a federated token in a file (AKS workload identity's `AZURE_FEDERATED_TOKEN_FILE`),
 *   re-read whenever the file changes, since the platform renews it.
 * - `certificate`: a PEM holding the private key and the certificate; MSAL signs an assertion with it
 *   (SHA-256 thumbprint, x5c chain sent).
 * - `secret`: a client secret. For pilots.
 */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/** The audience a managed identity's token needs to be accepted as a federated credential (public cloud). */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export type GraphCredential =
  | { kind: 'secret'; clientSecret: string }
  | {
      kind: 'certificate';
      /** PEM with the private key and the certificate (chain) together, as Key Vault exports it. */
      pem: string;
    }
  | { kind: 'federated-token-file'; path: string }
  | {
      kind: 'managed-identity';
      /** The user-assigned managed identity's client id. */
      managedIdentityClientId: string;
      /** Default `api://AzureADTokenExchange`; only a national cloud changes it. */
      audience?: string | undefined;
    };

export interface GraphAuthOptions {
  tenantId: string;
  /** The app registration's client id (the SSO app, CLIENT_ID). */
  clientId: string;
  credential: GraphCredential;
  /** Default https://login.microsoftonline.com; the authority is `{authorityHost}/{tenantId}`. */
  authorityHost?: string | undefined;
  /** Graph's resource (scope prefix): `https://graph.microsoft.com`. */
  graphResource?: string | undefined;
  /**
   * MSAL's HTTP client. Default: MSAL's own (Node's fetch). Tests pass `fetchNetworkModule(fetch)` with a
   * fetch that trusts the simulation's test CA; the managed identity uses the same client.
   */
  networkClient?: INetworkModule | undefined;
  /**
   * Authorities to trust without instance discovery (hosts, e.g. `127.0.0.1:8443`): set for any host other than
   * Microsoft's. With `authorityMetadata` (the OpenID configuration as JSON) and `cloudDiscoveryMetadata` MSAL
   * asks nothing of the network before the token request.
   */
  knownAuthorities?: string[] | undefined;
  authorityMetadata?: string | undefined;
  cloudDiscoveryMetadata?: string | undefined;
}

/** Tokens for Graph. */
export interface GraphAuth {
  /**
   * An application token for Graph (`{graph}/.default`), from MSAL's cache when it has a fresh one;
   * `fresh` skips the cache (Graph refused the cached token).
   */
  appToken(fresh?: boolean): Promise<string>;
  /**
   * A delegated token for `scopes` (e.g. `https://graph.microsoft.com/Mail.Read`) on behalf of the person whose
   * token `userAssertion` is. For Graph requests only: never hand it to anyone.
   */
  onBehalfOfToken(userAssertion: string, scopes: readonly string[], fresh?: boolean): Promise<string>;
}

/** A failure to get a token: Entra's error code in `storeCode` (e.g. `invalid_client`), status 401. */
export const authError = (error: unknown, what: string): DocumentStoreError => {
  if (error instanceof DocumentStoreError) return error;
  if (error instanceof AuthError) {
    // Network trouble on the way to Entra is transient; everything else is a refusal (bad credential,
    // consent missing, assertion expired) that retrying now will not fix.
    const network = /network|timeout|fetch/i.test(`${error.errorCode} ${error.errorMessage}`);
    const firstLine = error.errorMessage.split('\n')[0] ?? '';
    return new DocumentStoreError(
      network ? 'unavailable' : 'forbidden',
      `Entra ID refused ${what}: ${error.errorCode}${firstLine !== '' ? `: ${firstLine}` : ''}`,
      {
        ...(network ? {} : { status: 401 }),
        storeCode: error.errorCode,
        requestId: error.correlationId || undefined,
        cause: error,
      },
    );
  }
  return new DocumentStoreError(
    'unavailable',
    `Could not get ${what}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
};

/**
 * MSAL's INetworkModule over a `fetch`: lets tests (and a proxy, if ever needed) control how MSAL reaches Entra
 * ID and the managed identity endpoint. Responses are JSON, as MSAL expects.
 */
export const fetchNetworkModule = (fetchImpl: typeof fetch, timeoutMs = 30_000): INetworkModule => {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const signal = AbortSignal.timeout(timeout ?? timeoutMs);
    const response = await fetchImpl(url, {
      method,
      headers: new Headers(options?.headers ?? {}),
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const text = await response.text();
    let body: unknown = {};
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = { error: 'invalid_response', error_description: `HTTP ${response.status}: not JSON` };
      }
    }
    return { headers, body: body as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
};

/** Splits a PEM holding a private key and one or more certificates into what MSAL's `clientCertificate` wants. */
export const certificateCredential = (
  pem: string,
): { thumbprintSha256: string; privateKey: string; x5c: string } => {
  const keyBlock =
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
      pem,
    );
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (keyBlock === null || certificates.length === 0) {
    throw new Error('The Graph certificate PEM must hold a private key and its certificate.');
  }
  // MSAL wants PKCS#8 ("BEGIN PRIVATE KEY"); Key Vault and openssl may give PKCS#1.
  const privateKey = createPrivateKey(keyBlock[0]).export({ format: 'pem', type: 'pkcs8' }).toString();
  const leaf = new X509Certificate(certificates[0] as string);
  if (!leaf.checkPrivateKey(createPrivateKey(privateKey))) {
    throw new Error('The Graph certificate PEM: the first certificate does not belong to the private key.');
  }
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey,
    x5c: certificates.join('\n'),
  };
};

/**
 * A client assertion read from a file that the platform renews (workload identity). The file is read again
 * whenever its modification time or size changes, and at least every five minutes; MSAL asks for an assertion
 * only when it needs a new token.
 */
export const tokenFileAssertion = (path: string): ClientAssertionCallback => {
  let cached: { mtimeMs: number; size: number; readAt: number; token: string } | null = null;
  return async () => {
    const info = await stat(path);
    const now = Date.now();
    if (
      cached === null ||
      cached.mtimeMs !== info.mtimeMs ||
      cached.size !== info.size ||
      now - cached.readAt > 300_000
    ) {
      const token = (await readFile(path, 'utf8')).trim();
      if (token === '') throw new Error(`The federated token file ${path} is empty.`);
      cached = { mtimeMs: info.mtimeMs, size: info.size, readAt: now, token };
    }
    return cached.token;
  };
};

/**
 * A client assertion from a user-assigned managed identity: its token for `api://AzureADTokenExchange`
 * (MSAL caches it and renews it before it expires).
 */
export const managedIdentityAssertion = (
  managedIdentityClientId: string,
  audience: string = TOKEN_EXCHANGE_AUDIENCE,
  networkClient?: INetworkModule,
): ClientAssertionCallback => {
  const identity = new ManagedIdentityApplication({
    managedIdentityIdParams: { userAssignedClientId: managedIdentityClientId },
    ...(networkClient !== undefined ? { system: { networkClient } } : {}),
  });
  return async () => (await identity.acquireToken({ resource: audience })).accessToken;
};

const authCredential = (
  credential: GraphCredential,
  networkClient: INetworkModule | undefined,
): Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate' | 'clientAssertion'> => {
  switch (credential.kind) {
    case 'secret':
      return { clientSecret: credential.clientSecret };
    case 'certificate':
      return { clientCertificate: certificateCredential(credential.pem) };
    case 'federated-token-file':
      return { clientAssertion: tokenFileAssertion(credential.path) };
    case 'managed-identity':
      return {
        clientAssertion: managedIdentityAssertion(
          credential.managedIdentityClientId,
          credential.audience,
          networkClient,
        ),
      };
  }
};

/** Tokens for Graph through MSAL. */
export const createGraphAuth = (options: GraphAuthOptions): GraphAuth => {
  const authorityHost = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  const resource = (options.graphResource ?? GRAPH_RESOURCE).replace(/\/+$/, '');
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `${authorityHost}/${options.tenantId}`,
      ...authCredential(options.credential, options.networkClient),
      ...(options.knownAuthorities !== undefined ? { knownAuthorities: options.knownAuthorities } : {}),
      ...(options.authorityMetadata !== undefined ? { authorityMetadata: options.authorityMetadata } : {}),
      ...(options.cloudDiscoveryMetadata !== undefined
        ? { cloudDiscoveryMetadata: options.cloudDiscoveryMetadata }
        : {}),
    },
    ...(options.networkClient !== undefined ? { system: { networkClient: options.networkClient } } : {}),
  });
  const appScopes = [`${resource}/.default`];
  // One token request at a time per cache key: a burst of calls on a cold cache asks Entra once.
  const inFlight = new Map<string, Promise<string>>();
  const once = (key: string, get: () => Promise<string>): Promise<string> => {
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    const started = get().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
  return {
    appToken: (fresh = false) =>
      once(fresh ? 'app-fresh' : 'app', async () => {
        try {
          const result = await msal.acquireTokenByClientCredential({ scopes: appScopes, skipCache: fresh });
          if (result === null) throw new Error('MSAL returned no token');
          return result.accessToken;
        } catch (error) {
          throw authError(error, 'an application token for Graph');
        }
      }),
    onBehalfOfToken: async (userAssertion, scopes, fresh = false) => {
      try {
        // `fresh`: Graph refused the cached delegated token (a 401), so ask Entra ID for a new one.
        const result = await msal.acquireTokenOnBehalfOf({
          oboAssertion: userAssertion,
          scopes: [...scopes],
          skipCache: fresh,
        });
        if (result === null) throw new Error('MSAL returned no token');
        return result.accessToken;
      } catch (error) {
        throw authError(error, 'a delegated token for Graph');
      }
    },
  };
};
