import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactStory } from '../../src/ledger/compaction.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The desk on a compacted story (#18): the article page and the list still show it, with its posts' outcomes. */
let h: WebHarness;
let cookie: string;
beforeAll(async () => {
  h = await startWebHarness();
  cookie = (await h.login('ed')).cookie;
});
afterAll(async () => h.close());

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie } });
const REMOTE = {
  x: { remoteId: '1862341234567890123', remoteUrl: 'https://x.com/thedailytest/status/1862341234567890123' },
  facebook: { remoteId: '104857600123456_122101234567890123', remoteUrl: 'https://www.facebook.com/104857600123456/posts/122101234567890123' },
};

describe('a compacted story on the desk', () => {
  it('renders the article page, its row and its posts with their remote links, from the packed record', async () => {
    const article = await h.seedArticle({ title: 'Harbour bridge reopens after repairs' });
    for (const channel of ['x', 'facebook'] as const) {
      const postId = await h.seedPost(article, channel, 'queued', { text: `Harbour bridge reopens after repairs (${channel}) https://news.example/${article}` });
      expect(await h.ctx.posts.claim(postId, 'lease', 60_000)).toBe('claimed');
      await h.ctx.posts.markPosted(postId, 'lease', { ...REMOTE[channel], confirmed: true });
    }
    expect(await compactStory(h.ctx.redis, h.prefix, article)).toBe('compacted');
    // Compacted for real: no body, no post set, the post hashes down to their state.
    expect(await h.ctx.redis.exists(`${h.prefix}:crier:article:${article}:posts`)).toBe(0);
    expect(JSON.parse((await h.ctx.redis.hget(`${h.prefix}:crier:article:${article}`, 'data')) ?? '{}')).toMatchObject({ text: '' });
    expect(await h.ctx.redis.hkeys(`${h.prefix}:crier:post:${article}.x`)).not.toContain('draft');

    const page = await get(`/articles/${article}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Harbour bridge reopens after repairs');
    for (const channel of ['x', 'facebook'] as const) {
      expect(page.body).toContain(`Harbour bridge reopens after repairs (${channel})`);
      expect(page.body).toContain(REMOTE[channel].remoteUrl);
    }
    const row = await get(`/fragments/article/${article}`);
    expect(row.statusCode).toBe(200);
    expect(row.body).toContain('Harbour bridge reopens after repairs');
    expect((await get('/')).body).toContain('Harbour bridge reopens after repairs');
  });
});
