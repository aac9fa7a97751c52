import { startSimulatedTenant, type SimulatedTenant } from './support/simulated-tenant';

/**
 * A first `atk provision` + `atk deploy` comes before the council's SharePoint site exists (docs/trial.md). The
 * service must start and say what is left to do, not refuse to start and be restarted by App Service over and
 * over (issue 12, item 6).
 */
describe('Microsoft 365 mode before SharePoint is set up', () => {
  let tenant: SimulatedTenant;

  beforeAll(async () => {
    // As the first deploy writes them: the site and drive ids still empty.
    tenant = await startSimulatedTenant({ env: { GRAPH_SITE_ID: '', GRAPH_DRIVE_ID: '' } });
  }, 60_000);
  afterAll(async () => tenant?.stop());

  it('starts, answers /healthz with 200, and names the settings still to be made', async () => {
    const health = await tenant.app.call(null, 'GET', '/healthz');
    expect(health).toEqual({
      status: 200,
      body: {
        status: 'ok',
        setup: [
          {
            area: 'documents',
            missing: ['GRAPH_SITE_ID', 'GRAPH_DRIVE_ID'],
            message:
              'Case documents are off until the SharePoint site and library ids are set (docs/trial.md, step 5).',
          },
        ],
      },
    });
  });

  it('serves casework meanwhile: a councillor signs in and raises a case', async () => {
    const me = await tenant.app.call('alice', 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(['Councillor']);
  });
});
