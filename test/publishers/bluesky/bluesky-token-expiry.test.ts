import { describe, expect, it } from 'vitest';
import { jwtExpiryMs } from '../../../src/publishers/bluesky/bluesky-token-expiry.js';

describe('Bluesky session expiry', () => {
  it("Bluesky: the refresh JWT's exp, read without verifying; anything else is no expiry", () => {
    const jwt = (claims: object) => `eyJhbGciOiJFUzI1NksifQ.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
    expect(jwtExpiryMs(jwt({ exp: 1_790_000_000, scope: 'com.atproto.refresh' }))).toBe(1_790_000_000_000);
    expect(jwtExpiryMs(jwt({ scope: 'x' }))).toBeUndefined();
    expect(jwtExpiryMs('not a jwt')).toBeUndefined();
    expect(jwtExpiryMs(`a.${'A'.repeat(10_000)}.b`)).toBeUndefined();
  });
});
