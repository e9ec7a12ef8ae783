/**
 * Every network Crier can post to: ONE line each, the name of its folder under `src/publishers/`.
 * That folder holds `<id>-options.ts`, exporting `<id>Spec` (what the config needs: options and
 * credentials schemas, defaults) and `<id>-network.ts`, exporting `<id>Network` (the full
 * definition). `network-specs.ts` (light: the config and the Redis-only commands) and
 * `registry.ts` (everything: the workers) both load from this list, so they cannot disagree and
 * adding a network touches nothing else in `src/`.
 */
export const NETWORK_IDS = [
  'x',
  'facebook',
  'instagram',
  'threads',
  'bluesky',
  'mastodon',
  'linkedin',
  'telegram',
  'discord',
  'slack',
] as const;
