import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { GraphSimulation } from './graph-sim';

/**
 * A stand-in for the Bot Framework Service's side of bot authentication, for tests of the whole service in
 * Microsoft 365 mode. Requests to the bot carry a JWT the channel signs; botbuilder checks it against the
 * channel's OpenID metadata (issuer, the bot's app id as audience, a `serviceurl` claim equal to the
 * activity's, and a signing key endorsed for the channel, here `msteams`). This serves that metadata and key
 * set on 127.0.0.1 and signs such tokens, so botbuilder's own checks run unchanged.
 *
 * `authentication` builds what the service is started with: botbuilder's ConfigurationBotFrameworkAuthentication
 * for a single-tenant bot, pointed at this metadata for requests in and at the simulated Entra ID (through MSAL
 * with the simulation's network client) for the bot's own tokens to the connector.
 */

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';
/** The audience of the bot's tokens for the connector. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';

export interface BotFrameworkChannel {
  openIdMetadataUrl: string;
  /** A token as the channel signs it for a request to the bot `appId` from `serviceUrl`. */
  token(options: { appId: string; serviceUrl: string }): Promise<string>;
  close(): Promise<void>;
}

export const startBotFrameworkChannel = async (): Promise<BotFrameworkChannel> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', endorsements: ['msteams'] };
  let base = '';
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration')
      send({
        issuer: CHANNEL_TOKEN_ISSUER,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    else if (req.url === '/v1/.well-known/keys') send({ keys: [jwk] });
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    token: ({ appId, serviceUrl }) =>
      new SignJWT({ serviceurl: serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(CHANNEL_TOKEN_ISSUER)
        .setAudience(appId)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
};

/** The service's Bot Framework authentication for a single-tenant bot in the simulated tenant. */
export const botFrameworkAuthentication = (options: {
  channel: BotFrameworkChannel;
  sim: GraphSimulation;
  appId: string;
  secret: string;
}): ConfigurationBotFrameworkAuthentication => {
  const { channel, sim, appId, secret } = options;
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: appId,
      clientSecret: secret,
      authority: sim.authority,
      knownAuthorities: [new URL(sim.url).host],
    },
    system: { networkClient: sim.msalNetworkClient },
  });
  return new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: sim.tenantId,
      ToBotFromChannelOpenIdMetadataUrl: channel.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: CHANNEL_TOKEN_ISSUER,
      ToChannelFromBotLoginUrl: sim.authority,
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
    },
    // botframework-connector declares its own (older) msal-node's type; it calls only
    // acquireTokenByClientCredential, which both versions have.
    new MsalServiceClientCredentialsFactory(
      appId,
      msal as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1],
    ),
  );
};
