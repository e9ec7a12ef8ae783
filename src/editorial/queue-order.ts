import type { EditorialConfig } from '../config/editorial-schema.js';
import type { OrderGates, PostOrderFields } from '../ledger/post-order.js';

/**
 * Queue order policy (issue #15), pure: which waiting post of a channel goes first, the staleness
 * guard's limit and text, and the config's breaking rules. The claim script applies the same order
 * atomically (ORDER_LUA in src/ledger/order-scripts.ts); `laneScore` mirrors it for the desk.
 */

/** A post that arrives already old and goes within this time was accepted by its feed's age rule: not stale. */
export const STALE_GRACE_MS = 60_000;
const HOUR_MS = 3_600_000;

export function maxPostAgeMs(editorial: EditorialConfig | undefined, channelId: string): number {
  const hours = editorial?.channels[channelId]?.maxPostAgeHours ?? editorial?.maxPostAgeHours ?? 12;
  return Math.round(hours * HOUR_MS);
}

export function orderGates(editorial: EditorialConfig | undefined, channelId: string): OrderGates {
  return {
    newestFirst: (editorial?.drainOrder ?? 'newest-first') === 'newest-first',
    maxPostAgeMs: maxPostAgeMs(editorial, channelId),
    breakingIgnoresQuietHours: editorial?.breaking.ignoresQuietHours ?? false,
    staleGraceMs: STALE_GRACE_MS,
  };
}

/** "40 min", "14 h", "3 days". */
export function ageText(ms: number): string {
  if (ms < HOUR_MS) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 48 * HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / (24 * HOUR_MS))} days`;
}

/** "story is 3 days old (limit 12 h)". */
export function staleText(ageMs: number, limitMs: number): string {
  return `story is ${ageText(ageMs)} old (limit ${ageText(limitMs)})`;
}

export interface OrderablePost extends PostOrderFields {
  postId: string;
  publishedAt?: string;
  createdAt: string;
}

/** The story's time: publication, else when the post was made. */
export function storyMs(p: OrderablePost): number {
  const published = p.publishedAt ? Date.parse(p.publishedAt) : NaN;
  if (Number.isFinite(published)) return published;
  const created = p.createdAtMs ?? Date.parse(p.createdAt);
  return Number.isFinite(created) ? created : 0;
}

/** The claim script's score (lower goes first): see ORDER_LUA. */
export function laneScore(p: OrderablePost, newestFirst: boolean): number {
  const at = p.laneAtMs ?? 0;
  if (p.lane === 'scheduled') return -4e14 + at;
  if (p.lane === 'front') return -3e14 - at;
  if (p.lane === 'breaking') return -2e14 + at;
  return newestFirst ? -storyMs(p) : storyMs(p);
}

/**
 * Waiting posts in the order they go out: held posts leave the line (returned apart), scheduled
 * posts that are not due yet follow the rest (their own time decides), the others by score.
 */
export function orderQueue<P extends OrderablePost>(posts: readonly P[], newestFirst: boolean, nowMs: number): { line: P[]; held: P[] } {
  const held = posts.filter((p) => p.hold);
  const waiting = posts.filter((p) => !p.hold);
  const later = (p: P) => p.lane === 'scheduled' && (p.laneAtMs ?? 0) > nowMs;
  const byScore = (a: P, b: P) => laneScore(a, newestFirst) - laneScore(b, newestFirst) || a.postId.localeCompare(b.postId);
  const due = waiting.filter((p) => !later(p)).sort(byScore);
  const scheduled = waiting.filter(later).sort((a, b) => (a.laneAtMs ?? 0) - (b.laneAtMs ?? 0));
  return { line: [...due, ...scheduled], held };
}

/** What a breaking rule reads of an article; every field is capped before matching (feed text is hostile). */
export interface BreakingCandidate {
  feedId: string;
  title: string;
  categories: readonly string[];
}

const MAX_TITLE = 1_000;
const MAX_CATEGORIES = 100;
const MAX_CATEGORY = 200;

/**
 * The config rule that makes this story breaking ("rule: keyword 'earthquake'"), or undefined.
 * Plain lower-case substring and equality tests on capped fields: linear, no regex on feed text.
 */
export function breakingRule(editorial: EditorialConfig | undefined, a: BreakingCandidate): string | undefined {
  if (!editorial) return undefined;
  const rules = [editorial.breaking, editorial.breaking.feeds[a.feedId]].filter((r) => r !== undefined);
  const title = a.title.slice(0, MAX_TITLE).toLowerCase();
  const categories = new Set(a.categories.slice(0, MAX_CATEGORIES).map((c) => c.slice(0, MAX_CATEGORY).trim().toLowerCase()));
  for (const rule of rules) {
    const category = rule.categories.find((c) => categories.has(c.trim().toLowerCase()));
    if (category) return `rule: category '${category}'`;
    const keyword = rule.keywords.find((k) => title.includes(k.toLowerCase()));
    if (keyword) return `rule: keyword '${keyword}'`;
  }
  return undefined;
}

/** The breaking lane a new post starts in when a config rule matches its story (summarise worker). */
export function breakingLane(editorial: EditorialConfig | undefined, a: BreakingCandidate): { lane?: 'breaking'; laneBy?: string } {
  const rule = breakingRule(editorial, a);
  return rule ? { lane: 'breaking', laneBy: rule } : {};
}
