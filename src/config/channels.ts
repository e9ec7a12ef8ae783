import type { z } from 'zod';
import { formatPath, type ConfigIssue } from './config-error.js';
import { unknownKeyMessage } from './did-you-mean.js';
import type { NetworkSpec, NetworkSpecs } from './network-spec.js';
import { channelCommonSchema, type ChannelCommon } from './schema.js';
import { readCredentialSet } from './secrets.js';

/** One posting account: a key under `networks:` resolved against its network definition. */
export interface ChannelConfig extends Omit<ChannelCommon, 'network' | 'envPrefix' | 'template'> {
  id: string;
  network: string;
  envPrefix: string;
  template: string;
  maxHashtags: number;
  /** Network-specific options, validated by the network's own schema (includes `apiBaseUrl`). */
  options: Record<string, unknown>;
  /** Non-enumerable: never serialised, never logged. Empty in dry-run mode and when secrets were not checked. */
  readonly secrets: Record<string, string>;
}

export interface ChannelInput {
  env: NodeJS.ProcessEnv;
  networks: NetworkSpecs;
  /** False: live credentials are neither read nor validated (Redis-only commands such as `crier status`). */
  checkSecrets: boolean;
  publicBaseUrl?: string;
}

const COMMON_KEYS: readonly string[] = Object.keys(channelCommonSchema.shape);

/** Resolves `networks.<id>`; every problem goes to `issues` (nothing thrown) so all are reported at once. */
export function resolveChannel(id: string, common: ChannelCommon & Record<string, unknown>, input: ChannelInput, issues: ConfigIssue[]): ChannelConfig | undefined {
  const networkId = common.network ?? id;
  const spec: NetworkSpec | undefined = Object.hasOwn(input.networks, networkId) ? input.networks[networkId] : undefined;
  if (!spec) {
    issues.push({
      path: `networks.${id}${common.network ? '.network' : ''}`,
      message: `unknown network "${networkId}" (known: ${Object.keys(input.networks).join(', ') || 'none'})`,
    });
    return undefined;
  }
  // Common keys and the network's own options are one object in the YAML: together they are strict.
  const known = new Set([...COMMON_KEYS, ...Object.keys(spec.optionsSchema.shape)]);
  const before = issues.length;
  for (const key of Object.keys(common)) {
    if (!known.has(key)) issues.push({ path: `networks.${id}.${key}`, message: unknownKeyMessage(key, known) });
  }
  const options = spec.optionsSchema.safeParse(common);
  if (!options.success) {
    for (const i of (options.error as z.ZodError).issues) issues.push({ path: formatPath(['networks', id, ...i.path]), message: i.message });
  }
  const envPrefix = common.envPrefix ?? spec.envPrefix;
  // Credentials are checked even when an option is wrong: every problem is reported at once.
  const live = common.mode === 'live' && common.enabled && input.checkSecrets;
  const secrets = live ? checkLive(id, spec, envPrefix, options.success ? options.data : common, input, issues) : {};
  if (!options.success || issues.length > before) return undefined;
  const { network: _n, envPrefix: _e, template, hashtags, ...restCommon } = common;
  const channel = {
    ...restCommon,
    hashtags,
    id,
    network: networkId,
    envPrefix,
    template: template ?? spec.defaultTemplate,
    maxHashtags: hashtags.max ?? spec.defaultMaxHashtags,
    options: options.data,
  } as Omit<ChannelConfig, 'secrets'>;
  Object.defineProperty(channel, 'secrets', { value: Object.freeze(secrets), enumerable: false });
  return channel as ChannelConfig;
}

/**
 * Reads a live channel's secrets and runs its network's credentials schema on them, its options
 * and the public URL. Messages name the variable, never its value.
 */
function checkLive(id: string, spec: NetworkSpec, envPrefix: string, options: Record<string, unknown>, input: ChannelInput, issues: ConfigIssue[]): Record<string, string> {
  if (!spec.liveAdapter) {
    issues.push({ path: `networks.${id}.mode`, message: `network "${spec.id}" has no live adapter yet; use mode: dry-run` });
    return {};
  }
  const creds = readCredentialSet(input.env, envPrefix, spec.credentialSets);
  for (const p of creds.problems) issues.push({ path: `networks.${id}`, message: p });
  const secrets = creds.secrets ?? {};
  const checked = spec.credentialsSchema.safeParse({ secrets, options, ...(input.publicBaseUrl ? { publicBaseUrl: input.publicBaseUrl } : {}) });
  if (checked.success) return secrets;
  for (const issue of checked.error.issues) {
    const [where, key, ...rest] = issue.path.map(String);
    // A missing set is already reported above, once, with every variable that would complete it.
    if (where === 'secrets' && key !== undefined && !(key in secrets)) continue;
    if (where === 'secrets') issues.push({ path: `networks.${id}`, message: `${envPrefix}_${key ?? ''} ${issue.message}` });
    else if (where === 'options') issues.push({ path: formatPath(['networks', id, ...(key === undefined ? [] : [key]), ...rest]), message: issue.message });
    else if (where === 'publicBaseUrl') issues.push({ path: 'publicBaseUrl', message: `${issue.message} (networks.${id})` });
    else issues.push({ path: `networks.${id}`, message: issue.message });
  }
  return secrets;
}
