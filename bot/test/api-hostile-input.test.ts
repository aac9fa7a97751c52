import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LOCAL_TENANT_ID } from '../src/main';
import { startConnectorServer, type ConnectorServer } from './support/connector-server';
import { emailMessage } from './support/documents-fixtures';
import { PEOPLE, aCase, startTestApp, type TestApp, type Who } from './support/test-app';

/**
 * What a black-box probe of the running service found (issue 11), tried again at the level it was found: HTTP
 * against the running service, as an attacker or a careless client would send it.
 */

interface Answer {
  status: number;
  body: any;
}

/** A request with a raw body and headers, answered (or refused) as the service sees fit. */
const raw = (
  url: string,
  path: string,
  body: Buffer | string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        collect(res).then(resolve, reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const collect = async (res: IncomingMessage): Promise<Answer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: res.statusCode ?? 0, body };
};

/**
 * Sends the headers and the first `sent` bytes of a body that claims `declared` bytes, and waits for the answer
 * without sending the rest: a service that reads the body before answering would never answer.
 */
const answerBeforeBody = (
  url: string,
  path: string,
  declared: number,
  sent: Buffer,
  headers: Record<string, string>,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-length': String(declared), ...headers },
    });
    req.on('response', (res) => {
      collect(res).then(resolve, reject);
      // The rest of the body is never sent: end the connection once the answer is in.
      res.once('end', () => req.destroy());
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
    // A service that waits for the rest of the body never answers: give up (as no answer) rather than hang.
    req.setTimeout(4_000, () => {
      req.destroy();
      resolve({ status: 0, body: 'no answer while the body was incomplete' });
    });
    req.write(sent);
  });

const without = (body: any) => {
  const { requestId: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
};

describe('hostile input to the running service', () => {
  let t: TestApp;
  let aliceRef: string;
  const missingRef = 'MH-2019-99999';

  const bearer = async (who: Who) => `Bearer ${await t.token(who)}`;
  const caseCount = async () => (await t.call('sue', 'GET', '/api/cases?limit=1')).body.total as number;

  beforeAll(async () => {
    t = await startTestApp();
    aliceRef = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
  });
  afterAll(async () => t.stop());

  describe('an invisible case answers exactly as a missing one, whatever expectedVersion says (1)', () => {
    it.each<[Who, string]>([
      ['bob', 'another councillor'],
      ['hal', 'a department officer the case is not routed to'],
      ['ada', 'an administrator'],
    ])('gives %s (%s) the answer for a missing case at every version', async (who) => {
      const action = { type: 'follow-up', text: 'x' };
      const missing = await t.call(who, 'POST', `/api/cases/${missingRef}/actions`, {
        ...action,
        expectedVersion: 999,
      });
      expect(missing.status).toBe(404);
      for (const expectedVersion of [1, 2, 999]) {
        const probe = await t.call(who, 'POST', `/api/cases/${aliceRef}/actions`, {
          ...action,
          expectedVersion,
        });
        expect({ status: probe.status, body: without(probe.body) }).toEqual({
          status: missing.status,
          body: without(missing.body),
        });
      }
    });

    it('still tells the case\u2019s own member that their version is out of date (409)', async () => {
      const res = await t.call('alice', 'POST', `/api/cases/${aliceRef}/actions`, {
        type: 'follow-up',
        text: 'x',
        expectedVersion: 999,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('conflict');
    });
  });

  describe('compressed bodies are limited after inflation, and read only once the caller is known (2)', () => {
    const bomb = () => gzipSync(JSON.stringify(aCase({ description: 'a'.repeat(4 * 1024 * 1024) })));

    it('refuses a small gzip body that inflates past 256 KiB with 413, storing nothing', async () => {
      const before = await caseCount();
      const body = bomb();
      expect(body.length).toBeLessThan(16 * 1024);
      const res = await raw(t.url, '/api/cases', body, {
        authorization: await bearer('alice'),
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
      expect(await caseCount()).toBe(before);
    });

    it('accepts a gzip body that inflates to a valid case', async () => {
      const res = await raw(t.url, '/api/cases', gzipSync(JSON.stringify(aCase({ title: 'Zipped' }))), {
        authorization: await bearer('alice'),
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(201);
      expect(res.body.title).toBe('Zipped');
    });

    it('refuses an encoding it does not inflate with 415', async () => {
      const res = await raw(t.url, '/api/cases', JSON.stringify(aCase()), {
        authorization: await bearer('alice'),
        'content-type': 'application/json',
        'content-encoding': 'br',
      });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
    });

    it('answers a request without a token with 401 before its body has been sent', async () => {
      const body = bomb();
      const res = await answerBeforeBody(t.url, '/api/cases', body.length, body.subarray(0, 1024), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(401);
    });
  });

  describe('only the body types a route takes are read (3, 6)', () => {
    const marker = randomUUID();
    const multipart = () => {
      const boundary = 'probe-boundary';
      return {
        boundary,
        body: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          ),
          Buffer.from(marker.repeat(3000)),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      };
    };
    /**
     * Files in the system temporary folder holding this test's marker: what a multipart parser would have
     * written for our request (others' files there never hold it).
     */
    const markedTempFiles = (): string[] =>
      readdirSync(tmpdir())
        .filter((name) => name.startsWith('upload_'))
        .filter((name) => {
          try {
            return readFileSync(join(tmpdir(), name)).includes(marker);
          } catch {
            return false;
          }
        });

    it('refuses a multipart post without a token with 401 and writes no temporary file', async () => {
      const { boundary, body } = multipart();
      const res = await raw(t.url, '/api/cases', body, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expect(res.status).toBe(401);
      expect(markedTempFiles()).toEqual([]);
    });

    it('refuses a multipart post to a JSON route with 415 and writes no temporary file', async () => {
      const before = await caseCount();
      const { boundary, body } = multipart();
      const res = await raw(t.url, '/api/cases', body, {
        authorization: await bearer('alice'),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
      expect(markedTempFiles()).toEqual([]);
      expect(await caseCount()).toBe(before);
    });

    it('refuses a form-encoded case with 415', async () => {
      const res = await raw(t.url, '/api/cases', 'kind=member-enquiry&title=x', {
        authorization: await bearer('alice'),
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(res.status).toBe(415);
    });

    describe('the bot endpoint', () => {
      let connector: ConnectorServer;
      beforeAll(async () => {
        connector = await startConnectorServer();
      });
      afterAll(async () => connector.close());

      it('refuses a form-encoded activity (which any web page can send) with 415 and runs no turn', async () => {
        const form = new URLSearchParams({
          type: 'message',
          text: 'my cases',
          serviceUrl: connector.serviceUrl,
          channelId: 'msteams',
          'from[id]': '29:x',
          'from[aadObjectId]': PEOPLE.alice.oid,
          'conversation[id]': 'a:forged',
          'conversation[tenantId]': LOCAL_TENANT_ID,
          'recipient[id]': '28:bot',
        }).toString();
        const res = await raw(t.url, '/api/messages', form, {
          'content-type': 'application/x-www-form-urlencoded',
        });
        expect(res.status).toBe(415);
        expect(connector.requests).toEqual([]);
      });

      it('refuses a text/plain activity with 415 and runs no turn', async () => {
        const res = await raw(
          t.url,
          '/api/messages',
          JSON.stringify({ type: 'message', text: 'my cases', serviceUrl: connector.serviceUrl }),
          { 'content-type': 'text/plain' },
        );
        expect(res.status).toBe(415);
        expect(connector.requests).toEqual([]);
      });
    });
  });

  describe('a NUL character gets a 400 naming the field, and changes nothing (4)', () => {
    it.each([
      ['title', aCase({ title: 'Blocked\u0000drain' })],
      ['constituent.name', aCase({ constituent: { ...aCase().constituent, name: 'Pat\u0000' } })],
      ['category', aCase({ category: '\u0000' })],
    ])('refuses a new case with a NUL in %s', async (path, body) => {
      const before = await caseCount();
      const res = await t.call('alice', 'POST', '/api/cases', body);
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path, message: expect.stringMatching(/NUL/) }]);
      expect(await caseCount()).toBe(before);
    });

    it.each([
      ['category', { type: 'triage', departmentId: 'dept-highways', category: 'Roads\u0000' }],
      ['memberId', { type: 'share', memberId: 'p-bob\u0000' }],
    ])('refuses an action with a NUL in %s', async (path, action) => {
      const ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
      const before = (await t.call('sue', 'GET', `/api/cases/${ref}`)).body.version;
      const res = await t.call('sue', 'POST', `/api/cases/${ref}/actions`, action);
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path, message: expect.stringMatching(/NUL/) }]);
      expect((await t.call('sue', 'GET', `/api/cases/${ref}`)).body.version).toBe(before);
    });

    it.each(['text', 'ward', 'department'])(
      'refuses %s=%00 in a case list with 400 naming it',
      async (name) => {
        const res = await t.call('sue', 'GET', `/api/cases?${name}=a%00b`);
        expect(res.status).toBe(400);
        expect(res.body.issues).toEqual([{ path: name, message: expect.stringMatching(/NUL/) }]);
      },
    );

    it('refuses q=%00 in a document search with 400 naming it', async () => {
      const res = await t.call('sue', 'GET', '/api/documents?q=abc%00def');
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path: 'q', message: expect.stringMatching(/NUL/) }]);
    });

    it('files an e-mail whose encoded subject and sender hold NULs, and lists it without them', async () => {
      const ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
      const nulSubject = `=?UTF-8?B?${Buffer.from('Flood\u0000ing report').toString('base64')}?=`;
      const eml = Buffer.from(
        emailMessage({ subject: nulSubject })
          .toString('utf8')
          .replace('"Pat Resident"', `=?UTF-8?B?${Buffer.from('Pat\u0000Resident').toString('base64')}?=`),
        'utf8',
      );
      const res = await raw(t.url, `/api/cases/${ref}/documents`, eml, {
        authorization: await bearer('alice'),
        'content-type': 'message/rfc822',
        'x-file-name': 'flood.eml',
      });
      expect(res.status).toBe(201);
      const listed = await t.call('alice', 'GET', `/api/cases/${ref}/documents`);
      expect(listed.body.items).toHaveLength(1);
      const [doc] = listed.body.items;
      expect(doc.email.subject).toBe('Flooding report');
      expect(JSON.stringify(doc)).not.toContain('\\u0000');
    });
  });

  describe('file names cannot hide what they are (7)', () => {
    it.each([
      ['invoice\u202egnp.exe', 'invoicegnp.exe'],
      ['report\u2066\u2069\u200f.pdf', 'report.pdf'],
      ['\ufeffnotes\u200b.txt', 'notes.txt'],
    ])('stores %j as %j', async (given, stored) => {
      const ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
      const res = await raw(t.url, `/api/cases/${ref}/documents`, Buffer.from(`bytes of ${stored}`), {
        authorization: await bearer('alice'),
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(given),
      });
      expect(res.status).toBe(201);
      expect(res.body.document.name).toBe(stored);
    });
  });

  describe('raising a case is idempotent with an Idempotency-Key', () => {
    const raise = (who: Who, key: string | undefined, body = aCase({ title: 'Retried request' })) =>
      t.call(who, 'POST', '/api/cases', body, key === undefined ? {} : { 'idempotency-key': key });

    it('answers a retried request with the case the first one raised, and raises one case', async () => {
      const before = await caseCount();
      const key = randomUUID();
      const first = await raise('alice', key);
      const again = await raise('alice', key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.ref).toBe(first.body.ref);
      expect(await caseCount()).toBe(before + 1);
    });

    it('raises one case when the same request arrives several times at once', async () => {
      const before = await caseCount();
      const key = randomUUID();
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => raise('alice', key)));
      expect(new Set(answers.map((a) => a.body.ref)).size).toBe(1);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(await caseCount()).toBe(before + 1);
    });

    it('refuses the same key with a different request (422) and raises nothing', async () => {
      const key = randomUUID();
      await raise('alice', key);
      const before = await caseCount();
      const other = await raise('alice', key, aCase({ title: 'Something else entirely' }));
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('request_key_reused');
      expect(await caseCount()).toBe(before);
    });

    it('keeps each person’s keys to themselves', async () => {
      const key = randomUUID();
      const alices = await raise('alice', key);
      const bobs = await raise('bob', key, aCase({ title: 'Retried request', wardId: 'ward-south' }));
      expect(bobs.status).toBe(201);
      expect(bobs.body.ref).not.toBe(alices.body.ref);
    });

    it('raises a new case each time without a key, as before', async () => {
      const before = await caseCount();
      await raise('alice', undefined);
      await raise('alice', undefined);
      expect(await caseCount()).toBe(before + 2);
    });

    it('refuses a malformed key with 400 naming the header', async () => {
      const res = await raise('alice', 'not a key!');
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    });
  });

  describe('a partial upload leaves nothing behind', () => {
    /** Starts an upload of 1 MiB, sends `sent` bytes, and goes away after `ticks` turns of the event loop. */
    const abandon = (url: string, authorization: string, sent: number, ticks: number): Promise<void> =>
      new Promise((resolve) => {
        const target = new URL(url);
        const req = httpRequest({
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { authorization, 'content-length': String(1024 * 1024), 'x-file-name': 'part.bin' },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(Buffer.alloc(sent, 1));
        const leave = (left: number) => {
          if (left <= 0) req.destroy();
          else setImmediate(() => leave(left - 1));
        };
        leave(ticks);
      });

    it('removes the spooled part of an upload whose client went away, at whatever moment it left', async () => {
      const ref = (await t.call('alice', 'POST', '/api/cases', aCase())).body.ref;
      const authorization = await bearer('alice');
      const spool = join(t.dataDir, 'tmp');
      const spooled = () => {
        try {
          return readdirSync(spool).filter((name) => name.startsWith('upload-'));
        } catch {
          return [];
        }
      };
      // Leaving at once, while the token and the case are checked, while the spool file is opened, and
      // mid-body: each must end with nothing left in the spool folder.
      for (const [sent, ticks] of [
        [1, 0],
        [1, 1],
        [1, 3],
        [1, 10],
        [64 * 1024, 0],
        [200 * 1024, 5],
        [200 * 1024, 50],
      ] as const)
        await abandon(`${t.url}/api/cases/${ref}/documents`, authorization, sent, ticks);
      // The service notices each connection closing and removes its part: poll until it has.
      // (Up to 30 s, so a loaded machine waits rather than fails; parts that stay fail the test.)
      const giveUpAt = Date.now() + 30_000;
      while (spooled().length > 0 && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 10));
      expect(spooled()).toEqual([]);
      expect((await t.call('alice', 'GET', `/api/cases/${ref}/documents`)).body.items).toEqual([]);
    });
  });
});
