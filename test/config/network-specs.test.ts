import { describe, expect, it } from 'vitest';
import { exportBaseName, loadNetworkExports } from '../../src/publishers/network-modules.js';
import { NETWORK_IDS } from '../../src/publishers/network-ids.js';
import { networkSpecs } from '../../src/publishers/network-specs.js';
import { networkRegistry } from '../../src/publishers/registry.js';

describe('the config validates channels against the light network specs', () => {
  it('every network has a spec and a definition, and the definition is built on that very spec', () => {
    expect(Object.keys(networkSpecs).sort()).toEqual(Object.keys(networkRegistry).sort());
    for (const [id, spec] of Object.entries(networkSpecs)) {
      const def = networkRegistry[id];
      expect(def, id).toBeDefined();
      for (const key of ['id', 'envPrefix', 'credentialSets', 'credentialsSchema', 'optionsSchema', 'defaultTemplate', 'defaultMaxHashtags', 'liveAdapter'] as const) {
        expect(def?.[key], `${id}.${key}`).toBe(spec[key]);
      }
      expect(Boolean(def?.createLive), `${id}: liveAdapter matches createLive`).toBe(spec.liveAdapter);
    }
  });
});

describe('one line per network: both lists come from network-ids.ts', () => {
  it('the specs and the registry hold exactly the listed networks, in list order', () => {
    expect(Object.keys(networkSpecs)).toEqual([...NETWORK_IDS]);
    expect(Object.keys(networkRegistry)).toEqual([...NETWORK_IDS]);
  });

  it('export names follow the folder name, dashes camel-cased', () => {
    expect(exportBaseName('x')).toBe('x');
    expect(exportBaseName('google-business')).toBe('googleBusiness');
  });

  it('a listed network without a folder fails at start-up, naming the file it expected', async () => {
    await expect(loadNetworkExports('options', (_v): _v is { id: string } => true, ['pinterest'])).rejects.toThrow(
      /network "pinterest".*src\/publishers\/pinterest\/pinterest-options\.ts/,
    );
  });

  it('a module without the conventional export fails, naming the export', async () => {
    // x-network.ts exists but exports xNetwork, not a spec: the check rejects it by name.
    await expect(loadNetworkExports('network', (_v): _v is { id: string } => false, ['x'])).rejects.toThrow(/must export xNetwork/);
  });
});
