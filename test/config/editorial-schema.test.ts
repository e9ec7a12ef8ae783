import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { networkSpecs } from '../../src/publishers/network-specs.js';

/** `editorial:` (issue #15): defaults, and wrong keys reported at start-up with a "did you mean", all at once. */
const base = { feeds: [{ id: 'metro', url: 'config/sample-feed.xml' }], networks: { x: {} } };
const parse = (editorial: unknown) => parseConfig({ ...base, editorial }, { env: {}, networks: networkSpecs, checkSecrets: false });

describe('editorial config', () => {
  it('defaults to newest first, a 12 h staleness guard and breaking posts that wait out quiet hours', () => {
    const config = parseConfig(base, { env: {}, networks: networkSpecs, checkSecrets: false });
    expect(config.editorial).toEqual({ maxPostAgeHours: 12, drainOrder: 'newest-first', breaking: { categories: [], keywords: [], feeds: {}, ignoresQuietHours: false }, channels: {} });
  });

  it('reports every wrong key with a did-you-mean, and a bad value, in one error', () => {
    let error: unknown;
    try {
      parse({ maxPostAgeHour: 6, drainOrder: 'random', breaking: { keyword: ['quake'] }, channels: { x: { maxAgeHours: 2 } } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^editorial\.maxPostAgeHour: unknown key \(did you mean "maxPostAgeHours"\?\)/),
        expect.stringMatching(/^editorial\.breaking\.keyword: unknown key \(did you mean "keywords"\?\)/),
        expect.stringMatching(/^editorial\.channels\.x\.maxAgeHours: unknown key \(expected one of: maxPostAgeHours\)/),
        expect.stringMatching(/^editorial\.drainOrder: /),
      ]),
    );
  });

  it('refuses overrides for a channel or feed that is not configured, with the near miss', () => {
    let error: unknown;
    try {
      parse({ channels: { xx: { maxPostAgeHours: 2 } }, breaking: { feeds: { metr: { keywords: ['quake'] } } } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'editorial.channels.xx: unknown channel "xx" (did you mean "x"?)',
      'editorial.breaking.feeds.metr: unknown feed "metr" (did you mean "metro"?)',
    ]);
    expect(parse({ channels: { x: { maxPostAgeHours: 2 } }, breaking: { feeds: { metro: { keywords: ['quake'] } } } }).editorial.channels.x?.maxPostAgeHours).toBe(2);
  });
});
