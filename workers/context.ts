import type { Redis } from 'ioredis';
import { ConfigError, type Config, type ChannelConfig, type ConfigIssue } from '../src/config/load-config.js';
import { networkRegistry } from '../src/publishers/registry.js';
import type { LivePublisher, NetworkDefinition } from '../src/publishers/publisher.js';
import { createOutboxPublisher } from '../src/publishers/dry-run/outbox-publisher.js';
import { createSummariser } from '../src/summaries/create-summariser.js';
import type { NetworkFit } from '../src/summaries/llm/guardrails.js';
import type { Summariser } from '../src/summaries/summary.js';
import type { Logger } from '../src/shared/logger.js';
import { correctionSettingProblem } from '../src/lifecycle/correction-policy.js';
import { createRedisContext, type RedisContext } from './redis-context.js';

/**
 * The composition root: the only place where feeds, ledger, summaries and publishers meet. The
 * ledgers and queues come from the Redis-only context (workers/redis-context.ts); this adds the
 * network definitions, the live publishers and the summariser.
 */
export interface AppContext extends RedisContext {
  summariser: Summariser;
  network(channel: ChannelConfig): NetworkDefinition;
  publisher(channel: ChannelConfig): LivePublisher;
}

export function createAppContext(config: Config, log: Logger, opts: { summariser?: Summariser } = {}): AppContext {
  const base = createRedisContext(config, log);
  const publishers = new Map<string, LivePublisher>();
  const ctx: AppContext = {
    ...base,
    summariser: opts.summariser ?? buildSummariser(config, log, base.redis),
    network(channel) {
      const def = networkRegistry[channel.network];
      if (!def) throw new Error(`unknown network ${channel.network}`);
      return def;
    },
    publisher(channel) {
      let p = publishers.get(channel.id);
      if (!p) {
        p = buildPublisher(config, ctx.network(channel), channel, log);
        publishers.set(channel.id, p);
      }
      return p;
    },
    async close() {
      for (const p of publishers.values()) p.close?.();
      await base.close();
    },
  };
  // Every live publisher is built now, before any job is taken: a bad setting stops start-up
  // (exit 2) instead of ending each post `unknown`.
  if (config.secretsChecked) buildLivePublishers(config, ctx);
  return ctx;
}

function buildPublisher(config: Config, def: NetworkDefinition, channel: ChannelConfig, log: Logger): LivePublisher {
  if (channel.mode !== 'live' || !def.createLive) {
    return createOutboxPublisher({ dir: config.outbox.dir, channel: channel.id, network: channel.network, ...(def.postedText ? { postedText: def.postedText } : {}) });
  }
  if (!config.secretsChecked) throw new Error(`${channel.id}: the config was loaded without credentials; live publishing needs them`);
  return def.createLive({
    channel: channel.id,
    envPrefix: channel.envPrefix,
    publication: config.publication,
    options: channel.options,
    secrets: channel.secrets,
    log: log.child({ channel: channel.id }),
    ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
  });
}

function buildLivePublishers(config: Config, ctx: AppContext): void {
  const issues: ConfigIssue[] = [];
  for (const channel of config.channels.filter((c) => c.enabled && c.mode === 'live')) {
    try {
      const problem = correctionSettingProblem(channel.corrections, ctx.publisher(channel).corrections, channel.network);
      if (problem) issues.push({ path: `networks.${channel.id}.corrections`, message: problem });
    } catch (err) {
      issues.push({ path: `networks.${channel.id}`, message: (err as Error).message });
    }
  }
  if (issues.length === 0) return;
  void ctx.close().catch(() => undefined);
  throw new ConfigError(config.configPath, issues);
}

/** Networks the enabled channels post to, with the strictest limit per network (LLM variants must fit all of them). */
export function summaryNetworks(config: Config): NetworkFit[] {
  const byId = new Map<string, NetworkFit>();
  for (const channel of config.channels.filter((c) => c.enabled)) {
    const def = networkRegistry[channel.network];
    if (!def) continue;
    const known = byId.get(def.id);
    if (!known || def.limit < known.limit) byId.set(def.id, { id: def.id, limit: def.limit, count: def.count, sentences: def.sentenceBudget });
  }
  return [...byId.values()];
}

/** The configured summariser (see src/summaries/create-summariser.ts); the LLM key comes only from the environment. */
function buildSummariser(config: Config, log: Logger, redis: Redis): Summariser {
  return createSummariser(config.summariser, {
    redis,
    prefix: config.redis.prefix,
    log: log.child({ role: 'summariser' }),
    publicationName: config.publication.name,
    feeds: config.feeds,
    networks: summaryNetworks(config),
    extraHashtags: config.channels.flatMap((c) => c.hashtags.extra),
    userAgent: config.poller.userAgent,
    ...(config.llmApiKey ? { apiKey: config.llmApiKey } : {}),
  });
}
