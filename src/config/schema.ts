import { z } from 'zod';
import { correctionSettingSchema, lifecycleSchema } from './lifecycle-schema.js';
import { alertsSchema } from './alerts-schema.js';
import { adaptiveIntervalFields, checkAdaptiveInterval, withAdaptiveInterval } from './adaptive-schema.js';
import { redisSchema } from './redis-schema.js';
import { feedWebsubSchema, websubSchema } from './websub-schema.js';
import { editorialSchema } from './editorial-schema.js';

/** Channel and feed ids become parts of Redis keys, queue names and job ids: keep them tame. */
const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lower-case letters, digits, "-" or "_" (max 63)');

const matcherSchema = z
  .object({
    categories: z.array(z.string()).default([]),
    keywords: z.array(z.string()).default([]),
    regex: z
      .array(z.string())
      .default([])
      .superRefine((patterns, ctx) => {
        patterns.forEach((p, i) => {
          try {
            new RegExp(p, 'iu');
          } catch (err) {
            ctx.addIssue({ code: 'custom', path: [i], message: `invalid regex: ${(err as Error).message}` });
          }
        });
      }),
  })
  .strict();

export const filtersSchema = z
  .object({ include: matcherSchema.optional(), exclude: matcherSchema.optional() })
  .strict()
  .prefault({});

const urlOrPath = z
  .string()
  .min(1)
  .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^https?:\/\/[^/\s]+/i.test(v), 'expected a URL (http or https) or a file path');

export const feedSchema = z
  .object({
    id: idSchema,
    url: urlOrPath,
    title: z.string().optional(),
    ...adaptiveIntervalFields,
    /** Channels this feed posts to; default: every enabled channel. */
    networks: z.array(idSchema).optional(),
    backfill: z.number().int().min(0).default(0),
    maxAgeHours: z.number().positive().default(24),
    filters: filtersSchema,
    timeoutSeconds: z.number().positive().max(300).default(20),
    maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
    /** Items read per poll, the newest; the rest are dropped and counted (a 100k-item feed must not stall the poller). */
    maxItemsPerPoll: z.number().int().positive().max(10_000).default(200),
    /** Post items whose link is missing or not http(s) (javascript:, data:, file:) without a link; by default they are skipped with the reason. */
    postWithoutLink: z.boolean().default(false),
    /** Per-feed template overrides by channel. */
    templates: z.record(z.string(), z.string()).default({}),
    /** House boilerplate lines to drop before summarising: "/regex/flags" or a literal phrase (case-insensitive). */
    boilerplate: z.array(z.string().min(1).max(300)).max(50).default([]).superRefine(validBoilerplatePatterns),
    /** Summary sentences per post by channel id or network id (e.g. {x: 1, facebook: 2}); overrides the channel's `sentences`. */
    sentences: z.record(z.string(), z.number().int().min(0).max(5)).default({}),
    /** Hashtags on stories of deaths, disasters and crime (default: the summariser's `tragedyHashtags`). */
    tragedyHashtags: z.boolean().optional(),
    /** WebSub push for this feed (see websub-schema.ts). */
    websub: feedWebsubSchema,
  })
  .strict()
  .superRefine(checkAdaptiveInterval)
  .transform(withAdaptiveInterval);

/** "/…/flags" entries must compile (a wrong pattern fails at start-up, not at the first post). */
function validBoilerplatePatterns(patterns: string[], ctx: z.RefinementCtx): void {
  patterns.forEach((p, i) => {
    const m = /^\/(.+)\/([a-z]*)$/su.exec(p);
    if (!m) return;
    try {
      new RegExp(m[1] ?? '', m[2]);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [i], message: `invalid regex: ${(err as Error).message}` });
    }
  });
}

const utmSchema = z.union([
  z.boolean(),
  z
    .object({
      source: z.string().optional(),
      medium: z.string().default('social'),
      campaign: z.string().default('crier'),
    })
    .strict(),
]);

/** Common keys of a channel; network-specific keys pass through to the network's own schema. */
const channelCommonFields = {
  network: idSchema.optional(),
  envPrefix: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an upper-case env prefix like X_URDU').optional(),
  mode: z.enum(['dry-run', 'live']).default('dry-run'),
  enabled: z.boolean().default(true),
  apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  template: z.string().min(1).optional(),
  approval: z.enum(['auto', 'manual']).default('auto'),
  autoApproveAfterMinutes: z.number().positive().optional(),
  spacingSeconds: z.number().min(0).default(0),
  /** Posts already out when the story is corrected (#16; lifecycle-schema.ts). Absent: what the network does best. */
  corrections: correctionSettingSchema.optional(),
  dailyCap: z.number().int().positive().optional(),
  /** With a network that prices posts (X): posts wait for next month once the budget would be exceeded. */
  monthlyBudgetUsd: z.number().positive().optional(),
  hashtags: z
    .object({ max: z.number().int().min(0).max(30).optional(), extra: z.array(z.string()).default([]) })
    .strict()
    .prefault({}),
  utm: utmSchema.default(true),
  /** Summary sentences per post (default by network: X, Bluesky, Threads 1; Instagram, Telegram 3; others 2). */
  sentences: z.number().int().min(0).max(5).optional(),
  quietHours: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected "HH:MM-HH:MM"')
    .optional(),
};
export const channelCommonSchema = z.looseObject(channelCommonFields);

/**
 * `summariser:`. `kind: llm` asks any OpenAI-compatible /chat/completions endpoint for per-network
 * variants and falls back to the extractive summary on any problem; the API key comes only from
 * the environment (LLM_API_KEY or LLM_API_KEY_FILE). Prices are per million tokens, for the daily cap.
 */
export const summariserSchema = z
  .object({
    kind: z.enum(['extractive', 'llm']).default('extractive'),
    hashtagMap: z.record(z.string(), z.array(z.string())).default({}),
    /** Teaser-only feeds: fetch the article page and extract its main text (SSRF-guarded, capped, cached). */
    fetchArticle: z.boolean().default(false),
    fetchTimeoutMs: z.number().int().positive().max(60_000).default(10_000),
    fetchMaxBytes: z.number().int().positive().max(20 * 1024 * 1024).default(2 * 1024 * 1024),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    model: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().max(300_000).default(30_000),
    /** Extra attempts after a 429, a 5xx or a lost connection. */
    retries: z.number().int().min(0).max(5).default(2),
    temperature: z.number().min(0).max(2).default(0.2),
    maxOutputTokens: z.number().int().positive().default(1200),
    /** Stop calling the LLM for the rest of the UTC day once this much is spent (extractive meanwhile). */
    dailyBudgetUsd: z.number().positive().optional(),
    pricing: z
      .object({ inputPerMillionTokensUsd: z.number().min(0).default(0), outputPerMillionTokensUsd: z.number().min(0).default(0) })
      .strict()
      .prefault({}),
    cacheDays: z.number().positive().default(7),
    /** Hashtags on stories of deaths, disasters and crime (off by default: a tag reads as promotion). */
    tragedyHashtags: z.boolean().default(false),
    apiKey: z.never({ error: 'secrets never go in the config file: set LLM_API_KEY in the environment' }).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind !== 'llm') return;
    if (!s.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'kind: llm needs baseUrl (e.g. https://api.openai.com/v1)' });
    if (!s.model) ctx.addIssue({ code: 'custom', path: ['model'], message: 'kind: llm needs model' });
  })
  .prefault({});
export type SummariserConfig = z.infer<typeof summariserSchema>;

/** One desk user, under `web.users` or in `web.usersFile`. */
export const webUserSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'expected 1-64 letters, digits, ".", "_", "@" or "-"'),
    role: z.enum(['editor', 'viewer']),
    passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'expected a hash printed by `crier user add`'),
  })
  .strict();

export const configSchema = z
  .object({
    publication: z
      .object({
        name: z.string().default('Crier'),
        timezone: z.string().default('UTC'),
        website: z.string().optional(),
        /** Colours of generated image cards (Instagram), as #rrggbb. */
        brand: z
          .object({
            primaryColour: z.string().regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'expected a colour like #0B1F3A').optional(),
            textColour: z.string().regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'expected a colour like #FFFFFF').optional(),
            accentColour: z.string().regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'expected a colour like #E8B04B').optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    publicBaseUrl: z.url().optional(),
    redis: redisSchema,
    feeds: z.array(feedSchema).min(1, 'at least one feed is required'),
    alerts: alertsSchema,
    networks: z.record(idSchema, channelCommonSchema).default({}),
    outbox: z.object({ dir: z.string().default('./data/outbox') }).strict().prefault({}),
    websub: websubSchema,
    lifecycle: lifecycleSchema,
    editorial: editorialSchema,
    summariser: summariserSchema,
    ledger: z
      .object({ retentionDays: z.number().positive().default(90), maxArticles: z.number().int().positive().default(100_000) })
      .strict()
      .prefault({}),
    poller: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(8),
        userAgent: z.string().default('Crier/0.1 (+https://github.com/crier-news/crier)'),
        maxBackoffSeconds: z.number().int().positive().default(3600),
      })
      .strict()
      .prefault({}),
    workers: z
      .object({
        summariseConcurrency: z.number().int().min(1).default(4),
        publishConcurrency: z.number().int().min(1).default(1),
        attempts: z.number().int().min(1).default(8),
        backoffMs: z.number().int().min(1).default(5_000),
        maxRateLimitWaits: z.number().int().min(1).default(20),
        shutdownGraceMs: z.number().int().min(0).default(10_000),
        keepCompletedHours: z.number().positive().default(24),
        keepFailedDays: z.number().positive().default(14),
      })
      .strict()
      .prefault({}),
    web: z
      .object({
        port: z.number().int().min(0).max(65535).default(3000),
        /** Loopback by default: set 0.0.0.0 (behind TLS) to let editors reach the desk. */
        host: z.string().min(1).default('127.0.0.1'),
        /** Printed by `crier user add`; hashes only, never passwords. */
        users: z.array(webUserSchema).default([]),
        /** A YAML file of more users (a list of the same entries); `crier user add` writes to it. Relative to the working directory. */
        usersFile: z.string().min(1).optional(),
        sessionHours: z.number().positive().max(720).default(12),
        /** Trust X-Forwarded-Proto/For from a reverse proxy (cookies become Secure behind https). */
        trustProxy: z.boolean().default(false),
        /** Also accept the CMS hook token as `?token=`, for a CMS that can only be given a URL (URLs end up in proxy logs). */
        hookTokenInQuery: z.boolean().default(false),
        sessionSecret: z.never({ error: 'secrets never go in the config file: set CRIER_SESSION_SECRET in the environment' }).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type RawConfig = z.infer<typeof configSchema>;
export type FeedConfig = z.infer<typeof feedSchema>;
export type FeedFilters = z.infer<typeof filtersSchema>;
export type ChannelCommon = z.output<z.ZodObject<typeof channelCommonFields>>;
