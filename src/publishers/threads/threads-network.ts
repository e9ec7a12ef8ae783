import { z } from 'zod';
import { fitDraft } from '../../drafts/fit-draft.js';
import { threadsLength } from '../../drafts/counters.js';
import type { Draft } from '../../drafts/draft.js';
import type { FormatInput, NetworkDefinition } from '../publisher.js';
import { liveCredentials, networkOptions, requiredInLive, secretToken } from '../network-options.js';
import { countLinks, THREADS_MAX_LINKS } from './threads-links.js';
import { createThreadsPublisher } from './threads-publisher.js';

/** 500 characters, emoji counted as their UTF-8 bytes (Threads API docs). */
export const THREADS_MAX_LENGTH = 500;
export const THREADS_DEFAULT_API_BASE_URL = 'https://graph.threads.net';
export const THREADS_DEFAULT_API_VERSION = 'v1.0';

function format(input: FormatInput): Draft {
  const rules = { limit: THREADS_MAX_LENGTH, count: threadsLength };
  const draft = fitDraft(input, rules);
  if (countLinks(draft.text) <= THREADS_MAX_LINKS) return draft;
  // Links quoted in the summary push the post over the cap: keep title + article link only.
  return fitDraft({ ...input, template: input.template.replaceAll('{summary}', '') }, rules);
}

export const threadsNetwork: NetworkDefinition = {
  id: 'threads',
  displayName: 'Threads',
  envPrefix: 'THREADS',
  credentialSets: [['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { ACCESS_TOKEN: secretToken }, options: { userId: requiredInLive('the numeric Threads user id (userId)') } }),
  optionsSchema: networkOptions(THREADS_DEFAULT_API_BASE_URL, {
    userId: z.string().regex(/^(\d+|me)$/, 'expected the numeric Threads user id').optional(),
    graphVersion: z.string().regex(/^v\d+\.\d+$/, 'expected e.g. v1.0').default(THREADS_DEFAULT_API_VERSION),
    /** Overrides `config.quota_total` from threads_publishing_limit (250 posts per 24 h today). */
    quotaTotal: z.number().int().positive().optional(),
    quotaWaitMinutes: z.number().positive().default(60),
    /** Threads suggests polling a container about once a minute; text posts are usually ready at once. */
    pollIntervalMs: z.number().int().positive().default(5_000),
    maxPolls: z.number().int().positive().default(12),
    policyBlockMinutes: z.number().positive().default(180),
    requestTimeoutMs: z.number().int().positive().optional(),
  }),
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  // Threads turns only one tag per post into a topic.
  defaultMaxHashtags: 1,
  limit: THREADS_MAX_LENGTH,
  count: threadsLength,
  format,
  createLive: createThreadsPublisher,
  // Same two-phase container flow as Instagram: the checkpointed container is status-checked
  // before any publish, and PUBLISHED means an earlier call went through (graph/graph-container.ts).
  retryAfterUnknownIsSafe: true,
};
