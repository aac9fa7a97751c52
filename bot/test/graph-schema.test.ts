import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  assertAllConform,
  checkGraphPath,
  DEFAULT_CSDL_PATH,
  loadGraphModel,
  parseCsdl,
} from './support/graph-schema';

// The conformance checker against Graph's published v1.0 CSDL (kept gzipped in bot/test/fixtures/graph), and against a tiny CSDL
// that pins down aliases, inheritance, media entities and bound operations.

const withCsdl = <T>(path: string, run: () => T): T => {
  const previous = process.env.GRAPH_CSDL_PATH;
  process.env.GRAPH_CSDL_PATH = path;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.GRAPH_CSDL_PATH;
    else process.env.GRAPH_CSDL_PATH = previous;
  }
};

/** SHA-256 of the published CSDL as the project received it (../shared/graph/graph-v1.0.csdl.xml). */
const PUBLISHED_CSDL_SHA256 = '79b90dfb12d57adecfa110069397ed7003719e713840a9f885ae946fd9ee6e6b';
const SHARED_CSDL = join(__dirname, '..', '..', '..', 'shared', 'graph', 'graph-v1.0.csdl.xml');

describe('the Graph v1.0 schema', () => {
  it('is the published CSDL unchanged, and the same as the project\u2019s shared copy wherever that is present', () => {
    const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
    expect(sha256(gunzipSync(readFileSync(DEFAULT_CSDL_PATH)))).toBe(PUBLISHED_CSDL_SHA256);
    // On a machine with the project's shared folder beside the repository, the two copies must not drift.
    const shared = existsSync(SHARED_CSDL) ? sha256(readFileSync(SHARED_CSDL)) : PUBLISHED_CSDL_SHA256;
    expect(shared).toBe(PUBLISHED_CSDL_SHA256);
  });

  it('is kept in the repository and indexed: entity sets, singletons, types and bound operations', () => {
    expect(DEFAULT_CSDL_PATH.endsWith(join('fixtures', 'graph', 'graph-v1.0.csdl.xml.gz'))).toBe(true);
    const model = loadGraphModel();
    expect(model.entitySets.get('drives')).toBe('microsoft.graph.drive');
    expect(model.entitySets.get('sites')).toBe('microsoft.graph.site');
    expect(model.singletons.get('me')).toBe('microsoft.graph.user');
    const driveItem = model.types.get('microsoft.graph.driveItem');
    expect(driveItem?.baseType).toBe('microsoft.graph.baseItem');
    expect(driveItem?.properties.get('content')).toEqual({ type: 'Edm.Stream', collection: false });
    expect(driveItem?.navigation.get('children')).toEqual({
      type: 'microsoft.graph.driveItem',
      collection: true,
    });
    expect(model.types.get('microsoft.graph.message')?.hasStream).toBe(true);
    const invite = model.operations
      .get('invite')
      ?.find((op) => op.binding.type === 'microsoft.graph.driveItem');
    expect(invite).toMatchObject({
      kind: 'action',
      namespace: 'microsoft.graph',
      binding: { collection: false },
    });
  });

  it.each([
    ['GET', '/v1.0/drives/abc/items/123/children', 'Collection(microsoft.graph.driveItem)'],
    ['POST', '/v1.0/drives/abc/items/123/children', 'Collection(microsoft.graph.driveItem)'],
    [
      'POST',
      '/v1.0/drives/abc/items/123/invite',
      'action microsoft.graph.invite bound to microsoft.graph.driveItem',
    ],
    [
      'POST',
      '/v1.0/drives/abc/items/123/microsoft.graph.invite',
      'action microsoft.graph.invite bound to microsoft.graph.driveItem',
    ],
    [
      'POST',
      '/v1.0/drives/abc/root:/A%20B/c.pdf:/createUploadSession',
      'action microsoft.graph.createUploadSession bound to microsoft.graph.driveItem',
    ],
    [
      'PUT',
      '/v1.0/drives/abc/items/123:/Letter%20%231.pdf:/content',
      'stream microsoft.graph.driveItem/content',
    ],
    [
      'GET',
      '/v1.0/drives/abc/root:/Member%20casework/MH-0001:/children?$top=50&$select=id,name',
      'Collection(microsoft.graph.driveItem)',
    ],
    ['GET', '/v1.0/drives/abc/root:/Member%20casework', 'microsoft.graph.driveItem'],
    ['GET', '/v1.0/drives/abc/items/123/content', 'stream microsoft.graph.driveItem/content'],
    [
      'PATCH',
      '/v1.0/drives/abc/items/123?@microsoft.graph.conflictBehavior=rename',
      'microsoft.graph.driveItem',
    ],
    ['DELETE', '/v1.0/drives/abc/items/123', 'microsoft.graph.driveItem'],
    ['GET', '/v1.0/drives/abc/items/123/permissions', 'Collection(microsoft.graph.permission)'],
    ['GET', '/v1.0/me/messages/AAMk/$value', 'media of microsoft.graph.message'],
    [
      'GET',
      '/v1.0/me/messages?$top=10&$orderby=receivedDateTime%20desc',
      'Collection(microsoft.graph.message)',
    ],
    ['GET', '/v1.0/users/someone%40example.org/messages/AAMk', 'microsoft.graph.message'],
    ['GET', '/v1.0/me/messages/AAMk/attachments/AAMkAtt/$value', 'media of microsoft.graph.attachment'],
    ['GET', '/v1.0/sites/x/drive', 'microsoft.graph.drive'],
    ['GET', '/v1.0/sites/contoso.sharepoint.com:/sites/members-hub', 'microsoft.graph.site'],
    [
      'GET',
      '/v1.0/sites/contoso.sharepoint.com:/sites/members-hub:/drives',
      'Collection(microsoft.graph.drive)',
    ],
    ['GET', '/v1.0/users/$count', '$count of Collection(microsoft.graph.user)'],
    ['GET', '/v1.0/groups/g/members/microsoft.graph.user', 'Collection(microsoft.graph.user)'],
    [
      'GET',
      '/v1.0/drives/abc/root/delta()',
      'function microsoft.graph.delta bound to microsoft.graph.driveItem',
    ],
    ['POST', '/v1.0/$batch', '$batch'],
    ['PUT', '/upload/AbC123', 'upload session URL (pre-authenticated, outside the schema)'],
    ['GET', 'https://127.0.0.1:4443/v1.0/drives/abc', 'microsoft.graph.drive'],
  ])('accepts %s %s as %s', (method, path, resolvedAs) => {
    expect(checkGraphPath(method, path)).toEqual({ ok: true, resolvedAs });
  });

  it.each([
    ['GET', '/v1.0/drives/abc/items/123/childs', "'childs' is not a property"],
    ['POST', '/v1.0/drives/abc/items/123/inviteUser', "'inviteUser' is not a property"],
    ['GET', '/v1.0/me/mesages', "'mesages' is not a property"],
    ['GET', '/v1.0/drive/root', "'drive' is not an entity set or singleton"],
    ['GET', '/v1.0/drives/abc/items/123/invite', 'GET is not allowed on action microsoft.graph.invite'],
    ['POST', '/v1.0/drives/abc/items/123/content', 'POST is not allowed on stream'],
    [
      'POST',
      '/v1.0/drives/abc/items/123/microsoft.graph.security.invite',
      "'microsoft.graph.security.invite' is not a property",
    ],
    ['GET', '/v1.0/drives/abc/$value', 'not a media entity'],
    ['GET', '/v1.0/users/u:/a/b:', 'path, which Graph allows only for driveItems and sites'],
    ['GET', '/v1.0/drives/abc/items/1/children?top=5', "query option 'top'"],
    [
      'GET',
      '/v1.0/drives/abc/items/1/children?$expand=children&conflictBehavior=fail',
      "query option 'conflictBehavior'",
    ],
    ['POST', '/v1.0/$batch/extra', 'nothing may follow $batch'],
    ['GET', '/beta/drives/abc', 'is not under /v1.0/'],
    ['GET', '/v1.0/drives/abc/items/1/content/more', 'nothing may follow the stream property content'],
    ['PATCH', '/download/abc', 'PATCH is not allowed on a download URL'],
    ['GET', '/v1.0/drives/abc/items/%E0%A4%A', 'not valid percent-encoding'],
  ])('refuses %s %s (%s)', (method, path, reason) => {
    const result = checkGraphPath(method, path);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('assertAllConform lists each offending request once and ignores the token endpoint', () => {
    const good = [
      { method: 'GET', url: '/v1.0/drives/abc/root/children' },
      { method: 'POST', url: '/tenant/oauth2/v2.0/token', target: 'login' },
    ];
    expect(() => assertAllConform(good)).not.toThrow();
    const bad = [
      ...good,
      { method: 'GET', url: '/v1.0/me/mesages' },
      { method: 'GET', url: '/v1.0/me/mesages' },
      { method: 'GET', url: '/v1.0/drives/x/items/1/childs' },
    ];
    expect(() => assertAllConform(bad)).toThrow(
      /^2 request\(s\) do not conform[\s\S]*GET \/v1\.0\/me\/mesages[\s\S]*childs/,
    );
  });
});

describe('the checker on its own', () => {
  const MINI = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="test.ns" Alias="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <!-- a comment with <EntityType Name="ignored"> inside -->
      <EntityType Name="thing" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <Property Name="meta" Type="t.meta" />
        <NavigationProperty Name="parts" Type="Collection(t.thing)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="document" BaseType="t.thing" HasStream="true">
        <Property Name="title" Type="Edm.String">
          <Annotation Term="Core.Description" String="a &quot;quoted&quot; &gt; value" />
        </Property>
      </EntityType>
      <ComplexType Name="meta">
        <Property Name="label" Type="Edm.String" />
      </ComplexType>
      <Action Name="archive" IsBound="true">
        <Parameter Name="bindingParameter" Type="t.thing" />
        <ReturnType Type="t.thing" />
      </Action>
      <Function Name="recent" IsBound="true" IsComposable="true">
        <Parameter Name="bindingParameter" Type="Collection(t.thing)" />
        <ReturnType Type="Collection(t.thing)" />
      </Function>
      <EntityContainer Name="Service">
        <EntitySet Name="things" EntityType="test.ns.thing" />
        <Singleton Name="home" Type="test.ns.document" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`;

  it('parses aliases, inheritance, complex types and bound operations, skipping comments', () => {
    const model = parseCsdl(MINI);
    expect(model.aliases.get('t')).toBe('test.ns');
    expect(model.types.has('test.ns.ignored')).toBe(false);
    expect(model.types.get('test.ns.document')).toMatchObject({ baseType: 'test.ns.thing', hasStream: true });
    expect(model.singletons.get('home')).toBe('test.ns.document');
  });

  it('resolves through base types, casts, composable functions and media, from a CSDL named by GRAPH_CSDL_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csdl-'));
    try {
      const path = join(dir, 'mini.xml');
      writeFileSync(path, MINI);
      withCsdl(path, () => {
        expect(checkGraphPath('POST', '/v1.0/home/archive')).toMatchObject({ ok: true });
        expect(checkGraphPath('POST', '/v1.0/home/t.archive')).toMatchObject({ ok: true });
        expect(checkGraphPath('GET', '/v1.0/home/parts/p1/$value')).toMatchObject({ ok: true });
        expect(checkGraphPath('GET', '/v1.0/home/meta/label')).toEqual({
          ok: true,
          resolvedAs: 'Edm.String',
        });
        expect(checkGraphPath('GET', '/v1.0/things/recent()/x1/test.ns.document/title')).toEqual({
          ok: true,
          resolvedAs: 'Edm.String',
        });
        expect(checkGraphPath('GET', '/v1.0/things/x1/title').ok).toBe(false);
        expect(checkGraphPath('GET', '/v1.0/drives/abc').ok).toBe(false);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(checkGraphPath('GET', '/v1.0/drives/abc').ok).toBe(true);
  });

  it('fails clearly, never passing, when the CSDL file is missing', () => {
    withCsdl('/nonexistent/graph-v1.0.csdl.xml', () => {
      expect(() => checkGraphPath('GET', '/v1.0/drives/abc')).toThrow(
        /Graph v1.0 CSDL not found at \/nonexistent\/graph-v1.0.csdl.xml/,
      );
      expect(() => assertAllConform([{ method: 'GET', url: '/v1.0/drives/abc' }])).toThrow(/CSDL not found/);
    });
  });
});
