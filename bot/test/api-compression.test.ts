import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { aCase, startTestApp, type TestApp } from './support/test-app';

/** One answer exactly as it came over the wire: status, headers and the body's bytes, not decoded. */
const raw = (
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });

/**
 * The API's JSON answers go compressed to a client that accepts it (brotli, else gzip), as the tab's files do:
 * members open case lists on phones over mobile data, and App Service does not compress for the app.
 */
describe('API answers compressed by Accept-Encoding', () => {
  let t: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    for (let i = 0; i < 6; i += 1)
      expect(
        (await t.call('alice', 'POST', '/api/cases', aCase({ title: `Blocked drain number ${i}` }))).status,
      ).toBe(201);
    auth = { authorization: `Bearer ${await t.token('alice')}` };
  });
  afterAll(async () => {
    await t?.stop();
  });

  const list = () => `${t.url}/api/cases?mine=true&status=new,with-department&limit=50`;

  it('sends brotli to a browser that asks for br and gzip, decoding to the same JSON as the plain answer', async () => {
    const plain = await raw(list(), auth);
    const br = await raw(list(), { ...auth, 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('application/json');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    const decoded = JSON.parse(brotliDecompressSync(br.body).toString('utf8')) as { items: unknown[] };
    expect(decoded).toEqual(JSON.parse(plain.body.toString('utf8')));
    expect(decoded.items).toHaveLength(6);
    for (const answer of [plain, br]) expect(answer.headers.vary).toMatch(/accept-encoding/i);
  });

  it('sends gzip to a client that accepts only gzip, and nothing compressed when br and gzip are refused', async () => {
    const gz = await raw(list(), { ...auth, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect((JSON.parse(gunzipSync(gz.body).toString('utf8')) as { items: unknown[] }).items).toHaveLength(6);
    const refused = await raw(list(), { ...auth, 'accept-encoding': 'br;q=0, gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(refused.body.toString('utf8')) as { items: unknown[] }).items).toHaveLength(6);
  });

  it('sends a small answer as it is, where compressing would gain nothing', async () => {
    const me = await raw(`${t.url}/api/me`, { ...auth, 'accept-encoding': 'br' });
    expect(me.status).toBe(200);
    expect(me.body.length).toBeLessThan(1024);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(me.body.toString('utf8'))).toMatchObject({ id: 'p-alice', roles: ['Councillor'] });
  });
});
