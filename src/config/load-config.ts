import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { networkRegistry } from '../publishers/registry.js';
import type { NetworkDefinition } from '../publishers/publisher.js';
import { channelCommonSchema, configSchema, type ChannelCommon, type RawConfig } from './schema.js';
import { readCredentialSet, readSecret } from './secrets.js';

export const DEFAULT_CONFIG_PATH = 'config/crier.yaml';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** One posting account: a key under `networks:` resolved against its network definition. */
export interface ChannelConfig extends Omit<ChannelCommon, 'network' | 'envPrefix' | 'template'> {
  id: string;
  network: string;
  envPrefix: string;
  template: string;
  maxHashtags: number;
  /** Network-specific options, validated by the network's own schema (includes `apiBaseUrl`). */
  options: Record<string, unknown>;
  /** Non-enumerable: never serialised, never logged. Empty in dry-run mode. */
  readonly secrets: Record<string, string>;
}

export interface Config extends Omit<RawConfig, 'networks'> {
  configPath: string;
  redisUrl: string;
  channels: ChannelConfig[];
  /** `summariser.kind: llm` only: from LLM_API_KEY or LLM_API_KEY_FILE. Non-enumerable: never serialised, never logged. */
  readonly llmApiKey?: string;
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file}: ${issues.length} problem(s)\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `feeds[2].url` style paths, as an editor would look them up in the YAML. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`))
    .join('');
}

export function resolveConfigPath(argPath: string | undefined, env: NodeJS.ProcessEnv): string {
  return argPath ?? env.CRIER_CONFIG ?? DEFAULT_CONFIG_PATH;
}

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  const doc = parseDocument(source, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}` : '', message: e.message.split('\n')[0] ?? e.message })),
    );
  }
  return parseConfig(doc.toJS() ?? {}, { file, env });
}

/** Validates everything and reports every problem at once. */
export function parseConfig(input: unknown, opts: { file?: string; env?: NodeJS.ProcessEnv } = {}): Config {
  const file = opts.file ?? '(inline config)';
  const env = opts.env ?? {};
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    // Channels are checked on their own too, so a broken feed does not hide a missing credential.
    const networks = (input as { networks?: unknown } | null)?.networks;
    if (networks && typeof networks === 'object') {
      for (const [id, value] of Object.entries(networks)) {
        const common = channelCommonSchema.safeParse(value);
        if (common.success) resolveChannel(id, common.data, env, issues);
      }
    }
    throw new ConfigError(file, dedupe(issues));
  }
  const raw = parsed.data;
  const issues: ConfigIssue[] = [];
  const channels = Object.entries(raw.networks).flatMap(([id, common]) => {
    const channel = resolveChannel(id, common, env, issues);
    return channel ? [channel] : [];
  });
  const channelIds = new Set(channels.map((c) => c.id));
  const feedIds = new Set<string>();
  raw.feeds.forEach((feed, i) => {
    if (feedIds.has(feed.id)) issues.push({ path: `feeds[${i}].id`, message: `duplicate feed id "${feed.id}"` });
    feedIds.add(feed.id);
    feed.networks?.forEach((name, j) => {
      if (!channelIds.has(name) && !(name in raw.networks)) {
        issues.push({ path: `feeds[${i}].networks[${j}]`, message: `unknown network "${name}" (configured: ${[...Object.keys(raw.networks)].join(', ') || 'none'})` });
      }
    });
    for (const name of Object.keys(feed.templates)) {
      if (!(name in raw.networks)) issues.push({ path: `feeds[${i}].templates.${name}`, message: `unknown network "${name}"` });
    }
  });
  if (issues.length > 0) throw new ConfigError(file, issues);

  const { networks: _networks, ...rest } = raw;
  const redisUrl = env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const config: Config = {
    ...rest,
    configPath: file,
    redisUrl,
    channels,
    outbox: { dir: path.resolve(rest.outbox.dir) },
    // Containers need the desk on 0.0.0.0 while a laptop should keep it on loopback.
    web: { ...rest.web, ...(env.CRIER_WEB_HOST ? { host: env.CRIER_WEB_HOST } : {}) },
  };
  if (rest.summariser.kind === 'llm') {
    // Optional: Ollama and other local servers need no key.
    const key = readSecret(env, 'LLM_API_KEY');
    if (key.problem) throw new ConfigError(file, [{ path: 'summariser', message: key.problem }]);
    Object.defineProperty(config, 'llmApiKey', { value: key.value, enumerable: false });
  }
  return config;
}

function resolveChannel(id: string, common: ChannelCommon, env: NodeJS.ProcessEnv, issues: ConfigIssue[]): ChannelConfig | undefined {
  const networkId = common.network ?? id;
  const definition: NetworkDefinition | undefined = networkRegistry[networkId];
  if (!definition) {
    issues.push({
      path: `networks.${id}${common.network ? '.network' : ''}`,
      message: `unknown network "${networkId}" (known: ${Object.keys(networkRegistry).join(', ')})`,
    });
    return undefined;
  }
  const options = definition.optionsSchema.safeParse(common);
  if (!options.success) {
    for (const i of (options.error as z.ZodError).issues) issues.push({ path: formatPath(['networks', id, ...i.path]), message: i.message });
    return undefined;
  }
  const envPrefix = common.envPrefix ?? definition.envPrefix;
  let secrets: Record<string, string> = {};
  if (common.mode === 'live' && common.enabled) {
    if (!definition.createLive) {
      issues.push({ path: `networks.${id}.mode`, message: `network "${networkId}" has no live adapter yet; use mode: dry-run` });
    } else {
      const creds = readCredentialSet(env, envPrefix, definition.credentialSets);
      for (const p of creds.problems) issues.push({ path: `networks.${id}`, message: p });
      secrets = creds.secrets ?? {};
    }
  }
  const { network: _n, envPrefix: _e, template, hashtags, ...restCommon } = common;
  const channel = {
    ...restCommon,
    hashtags,
    id,
    network: networkId,
    envPrefix,
    template: template ?? definition.defaultTemplate,
    maxHashtags: hashtags.max ?? definition.defaultMaxHashtags,
    options: options.data,
  } as Omit<ChannelConfig, 'secrets'>;
  Object.defineProperty(channel, 'secrets', { value: Object.freeze(secrets), enumerable: false });
  return channel as ChannelConfig;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Channels a feed posts to: its `networks` list, or every enabled channel. */
export function channelsForFeed(config: Config, feedId: string): ChannelConfig[] {
  const feed = config.feeds.find((f) => f.id === feedId);
  const enabled = config.channels.filter((c) => c.enabled);
  if (!feed?.networks) return enabled;
  const wanted = new Set(feed.networks);
  return enabled.filter((c) => wanted.has(c.id));
}
