/**
 * Per-feed copy rules from the config (`feeds[].boilerplate`, `sentences`, `tragedyHashtags`),
 * compiled once when the summariser is built: house boilerplate patterns become anchored-or-
 * literal regexes that only ever run on bounded lines (see boilerplate.ts).
 */

export interface FeedCopyConfig {
  id: string;
  boilerplate?: readonly string[];
  sentences?: Readonly<Record<string, number>>;
  tragedyHashtags?: boolean;
}

export interface FeedCopyRules {
  boilerplate: RegExp[];
  /** Sentences per post by channel id or network id. */
  sentences: Record<string, number>;
  tragedyHashtags?: boolean;
}

const REGEX_ENTRY_RE = /^\/(.+)\/([a-z]*)$/su;

/**
 * "/regex/flags" → that regex (global/sticky flags dropped: `test` must not keep state);
 * anything else → the phrase, matched case-insensitively anywhere in the line.
 * Entries were validated by the config schema; one that still fails to compile throws here, at start-up.
 */
export function compileBoilerplatePattern(entry: string): RegExp {
  const m = REGEX_ENTRY_RE.exec(entry);
  if (m) return new RegExp(m[1] ?? '', (m[2] ?? '').replace(/[gy]/g, ''));
  return new RegExp(entry.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'iu');
}

export function compileFeedCopyRules(feeds: readonly FeedCopyConfig[]): Map<string, FeedCopyRules> {
  const rules = new Map<string, FeedCopyRules>();
  for (const feed of feeds) {
    rules.set(feed.id, {
      boilerplate: (feed.boilerplate ?? []).map(compileBoilerplatePattern),
      sentences: { ...(feed.sentences ?? {}) },
      ...(feed.tragedyHashtags !== undefined ? { tragedyHashtags: feed.tragedyHashtags } : {}),
    });
  }
  return rules;
}
