import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { resolveChannel, type ChannelConfig } from './channels.js';
import { ConfigError, dedupeIssues, type ConfigIssue } from './config-error.js';
import type { NetworkSpecs } from './network-spec.js';
import { resolveRedisTarget } from './redis-connection.js';
import { channelCommonSchema, configSchema, type RawConfig } from './schema.js';
import { readAlertSecrets, type AlertSecrets } from './alerts-schema.js';
import { editorialReferenceIssues } from './editorial-schema.js';
import { readSecret } from './secrets.js';
import { describeRedisTarget, type RedisTarget } from '../shared/redis-target.js';
import { describeSchemaIssue } from './unknown-keys.js';
import { readWebSecrets, type WebSecrets } from './web-secrets.js';

export { ConfigError, formatPath, type ConfigIssue } from './config-error.js';
export type { ChannelConfig } from './channels.js';
export type { LiveCheckInput, NetworkSpec, NetworkSpecs } from './network-spec.js';
export type { WebSecrets } from './web-secrets.js';

export const DEFAULT_CONFIG_PATH = 'config/crier.yaml';
export { DEFAULT_REDIS_URL } from './redis-connection.js';
export type { RedisTarget } from '../shared/redis-target.js';
/** A config expands no more aliases than this: a YAML alias bomb is a config error, not an out-of-memory. */
export const MAX_YAML_ALIASES = 100;

export interface Config extends Omit<RawConfig, 'networks'> {
  configPath: string;
  /** REDIS_URL (or the default); with Sentinel or Cluster, only a description: connect through `redisTarget`. */
  redisUrl: string;
  /** Where Redis is (REDIS_URL, Sentinel or Cluster), its passwords non-enumerable: see src/config/redis-connection.ts. */
  redisTarget: RedisTarget;
  channels: ChannelConfig[];
  /** False when loaded with `checkSecrets: false`: live channels then hold no secrets and cannot post. */
  secretsChecked: boolean;
  /** `summariser.kind: llm` only: from LLM_API_KEY or LLM_API_KEY_FILE. Non-enumerable: never serialised, never logged. */
  readonly llmApiKey?: string;
  /** CRIER_SESSION_SECRET, METRICS_TOKEN, CRIER_HOOK_TOKEN (or their `_FILE`). Non-enumerable. */
  readonly webSecrets: WebSecrets;
  /** Each alert destination's URL or SMTP settings (#16), from the variables `alerts:` names. Non-enumerable. */
  readonly alertSecrets: AlertSecrets;
}

export interface ParseOptions {
  /** Where the input came from, for messages. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** The networks channels may use, passed in by the composition root (the config knows none). */
  networks?: NetworkSpecs;
  /** Default true. False: no secret is read or validated (commands that only need Redis). */
  checkSecrets?: boolean;
}

export function resolveConfigPath(argPath: string | undefined, env: NodeJS.ProcessEnv): string {
  return argPath ?? env.CRIER_CONFIG ?? DEFAULT_CONFIG_PATH;
}

export function loadConfigFile(file: string, opts: Omit<ParseOptions, 'file'> = {}): Config {
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
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (err) {
    // yaml throws a ReferenceError when aliases would expand past the limit (billion laughs).
    throw new ConfigError(file, [{ path: '', message: `YAML aliases expand too far (more than ${MAX_YAML_ALIASES} alias uses, or an alias bomb): ${(err as Error).message}` }]);
  }
  return parseConfig(input, { ...opts, file });
}

/** Validates everything and reports every problem at once. */
export function parseConfig(input: unknown, opts: ParseOptions = {}): Config {
  const file = opts.file ?? '(inline config)';
  const env = opts.env ?? {};
  const checkSecrets = opts.checkSecrets ?? true;
  const publicBaseUrl = (input as { publicBaseUrl?: unknown } | null)?.publicBaseUrl;
  const channelInput = { env, networks: opts.networks ?? {}, checkSecrets, ...(typeof publicBaseUrl === 'string' ? { publicBaseUrl } : {}) };
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) => describeSchemaIssue(configSchema, i));
    // Channels are checked on their own too, so a broken feed does not hide a missing credential.
    const networks = (input as { networks?: unknown } | null)?.networks;
    if (networks && typeof networks === 'object') {
      for (const [id, value] of Object.entries(networks)) {
        const common = channelCommonSchema.safeParse(value);
        if (common.success) resolveChannel(id, common.data, channelInput, issues);
      }
    }
    if (checkSecrets) readWebSecrets(env, issues);
    throw new ConfigError(file, dedupeIssues(issues));
  }
  const raw = parsed.data;
  const issues: ConfigIssue[] = [];
  const channels = Object.entries(raw.networks).flatMap(([id, common]) => {
    const channel = resolveChannel(id, common, channelInput, issues);
    return channel ? [channel] : [];
  });
  checkFeedReferences(raw, new Set(channels.map((c) => c.id)), issues);
  issues.push(...editorialReferenceIssues(raw.editorial, new Set(channels.map((c) => c.id)), new Set(raw.feeds.map((f) => f.id))));
  const webSecrets = checkSecrets ? readWebSecrets(env, issues) : {};
  const redisTarget = resolveRedisTarget(raw.redis, env, issues);
  const llmKey = checkSecrets && raw.summariser.kind === 'llm' ? readSecret(env, 'LLM_API_KEY') : {};
  // Optional: Ollama and other local servers need no key.
  if (llmKey.problem) issues.push({ path: 'summariser', message: llmKey.problem });
  const alertSecrets = checkSecrets ? readAlertSecrets(env, raw.alerts, issues) : {};
  if (issues.length > 0) throw new ConfigError(file, issues);

  const { networks: _networks, ...rest } = raw;
  const config: Config = {
    ...rest,
    configPath: file,
    redisUrl: redisTarget.kind === 'url' ? redisTarget.url : describeRedisTarget(redisTarget),
    redisTarget,
    channels,
    secretsChecked: checkSecrets,
    outbox: { dir: path.resolve(rest.outbox.dir) },
    // Containers need the desk on 0.0.0.0 while a laptop should keep it on loopback.
    web: { ...rest.web, ...(env.CRIER_WEB_HOST ? { host: env.CRIER_WEB_HOST } : {}) },
  } as Config;
  Object.defineProperty(config, 'webSecrets', { value: Object.freeze(webSecrets), enumerable: false });
  Object.defineProperty(config, 'alertSecrets', { value: alertSecrets, enumerable: false });
  if (llmKey.value) Object.defineProperty(config, 'llmApiKey', { value: llmKey.value, enumerable: false });
  return config;
}

function checkFeedReferences(raw: RawConfig, channelIds: Set<string>, issues: ConfigIssue[]): void {
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
}

/** Channels a feed posts to: its `networks` list, or every enabled channel. */
export function channelsForFeed(config: Config, feedId: string): ChannelConfig[] {
  const feed = config.feeds.find((f) => f.id === feedId);
  const enabled = config.channels.filter((c) => c.enabled);
  if (!feed?.networks) return enabled;
  const wanted = new Set(feed.networks);
  return enabled.filter((c) => wanted.has(c.id));
}
