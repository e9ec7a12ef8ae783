import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkedinCredentialsExpiry } from '../../../src/publishers/linkedin/linkedin-token-expiry.js';
import { linkedinOptionsSchema } from '../../../src/publishers/linkedin/linkedin-options.js';
import { AuthError } from '../../../src/publishers/errors.js';
import { FAKE_AUTHOR, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_TOKEN, startLinkedinFake, type LinkedinFake } from '../../fakes/linkedin-fake.js';

/** LinkedIn token introspection (#16) against the fake: expiry, revoked tokens, wrong app credentials. */
let fake: LinkedinFake;
beforeEach(async () => {
  fake = await startLinkedinFake();
});
afterEach(() => fake.stop());

const ctx = (secrets: Record<string, string>) => ({
  channel: 'linkedin',
  options: linkedinOptionsSchema.parse({ apiBaseUrl: fake.url, author: FAKE_AUTHOR }),
  secrets,
  signal: AbortSignal.timeout(10_000),
  log: pino({ level: 'silent' }),
  nowMs: Date.now(),
});
const all = () => ({ ACCESS_TOKEN: FAKE_TOKEN, CLIENT_ID: FAKE_CLIENT_ID, CLIENT_SECRET: FAKE_CLIENT_SECRET });

describe('LinkedIn token introspection', () => {
  it('reads expires_at; a revoked token is invalid; nothing is asked without the app credentials', async () => {
    fake.introspection.expiresAtS = 1_790_000_000;
    expect(await linkedinCredentialsExpiry(ctx(all()))).toEqual({ what: 'access token', expiresAtMs: 1_790_000_000_000 });
    const form = fake.server.requests.at(-1)?.form;
    expect(form?.get('token')).toBe(FAKE_TOKEN);
    fake.introspection.status = 'revoked';
    expect(await linkedinCredentialsExpiry(ctx(all()))).toMatchObject({ invalid: 'LinkedIn says the token is revoked' });
    const before = fake.server.requests.length;
    expect((await linkedinCredentialsExpiry(ctx({ ACCESS_TOKEN: FAKE_TOKEN }))).what).toMatch(/expiry unknown: set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET/);
    expect(fake.server.requests.length).toBe(before);
  });

  it('wrong app credentials: an AuthError that names what to check and carries no secret', async () => {
    const err = await linkedinCredentialsExpiry(ctx({ ...all(), CLIENT_SECRET: 'wrong-secret-abcdefgh' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).message).toMatch(/check LINKEDIN_CLIENT_ID \/ LINKEDIN_CLIENT_SECRET/);
    expect(JSON.stringify({ m: (err as AuthError).message, d: (err as AuthError).detail })).not.toContain('wrong-secret-abcdefgh');
  });
});
