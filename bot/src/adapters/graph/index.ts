import type { INetworkModule } from '@azure/msal-node';
import { createGraphAuth, type GraphAuth, type GraphCredential } from './graph-auth';
import { GraphClient, type GraphClientOptions } from './graph-client';
import { GraphDocumentStore, type GraphDocumentStoreOptions } from './graph-document-store';
import { GraphMailbox } from './graph-mailbox';
import { GraphEntraDirectory } from './graph-entra-directory';
import { GraphSharedFiles } from './graph-shared-files';

export {
  createGraphAuth,
  fetchNetworkModule,
  GRAPH_RESOURCE,
  DEFAULT_AUTHORITY_HOST,
  type GraphAuth,
  type GraphAuthOptions,
  type GraphCredential,
} from './graph-auth';
export {
  DEFAULT_GRAPH_BASE_URL,
  GraphClient,
  graphUserAgent,
  type GraphClientOptions,
  type GraphRequest,
  type GraphResponse,
  type GraphRetryEvent,
} from './graph-client';
export { GraphThrottledError } from './graph-errors';
export {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_SIMPLE_UPLOAD_MAX_BYTES,
  DEFAULT_UPLOAD_TIMEOUT_MS,
  GraphDocumentStore,
  type GraphDocumentStoreOptions,
} from './graph-document-store';
export { GraphMailbox, type GraphMailboxOptions } from './graph-mailbox';
export { GraphEntraDirectory } from './graph-entra-directory';
export { GraphSharedFiles, shareIdOf } from './graph-shared-files';
export { quickXorHash, QuickXorHash } from './quick-xor-hash';
export { CHUNK_UNIT } from './upload-session';

/** The configuration settings the Graph credential is chosen from (see config.ts and docs/m365-documents.md). */
export interface GraphCredentialSettings {
  GRAPH_CREDENTIAL: 'managed-identity' | 'certificate' | 'federated-token-file' | 'secret';
  GRAPH_MANAGED_IDENTITY_CLIENT_ID?: string | undefined;
  GRAPH_CERTIFICATE_PEM?: string | undefined;
  GRAPH_FEDERATED_TOKEN_FILE?: string | undefined;
  GRAPH_CLIENT_SECRET?: string | undefined;
  /** The managed identity's client id when GRAPH_MANAGED_IDENTITY_CLIENT_ID is not set. */
  BOT_APP_ID: string;
}

/** The GraphCredential for the configured kind; throws naming the missing setting. */
export const graphCredentialFromSettings = (settings: GraphCredentialSettings): GraphCredential => {
  const need = (name: keyof GraphCredentialSettings): string => {
    const value = settings[name];
    if (value === undefined || value === '') {
      throw new Error(`${name} is required when GRAPH_CREDENTIAL is ${settings.GRAPH_CREDENTIAL}`);
    }
    return value;
  };
  switch (settings.GRAPH_CREDENTIAL) {
    case 'managed-identity':
      return {
        kind: 'managed-identity',
        managedIdentityClientId: settings.GRAPH_MANAGED_IDENTITY_CLIENT_ID ?? settings.BOT_APP_ID,
      };
    case 'certificate':
      return { kind: 'certificate', pem: need('GRAPH_CERTIFICATE_PEM') };
    case 'federated-token-file':
      return { kind: 'federated-token-file', path: need('GRAPH_FEDERATED_TOKEN_FILE') };
    case 'secret':
      return { kind: 'secret', clientSecret: need('GRAPH_CLIENT_SECRET') };
  }
};

export interface GraphAdaptersOptions {
  /** TENANT_ID */
  tenantId: string;
  /** CLIENT_ID: the app registration with Sites.Selected (application) and Mail.Read (delegated). */
  clientId: string;
  credential: GraphCredential;
  /** ORGANISATION_NAME, for the User-Agent. */
  organisation: string;
  /** GRAPH_DRIVE_ID */
  driveId: string;
  /** GRAPH_LIBRARY_PATH, e.g. `/sites/members-hub/Shared Documents`. */
  libraryPath?: string | undefined;
  /** GRAPH_BASE_URL; default https://graph.microsoft.com/v1.0. */
  baseUrl?: string | undefined;
  /** GRAPH_AUTHORITY_HOST; default https://login.microsoftonline.com. */
  authorityHost?: string | undefined;
  /** The Graph resource tokens are for; default https://graph.microsoft.com (only a national cloud changes it). */
  graphResource?: string | undefined;
  /** Tests only: how MSAL and Graph requests reach the network (a fetch trusting a test CA). */
  networkClient?: INetworkModule | undefined;
  fetch?: typeof fetch | undefined;
  knownAuthorities?: string[] | undefined;
  /** Anything else for the client (timeouts, retries). */
  client?: Partial<Omit<GraphClientOptions, 'auth' | 'baseUrl' | 'organisation' | 'fetch'>> | undefined;
  /** Upload tuning for the document store (defaults: 4 MiB simple uploads, 5 MiB chunks, 2 minutes per upload request). */
  uploads?:
    Pick<GraphDocumentStoreOptions, 'simpleUploadMaxBytes' | 'chunkBytes' | 'uploadTimeoutMs'> | undefined;
}

export interface GraphAdapters {
  auth: GraphAuth;
  graph: GraphClient;
  documentStore: GraphDocumentStore;
  mailbox: GraphMailbox;
  /** Who holds the app's roles, and group memberships, in Entra ID. */
  entra: GraphEntraDirectory;
  /** Files shared in Teams messages, copied with a person's delegated permission. */
  sharedFiles: GraphSharedFiles;
}

/** Everything Microsoft 365 mode needs from Graph, sharing one client (one token cache, one retry policy). */
export const createGraphAdapters = (options: GraphAdaptersOptions): GraphAdapters => {
  const auth = createGraphAuth({
    tenantId: options.tenantId,
    clientId: options.clientId,
    credential: options.credential,
    authorityHost: options.authorityHost,
    graphResource: options.graphResource,
    networkClient: options.networkClient,
    knownAuthorities: options.knownAuthorities,
  });
  const graph = new GraphClient({
    ...options.client,
    auth,
    baseUrl: options.baseUrl,
    organisation: options.organisation,
    fetch: options.fetch,
  });
  return {
    auth,
    graph,
    documentStore: new GraphDocumentStore({
      ...options.uploads,
      graph,
      driveId: options.driveId,
      rootPath: options.libraryPath,
    }),
    mailbox: new GraphMailbox({ graph }),
    entra: new GraphEntraDirectory(graph),
    sharedFiles: new GraphSharedFiles(graph),
  };
};
