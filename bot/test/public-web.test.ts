import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readModernGovSite } from '../src/adapters/decisions/modern-gov-site';
import {
  isPublicAddress,
  publicWebFetch,
  resolvesOnlyToPublic,
  type Resolve,
} from '../src/adapters/web/public-web';

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' } as const;

/** A resolver that answers from a table, as a DNS server an attacker controls would. */
const resolverOf =
  (table: Record<string, string[]>): Resolve =>
  (hostname) =>
    Promise.resolve(
      (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('reaching only public websites from an address a person typed', () => {
  it('tells public unicast addresses from internal, loopback, link-local and special ones', () => {
    for (const address of [
      '8.8.8.8',
      '151.101.0.1',
      '2a00:1450:4009:81f::200e',
      '[2606:4700::1111]',
      '::ffff:808:808',
    ])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '[::1]',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      'not-an-address',
    ])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
  });

  it('refuses a name when any one of its addresses is internal, and localhost whatever it resolves to', async () => {
    const resolve = resolverOf({
      'democracy.example.gov.uk': ['151.101.0.1'],
      'mixed.example': ['151.101.0.1', '10.0.0.5'],
      'inside.example': ['192.168.0.10'],
    });
    expect(await resolvesOnlyToPublic('democracy.example.gov.uk', resolve)).toBe(true);
    expect(await resolvesOnlyToPublic('mixed.example', resolve)).toBe(false);
    expect(await resolvesOnlyToPublic('inside.example', resolve)).toBe(false);
    expect(await resolvesOnlyToPublic('nothing.example', resolve)).toBe(false);
    expect(await resolvesOnlyToPublic('app.localhost', resolve)).toBe(false);
    expect(await resolvesOnlyToPublic('[::ffff:7f00:1]', resolve)).toBe(false);
  });

  it('refuses a modern.gov site whose name resolves to an internal address, before fetching anything', async () => {
    let fetched = 0;
    const attempt = readModernGovSite('https://democracy.example.gov.uk/', NOVEMBER, {
      resolve: resolverOf({ 'democracy.example.gov.uk': ['169.254.169.254'] }),
      fetch: () => ((fetched += 1), Promise.reject(new Error('must not be called'))),
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'url', message: 'Use the council\u2019s public modern.gov address.' }],
    });
    expect(fetched).toBe(0);
  });

  describe('when the name changes to an internal address after the check (DNS rebinding)', () => {
    let server: Server;
    let port: number;
    let requests = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        requests += 1;
        res.end('internal secrets');
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
    });

    it('never connects: the connection’s own lookup refuses the internal address', async () => {
      const guarded = publicWebFetch(resolverOf({ 'rebind.example': ['127.0.0.1'] }));
      await expect(guarded(`http://rebind.example:${port}/`)).rejects.toMatchObject({
        cause: { code: 'ERR_NOT_PUBLIC_ADDRESS' },
      });
      expect(requests).toBe(0);
    });

    it('reports the modern.gov list as unreadable and reads nothing from the internal address', async () => {
      // Public when checked, internal when connecting: the resolver answers differently the second time.
      let asked = 0;
      const rebinding: Resolve = () =>
        Promise.resolve([{ address: (asked += 1) === 1 ? '151.101.0.1' : '127.0.0.1', family: 4 }]);
      const rows = await readModernGovSite(`https://rebind.example:${port}/`, NOVEMBER, {
        resolve: rebinding,
      });
      expect(rows.map((r) => ('problem' in r ? r.problem : null))).toEqual([
        `The list could not be read: rebind.example:${port} now resolves to an address that is not public.`,
        `The list could not be read: rebind.example:${port} now resolves to an address that is not public.`,
      ]);
      expect(requests).toBe(0);
    });
  });
});
