import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, requiredInLive, secretToken } from '../network-options.js';

export const THREADS_DEFAULT_API_BASE_URL = 'https://graph.threads.net';
export const THREADS_DEFAULT_API_VERSION = 'v1.0';

export const threadsOptionsSchema = networkOptions(THREADS_DEFAULT_API_BASE_URL, {
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
});
export type ThreadsOptions = z.infer<typeof threadsOptionsSchema>;

export const threadsSpec = {
  id: 'threads',
  envPrefix: 'THREADS',
  credentialSets: [['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { ACCESS_TOKEN: secretToken }, options: { userId: requiredInLive('the numeric Threads user id (userId)') } }),
  optionsSchema: threadsOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  // Threads turns only one tag per post into a topic.
  defaultMaxHashtags: 1,
  liveAdapter: true,
} satisfies NetworkSpec;
