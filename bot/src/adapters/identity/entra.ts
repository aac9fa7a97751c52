import { createRemoteJWKSet } from 'jose';
import { TAB_API_SCOPE, isGuid } from './token-validator';
import type { TokenValidatorOptions } from './token-validator';

/** The Entra app registration behind the tab's SSO (`webApplicationInfo` in the manifest). */
export interface EntraIdentityConfig {
  /** The council's tenant (a GUID; never `common` or `organizations`). */
  tenantId: string;
  /** The API's application (client) id: the `aud` of v2 tokens. */
  clientId: string;
  /** `api://{host}/{clientId}`: the `aud` a v1 token may carry instead. */
  appIdUri: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// An unknown `kid` triggers a refetch; the cooldown stops forged kids turning us into a load generator,
// while a genuinely new key (Entra publishes them ahead of use) is picked up within a minute.
const JWKS_COOLDOWN_MS = 60 * 1000;
// Entra's access tokens last 60–90 minutes by default; long-lived CAE tokens up to 28 hours are the ceiling.
const MAX_ENTRA_TOKEN_LIFETIME_SECONDS = 28 * 60 * 60;

/** Validator options for access tokens that Entra ID issues for this app, v1 or v2. */
export const entraValidatorOptions = ({
  tenantId,
  clientId,
  appIdUri,
}: EntraIdentityConfig): TokenValidatorOptions => {
  if (!isGuid(tenantId)) throw new Error('Entra identity: tenantId must be the tenant GUID.');
  if (!isGuid(clientId)) throw new Error('Entra identity: clientId must be the application GUID.');
  if (!appIdUri.startsWith('api://') || !appIdUri.endsWith(`/${clientId}`)) {
    throw new Error('Entra identity: appIdUri must have the form api://{host}/{clientId}.');
  }
  const tid = tenantId.toLowerCase();
  return {
    keys: createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${tid}/discovery/v2.0/keys`), {
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: DAY_MS,
    }),
    issuers: [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
    audiences: [clientId, appIdUri],
    tenantId: tid,
    maxLifetimeSeconds: MAX_ENTRA_TOKEN_LIFETIME_SECONDS,
    requiredScope: TAB_API_SCOPE,
  };
};
