import type { Redis } from 'ioredis';
import { EVENTS_MAX_LEN } from './events.js';
import { ledgerKeys, parsePostId } from './keys.js';
import type { Draft } from '../drafts/draft.js';

/**
 * An editor's replacement of a post's draft (the desk's "use this sentence"), recorded on the post
 * and in the event stream. One script, so it can never race the publish worker's claim: the draft
 * changes only while the post is in one of the allowed states and still carries the text the
 * editor was shown; a post already being posted, or changed by someone else meanwhile, is refused.
 */

/** Who chose which summary sentences for a post, and when. */
export interface SentenceChoice {
  by: string;
  at: string;
  sentences: string[];
}

export type ReplaceDraftResult = 'ok' | 'missing' | 'changed' | `state:${string}`;

// KEYS: post hash, events stream. ARGV: expected text, new draft, choice, updatedAt, event, maxlen, allowed states (comma list).
const REPLACE_DRAFT_LUA = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
local allowed = false
for s in string.gmatch(ARGV[7], '[^,]+') do
  if s == state then allowed = true end
end
if not allowed then return 'state:' .. state end
local ok, current = pcall(cjson.decode, redis.call('HGET', KEYS[1], 'draft') or '{}')
if not ok or type(current) ~= 'table' or current.text ~= ARGV[1] then return 'changed' end
redis.call('HSET', KEYS[1], 'draft', ARGV[2], 'updatedAt', ARGV[4])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'sentenceChoice', ARGV[3]) end
if ARGV[5] ~= '' then redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'e', ARGV[5]) end
return 'ok'
`;

export function parseSentenceChoice(raw: string | undefined): SentenceChoice | undefined {
  if (!raw) return undefined;
  try {
    const c = JSON.parse(raw) as Partial<SentenceChoice>;
    return typeof c.by === 'string' && typeof c.at === 'string' && Array.isArray(c.sentences) ? { by: c.by, at: c.at, sentences: c.sentences.filter((s) => typeof s === 'string') } : undefined;
  } catch {
    return undefined;
  }
}

export async function replaceDraft(
  redis: Redis,
  prefix: string,
  /** `sentences` undefined: the sentence choice is left as it was (an image swap changes no sentence). */
  change: { postId: string; expectedText: string; draft: Draft; by: string; sentences?: string[] | undefined; states: readonly string[]; detail: string; emitEvent: boolean },
): Promise<ReplaceDraftResult> {
  const keys = ledgerKeys(prefix);
  const ids = parsePostId(change.postId);
  const at = new Date().toISOString();
  const choice: SentenceChoice | undefined = change.sentences ? { by: change.by, at, sentences: change.sentences } : undefined;
  // 'edited': the draft changed, the post's state did not (metrics count only real transitions).
  const event = change.emitEvent && ids
    ? JSON.stringify({ type: 'post', postId: change.postId, articleKey: ids.articleKey, channel: ids.channel, state: 'edited', detail: change.detail, by: change.by, at })
    : '';
  const reply = await redis.eval(
    REPLACE_DRAFT_LUA, 2, keys.post(change.postId), keys.events,
    change.expectedText, JSON.stringify(change.draft), choice ? JSON.stringify(choice) : '', at, event, EVENTS_MAX_LEN, change.states.join(','),
  );
  return String(reply) as ReplaceDraftResult;
}
