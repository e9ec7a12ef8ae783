import { describe, expect, it } from 'vitest';
import { graphExpiryFrom } from '../../../src/publishers/graph/graph-token-expiry.js';

const scrub = (s: string) => s.replaceAll('EAAB-secret-token', '[redacted]');

describe("Meta's debug_token", () => {
  it("Meta's debug_token: the earlier of expires_at and data_access_expires_at; 0 is never; is_valid false is invalid, scrubbed", () => {
    expect(graphExpiryFrom({ is_valid: true, expires_at: 0, data_access_expires_at: 0 }, 'Page token', scrub)).toEqual({ what: 'Page token' });
    expect(graphExpiryFrom({ is_valid: true, expires_at: 1_800_000_000, data_access_expires_at: 1_790_000_000 }, 'Page token', scrub)).toEqual({ what: 'Page token data access', expiresAtMs: 1_790_000_000_000 });
    expect(graphExpiryFrom({ is_valid: true, expires_at: 1_780_000_000, data_access_expires_at: 0 }, 'Page token', scrub)).toEqual({ what: 'Page token', expiresAtMs: 1_780_000_000_000 });
    expect(graphExpiryFrom({ expires_at: 99_999_999_999_999 }, 'token', scrub)).toEqual({ what: 'token' });
    expect(graphExpiryFrom({ is_valid: false, expires_at: 1_700_000_000, error: { message: 'Session for EAAB-secret-token has expired' } }, 'token', scrub)).toEqual({ what: 'token', expiresAtMs: 1_700_000_000_000, invalid: 'Meta says Session for [redacted] has expired' });
  });
});
