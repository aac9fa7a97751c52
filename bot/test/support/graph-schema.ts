import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseGraphPath, PathSyntaxError, type PathToken } from './graph-sim/path';
import { DOWNLOAD_PATH_PREFIX, UPLOAD_PATH_PREFIX } from './graph-sim/upload';

/**
 * Graph v1.0 conformance: does a request address something the published schema has? The CSDL (the copy
 * kept in the repository, `bot/test/fixtures/graph/graph-v1.0.csdl.xml.gz`, or `GRAPH_CSDL_PATH`) is read
 * once and indexed: entity sets and
 * singletons, entity and complex types with their base types, structural and navigation properties, and bound
 * actions and functions. A path is then resolved segment by segment from the entity container, as an OData
 * service would: keys on collections, navigation (following inheritance), bound operations by binding type,
 * `$value` on media entities, Stream properties (`content`), `$count`, `$ref`, type casts, `$batch`, and
 * OneDrive path addressing (`root:/a/b:`, `items/{id}:/a:`, `sites/{host}:/path:`). Upload and download URLs the
 * simulation hands out are accepted as documented, outside the schema.
 *
 * The CSDL is parsed with a small tag scanner rather than an XML library: CSDL is regular (no CDATA, no mixed
 * content that matters here), and the scanner indexes the 3.5 MB file in well under a second.
 */

/**
 * Graph's published v1.0 CSDL, gzipped, kept in the repository so CI on a fresh machine has it: an unchanged
 * copy of the project's `../shared/graph/graph-v1.0.csdl.xml` (msgraph-metadata, MIT; see the README beside it).
 */
export const DEFAULT_CSDL_PATH = resolve(__dirname, '..', 'fixtures', 'graph', 'graph-v1.0.csdl.xml.gz');

/** The CSDL's text, from a plain or gzipped (`.gz`) file. */
export const readCsdl = (path: string): string => {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').replace(/^\uFEFF/, '');
};

interface TypeRef {
  type: string;
  collection: boolean;
}

interface StructuredType {
  name: string;
  kind: 'entity' | 'complex';
  baseType: string | undefined;
  hasStream: boolean;
  properties: Map<string, TypeRef>;
  navigation: Map<string, TypeRef>;
}

interface Operation {
  kind: 'action' | 'function';
  namespace: string;
  name: string;
  binding: TypeRef;
  returnType: TypeRef | undefined;
  isComposable: boolean;
}

export interface GraphModel {
  types: Map<string, StructuredType>;
  /** Bound operations by unqualified name. */
  operations: Map<string, Operation[]>;
  entitySets: Map<string, string>;
  singletons: Map<string, string>;
  /** Unbound action and function imports of the container. */
  imports: Set<string>;
  /** Alias → namespace (`graph` → `microsoft.graph`). */
  aliases: Map<string, string>;
  namespaces: Set<string>;
}

/** Parsed models by file path: the default one is parsed once per test file, whatever else a test loads. */
const cache = new Map<string, GraphModel>();

const TAG =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const INTERESTING = new Set([
  'Schema',
  'EntityType',
  'ComplexType',
  'Property',
  'NavigationProperty',
  'Action',
  'Function',
  'Parameter',
  'ReturnType',
  'EntitySet',
  'Singleton',
  'ActionImport',
  'FunctionImport',
]);

const unescape = (value: string) =>
  value.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '',
  );

const attributes = (text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) out[m[1] ?? ''] = unescape(m[2] ?? m[3] ?? '');
  return out;
};

/** Parses CSDL text into the index the path resolver uses. */
export const parseCsdl = (xml: string): GraphModel => {
  const model: GraphModel = {
    types: new Map(),
    operations: new Map(),
    entitySets: new Map(),
    singletons: new Map(),
    imports: new Set(),
    aliases: new Map(),
    namespaces: new Set(),
  };
  const stack: string[] = [];
  let namespace = '';
  let currentType: StructuredType | undefined;
  let currentOp:
    | {
        kind: 'action' | 'function';
        name: string;
        bound: boolean;
        composable: boolean;
        params: TypeRef[];
        ret?: TypeRef;
      }
    | undefined;
  const pendingTypes: Array<{ type: StructuredType; rawBase: string | undefined; ns: string }> = [];
  const rawRefs: Array<{ ref: TypeRef; raw: string }> = [];
  const typeRef = (raw: string): TypeRef => {
    const m = /^Collection\((.+)\)$/.exec(raw);
    const ref = { type: m ? (m[1] ?? '') : raw, collection: m !== null };
    rawRefs.push({ ref, raw: ref.type });
    return ref;
  };
  const finishOp = () => {
    if (!currentOp) return;
    const [binding] = currentOp.params;
    if (currentOp.bound && binding) {
      const op: Operation = {
        kind: currentOp.kind,
        namespace,
        name: currentOp.name,
        binding,
        returnType: currentOp.ret,
        isComposable: currentOp.composable,
      };
      const list = model.operations.get(op.name) ?? [];
      list.push(op);
      model.operations.set(op.name, list);
    }
    currentOp = undefined;
  };

  for (const m of xml.matchAll(TAG)) {
    const name = m[2];
    if (name === undefined) continue; // comment or processing instruction
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    if (closing) {
      stack.pop();
      if (name === 'EntityType' || name === 'ComplexType') currentType = undefined;
      if (name === 'Action' || name === 'Function') finishOp();
      continue;
    }
    const parent = stack[stack.length - 1];
    if (INTERESTING.has(name)) {
      const a = attributes(m[3] ?? '');
      switch (name) {
        case 'Schema':
          namespace = a.Namespace ?? '';
          model.namespaces.add(namespace);
          if (a.Alias) model.aliases.set(a.Alias, namespace);
          break;
        case 'EntityType':
        case 'ComplexType': {
          const type: StructuredType = {
            name: `${namespace}.${a.Name ?? ''}`,
            kind: name === 'EntityType' ? 'entity' : 'complex',
            baseType: undefined,
            hasStream: a.HasStream === 'true',
            properties: new Map(),
            navigation: new Map(),
          };
          model.types.set(type.name, type);
          pendingTypes.push({ type, rawBase: a.BaseType, ns: namespace });
          currentType = selfClosing ? undefined : type;
          break;
        }
        case 'Property':
          if (currentType && (parent === 'EntityType' || parent === 'ComplexType')) {
            currentType.properties.set(a.Name ?? '', typeRef(a.Type ?? ''));
          }
          break;
        case 'NavigationProperty':
          if (currentType && (parent === 'EntityType' || parent === 'ComplexType')) {
            currentType.navigation.set(a.Name ?? '', typeRef(a.Type ?? ''));
          }
          break;
        case 'Action':
        case 'Function':
          if (parent === 'Schema') {
            currentOp = {
              kind: name === 'Action' ? 'action' : 'function',
              name: a.Name ?? '',
              bound: a.IsBound === 'true',
              composable: a.IsComposable === 'true',
              params: [],
            };
            if (selfClosing) finishOp();
          }
          break;
        case 'Parameter':
          if (currentOp && (parent === 'Action' || parent === 'Function'))
            currentOp.params.push(typeRef(a.Type ?? ''));
          break;
        case 'ReturnType':
          if (currentOp && (parent === 'Action' || parent === 'Function'))
            currentOp.ret = typeRef(a.Type ?? '');
          break;
        case 'EntitySet':
          if (parent === 'EntityContainer') model.entitySets.set(a.Name ?? '', a.EntityType ?? '');
          break;
        case 'Singleton':
          if (parent === 'EntityContainer') model.singletons.set(a.Name ?? '', a.Type ?? '');
          break;
        case 'ActionImport':
        case 'FunctionImport':
          if (parent === 'EntityContainer') model.imports.add(a.Name ?? '');
          break;
      }
    }
    if (!selfClosing) stack.push(name);
  }
  // Aliases are known only once every Schema was read: qualify type names now.
  const qualify = (raw: string): string => {
    const dot = raw.lastIndexOf('.');
    if (dot < 0) return raw;
    const prefix = raw.slice(0, dot);
    return `${model.aliases.get(prefix) ?? prefix}${raw.slice(dot)}`;
  };
  for (const { ref, raw } of rawRefs) ref.type = qualify(raw);
  for (const { type, rawBase } of pendingTypes)
    type.baseType = rawBase === undefined ? undefined : qualify(rawBase);
  for (const [k, v] of model.entitySets) model.entitySets.set(k, qualify(v));
  for (const [k, v] of model.singletons) model.singletons.set(k, qualify(v));
  return model;
};

/** The parsed schema (cached). Throws when the CSDL file is missing: a conformance check never silently passes. */
export const loadGraphModel = (): GraphModel => {
  const path = process.env.GRAPH_CSDL_PATH ?? DEFAULT_CSDL_PATH;
  const known = cache.get(path);
  if (known) return known;
  if (!existsSync(path)) {
    throw new Error(
      `Graph v1.0 CSDL not found at ${path}. Restore bot/test/fixtures/graph/ or set GRAPH_CSDL_PATH.`,
    );
  }
  const model = parseCsdl(readCsdl(path));
  if (model.entitySets.size === 0 || model.types.size === 0) {
    throw new Error(`${path} does not look like Graph CSDL: no entity sets or types were found.`);
  }
  cache.set(path, model);
  return model;
};

export type ConformanceResult = { ok: true; resolvedAs: string } | { ok: false; reason: string };

/** OData system query options and the Graph parameters a request may carry. */
const ALLOWED_QUERY = new Set([
  '$top',
  '$skip',
  '$select',
  '$expand',
  '$filter',
  '$orderby',
  '$skiptoken',
  '$deltatoken',
  '$count',
  '$search',
  '$format',
  '@microsoft.graph.conflictBehavior',
]);

type State =
  | { kind: 'root' }
  | { kind: 'collection'; type: string }
  | { kind: 'entity'; type: string }
  | { kind: 'complex'; type: string; collection: boolean }
  | { kind: 'primitive'; type: string }
  | { kind: 'stream'; owner: string; property: string }
  | { kind: 'terminal'; what: string; methods: string[] };

const ancestry = (model: GraphModel, typeName: string): StructuredType[] => {
  const chain: StructuredType[] = [];
  let current = model.types.get(typeName);
  while (current && chain.length < 32) {
    chain.push(current);
    current = current.baseType === undefined ? undefined : model.types.get(current.baseType);
  }
  return chain;
};

const isDerivedFrom = (model: GraphModel, derived: string, base: string): boolean =>
  ancestry(model, derived).some((t) => t.name === base);

const qualifyName = (model: GraphModel, raw: string): string => {
  const dot = raw.lastIndexOf('.');
  if (dot < 0) return raw;
  const prefix = raw.slice(0, dot);
  return `${model.aliases.get(prefix) ?? prefix}${raw.slice(dot)}`;
};

/** A bound operation named by `segment` (unqualified or namespace-qualified) for this binding type. */
const findOperation = (
  model: GraphModel,
  segment: string,
  type: string,
  collection: boolean,
): Operation | undefined => {
  const call = /^([^(]+)(\(.*\))?$/.exec(segment);
  const raw = call?.[1] ?? segment;
  const qualified = qualifyName(model, raw);
  const dot = qualified.lastIndexOf('.');
  const name = dot < 0 ? qualified : qualified.slice(dot + 1);
  const namespace = dot < 0 ? undefined : qualified.slice(0, dot);
  const bindable = ancestry(model, type).map((t) => t.name);
  return (model.operations.get(name) ?? []).find(
    (op) =>
      (namespace === undefined || op.namespace === namespace) &&
      op.binding.collection === collection &&
      bindable.includes(op.binding.type),
  );
};

const describe = (state: State): string => {
  switch (state.kind) {
    case 'root':
      return 'service root';
    case 'collection':
      return `Collection(${state.type})`;
    case 'entity':
      return state.type;
    case 'complex':
      return state.collection ? `Collection(${state.type})` : state.type;
    case 'primitive':
      return state.type;
    case 'stream':
      return `stream ${state.owner}/${state.property}`;
    case 'terminal':
      return state.what;
  }
};

const methodsFor = (state: State): string[] => {
  switch (state.kind) {
    case 'collection':
      return ['GET', 'POST'];
    case 'entity':
      return ['GET', 'PATCH', 'PUT', 'DELETE'];
    case 'complex':
      return ['GET', 'PATCH', 'PUT'];
    case 'primitive':
      return ['GET', 'PUT', 'PATCH', 'DELETE'];
    case 'stream':
      return ['GET', 'PUT'];
    case 'terminal':
      return state.methods;
    case 'root':
      return ['GET'];
  }
};

/** Path addressing (`:/a/b:`) is Graph's for driveItems and for sites by host name and path. */
const addressable = (type: string) => type === 'microsoft.graph.driveItem' || type === 'microsoft.graph.site';

const step = (model: GraphModel, state: State, token: PathToken, isLast: boolean): State | string => {
  const seg = token.segment;
  const withAddress = (next: State): State | string => {
    if (!token.address) return next;
    if (next.kind === 'entity' && addressable(next.type)) return next;
    return `'${seg}:' addresses by path, which Graph allows only for driveItems and sites (here ${describe(next)})`;
  };
  switch (state.kind) {
    case 'root': {
      if (seg === '$batch')
        return isLast ? { kind: 'terminal', what: '$batch', methods: ['POST'] } : 'nothing may follow $batch';
      if (seg === '$metadata') return { kind: 'terminal', what: '$metadata', methods: ['GET'] };
      const set = model.entitySets.get(seg);
      if (set !== undefined)
        return token.address
          ? `'${seg}' is an entity set and cannot be path-addressed`
          : { kind: 'collection', type: set };
      const singleton = model.singletons.get(seg);
      if (singleton !== undefined) return withAddress({ kind: 'entity', type: singleton });
      if (model.imports.has(seg.replace(/\(.*\)$/, '')))
        return { kind: 'terminal', what: `operation import ${seg}`, methods: ['GET', 'POST'] };
      return `'${seg}' is not an entity set or singleton of the v1.0 service`;
    }
    case 'collection': {
      if (seg === '$count')
        return { kind: 'terminal', what: `$count of Collection(${state.type})`, methods: ['GET'] };
      if (seg === '$ref')
        return {
          kind: 'terminal',
          what: `$ref of Collection(${state.type})`,
          methods: ['GET', 'POST', 'DELETE'],
        };
      const op = token.address ? undefined : findOperation(model, seg, state.type, true);
      if (op) return opState(op);
      const cast = qualifyName(model, seg);
      if (!token.address && model.types.has(cast) && isDerivedFrom(model, cast, state.type))
        return { kind: 'collection', type: cast };
      // Anything else is a key.
      return withAddress({ kind: 'entity', type: state.type });
    }
    case 'entity': {
      const chain = ancestry(model, state.type);
      if (seg === '$value') {
        if (token.address) return `'$value' cannot be path-addressed`;
        // An instance reached through a base type may be of a derived media type (attachment → fileAttachment).
        const media =
          chain.some((t) => t.hasStream) ||
          [...model.types.values()].some((t) => t.hasStream && isDerivedFrom(model, t.name, state.type));
        return media
          ? { kind: 'terminal', what: `media of ${state.type}`, methods: ['GET', 'PUT'] }
          : `${state.type} is not a media entity (nor is any type derived from it): '$value' does not apply`;
      }
      if (seg === '$ref')
        return { kind: 'terminal', what: `$ref of ${state.type}`, methods: ['GET', 'PUT', 'DELETE'] };
      for (const t of chain) {
        const nav = t.navigation.get(seg);
        if (nav)
          return withAddress(
            nav.collection ? { kind: 'collection', type: nav.type } : { kind: 'entity', type: nav.type },
          );
        const prop = t.properties.get(seg);
        if (prop) {
          if (token.address) return `'${seg}' is a property and cannot be path-addressed`;
          if (prop.type === 'Edm.Stream') return { kind: 'stream', owner: state.type, property: seg };
          if (model.types.has(prop.type))
            return { kind: 'complex', type: prop.type, collection: prop.collection };
          return { kind: 'primitive', type: prop.collection ? `Collection(${prop.type})` : prop.type };
        }
      }
      const op = token.address ? undefined : findOperation(model, seg, state.type, false);
      if (op) return opState(op);
      const cast = qualifyName(model, seg);
      if (!token.address && model.types.has(cast) && isDerivedFrom(model, cast, state.type))
        return { kind: 'entity', type: cast };
      return `'${seg}' is not a property, navigation property or bound operation of ${state.type}`;
    }
    case 'complex': {
      const type = model.types.get(state.type);
      const prop =
        type && !state.collection
          ? ancestry(model, type.name)
              .map((t) => t.properties.get(seg))
              .find((p) => p)
          : undefined;
      if (!prop) return `'${seg}' is not a property of ${describe(state)}`;
      if (model.types.has(prop.type))
        return { kind: 'complex', type: prop.type, collection: prop.collection };
      return { kind: 'primitive', type: prop.type };
    }
    case 'primitive':
      return seg === '$value'
        ? { kind: 'terminal', what: `raw value of ${state.type}`, methods: ['GET', 'PUT'] }
        : `nothing but $value may follow the property ${state.type}`;
    case 'stream':
      return `nothing may follow the stream property ${state.property}`;
    case 'terminal':
      return `nothing may follow ${state.what}`;
  }
};

/** The state after calling an operation: composable functions go on from their return type; actions end. */
const opState = (op: Operation): State => {
  const what = `${op.kind} ${op.namespace}.${op.name} bound to ${op.binding.collection ? `Collection(${op.binding.type})` : op.binding.type}`;
  if (op.kind === 'function' && op.isComposable && op.returnType) {
    return op.returnType.collection
      ? { kind: 'collection', type: op.returnType.type }
      : { kind: 'entity', type: op.returnType.type };
  }
  return { kind: 'terminal', what, methods: op.kind === 'action' ? ['POST'] : ['GET'] };
};

const checkQuery = (query: string): string | null => {
  for (const key of new URLSearchParams(query).keys()) {
    if (!ALLOWED_QUERY.has(key))
      return `query option '${key}' is not an OData system query option or a known Graph parameter`;
  }
  return null;
};

/**
 * Checks one request against the schema. `pathAndQuery` is a path (`/v1.0/...`, `/upload/...`) with an optional
 * query, or a full URL.
 */
export const checkGraphPath = (method: string, pathAndQuery: string): ConformanceResult => {
  const model = loadGraphModel();
  const verb = method.toUpperCase();
  let url: URL;
  try {
    url = new URL(pathAndQuery, 'https://graph.invalid');
  } catch {
    return { ok: false, reason: `'${pathAndQuery}' is not a URL or path` };
  }
  // `new URL` keeps percent-encoding as sent, except that it resolves dot segments: refuse those outright.
  if (/(^|\/)\.\.?(\/|$)/.test(pathAndQuery.split('?')[0] ?? ''))
    return { ok: false, reason: 'dot segments are not allowed' };
  const path = url.pathname;
  const badQuery = checkQuery(url.search.slice(1));
  if (path.startsWith(UPLOAD_PATH_PREFIX)) {
    if (!['PUT', 'GET', 'DELETE', 'POST'].includes(verb))
      return { ok: false, reason: `${verb} is not allowed on an upload session URL` };
    return badQuery !== null && url.search !== ''
      ? { ok: false, reason: badQuery }
      : { ok: true, resolvedAs: 'upload session URL (pre-authenticated, outside the schema)' };
  }
  if (path.startsWith(DOWNLOAD_PATH_PREFIX)) {
    return verb === 'GET'
      ? { ok: true, resolvedAs: 'download URL (pre-authenticated, outside the schema)' }
      : { ok: false, reason: `${verb} is not allowed on a download URL` };
  }
  if (!path.startsWith('/v1.0/')) return { ok: false, reason: `'${path}' is not under /v1.0/` };
  if (badQuery !== null) return { ok: false, reason: badQuery };
  let tokens: PathToken[];
  try {
    tokens = parseGraphPath(path.slice('/v1.0/'.length));
  } catch (error) {
    return { ok: false, reason: error instanceof PathSyntaxError ? error.message : String(error) };
  }
  if (tokens.length === 0) return { ok: false, reason: 'no resource segment' };
  let state: State = { kind: 'root' };
  const trail: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as PathToken;
    const next = step(model, state, token, i === tokens.length - 1);
    if (typeof next === 'string') return { ok: false, reason: `${next} (after /${trail.join('/')})` };
    state = next;
    trail.push(token.address ? `${token.segment}:/…:` : token.segment);
  }
  const allowed = methodsFor(state);
  if (!allowed.includes(verb)) {
    return {
      ok: false,
      reason: `${verb} is not allowed on ${describe(state)} (allowed: ${allowed.join(', ')})`,
    };
  }
  return { ok: true, resolvedAs: describe(state) };
};

/** What `assertAllConform` needs of a recorded request (the simulation's `SimRequestRecord` fits). */
export interface RequestLike {
  method: string;
  url: string;
  /** Requests to the token endpoint (`login`) are not Graph and are skipped. */
  target?: string;
}

/** Throws, listing each distinct offending request, unless every Graph request conforms. */
export const assertAllConform = (requests: readonly RequestLike[]): void => {
  const failures = new Map<string, string>();
  for (const r of requests) {
    if (r.target === 'login') continue;
    const key = `${r.method.toUpperCase()} ${r.url}`;
    if (failures.has(key)) continue;
    const result = checkGraphPath(r.method, r.url);
    if (!result.ok) failures.set(key, result.reason);
  }
  if (failures.size > 0) {
    const lines = [...failures].map(([key, reason]) => `  ${key}\n    → ${reason}`);
    throw new Error(
      `${failures.size} request(s) do not conform to the Graph v1.0 schema:\n${lines.join('\n')}`,
    );
  }
};
