import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * Fetching from an address a person typed (the council's modern.gov site) without letting it reach the
 * service's own network: an address is refused unless every address its name resolves to is public unicast.
 * The check is made twice: once up front, so a person gets a clear answer, and again when each connection is
 * opened (the connection's own DNS lookup), so a name that resolves to a public address for the check and to an
 * internal one a moment later (DNS rebinding) still cannot reach it. Redirects are the caller's to check.
 */

/** Special-purpose ranges (IANA's IPv4 and IPv6 special-purpose registries): never a public website. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  // An IPv4 range also covers the same addresses written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`).
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (an IP address, IPv6 with or without brackets) is a public unicast address. */
export const isPublicAddress = (address: string): boolean => {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(bare, family === 4 ? 'ipv4' : 'ipv6');
};

/** Every address a host name resolves to (the system resolver by default; tests hand in their own). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** A host that is not, or does not resolve only to, public addresses. */
export class NotPublicAddressError extends Error {
  readonly code = 'ERR_NOT_PUBLIC_ADDRESS';
  constructor(hostname: string) {
    super(`${hostname} is not a public address`);
    this.name = 'NotPublicAddressError';
  }
}

/**
 * Whether `hostname` (as in a URL: IPv6 in brackets) is a public website: an IP literal that is public, or a
 * name every one of whose addresses is. `localhost` and `*.localhost` are never public (RFC 6761).
 */
export const resolvesOnlyToPublic = async (
  hostname: string,
  resolve: Resolve = systemResolve,
): Promise<boolean> => {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return isPublicAddress(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    // A name that does not resolve cannot be fetched either; the fetch reports it.
    return true;
  }
  return addresses.length > 0 && addresses.every((a) => isPublicAddress(a.address));
};

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `net.connect` lookup that resolves with `resolve` and refuses unless every address is public. */
const publicOnlyLookup =
  (resolve: Resolve) =>
  (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const first = addresses[0];
        if (first === undefined)
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        if (!addresses.every((a) => isPublicAddress(a.address)))
          return callback(new NotPublicAddressError(hostname), []);
        if (options.all === true) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };

/**
 * `fetch` that connects only to public addresses: each connection's own lookup refuses a name resolving to an
 * internal address, so the answer cannot come from one whatever the name resolved to before. An IP literal in
 * the URL is not looked up, so callers check literals with `resolvesOnlyToPublic` first.
 */
export const publicWebFetch = (resolve: Resolve = systemResolve) => {
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup(resolve) } });
  return (url: string, init?: RequestInit): Promise<Response> =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
};

let systemFetch: ReturnType<typeof publicWebFetch> | undefined;
/** `publicWebFetch` with the system resolver: one connection pool for the service, made when first needed. */
export const systemPublicWebFetch = (): ReturnType<typeof publicWebFetch> =>
  (systemFetch ??= publicWebFetch());
