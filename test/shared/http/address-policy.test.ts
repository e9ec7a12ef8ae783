import { describe, expect, it } from 'vitest';
import { classifyAddress, ipLiteralOf, isPublicAddress } from '../../../src/shared/http/address-policy.js';

describe('isPublicAddress', () => {
  it.each([
    '8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2001:4860:4860::8888',
    '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:0808:0808::1', '[2606:4700:4700::1111]',
  ])('accepts the public address %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'], ['169.254.169.254', 'linkLocal'], ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'], ['0.0.0.0', 'unspecified'], ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'], ['192.0.2.1', 'reserved'], ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'], ['::', 'unspecified'], ['fc00::1', 'uniqueLocal'], ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'], ['ff02::1', 'multicast'], ['2001:db8::1', 'reserved'],
  ])('refuses %s (%s)', (ip, range) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(classifyAddress(ip)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated (::ffff:0:a.b.c.d)'],
    ['::ffff:0:8.8.8.8', 'IPv4-translated, even to a public address'],
    ['::127.0.0.1', 'IPv4-compatible (::a.b.c.d)'],
    ['::8.8.8.8', 'IPv4-compatible, deprecated even when public'],
    ['2002:7f00:0001::1', '6to4 of 127.0.0.1'],
    ['2002:c0a8:0101::', '6to4 of 192.168.1.1'],
    ['2002:a9fe:a9fe::1', '6to4 of 169.254.169.254'],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1'],
    ['64:ff9b::10.0.0.1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64, /96 layout, of 169.254.169.254'],
    ['64:ff9b:1:7f00:1::', 'local-use NAT64, /48 layout, of 127.0.0.1'],
    ['fec0::1', 'site-local (deprecated)'],
    ['fefe::1', 'site-local (deprecated), top of fec0::/10'],
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['100::1', 'discard-only'],
    ['3fff::1', 'documentation'],
    ['4000::1', 'outside 2000::/3'],
    ['fe80::1%eth0', 'zoned link-local'],
  ])('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it('names the embedded range so a refusal can say why', () => {
    expect(classifyAddress('2002:c0a8:0101::')).toBe('6to4:private');
    expect(classifyAddress('64:ff9b::7f00:1')).toBe('rfc6052:loopback');
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('ipv4Mapped:loopback');
  });

  it.each(['', 'localhost', '127.1', '0x7f.0.0.1', '2130706433', '017700000001', '1.2.3', '::ffff:1.2.3', 'not an ip'])(
    'treats %j as invalid, never public',
    (ip) => {
      expect(classifyAddress(ip)).toBe('invalid');
      expect(isPublicAddress(ip)).toBe(false);
    },
  );
});

describe('ipLiteralOf', () => {
  it('returns the literal of an IP host and undefined for a name', () => {
    expect(ipLiteralOf('[::1]')).toBe('::1');
    expect(ipLiteralOf('127.0.0.1')).toBe('127.0.0.1');
    expect(ipLiteralOf('example.com')).toBeUndefined();
    expect(ipLiteralOf(new URL('http://0x7f.1/').hostname)).toBe('127.0.0.1');
  });
});
