import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

/**
 * How the bot proves who it is to the Bot Framework, and checks that inbound requests come from it.
 *
 * - `disabled`: local mode. No app id, so botbuilder turns authentication off (inbound requests get an
 *   anonymous identity, outbound calls carry no token): what the Agents Playground and tests talk to on
 *   loopback. Never used in Microsoft 365 mode (config.ts requires an app id there).
 * - `user-assigned-msi`: the Azure Bot's identity is a user-assigned managed identity: no secret anywhere.
 * - `single-tenant`: an Entra app registration in the council's tenant with a client secret (keep it in Key
 *   Vault and pass it as an App Service Key Vault reference).
 */
export type BotAuthentication =
  | { kind: 'disabled' }
  | { kind: 'user-assigned-msi'; appId: string; tenantId: string }
  | { kind: 'single-tenant'; appId: string; tenantId: string; password: string };

/** botbuilder's authentication for these settings (also what a proactive sender needs to reach the connector). */
export const botFrameworkAuthentication = (
  auth: BotAuthentication,
): ConfigurationBotFrameworkAuthentication => {
  switch (auth.kind) {
    case 'disabled':
      return new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' });
    case 'user-assigned-msi':
      return new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: auth.appId,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: auth.tenantId,
      });
    case 'single-tenant':
      return new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: auth.appId,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: auth.tenantId,
        MicrosoftAppPassword: auth.password,
      });
  }
};

/** The bot's app id as the connector knows it (empty when authentication is off). */
export const botAppId = (auth: BotAuthentication): string => (auth.kind === 'disabled' ? '' : auth.appId);

/**
 * botbuilder's CloudAdapter, with its activity processing open to our own restify route (bot/messages-route.ts)
 * so that requests keep this service's request id, logging and error shape; `process` would write the
 * response itself and print failures to the console.
 */
export class BotCloudAdapter extends CloudAdapter {
  /**
   * Authenticates the request (unless authentication is off), runs the turn, and returns the invoke response
   * for invokes. Rejects with a 401 `statusCode` when the Bot Framework token is missing or not valid.
   */
  runActivity(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/** What botbuilder's CloudAdapter authenticates with: `botFrameworkAuthentication`'s result, or a test's. */
export type BotFrameworkAuthentication = ConstructorParameters<typeof CloudAdapter>[0];

/**
 * The CloudAdapter behind `POST /api/messages`. `onTurnError` is the last line of defence for a failed turn
 * (see bot/turn-error.ts): it logs and answers with one fixed sentence, never the error.
 */
export const createCloudAdapter = (
  auth: BotFrameworkAuthentication,
  onTurnError: (context: TurnContext, error: Error) => Promise<void>,
): BotCloudAdapter => {
  const adapter = new BotCloudAdapter(auth);
  adapter.onTurnError = onTurnError;
  return adapter;
};
