import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * Which IP addresses Crier may connect to when the URL came from someone else (a feed, a page, an
 * image link). Classification comes from ipaddr.js's range tables; this file only adds the rules
 * those tables leave to the caller: addresses that carry an IPv4 address inside an IPv6 one
 * (mapped, 6to4, NAT64) are judged by the IPv4 address they lead to, and IPv6 space outside the
 * global unicast block 2000::/3 is never public.
 */

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** IPv6 ranges whose traffic ends at an embedded IPv4 address; that address decides. */
const EMBEDDING_RANGES = new Set(['ipv4Mapped', 'rfc6052', '6to4']);

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_LOCAL_USE = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');

function ipv4FromWords(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The IPv4 addresses an embedding IPv6 address can lead to (more than one when the layout is ambiguous). */
function embeddedIPv4(v6: IPv6, range: string): IPv4[] {
  const p = v6.parts;
  const word = (i: number): number => p[i] ?? 0;
  if (range === '6to4') return [ipv4FromWords(word(1), word(2))]; // 2002:AABB:CCDD::/48
  if (range === 'rfc6052' && v6.match(NAT64_LOCAL_USE)) {
    // RFC 8215 local-use prefix: an operator may place the IPv4 address as for a /48 prefix (bits
    // 48–63 and 72–95 around the reserved u octet) or as for a /96 one (the last 32 bits). Both must pass.
    const asPrefix48 = new ipaddr.IPv4([word(3) >> 8, word(3) & 0xff, word(4) & 0xff, word(5) >> 8]);
    return [asPrefix48, ipv4FromWords(word(6), word(7))];
  }
  return [ipv4FromWords(word(6), word(7))]; // ::ffff:a.b.c.d and 64:ff9b::a.b.c.d
}

/**
 * ipaddr.js reads `::a.b.c.d` (IPv4-compatible) as `::ffff:a.b.c.d` (mapped), which would judge it by
 * its IPv4 address; writing the dotted quad as two hex words first keeps the two apart.
 */
function dottedTailToHex(v6Text: string): string {
  const match = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v6Text);
  if (!match) return v6Text;
  const [a, b, c, d] = match.slice(2).map(Number) as [number, number, number, number];
  return `${match[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function classifyV4(v4: IPv4): string {
  const range = v4.range();
  return range === 'unicast' ? 'public' : range;
}

function classifyV6(v6: IPv6): string {
  if (v6.zoneId) return 'zoned';
  const range = v6.range();
  if (EMBEDDING_RANGES.has(range)) {
    for (const v4 of embeddedIPv4(v6, range)) {
      const inner = classifyV4(v4);
      if (inner !== 'public') return `${range}:${inner}`;
    }
    return 'public';
  }
  if (range !== 'unicast') return range; // loopback, uniqueLocal, linkLocal, teredo, deprecatedSiteLocal, rfc6145, …
  // ipaddr.js calls everything outside its tables "unicast", including ::a.b.c.d (IPv4-compatible,
  // deprecated) and unallocated space; only the global unicast block is reachable on the internet.
  return v6.match(GLOBAL_UNICAST_V6) ? 'public' : 'nonGlobal';
}

/**
 * The range an address belongs to: `public` when it may be fetched, otherwise a name such as
 * `loopback`, `private`, `carrierGradeNat`, `uniqueLocal`, `teredo`, `6to4:private` or `invalid`.
 * Only strict dotted-quad IPv4 and standard IPv6 text is accepted (`127.1` and `0x7f.0.0.1` are
 * `invalid`), so a lenient parser elsewhere cannot be walked around.
 */
export function classifyAddress(ip: string): string {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare);
  if (family === 0) return 'invalid';
  try {
    return family === 4 ? classifyV4(ipaddr.IPv4.parse(bare)) : classifyV6(ipaddr.IPv6.parse(dottedTailToHex(bare)));
  } catch {
    return 'invalid';
  }
}

/** True only for an address on the public internet: never loopback, private, link-local, CGNAT, multicast, reserved… */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

/** The IP literal a URL host names (brackets removed), or undefined when the host is a name. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? undefined : bare;
}
