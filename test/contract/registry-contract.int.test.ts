/**
 * The publisher contract for every network in the registry (issue #12): 2xx, 429, 5xx, refused,
 * 401, 400 and the lost answer, each against the network's own fake server. A network in the
 * registry without a harness fails here rather than going untested.
 */
import { describe, expect, it } from 'vitest';
import { networkRegistry } from '../../src/publishers/registry.js';
import { contractHarnesses } from './contract-harnesses.js';
import { runPublisherContract } from './publisher-contract.js';

/** Registry ids with no harness, and harnesses for no registry id (a renamed or removed network). */
function harnessGaps(registryIds: readonly string[], harnessIds: readonly string[]): { missing: string[]; stale: string[] } {
  return { missing: registryIds.filter((id) => !harnessIds.includes(id)), stale: harnessIds.filter((id) => !registryIds.includes(id)) };
}

describe('the contract covers the registry', () => {
  it('every network in the registry has a contract harness, and every harness a network', () => {
    expect(harnessGaps(Object.keys(networkRegistry), Object.keys(contractHarnesses))).toEqual({ missing: [], stale: [] });
  });

  it('a network added to the registry without a harness is reported', () => {
    expect(harnessGaps(['x', 'pinterest'], ['x'])).toEqual({ missing: ['pinterest'], stale: [] });
    expect(harnessGaps(['x'], ['x', 'myspace'])).toEqual({ missing: [], stale: ['myspace'] });
  });
});

for (const network of Object.values(networkRegistry)) {
  const harness = contractHarnesses[network.id];
  if (harness) runPublisherContract(network, harness);
  else it(`publisher contract: ${network.id} has a harness in test/contract/contract-harnesses.ts`, () => expect.fail(`no contract harness for ${network.id}`));
}
