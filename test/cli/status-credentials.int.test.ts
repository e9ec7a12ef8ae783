import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCredentialsExpiryStore } from '../../src/ledger/credentials-expiry.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { crier } from './cli-helpers.js';

/** `crier status` prints when each live channel's credentials expire (#16), from the ledger, never asking a network. */
describe('crier status: credentials (real CLI, real Redis)', { timeout: 120_000 }, () => {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = uniquePrefix('cli-creds');
  afterEach(async () => deletePrefix(prefix));
  afterAll(() => redis.disconnect());

  it('a CREDENTIALS line per live channel: the expiry as the network said, or not checked yet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-status-creds-'));
    const config = path.join(dir, 'crier.yaml');
    writeFileSync(
      config,
      `redis: { prefix: ${JSON.stringify(prefix)}, autoStart: false }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n` +
        `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\n` +
        `networks:\n  facebook: { mode: live, pageId: '1234' }\n  x: { mode: live }\n  mastodon: {}\n`,
    );
    const expiresAt = new Date(Date.now() + 5 * 86_400_000 + 3_600_000).toISOString();
    await createCredentialsExpiryStore(redis, { prefix }).set({ channel: 'facebook', checkedAt: new Date().toISOString(), what: 'Page token', expiresAt });
    const r = crier(['status', '--config', config], { REDIS_URL: TEST_REDIS_URL });
    expect(r.stderr).toBe('');
    const section = r.stdout.slice(r.stdout.indexOf('CREDENTIALS\n')).split('\n').slice(1, 3);
    expect(section[0]).toMatch(new RegExp(`^  facebook: Page token expires in 5 day\\(s\\) \\(${expiresAt.slice(0, 10)}\\) \\(checked `));
    expect(section[1]?.startsWith('  x: not checked yet')).toBe(true);
    const json = JSON.parse(crier(['status', '--config', config, '--json'], { REDIS_URL: TEST_REDIS_URL }).stdout) as { credentials: { channel: string; expiresAt?: string }[] };
    expect(json.credentials).toEqual([expect.objectContaining({ channel: 'facebook', expiresAt }), expect.objectContaining({ channel: 'x' })]);
  });
});
