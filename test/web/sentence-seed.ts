import type { Summary } from '../../src/summaries/summary.js';
import { draftForChannel } from '../../workers/drafting.js';
import type { WebHarness } from './web-harness.js';

/**
 * An article whose drafts come from the real formatter (workers/drafting.ts, as the summarise
 * worker writes them), so each post carries the sentences it used, the alternatives and the note.
 */
export const LEDE = 'The council approved the 40 million rupee bridge on Tuesday after a two-year debate.';
export const SHORT_ALT = 'Work starts in March.';
/** Whole, but longer than an X post can carry next to the headline and link. */
export const LONG_ALT = `Engineers said the span ${'would carry buses, bicycles and pedestrians across the river, '.repeat(4)}replacing the ferry.`;

export async function seedSwappable(h: WebHarness, channels: readonly string[], state: 'pending_approval' | 'queued' = 'pending_approval', lede = LEDE): Promise<{ articleKey: string; postIds: Record<string, string> }> {
  const articleKey = await h.seedArticle({ title: 'Council approves new river bridge' });
  const record = await h.ctx.articles.get(articleKey);
  if (!record) throw new Error('seeded article missing');
  const summary: Summary = {
    articleKey,
    title: record.article.title,
    url: record.article.url,
    sentences: [lede],
    hashtags: ['Bridge'],
    candidates: [SHORT_ALT, LONG_ALT].filter((s) => s !== lede),
    producedBy: 'extractive',
  };
  const postIds: Record<string, string> = {};
  for (const id of channels) {
    const channel = h.ctx.config.channels.find((c) => c.id === id);
    if (!channel) throw new Error(`no channel ${id}`);
    const draft = draftForChannel(h.ctx.network(channel), record.article, summary, channel);
    await h.ctx.posts.create({ articleKey, channel: id, network: channel.network, draft, summariser: 'extractive', state });
    postIds[id] = `${articleKey}.${id}`;
  }
  return { articleKey, postIds };
}
