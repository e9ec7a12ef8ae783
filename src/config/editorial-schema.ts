import { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { closestKey } from './did-you-mean.js';

/**
 * `editorial:` — the order a channel's queue drains in, the breaking lane and the staleness guard
 * (issue #15). Everything has a default, so a config without the section behaves as documented.
 */

/** Keyword and category rules are matched as plain lower-case substrings/equality: no user regex on feed text. */
const breakingRuleSchema = z
  .object({
    /** An item whose category equals one of these (case-insensitive) is breaking. */
    categories: z.array(z.string().min(1).max(100)).max(50).default([]),
    /** An item whose title contains one of these words or phrases (case-insensitive) is breaking. */
    keywords: z.array(z.string().min(2).max(100)).max(50).default([]),
  })
  .strict();

export const editorialSchema = z
  .object({
    /** A post whose story is older than this when its turn comes is held for an editor instead of going out. 0: no guard. */
    maxPostAgeHours: z.number().min(0).default(12),
    /** Which waiting post goes first on a spaced channel: the newest story (default) or the oldest. */
    drainOrder: z.enum(['newest-first', 'oldest-first']).default('newest-first'),
    breaking: z
      .object({
        categories: breakingRuleSchema.shape.categories,
        keywords: breakingRuleSchema.shape.keywords,
        /** Rules for one feed (by feed id), on top of the global ones. */
        feeds: z.record(z.string(), breakingRuleSchema).default({}),
        /** Breaking posts go out in quiet hours too (off: they wait for the end of quiet hours, first in line). */
        ignoresQuietHours: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Per-channel overrides (by channel id). */
    channels: z
      .record(z.string(), z.object({ maxPostAgeHours: z.number().min(0).optional() }).strict())
      .default({}),
  })
  .strict()
  .prefault({});

export type EditorialConfig = z.infer<typeof editorialSchema>;

/**
 * `editorial.channels.<id>` and `editorial.breaking.feeds.<id>` must name a configured channel or
 * feed: a typo would otherwise silently drop an editor's override (a wrong setting fails at start-up).
 */
export function editorialReferenceIssues(editorial: EditorialConfig, channelIds: ReadonlySet<string>, feedIds: ReadonlySet<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (id: string, known: ReadonlySet<string>, path: string, what: string) => {
    if (known.has(id)) return;
    const near = closestKey(id, known);
    issues.push({ path, message: `unknown ${what} "${id}"${near ? ` (did you mean "${near}"?)` : ` (configured: ${[...known].join(', ') || 'none'})`}` });
  };
  for (const id of Object.keys(editorial.channels)) check(id, channelIds, `editorial.channels.${id}`, 'channel');
  for (const id of Object.keys(editorial.breaking.feeds)) check(id, feedIds, `editorial.breaking.feeds.${id}`, 'feed');
  return issues;
}
