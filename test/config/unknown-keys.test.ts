import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestKey, editDistance } from '../../src/config/did-you-mean.js';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load-config.js';
import { networkRegistry as networks } from '../../src/publishers/registry.js';

const feeds = [{ id: 'desk', url: 'f.xml' }];

function problems(input: Record<string, unknown>): string[] {
  try {
    parseConfig({ feeds, ...input }, { env: {}, networks });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('typos in the config are rejected, with a "did you mean"', () => {
  it('a channel: common keys and the network’s own options are one strict object', () => {
    expect(problems({ networks: { x: { aproval: 'manual', dailycap: 1, atachImage: true } } })).toEqual([
      'networks.x.aproval: unknown key (did you mean "approval"?)',
      'networks.x.dailycap: unknown key (did you mean "dailyCap"?)',
      'networks.x.atachImage: unknown key (did you mean "attachImage"?)',
    ]);
    // Another network's option is unknown here, even when it is a real key elsewhere.
    expect(problems({ networks: { facebook: { chatId: '@desk' } } })).toEqual([expect.stringMatching(/^networks\.facebook\.chatId: unknown key/)]);
    expect(problems({ networks: { x: { approval: 'manual', dailyCap: 1, attachImage: true }, telegram: { chatId: '@crier_news', sendPhoto: false } } })).toEqual([]);
  });

  it('summariser and web are strict too; a far-off key lists what is expected', () => {
    expect(problems({ summariser: { kind: 'extractive', hashtagmap: {} }, web: { prot: 3001 } })).toEqual([
      'summariser.hashtagmap: unknown key (did you mean "hashtagMap"?)',
      'web.prot: unknown key (did you mean "port"?)',
    ]);
    expect(problems({ web: { colour: 'blue' } })).toEqual([expect.stringMatching(/^web\.colour: unknown key \(expected one of: .*host.*port/)]);
  });

  it('nested objects are followed: a pricing typo, a feed typo', () => {
    expect(problems({ summariser: { pricing: { inputPerMilionTokensUsd: 1 } }, feeds: [{ ...feeds[0], intervalSecond: 5 }] })).toEqual(
      expect.arrayContaining(['summariser.pricing.inputPerMilionTokensUsd: unknown key (did you mean "inputPerMillionTokensUsd"?)', 'feeds[0].intervalSecond: unknown key (did you mean "intervalSeconds"?)']),
    );
  });

  it('defaults are filled from each field once (prefault): an empty section equals an absent one', () => {
    const absent = parseConfig({ feeds }, { env: {}, networks });
    const empty = parseConfig({ feeds, summariser: {}, web: {}, redis: {}, workers: {}, poller: {}, ledger: {}, publication: {}, outbox: {} }, { env: {}, networks });
    expect(JSON.stringify(empty)).toBe(JSON.stringify(absent));
    expect(absent.summariser).toMatchObject({ kind: 'extractive', retries: 2, pricing: { inputPerMillionTokensUsd: 0 } });
    expect(absent.web).toMatchObject({ port: 3000, host: '127.0.0.1', users: [] });
  });

  it('edit distance: case-insensitive, swaps count once, far keys get no suggestion', () => {
    expect(editDistance('dailycap', 'dailyCap')).toBe(0);
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('aproval', 'approval')).toBe(1);
    expect(closestKey('colour', ['port', 'host'])).toBeUndefined();
    expect(closestKey('x'.repeat(10_000), ['port'])).toBeUndefined();
  });
});

describe('allowPrivateImageHosts is gone: a config that still sets it stops at start-up and says why', () => {
  it('on each network that had it, the message says image hosts must be public', () => {
    for (const net of ['bluesky', 'mastodon', 'linkedin', 'instagram']) {
      const options = net === 'linkedin' ? { author: 'urn:li:organization:1' } : net === 'instagram' ? { userId: '5678' } : {};
      expect(problems({ networks: { [net]: { ...options, allowPrivateImageHosts: true } } }), net).toEqual([
        expect.stringMatching(new RegExp(`^networks\\.${net}\\.allowPrivateImageHosts: allowPrivateImageHosts was removed: article images must be on a public host`)),
      ]);
    }
  });
});

describe('a YAML alias bomb is a config error', () => {
  it('billion laughs stops with a ConfigError naming the cause', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-bomb-'));
    const file = path.join(dir, 'bomb.yaml');
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(file, `${levels.join('\n')}\nfeeds:\n  - { id: desk, url: f.xml }\n`);
    expect(() => loadConfigFile(file, { networks })).toThrow(ConfigError);
    expect(() => loadConfigFile(file, { networks })).toThrow(/YAML aliases/);
  });
});
