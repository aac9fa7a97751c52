import type { SiteRole } from './graph-sim/drive-state';
import { startGraphSimulation, type GraphSimulation } from './graph-sim';
import { PEOPLE, TEST_M365, startTestApp, type TestApp, type TestAppOptions } from './test-app';

/** The support officers' group of the simulated tenant: its object id and the address invites name it by. */
export const SUPPORT_GROUP = {
  id: '44444444-2222-4333-8444-555555555555',
  email: 'democratic.services@hub.test.example',
} as const;

export interface SimulatedTenant {
  sim: GraphSimulation;
  /** The service in Microsoft 365 mode, reaching Graph and Entra ID through the simulation. */
  app: TestApp;
  stop: () => Promise<void>;
}

/**
 * The whole service in Microsoft 365 mode against the Graph simulation: the app registration with
 * `Sites.Selected`, one casework site granted `siteRoles` (default `fullcontrol`), the test people and the
 * support officers' group in the directory (with their e-mail addresses, by which invites name them).
 */
export const startSimulatedTenant = async (
  options: {
    siteRoles?: SiteRole[];
    /** Site roles the simulation asks of a Sites.Selected app to share (default: its own). */
    sharingRoles?: SiteRole[];
    /** The support officers' group configured (`SUPPORT_OFFICERS_GROUP_ID` and `_EMAIL`). Default true. */
    supportGroup?: boolean;
    env?: Record<string, string>;
    app?: Omit<TestAppOptions, 'mode' | 'env' | 'graphNetwork'>;
  } = {},
): Promise<SimulatedTenant> => {
  const sim = await startGraphSimulation({
    clients: [
      {
        clientId: TEST_M365.CLIENT_ID,
        secrets: [TEST_M365.GRAPH_CLIENT_SECRET],
        applicationPermissions: ['Sites.Selected'],
      },
    ],
    sites: [
      {
        id: TEST_M365.GRAPH_SITE_ID,
        drives: [{ id: TEST_M365.GRAPH_DRIVE_ID }],
        grants: [{ appId: TEST_M365.CLIENT_ID, roles: options.siteRoles ?? ['fullcontrol'] }],
      },
    ],
    directory: {
      users: Object.values(PEOPLE).map((p) => ({ id: p.oid, email: p.email, displayName: p.displayName })),
      groups: [{ id: SUPPORT_GROUP.id, displayName: 'Democratic Services', email: SUPPORT_GROUP.email }],
    },
    ...(options.sharingRoles ? { sharingRoles: options.sharingRoles } : {}),
  });
  const app = await startTestApp({
    ...options.app,
    mode: 'm365',
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
      fetch: sim.fetch,
      networkClient: sim.msalNetworkClient,
      knownAuthorities: [new URL(sim.url).host],
    },
  });
  return {
    sim,
    app,
    stop: async () => {
      await app.stop();
      await sim.close();
    },
  };
};
