/**
 * LinkedIn's `commentary` is not plain text but the "little" text format: `\ | { } @ [ ] ( ) < >
 * # * _ ~` are reserved, and an unescaped one makes LinkedIn **silently truncate** the post
 * there (a UTM link's "utm_source" alone would cut the post at "utm"). Every reserved
 * character is backslash-escaped; the post's own hashtags use the hashtag template
 * `{hashtag|\#|Tag}` so they stay clickable.
 *
 * Decision: drafts keep plain text (previews, the outbox and the ledger stay readable and the
 * URL stays intact in `draft.text`); the publisher converts at send time. The limit is still
 * checked on what is sent, because the network's counter (`linkedinLength`) measures the
 * converted text, counting every standalone `#word` as a full hashtag template, so it is never
 * below the length of the commentary actually posted.
 */
import type { LengthCounter } from '../../drafts/draft.js';

const RESERVED_RE = /[\\|{}@[\]()<>#*_~]/g;
/** `#` at the start or after whitespace, then letters, digits or `_` (LinkedIn's own hashtag shape). */
const HASHTAG_RE = /(^|\s)#([\p{L}\p{M}\p{N}_]+)/gu;

export function escapeLittleText(text: string): string {
  return text.replace(RESERVED_RE, (c) => `\\${c}`);
}

/** `{hashtag|\#|Tag}`: LinkedIn's template for a clickable hashtag. */
export function hashtagTemplate(tag: string): string {
  return `{hashtag|\\#|${escapeLittleText(tag)}}`;
}

/**
 * Plain text → little text. `isTag` decides which `#word` tokens become hashtag templates
 * (the rest are escaped and read as plain "#word").
 */
export function toLittleText(text: string, isTag: (tag: string) => boolean): string {
  let out = '';
  let cursor = 0;
  for (const m of text.matchAll(HASHTAG_RE)) {
    const lead = m[1] ?? '';
    const tag = m[2] ?? '';
    if (!isTag(tag)) continue;
    const at = (m.index ?? 0) + lead.length;
    out += escapeLittleText(text.slice(cursor, at)) + hashtagTemplate(tag);
    cursor = at + 1 + tag.length;
  }
  return out + escapeLittleText(text.slice(cursor));
}

/** The commentary for a draft: its own hashtags as templates, everything else escaped. */
export function commentaryFor(text: string, hashtags: readonly string[]): string {
  const tags = new Set(hashtags);
  return toLittleText(text, (t) => tags.has(t));
}

/** UTF-16 length of the little text, with every `#word` counted as a hashtag template (an upper bound). */
export const linkedinLength: LengthCounter = (text) => toLittleText(text, () => true).length;
