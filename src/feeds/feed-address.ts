import { lookup } from 'node:dns/promises';
import { classifyAddress, ipLiteralOf } from '../shared/http/address-policy.js';

/**
 * Where a feed host lives, for the redirect rule in fetch-feed.ts: a feed configured on a public
 * host may not redirect the poller into loopback, private or link-local space (a compromised or
 * hostile feed server would otherwise make Crier read internal pages); a feed configured on a
 * private address (an intranet CMS) may, because the operator pointed it there.
 * The range names are address-policy.ts's (ipaddr.js based): 'public', 'loopback', 'private', …
 */

/** The range of a host: the worst of its addresses; 'unresolved' when DNS has no answer. */
export type ClassifyHost = (hostname: string) => Promise<string>;

export const classifyFeedHost: ClassifyHost = async (hostname) => {
  const literal = ipLiteralOf(hostname);
  if (literal !== undefined) return classifyAddress(literal);
  try {
    const addresses = await lookup(hostname, { all: true });
    const ranges = addresses.map((address) => classifyAddress(address.address));
    return ranges.find((range) => range !== 'public') ?? (ranges.length > 0 ? 'public' : 'unresolved');
  } catch {
    return 'unresolved';
  }
};

/**
 * Why the poller must not follow a redirect from a feed configured at `feedUrl` to `target`, or
 * undefined when it may. The configured host is classified once per fetch, at the first redirect.
 */
export function redirectGuard(feedUrl: string, classify: ClassifyHost): (target: URL) => Promise<string | undefined> {
  let feedIsPrivate: Promise<boolean> | undefined;
  return async (target) => {
    feedIsPrivate ??= classify(new URL(feedUrl).hostname).then((range) => range !== 'public' && range !== 'unresolved');
    if (await feedIsPrivate) return undefined;
    const range = await classify(target.hostname);
    if (range === 'public' || range === 'unresolved') return undefined; // an unknown name fails at connect time
    return `a redirect to ${target.host} (${range} address) was refused: only a feed configured on a private address may redirect there`;
  };
}
