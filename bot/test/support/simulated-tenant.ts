import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet } from 'jose';
import { entraValidatorOptions } from '../../src/adapters/identity/entra';
import { createTokenValidator } from '../../src/adapters/identity/token-validator';
import type { SimSiteOptions, SiteRole } from './graph-sim/drive-state';
import {
  BOT_FRAMEWORK_SCOPE,
  botFrameworkAuthentication,
  startBotFrameworkChannel,
  type BotFrameworkChannel,
} from './bot-framework-channel';
import { startGraphSimulation, type GraphSimulation, type SimAppRole } from './graph-sim';
import { PEOPLE, TEST_M365, startTestApp, type TestApp, type TestAppOptions, type Who } from './test-app';

/** The support officers' group of the simulated tenant: its object id and the address invites name it by. */
export const SUPPORT_GROUP = {
  id: '44444444-2222-4333-8444-555555555555',
  email: 'democratic.services@hub.test.example',
} as const;

/** Other groups of the simulated tenant (object ids). */
export const GROUPS = {
  /** Assigned the Councillor role; Bob is a member (Alice is assigned the role herself). */
  councillors: '44444444-0001-4333-8444-555555555555',
  /** Assigned the DepartmentOfficer role; Hal and Wes are direct members. */
  departmentOfficers: '44444444-0002-4333-8444-555555555555',
  /** Mapped to the Highways department; Hal is in it through the inspectors' group nested inside. */
  highways: '44444444-0003-4333-8444-555555555555',
  highwaysInspectors: '44444444-0004-4333-8444-555555555555',
  /** Mapped to the Waste department; Wes is a direct member. */
  waste: '44444444-0005-4333-8444-555555555555',
} as const;

/** The Microsoft Teams clients, pre-authorised for the app's SSO scope: the `azp` of a Teams SSO token. */
const TEAMS_CLIENT = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

/** The app roles of the SSO registration, exactly as provisioning defines them (infra/entra/aad.manifest.json). */
export const APP_ROLES: SimAppRole[] = (
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', 'infra', 'entra', 'aad.manifest.json'), 'utf8'),
  ) as {
    appRoles: { id: string; value: string; displayName: string }[];
  }
).appRoles.map(({ id, value, displayName }) => ({ id, value, displayName }));

/** The app's application permissions in the simulated tenant: least privilege, as docs/people.md lists. */
export const APP_PERMISSIONS = [
  'Sites.Selected',
  'Application.Read.All',
  'GroupMember.Read.All',
  'User.Read.All',
];

export interface SimulatedTenant {
  sim: GraphSimulation;
  /** The stand-in Bot Framework channel: signs requests to the bot (`channel.token`). */
  channel: BotFrameworkChannel;
  /** The service in Microsoft 365 mode, reaching Graph and Entra ID through the simulation. */
  app: TestApp;
  stop: () => Promise<void>;
}

/** Assigns the test people's roles in the simulated tenant: some to them, some through groups. */
export const assignRoles = (sim: GraphSimulation): void => {
  const app = TEST_M365.CLIENT_ID;
  sim.entra.assign(app, PEOPLE.alice.oid, 'Councillor');
  sim.entra.assign(app, GROUPS.councillors, 'Councillor');
  sim.entra.assign(app, SUPPORT_GROUP.id, 'SupportOfficer');
  sim.entra.assign(app, GROUPS.departmentOfficers, 'DepartmentOfficer');
  sim.entra.assign(app, PEOPLE.ada.oid, 'Administrator');
};

/**
 * What a council's administrator sets up in the tab once the app is installed: the wards and departments
 * (each department with its Entra group), a directory sync, and the councillors' wards. Through the API, as
 * Ada, who is known from her first token.
 */
export const setUpCouncil = async (t: TestApp): Promise<void> => {
  const calls: [string, string, unknown][] = [
    ['POST', '/api/admin/wards', { id: 'ward-north', name: 'North Division', postcodePrefixes: ['WQ1'] }],
    ['POST', '/api/admin/wards', { id: 'ward-south', name: 'South Division', postcodePrefixes: ['WQ2'] }],
    [
      'POST',
      '/api/admin/departments',
      { id: 'dept-highways', name: 'Highways', entraGroupId: GROUPS.highways },
    ],
    ['POST', '/api/admin/departments', { id: 'dept-waste', name: 'Waste', entraGroupId: GROUPS.waste }],
    ['POST', '/api/admin/directory-sync', undefined],
    ['PUT', `/api/admin/people/${PEOPLE.alice.oid}/wards`, { wardIds: ['ward-north'] }],
    ['PUT', `/api/admin/people/${PEOPLE.bob.oid}/wards`, { wardIds: ['ward-south'] }],
  ];
  for (const [method, path, body] of calls) {
    const res = await t.call('ada', method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
};

/**
 * The whole service in Microsoft 365 mode against the Graph simulation, with nothing seeded in its database:
 * the app registration (its app roles as provisioned, `Sites.Selected` and the directory read permissions),
 * one casework site granted `siteRoles` (default `fullcontrol`), the test people and groups in Entra ID with
 * their roles assigned there, and Teams SSO tokens from the simulated Entra ID carrying those roles. Unless
 * `council: false`, the administrator then sets up wards and departments (`setUpCouncil`).
 */
export const startSimulatedTenant = async (
  options: {
    siteRoles?: SiteRole[];
    /** Site roles the simulation asks of a Sites.Selected app to share (default: its own). */
    sharingRoles?: SiteRole[];
    /** More sites in the tenant (someone's OneDrive holding files shared in chats, say). */
    extraSites?: SimSiteOptions[];
    /** The support officers' group configured (`SUPPORT_OFFICERS_GROUP_ID` and `_EMAIL`). Default true. */
    supportGroup?: boolean;
    /** Assign the test people's roles (default true). */
    roles?: boolean;
    /** Set up wards and departments as the administrator would (default true; needs `roles`). */
    council?: boolean;
    env?: Record<string, string>;
    /** The Graph client's retry timing, e.g. a short backoff for tests that exhaust retries on purpose. */
    graphRetries?: { backoffBaseMs: number; backoffMaxMs?: number };
    app?: Omit<TestAppOptions, 'mode' | 'env' | 'graphNetwork' | 'identity' | 'botFramework'>;
  } = {},
): Promise<SimulatedTenant> => {
  const person = (p: (typeof PEOPLE)[Who]) => ({
    id: p.oid,
    email: p.email,
    userPrincipalName: p.email,
    mail: p.email,
    displayName: p.displayName,
  });
  const sim = await startGraphSimulation({
    tenantId: TEST_M365.TENANT_ID,
    clients: [
      {
        clientId: TEST_M365.CLIENT_ID,
        secrets: [TEST_M365.GRAPH_CLIENT_SECRET],
        applicationPermissions: APP_PERMISSIONS,
        delegatedPermissions: ['User.Read', 'Mail.Read', 'Files.ReadWrite'],
      },
      // The bot's own single-tenant registration: tokens for the Bot Framework connector.
      {
        clientId: TEST_M365.BOT_APP_ID,
        secrets: [TEST_M365.BOT_APP_PASSWORD],
        resources: [BOT_FRAMEWORK_SCOPE],
      },
    ],
    applications: [{ appId: TEST_M365.CLIENT_ID, displayName: 'Members\u2019 Hub', appRoles: APP_ROLES }],
    sites: [
      {
        id: TEST_M365.GRAPH_SITE_ID,
        drives: [{ id: TEST_M365.GRAPH_DRIVE_ID }],
        grants: [{ appId: TEST_M365.CLIENT_ID, roles: options.siteRoles ?? ['fullcontrol'] }],
      },
      ...(options.extraSites ?? []),
    ],
    directory: {
      users: Object.values(PEOPLE).map(person),
      groups: [
        {
          id: SUPPORT_GROUP.id,
          displayName: 'Democratic Services',
          email: SUPPORT_GROUP.email,
          members: [PEOPLE.sue.oid],
        },
        { id: GROUPS.councillors, displayName: 'Councillors', members: [PEOPLE.bob.oid] },
        {
          id: GROUPS.departmentOfficers,
          displayName: 'Department officers',
          members: [PEOPLE.hal.oid, PEOPLE.wes.oid],
        },
        { id: GROUPS.highwaysInspectors, displayName: 'Highways inspectors', members: [PEOPLE.hal.oid] },
        { id: GROUPS.highways, displayName: 'Highways', members: [GROUPS.highwaysInspectors] },
        { id: GROUPS.waste, displayName: 'Waste', members: [PEOPLE.wes.oid] },
      ],
    },
    ...(options.sharingRoles ? { sharingRoles: options.sharingRoles } : {}),
  });
  if (options.roles !== false) assignRoles(sim);
  // The service trusts the simulated Entra ID's signing keys, with everything else as in production.
  const jwks = (await (
    await sim.fetch(`${sim.loginBaseUrl}/${sim.tenantId}/discovery/v2.0/keys`)
  ).json()) as {
    keys: Parameters<typeof createLocalJWKSet>[0]['keys'];
  };
  const tokens = createTokenValidator({
    ...entraValidatorOptions({
      tenantId: sim.tenantId,
      clientId: TEST_M365.CLIENT_ID,
      appIdUri: TEST_M365.APP_ID_URI,
    }),
    keys: createLocalJWKSet({ keys: jwks.keys }),
  });
  const tokenFor = (who: Who): Promise<string> =>
    Promise.resolve(
      sim.issueToken({
        kind: 'user',
        oid: PEOPLE[who].oid,
        upn: PEOPLE[who].email,
        name: PEOPLE[who].displayName,
        scopes: ['access_as_user'],
        audience: TEST_M365.CLIENT_ID,
        appId: TEAMS_CLIENT,
      }),
    );
  const channel = await startBotFrameworkChannel();
  const app = await startTestApp({
    ...options.app,
    mode: 'm365',
    identity: { tokens, tokenFor },
    botFramework: botFrameworkAuthentication({
      channel,
      sim,
      appId: TEST_M365.BOT_APP_ID,
      secret: TEST_M365.BOT_APP_PASSWORD,
    }),
    env: {
      TENANT_ID: sim.tenantId,
      GRAPH_BASE_URL: sim.graphBaseUrl,
      GRAPH_AUTHORITY_HOST: sim.loginBaseUrl,
      ...(options.supportGroup === false
        ? {}
        : { SUPPORT_OFFICERS_GROUP_ID: SUPPORT_GROUP.id, SUPPORT_OFFICERS_GROUP_EMAIL: SUPPORT_GROUP.email }),
      ...options.env,
    },
    graphNetwork: {
      ...(options.graphRetries ? { client: options.graphRetries } : {}),
      fetch: sim.fetch,
      networkClient: sim.msalNetworkClient,
      knownAuthorities: [new URL(sim.url).host],
    },
  });
  try {
    if (options.roles !== false && options.council !== false) await setUpCouncil(app);
  } catch (error) {
    await app.stop();
    await sim.close();
    await channel.close();
    throw error;
  }
  return {
    sim,
    channel,
    app,
    stop: async () => {
      await app.stop();
      await sim.close();
      await channel.close();
    },
  };
};
