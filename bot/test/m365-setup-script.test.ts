import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSetup, SetupError, type Az } from '../../scripts/m365-setup';

/**
 * `npm run m365:setup` (docs/trial.md): the tenant steps provisioning cannot do, through the Azure CLI. The
 * CLI is stood in for by a recorder answering as `az` does, so what is checked is which commands and Graph
 * requests the script makes, in which order, and that running a step again changes nothing.
 */

const CLIENT_ID = '22222222-2222-4333-8444-555555555555';
const SITE_ID = 'contoso.sharepoint.com,site-guid,web-guid';
const PERMISSIONS = `https://graph.microsoft.com/v1.0/sites/${SITE_ID}/permissions`;

describe('npm run m365:setup', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mh-setup-'));
    writeFileSync(
      join(dir, '.env.dev'),
      [
        `AAD_APP_CLIENT_ID=${CLIENT_ID}`,
        'AAD_APP_OBJECT_ID=aaaaaaaa-2222-4333-8444-555555555555',
        'AAD_APP_TENANT_ID=11111111-2222-4333-8444-555555555555',
        'MANAGED_IDENTITY_PRINCIPAL_ID=bbbbbbbb-2222-4333-8444-555555555555',
        `GRAPH_SITE_ID=${SITE_ID}`,
        'BOT_ENDPOINT=https://mhub1.azurewebsites.net',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in `az`: answers by the command, records every call. */
  const recorder = (answers: (args: string[]) => string) => {
    const calls: string[][] = [];
    const az: Az = (args) => {
      calls.push(args);
      return answers(args);
    };
    return { az, calls };
  };
  const options = { env: 'dev', overrides: {}, log: () => undefined };
  const bodyOf = (args: string[]) => JSON.parse(args[args.indexOf('--body') + 1] ?? 'null') as unknown;

  it('grants the site with write by grantedToIdentities, then raises it to fullcontrol by PATCH', async () => {
    const { az, calls } = recorder((args) => {
      if (args.includes('get')) return JSON.stringify({ value: [] });
      if (args.includes('post')) return JSON.stringify({ id: 'perm-1', roles: ['write'] });
      return JSON.stringify({ id: 'perm-1', roles: ['fullcontrol'] });
    });
    await runSetup('site-grant', { ...options, az, envDir: dir, fullControl: true });
    expect(calls.map((c) => [c[2], c[4]])).toEqual([
      ['get', PERMISSIONS],
      ['post', PERMISSIONS],
      ['patch', `${PERMISSIONS}/perm-1`],
    ]);
    expect(bodyOf(calls[1] ?? [])).toEqual({
      roles: ['write'],
      grantedToIdentities: [{ application: { id: CLIENT_ID, displayName: "Members' Hub" } }],
    });
    expect(bodyOf(calls[2] ?? [])).toEqual({ roles: ['fullcontrol'] });
  });

  it('changes nothing when the app already has the role it asks for', async () => {
    const { az, calls } = recorder(() =>
      JSON.stringify({
        value: [
          {
            id: 'perm-1',
            roles: ['fullcontrol'],
            grantedToIdentitiesV2: [{ application: { id: CLIENT_ID } }],
          },
        ],
      }),
    );
    await runSetup('site-grant', { ...options, az, envDir: dir, fullControl: true });
    expect(calls.map((c) => c[2])).toEqual(['get']);
  });

  it('says which requests to make in Graph Explorer when az\u2019s token is refused', async () => {
    const { az } = recorder(() => {
      throw new Error('Forbidden({"error":{"code":"accessDenied"}})');
    });
    const refused = runSetup('site-grant', { ...options, az, envDir: dir });
    await expect(refused).rejects.toThrow(SetupError);
    await expect(refused).rejects.toThrow(`POST ${PERMISSIONS}`);
  });

  it('makes the app registration trust the managed identity once, with the documented issuer and audience', async () => {
    const existing: { name: string; subject: string }[] = [];
    const { az, calls } = recorder((args) => {
      if (args[3] === 'list') return JSON.stringify(existing);
      const created = JSON.parse(args[args.indexOf('--parameters') + 1] ?? '{}') as {
        name: string;
        subject: string;
      };
      existing.push(created);
      return JSON.stringify(created);
    });
    await runSetup('federated-credential', { ...options, az, envDir: dir });
    await runSetup('federated-credential', { ...options, az, envDir: dir });
    expect(calls.map((c) => c[3])).toEqual(['list', 'create', 'list']);
    expect(existing).toEqual([
      expect.objectContaining({
        name: 'members-hub-managed-identity',
        issuer: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/v2.0',
        subject: 'bbbbbbbb-2222-4333-8444-555555555555',
        audiences: ['api://AzureADTokenExchange'],
      }),
    ]);
  });

  it('names the missing setting and where it comes from, running nothing', async () => {
    const { az, calls } = recorder(() => '');
    await expect(
      runSetup('site-grant', { ...options, az, envDir: dir, overrides: { GRAPH_SITE_ID: '' } }),
    ).rejects.toThrow('GRAPH_SITE_ID has no value');
    expect(calls).toEqual([]);
  });

  it('reports what /healthz lists as still to set up', async () => {
    const lines: string[] = [];
    const fakeFetch = (() =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            status: 'ok',
            setup: [{ area: 'documents', message: 'Case documents are off.' }],
          }),
          { status: 200 },
        ),
      )) as unknown as typeof fetch;
    await runSetup('check', { ...options, envDir: dir, fetch: fakeFetch, log: (l) => lines.push(l) });
    expect(lines).toEqual(['/healthz: 200 ok', '  still to do (documents): Case documents are off.']);
  });
});
