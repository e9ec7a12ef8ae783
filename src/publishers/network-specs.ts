import type { NetworkSpec, NetworkSpecs } from '../config/network-spec.js';
import { loadNetworkExports } from './network-modules.js';

const isSpec = (v: unknown): v is NetworkSpec =>
  typeof v === 'object' && v !== null && typeof (v as NetworkSpec).id === 'string' && typeof (v as NetworkSpec).optionsSchema === 'object';

/**
 * What the config needs of every network (options, credentials, defaults) and nothing else: no
 * publisher, no HTTP client, no canvas. The CLI loads the config with this; `registry.ts` holds
 * the full definitions, each built on its spec. Both come from the one list in `network-ids.ts`.
 */
export const networkSpecs: NetworkSpecs = await loadNetworkExports('options', isSpec);
