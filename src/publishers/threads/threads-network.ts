import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { threadsLength } from './threads-count.js';
import type { Draft } from '../../drafts/draft.js';
import { defineNetwork, type FormatInput } from '../publisher.js';
import { countLinks, THREADS_MAX_LINKS } from './threads-links.js';
import { threadsSpec } from './threads-options.js';
import { createThreadsPublisher } from './threads-publisher.js';
import { threadsCredentialsExpiry } from './threads-token-expiry.js';

export { THREADS_DEFAULT_API_BASE_URL, THREADS_DEFAULT_API_VERSION } from './threads-options.js';

/** 500 characters, emoji counted as their UTF-8 bytes (Threads API docs). */
export const THREADS_MAX_LENGTH = 500;

function format(input: FormatInput): Draft {
  const rules = { limit: THREADS_MAX_LENGTH, count: threadsLength, copy: THREADS_COPY };
  const draft = fitDraft(input, rules);
  if (countLinks(draft.text) <= THREADS_MAX_LINKS) return draft;
  // Links quoted in the summary push the post over the cap: keep title + article link only.
  return fitDraft({ ...input, template: input.template.replaceAll('{summary}', '') }, rules);
}

/** One sentence of the medium-length picks; a single hashtag (Threads shows one topic tag). */
export const THREADS_COPY: CopyBudgets = { summaryBudget: 'medium', sentenceBudget: 1, hashtagCap: 1 };

export const threadsNetwork = defineNetwork({
  ...threadsSpec,
  ...THREADS_COPY,
  displayName: 'Threads',
  limit: THREADS_MAX_LENGTH,
  count: threadsLength,
  format,
  createLive: createThreadsPublisher,
  credentialsExpiry: threadsCredentialsExpiry,
  // Same two-phase container flow as Instagram: the checkpointed container is status-checked
  // before any publish, and PUBLISHED means an earlier call went through (graph/graph-container.ts).
  retryAfterUnknownIsSafe: true,
});
