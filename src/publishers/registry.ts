import type { NetworkDefinition } from './publisher.js';
import { loadNetworkExports } from './network-modules.js';

const isDefinition = (v: unknown): v is NetworkDefinition =>
  typeof v === 'object' && v !== null && typeof (v as NetworkDefinition).id === 'string' && typeof (v as NetworkDefinition).format === 'function';

/**
 * Every network Crier can post to, with its full definition (formatting, publisher), loaded from
 * the one list in `network-ids.ts`: adding a network is its folder plus one line there.
 */
export const networkRegistry: Readonly<Record<string, NetworkDefinition>> = await loadNetworkExports('network', isDefinition);
