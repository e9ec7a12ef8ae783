import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/feeds/feed-item.js';
import { articleIdentities, articleKeyFor } from '../../src/feeds/identity.js';
import { toArticle } from '../../src/feeds/to-article.js';

const item: FeedItem = {
  guid: 'sad-0412',
  link: 'https://southasiandesk.example/pakistan/defence-ties?utm_source=rss',
  title: 'Pakistan and Turkiye reaffirm defence ties',
  html: '<p>First paragraph.</p><h2>Subhead</h2><p>Second &amp; last.</p>',
  teaser: 'Short teaser',
  author: 'Desk',
  categories: ['Pakistan', 'Defence'],
  imageUrl: 'https://southasiandesk.example/img.jpg',
  publishedAt: '2026-01-31T06:30:00.000Z',
};
const discoveredAt = new Date('2026-01-31T07:00:00Z');

describe('toArticle', () => {
  it('maps every field and keys the article by its strongest identity', () => {
    const article = toArticle(item, { feedId: 'sad', feedTitle: 'SouthAsianDesk', language: 'en' }, discoveredAt);
    expect(article).toEqual({
      key: articleKeyFor(articleIdentities(item, 'sad')[0] ?? ''),
      feedId: 'sad',
      feedTitle: 'SouthAsianDesk',
      title: item.title,
      url: item.link,
      canonicalUrl: 'https://southasiandesk.example/pakistan/defence-ties',
      guid: 'sad-0412',
      author: 'Desk',
      categories: ['Pakistan', 'Defence'],
      text: 'First paragraph.\nSubhead\nSecond & last.',
      teaser: 'Short teaser',
      imageUrl: item.imageUrl,
      publishedAt: item.publishedAt,
      discoveredAt: '2026-01-31T07:00:00.000Z',
      language: 'en',
    });
  });

  it('gives the same key to the same story from another feed or over http', () => {
    const a = toArticle(item, { feedId: 'sad' }, discoveredAt);
    const b = toArticle({ ...item, link: 'http://www.southasiandesk.example/pakistan/defence-ties', guid: 'other' }, { feedId: 'urdu' }, discoveredAt);
    expect(a.key).toBe(b.key);
  });

  it('prefers the item language, falls back to the teaser for text and omits what is missing', () => {
    const bare: FeedItem = { title: 'Only a title', html: '', teaser: 'teaser text', categories: [], language: 'ur' };
    const article = toArticle(bare, { feedId: 'sad', language: 'en' }, discoveredAt);
    expect(article).toMatchObject({ url: '', text: 'teaser text', language: 'ur' });
    expect(Object.keys(article)).not.toContain('canonicalUrl');
    expect(Object.keys(article)).not.toContain('publishedAt');
    expect(article.key).toMatch(/^a[0-9a-f]{20}$/);
  });
});
