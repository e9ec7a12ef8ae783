import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/**
 * The packed form of a settled story (#18: a retained story costs at most 2 KB). Once every post
 * of a story has settled, its post hashes keep only what Lua scripts read directly (`postId`,
 * `state`, a `z` marker, and any field this file does not know, e.g. one added by corrections),
 * and everything else of all its posts goes into one
 * Brotli-packed JSON value on the article hash (`px`): the posts of one story share the headline,
 * link and summary, so packing them together stores that text about once.
 */

/** The one field that stays on a compacted post hash: every script reads it there (the post id is the key's; an editor's retry writes it back). */
export const POST_KEEP_FIELDS: ReadonlySet<string> = new Set(['state']);
/**
 * Packed into `px`: what the desk, the CLI, a retry and a later edit, reply or delete read through
 * `PostRecord` (the remote id and URL too: an AT-URI is longer than Redis's compact hash values).
 */
const POST_PACKED_FIELDS = [
  'network', 'summariser', 'summaryNote', 'createdAt', 'updatedAt', 'attempts', 'lastError',
  'remoteId', 'remoteUrl', 'confirmed', 'note', 'postedAt', 'skipReason', 'draft',
] as const;
/** Dropped: only a post that has not gone out yet needs them (embargo, approval deadline, the picker's choice). */
const POST_DROPPED_FIELDS: ReadonlySet<string> = new Set(['postId', 'articleKey', 'channel', 'publishedAt', 'publishedAtMs', 'autoApproveAt', 'sentenceChoice', 'z']);
/** The marker on a compacted post hash: its other fields are in the article's `px`. */
export const PACKED_MARKER = 'z';
/** The article hash field holding the packed posts (their channels are its keys: the post set is gone). */
export const PACKED_POSTS_FIELD = 'px';
/**
 * Article fields a compacted story no longer keeps apart: each is inside `data` too (the article
 * ledger reads them from there when absent; see article-ledger.ts `get` and `times`).
 */
export const ARTICLE_DROPPED_FIELDS: ReadonlySet<string> = new Set(['title', 'url', 'key', 'feedId', 'publishedAt', 'discoveredAt', PACKED_POSTS_FIELD, 'ch']);
/** Draft parts only the desk's sentence picker uses before posting; a retry needs none of them. */
const DRAFT_DROPPED = ['sentences', 'alternatives', 'note'] as const;
/**
 * A posted draft keeps the text as posted (history, corrections), its length, link and thread,
 * and the headline and image it went out with (the desk's preview and a correction's comparison
 * read them; packed with the story's other posts they cost a few bytes); the rest of the card only
 * served the first post.
 */
const POSTED_DRAFT_KEPT = ['text', 'length', 'limit', 'url', 'thread', 'title', 'imageUrl'] as const;

type Fields = Record<string, string>;
type PackedPost = Record<string, unknown>;
/** `a`: the article's fields the desk shows but no script reads (times, feed title, author); `p`: the posts by channel. */
type PackedStory = { v: 1; a?: Record<string, unknown>; p: Record<string, PackedPost> };
/**
 * What stays in the article's `data` (a correction's script needs one there to store the new version
 * beside it); title and link are packed: the posts' texts carry them already, so they cost ~nothing there.
 */
const ARTICLE_DATA_KEPT = ['key', 'feedId'] as const;
/** Not kept at all: identity lives in the identity keys, the image in the drafts, the body is gone. */
const ARTICLE_DROPPED = ['text', 'teaser', 'canonicalUrl', 'guid', 'language', 'imageUrl', 'categories'] as const;

/** Short names inside the packed value (the draft as an object, not a JSON string in a string). */
const SHORT: Readonly<Record<string, string>> = {
  network: 'n', summariser: 's', summaryNote: 'm', createdAt: 'c', updatedAt: 't', attempts: 'a', lastError: 'e',
  remoteId: 'i', remoteUrl: 'u', confirmed: 'k', note: 'o', postedAt: 'p', skipReason: 'r', draft: 'd',
};
const LONG: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SHORT).map(([long, short]) => [short, long]));

function packPost(fields: Fields): PackedPost {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => {
    if (k !== 'draft') return [SHORT[k] ?? k, v];
    try {
      return [SHORT.draft, JSON.parse(v) as unknown];
    } catch {
      return [SHORT.draft, v];
    }
  }));
}

function unpackPost(packed: PackedPost): Fields {
  return Object.fromEntries(Object.entries(packed).map(([k, v]) => [LONG[k] ?? k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** The draft a retry or the history needs: the text as posted, its link, card and thread. */
export function compactDraftJson(raw: string | undefined, posted = false): string | undefined {
  if (!raw) return undefined;
  try {
    const draft = JSON.parse(raw) as Record<string, unknown>;
    for (const k of DRAFT_DROPPED) delete draft[k];
    if (posted) for (const k of Object.keys(draft)) if (!(POSTED_DRAFT_KEPT as readonly string[]).includes(k)) delete draft[k];
    return JSON.stringify(draft);
  } catch {
    return raw;
  }
}

/** The article without its body, split: `data` keeps key and feed, the rest the desk shows goes into the packed value. */
export function compactArticle(raw: string, articleKey: string): { data: string; extras: Record<string, unknown> } {
  const article = JSON.parse(raw) as Record<string, unknown>;
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(article)) if (!(ARTICLE_DATA_KEPT as readonly string[]).includes(k) && !(ARTICLE_DROPPED as readonly string[]).includes(k)) extras[k] = v;
  // After a correction `data` holds the new version: it stays under the story's own key.
  return { data: JSON.stringify({ key: articleKey, feedId: article.feedId, text: '' }), extras };
}

/** One post hash split into what stays on it and what is packed. */
export function splitPost(h: Fields, channel: string): { keep: Fields; packed: Fields } {
  const keep: Fields = {};
  const packed: Fields = {};
  for (const [k, v] of Object.entries(h)) {
    if (POST_KEEP_FIELDS.has(k) || (!POST_DROPPED_FIELDS.has(k) && !(POST_PACKED_FIELDS as readonly string[]).includes(k))) keep[k] = v;
    else if (!POST_DROPPED_FIELDS.has(k) && v !== '') packed[k] = k === 'draft' ? (compactDraftJson(v, h.state === 'posted') ?? v) : v;
  }
  // Restored on reading (mergePacked): most posts have them equal.
  if (packed.network === channel) delete packed.network;
  if (packed.updatedAt !== undefined && packed.updatedAt === packed.postedAt) delete packed.updatedAt;
  // summaryNote stays: why a post went out with the extractive summary (an LLM answer refused) is
  // part of its record; the story's posts share one note, so packed together it costs a few bytes.
  keep[PACKED_MARKER] = '1';
  return { keep, packed };
}

export function packStory(posts: Record<string, Fields>, article: Record<string, unknown>): Buffer {
  const json = JSON.stringify({ v: 1, a: article, p: Object.fromEntries(Object.entries(posts).map(([channel, f]) => [channel, packPost(f)])) } satisfies PackedStory);
  // Quality 5 with a small window: ~0.2 ms a story, as small as 9 here; 10 and 11 save ~50 bytes for ~5 ms each.
  return brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 16, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
}

function readStory(packed: Buffer | null | undefined): PackedStory | undefined {
  if (!packed || packed.length === 0) return undefined;
  try {
    const story = JSON.parse(brotliDecompressSync(packed).toString('utf8')) as Partial<PackedStory>;
    return story.v === 1 && story.p && typeof story.p === 'object' ? (story as PackedStory) : undefined;
  } catch {
    return undefined;
  }
}

/** The article fields packed with the posts (publication and discovery times, feed title, author). */
export function unpackArticle(packed: Buffer | null | undefined): Record<string, unknown> {
  return readStory(packed)?.a ?? {};
}

/** Every packed post of a story by channel; an unreadable value gives none (the readers then show what the hash has). */
export function unpackStory(packed: Buffer | null | undefined): Record<string, Fields> {
  const story = readStory(packed);
  return story ? Object.fromEntries(Object.entries(story.p).map(([channel, p]) => [channel, unpackPost(p)])) : {};
}

/**
 * A compacted post hash merged with its packed fields: fields written on the hash after the
 * compaction (a retry's state, updatedAt, lastError) win over the packed ones.
 */
export function mergePacked(h: Fields, packed: Fields | undefined, ids: { articleKey: string; channel: string }): Fields {
  const { [PACKED_MARKER]: _marker, ...direct } = h;
  const p = packed ?? {};
  const restored: Fields = { network: ids.channel, ...(p.postedAt ? { updatedAt: p.postedAt } : {}), ...p, postId: `${ids.articleKey}.${ids.channel}`, articleKey: ids.articleKey, channel: ids.channel };
  const draft = direct.draft ?? p.draft;
  if (draft !== undefined) restored.draft = fullDraftJson(draft);
  const { draft: _draft, ...rest } = direct;
  return { ...restored, ...rest };
}

/** A compacted draft with the parts every reader expects (a posted one kept no card parts). */
function fullDraftJson(raw: string): string {
  try {
    return JSON.stringify({ title: '', description: '', hashtags: [], ...(JSON.parse(raw) as object) });
  } catch {
    return raw;
  }
}
