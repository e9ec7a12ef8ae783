/**
 * Builds the configured summariser: extractive (optionally reading the article page for
 * teaser-only feeds), wrapped by the LLM summariser when `kind: llm`. The one place that knows
 * how the summariser parts are put together; workers and `crier preview` both use it.
 */
import type { Redis } from 'ioredis';
import type { SummariserConfig } from '../config/schema.js';
import { withFetchedArticle, type TextCache } from './article-fetch.js';
import { createExtractiveSummariser } from './extractive-summariser.js';
import type { FeedCopyConfig } from './feed-copy.js';
import type { NetworkFit } from './llm/guardrails.js';
import { createLlmSummariser } from './llm/llm-summariser.js';
import { memoryLlmStore, redisLlmStore, type LlmStore } from './llm/llm-store.js';
import type { Summariser } from './summary.js';

export interface SummariserDeps {
  /** Absent (preview): caches live in memory for the run. */
  redis?: Redis;
  prefix?: string;
  log?: { warn(obj: object, msg: string): void };
  publicationName?: string;
  /** The configured feeds: their house boilerplate, sentence budgets and tragedy-hashtag choice. */
  feeds?: readonly FeedCopyConfig[];
  /** Networks that posts go to (LLM variants are written for these). */
  networks?: readonly NetworkFit[];
  /** Channels' extra hashtags: an LLM variant may use them. */
  extraHashtags?: readonly string[];
  /** From LLM_API_KEY / LLM_API_KEY_FILE; never from config. */
  apiKey?: string;
  userAgent?: string;
  /** Tests only. */
  allowPrivateHosts?: boolean;
  llmStore?: LlmStore;
  retryBaseMs?: number;
}

function textCache(redis: Redis | undefined, prefix: string): TextCache {
  if (redis) {
    return {
      get: (key) => redis.get(`${prefix}:${key}`),
      set: async (key, value, ttl) => void (await redis.set(`${prefix}:${key}`, value, 'EX', ttl)),
    };
  }
  const memory = new Map<string, string>();
  return { get: (key) => Promise.resolve(memory.get(key)), set: (key, value) => Promise.resolve(void memory.set(key, value)) };
}

export function createSummariser(config: SummariserConfig, deps: SummariserDeps = {}): Summariser {
  const prefix = deps.prefix ?? '{crier}';
  let extractive = createExtractiveSummariser({
    hashtagMap: config.hashtagMap,
    tragedyHashtags: config.tragedyHashtags,
    ...(deps.feeds ? { feeds: deps.feeds } : {}),
    ...(deps.publicationName ? { publicationName: deps.publicationName } : {}),
  });
  if (config.fetchArticle) {
    extractive = withFetchedArticle(extractive, {
      timeoutMs: config.fetchTimeoutMs,
      maxBytes: config.fetchMaxBytes,
      cache: textCache(deps.redis, prefix),
      ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
      ...(deps.allowPrivateHosts ? { allowPrivateHosts: true } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    });
  }
  if (config.kind !== 'llm' || !config.baseUrl || !config.model) return extractive;
  return createLlmSummariser({
    baseUrl: config.baseUrl,
    ...(deps.apiKey ? { apiKey: deps.apiKey } : {}),
    model: config.model,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    ...(deps.retryBaseMs !== undefined ? { retryBaseMs: deps.retryBaseMs } : {}),
    temperature: config.temperature,
    maxOutputTokens: config.maxOutputTokens,
    ...(config.dailyBudgetUsd !== undefined ? { dailyBudgetUsd: config.dailyBudgetUsd } : {}),
    pricing: config.pricing,
    cacheDays: config.cacheDays,
    networks: deps.networks ?? [],
    allowedHashtags: [...Object.values(config.hashtagMap).flat(), ...(deps.extraHashtags ?? [])],
    store: deps.llmStore ?? (deps.redis ? redisLlmStore(deps.redis, prefix) : memoryLlmStore()),
    fallback: extractive,
    ...(deps.log ? { log: deps.log } : {}),
  });
}
