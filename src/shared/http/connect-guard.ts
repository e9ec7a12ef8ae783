import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-policy.js';

/**
 * The connect-time address check shared by every fetch of a URL someone else chose (safe-fetch.ts,
 * the feed poller's redirects). It runs as the socket's `lookup`: the host is resolved once, every
 * address is classified, and the socket connects to the address(es) that were checked, so DNS
 * rebinding (public when checked, private when connected) has no window. IP literals never reach
 * a lookup: callers check those before connecting.
 */

/** Resolves every address of a name (dns.lookup with all: true); injectable so tests can play a rebinding DNS server. */
export type HostResolver = (hostname: string, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** The range of an address as address-policy.ts names it; `public` may be connected to. */
export type ClassifyAddress = (address: string, hostname: string) => string;

export const systemResolver: HostResolver = (hostname, cb) => dnsLookup(hostname, { all: true }, cb);

/** Refusal raised inside the socket's lookup; `range` is the first non-public range found. */
export class BlockedAddressError extends Error {
  readonly code = 'CRIER_BLOCKED_ADDRESS';
  constructor(readonly hostname: string, readonly address: string, readonly range: string) {
    super(`${hostname} resolves to a non-public address (${address}, ${range})`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A socket `lookup` that refuses a host if any of its addresses is not public. */
export function guardedLookup(classify: ClassifyAddress = classifyAddress, resolve: HostResolver = systemResolver): LookupFunction {
  const lookup = (hostname: string, options: { all?: boolean }, cb: LookupCallback): void => {
    resolve(hostname, (err, addresses) => {
      if (err) return cb(err, []);
      for (const a of addresses) {
        const range = classify(a.address, hostname);
        if (range !== 'public') return cb(new BlockedAddressError(hostname, a.address, range), []);
      }
      if (options.all) return cb(null, addresses);
      const first = addresses[0];
      if (!first) return cb(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      cb(null, first.address, first.family);
    });
  };
  return lookup as unknown as LookupFunction;
}
