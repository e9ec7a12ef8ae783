import { describe, expect, it } from 'vitest';
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
