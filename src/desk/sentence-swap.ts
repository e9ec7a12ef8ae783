import type { Draft } from '../drafts/draft.js';
import { DraftTooLongError } from '../drafts/draft-too-long-error.js';
import { HEADLINE_ONLY_NOTE } from '../drafts/fit-draft.js';
import { compileTemplate, domainOf, hasPlaceholder } from '../drafts/template.js';
import type { ArticleLedger } from '../ledger/article-ledger.js';
import { parsePostId } from '../ledger/keys.js';
import type { PostRecord } from '../ledger/post-ledger.js';
import type { NetworkDefinition } from '../publishers/publisher.js';
import type { Summary } from '../summaries/summary.js';
import { toPlainLine } from '../text/plain-text.js';
import type { ActionResult, DeskContext } from './desk-context.js';

/**
 * "Use this sentence" (#14): an editor swaps one of the article's other candidate sentences into a
 * post. The network's own `format` writes the new draft (its limit, its counting, its template),
 * so a swap can never produce a post the formatter would not; a sentence that does not fit whole
 * is refused with the count. Shared by the desk (routes/sentence-routes.ts) and any CLI command.
 */

export type SwapContext = DeskContext & { articles: Pick<ArticleLedger, 'get'> };

/** Not yet out and not on its way out: a swap changes what a later publish sends. */
export const SWAPPABLE_STATES: readonly PostRecord['state'][] = ['pending_approval', 'queued', 'failed', 'skipped'];
/** One post carries at most this many sentences (Instagram and Telegram's budget). */
export const MAX_CHOSEN_SENTENCES = 3;

/** The sentences an editor may choose from: those used, then the alternatives, in the order shown. */
export function sentencePool(draft: Draft): string[] {
  return [...new Set([...(draft.sentences ?? []), ...(draft.alternatives ?? [])])];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Notes other than "headline alone" (hashtags withheld on a tragedy story) still hold after a swap. */
function keptNotes(note: string | undefined): string | undefined {
  const kept = (note ?? '').split('; ').filter((n) => n !== '' && n !== HEADLINE_ONLY_NOTE);
  return kept.length > 0 ? kept.join('; ') : undefined;
}

interface Extras { feed: string; author: string; category: string; domain: string }

/** The length the post would have with these sentences, no hashtags, counted the network's way (for the refusal). */
function lengthWith(def: NetworkDefinition, template: string, draft: Draft, sentences: readonly string[], extras: Extras): number {
  const withUrl = draft.text.includes(draft.url);
  const full = withUrl && !hasPlaceholder(template, 'url') ? `${template}\n{url}` : template;
  return def.count(compileTemplate(full)({ ...extras, title: draft.title, summary: sentences.join(' '), url: withUrl ? draft.url : '', hashtags: '' }));
}

function validate(post: PostRecord, chosen: readonly string[]): ActionResult | undefined {
  if (chosen.length === 0) return { ok: false, status: 422, message: 'choose a sentence' };
  if (chosen.length > MAX_CHOSEN_SENTENCES) return { ok: false, status: 422, message: `at most ${MAX_CHOSEN_SENTENCES} sentences` };
  if (new Set(chosen).size !== chosen.length) return { ok: false, status: 422, message: 'a sentence is chosen twice' };
  const pool = new Set(sentencePool(post.draft));
  // Only the article's own candidates: free text goes through the edit box and approval instead.
  if (!chosen.every((s) => pool.has(s))) return { ok: false, status: 422, message: 'that sentence is not one of this article\'s candidates (the page may be out of date: reload it)' };
  if (!SWAPPABLE_STATES.includes(post.state)) return { ok: false, status: 409, message: `cannot change the sentences: the post is ${post.state}` };
  if (post.draft.sentences && sameList(post.draft.sentences, chosen)) return { ok: false, status: 409, message: 'the post already uses that sentence' };
  return undefined;
}

/** Re-formats `postId`'s draft with exactly `chosen` (whole sentences from its pool) and records who chose them. */
export async function chooseSentences(ctx: SwapContext, postId: string, chosen: readonly string[], user: string): Promise<ActionResult> {
  const ids = parsePostId(postId);
  const channel = ids ? ctx.config.channels.find((c) => c.id === ids.channel) : undefined;
  const post = ids && channel ? await ctx.posts.get(postId) : undefined;
  if (!ids || !channel || !post) return { ok: false, status: 404, message: `no post ${postId}` };
  const refused = validate(post, chosen);
  if (refused) return refused;
  const def = ctx.network(channel);
  const article = (await ctx.articles.get(ids.articleKey))?.article;
  const old = post.draft;
  const withheld = keptNotes(old.note);
  const summary: Summary = {
    articleKey: ids.articleKey,
    title: old.title,
    url: old.url,
    sentences: [...chosen],
    // The tags the post had (the channel's extras among them); a withheld reason keeps them off.
    hashtags: old.hashtags,
    ...(withheld ? { hashtagsWithheld: withheld } : {}),
    candidates: sentencePool(old).filter((s) => !chosen.includes(s)),
    sentenceBudgets: { [channel.id]: chosen.length },
    producedBy: post.summariser,
  };
  const extras: Extras = { feed: toPlainLine(article?.feedTitle ?? ''), author: toPlainLine(article?.author ?? ''), category: toPlainLine(article?.categories[0] ?? ''), domain: domainOf(old.url) };
  let draft: Draft;
  try {
    draft = def.format({
      summary,
      url: old.url,
      template: channel.template,
      maxHashtags: channel.maxHashtags,
      network: channel.network,
      options: { ...channel.options, channel: channel.id },
      ...(old.imageUrl ? { imageUrl: old.imageUrl } : {}),
      ...(article?.feedTitle ? { feedTitle: article.feedTitle } : {}),
      ...(article?.author ? { author: article.author } : {}),
      ...(article?.categories[0] ? { category: article.categories[0] } : {}),
    });
  } catch (err) {
    if (err instanceof DraftTooLongError) return { ok: false, status: 422, message: err.message };
    throw err;
  }
  if (!sameList(draft.sentences ?? [], chosen)) {
    const length = lengthWith(def, channel.template, draft, chosen, extras);
    const why = length > draft.limit ? `${length} / ${draft.limit} with the headline and link` : `more than ${channel.id} takes in one post`;
    return { ok: false, status: 422, message: `does not fit ${channel.id}: ${why}; the post is unchanged`, length, limit: draft.limit };
  }
  // The link card keeps describing the article, not the chosen hook.
  const next: Draft = { ...draft, description: old.description };
  const said = chosen.map((s) => (s.length > 80 ? `${Array.from(s).slice(0, 79).join('')}…` : s)).join(' ');
  const result = await ctx.posts.replaceDraft({ postId, expectedText: old.text, draft: next, by: user, sentences: [...chosen], states: SWAPPABLE_STATES, detail: `${user} chose: ${said}` });
  if (result === 'ok') return { ok: true, message: `${channel.id} now uses the chosen sentence (${next.length} / ${next.limit})`, post: { ...post, draft: next } };
  if (result === 'changed') return { ok: false, status: 409, message: 'the post changed meanwhile: reload and choose again' };
  return { ok: false, status: result === 'missing' ? 404 : 409, message: result === 'missing' ? `no post ${postId}` : `cannot change the sentences: the post is ${result.slice('state:'.length)}` };
}
