import { describe, expect, it } from 'vitest';
import { parseTid, TID_RE, tidForPostId, tidFrom } from '../../../src/publishers/bluesky/bluesky-tid.js';

describe('bluesky rkey (TID) from the post id', () => {
  it('is the same for the same post id and differs between post ids', () => {
    expect(tidForPostId('a1b2c3.bluesky')).toBe(tidForPostId('a1b2c3.bluesky'));
    expect(tidForPostId('a1b2c3.bluesky')).not.toBe(tidForPostId('a1b2c4.bluesky'));
    expect(tidForPostId('a1b2c3.bluesky')).not.toBe(tidForPostId('a1b2c3.bluesky-urdu'));
  });

  it('is always a syntactically valid TID, with a past timestamp and no collisions in 2,000 ids', () => {
    const seen = new Set<string>();
    const nowUs = BigInt(Date.now()) * 1000n;
    for (let i = 0; i < 2_000; i++) {
      const tid = tidForPostId(`article${i}.bluesky`);
      expect(tid).toMatch(TID_RE);
      const { timestampUs } = parseTid(tid);
      expect(timestampUs).toBeGreaterThanOrEqual(1_672_531_200_000_000n);
      expect(timestampUs).toBeLessThan(nowUs);
      seen.add(tid);
    }
    expect(seen.size).toBe(2_000);
  });

  it('encodes like the atproto spec: 11 chars of timestamp + 2 of clock id, base32-sortable', () => {
    expect(tidFrom(0n, 0)).toBe('2222222222222');
    // The spec's example TID survives a decode/encode round trip.
    const { timestampUs, clockId } = parseTid('3jzfcijpj2z2a');
    expect(tidFrom(timestampUs, clockId)).toBe('3jzfcijpj2z2a');
    // Larger timestamps sort later as strings (that is what "sortable" buys).
    expect(tidFrom(1_700_000_000_000_000n, 5) < tidFrom(1_700_000_000_000_001n, 0)).toBe(true);
    expect(() => tidFrom(1n << 53n, 0)).toThrow(RangeError);
  });
});
