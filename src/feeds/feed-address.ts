import type { LookupFunction } from 'node:net';
import { classifyAddress, ipLiteralOf } from '../shared/http/address-policy.js';
import { guardedLookup, systemResolver, type ClassifyAddress, type HostResolver } from '../shared/http/connect-guard.js';

/**
 * The redirect rule for fetch-feed.ts: a feed configured on a public host may not redirect the
 * poller into loopback, private or link-local space (a compromised or hostile feed server would
 * otherwise make Crier read internal pages); a feed configured on a private address (an intranet
 * CMS) may, because the operator pointed it there.
 * Both halves are decided on addresses actually connected to, never on a separate DNS answer:
 * the configured feed counts as private when the socket of its first request reached a non-public
 * address, and a redirect hop of a public feed connects through the shared connect-time guard
 * (connect-guard.ts), so a name cannot resolve public when checked and private when connected.
 */

export interface FeedAddressHooks {
  /** How an address is placed; tests pretend their loopback server is a public host. */
  classifyAddress?: ClassifyAddress;
  /** The resolver the connect-time guard uses; tests play a rebinding DNS server with it. */
  resolve?: HostResolver;
}

export interface RedirectRule {
  /** Records where the configured feed's first request connected (its socket's remote address). */
  feedConnectedTo(address: string | undefined, hostname: string): void;
  /** Why a redirect target that is an IP literal is refused before connecting, or undefined. */
  refuseLiteral(target: URL): string | undefined;
  /** The socket lookup for a redirect hop: undefined (plain DNS) only for a private configured feed. */
  lookupForRedirect(): LookupFunction | undefined;
}

export function refusedRedirect(host: string, range: string): string {
  return `a redirect to ${host} (${range} address) was refused: only a feed configured on a private address may redirect there`;
}

export function redirectRule(hooks: FeedAddressHooks = {}): RedirectRule {
  const classify: ClassifyAddress = hooks.classifyAddress ?? classifyAddress;
  const guarded = guardedLookup(classify, hooks.resolve ?? systemResolver);
  // Explicit allowance: decided once, from the first hop, and only ever widened by the operator's own URL.
  let feedIsPrivate = false;
  return {
    feedConnectedTo(address, hostname) {
      feedIsPrivate = address !== undefined && classify(address, hostname) !== 'public';
    },
    refuseLiteral(target) {
      if (feedIsPrivate) return undefined;
      const literal = ipLiteralOf(target.hostname);
      if (literal === undefined) return undefined;
      const range = classify(literal, target.hostname);
      return range === 'public' ? undefined : refusedRedirect(target.host, range);
    },
    lookupForRedirect: () => (feedIsPrivate ? undefined : guarded),
  };
}
