import { describe, expect, it } from 'vitest';
import { compactArticle, mergePacked, packStory, splitPost, unpackArticle, unpackStory } from '../../src/ledger/compaction-codec.js';

const draft = {
  text: 'Harbour bridge reopens https://news.example/a?utm_source=x #Harbour', length: 70, limit: 280, url: 'https://news.example/a?utm_source=x',
  title: 'Harbour bridge reopens', description: 'The bridge reopened on Friday.', imageUrl: 'https://news.example/a.jpg', hashtags: ['Harbour'],
  sentences: ['The bridge reopened on Friday.'], alternatives: ['Traffic resumed.', 'Repairs took a year.'], note: 'headline alone',
};
const post = {
  postId: 'abc.x', articleKey: 'abc', channel: 'x', network: 'x', state: 'posted', draft: JSON.stringify(draft), summariser: 'extractive',
  summaryNote: 'headline alone', createdAt: '2026-11-28T10:00:00.000Z', updatedAt: '2026-11-28T10:00:01.000Z', postedAt: '2026-11-28T10:00:01.000Z',
  attempts: '1', lastError: '', remoteId: '1862341234567890123', remoteUrl: 'https://x.com/d/status/1862341234567890123', confirmed: '1',
  publishedAtMs: '1795900000000', sentenceChoice: '{"by":"ed","at":"x","sentences":[]}', retractedAt: '2026-11-29T10:00:00.000Z',
};

describe('the packed form of a settled story (#18)', () => {
  it('keeps state and unknown fields on the hash, packs the rest and reads back what a record needs', () => {
    const { keep, packed } = splitPost(post, 'x');
    expect(keep).toEqual({ state: 'posted', retractedAt: post.retractedAt, z: '1' });
    const back = unpackStory(packStory({ x: packed }, {}));
    const merged = mergePacked(keep, back.x, { articleKey: 'abc', channel: 'x' });
    expect(merged).toMatchObject({
      postId: 'abc.x', articleKey: 'abc', channel: 'x', network: 'x', state: 'posted', remoteId: post.remoteId, remoteUrl: post.remoteUrl,
      confirmed: '1', attempts: '1', postedAt: post.postedAt, updatedAt: post.updatedAt, createdAt: post.createdAt, retractedAt: post.retractedAt,
    });
    expect(merged.z).toBeUndefined();
    expect(merged.summaryNote).toBe(post.summaryNote);
    // A posted draft keeps the text as posted, its headline and image; readers still find every part of a Draft.
    expect(JSON.parse(merged.draft ?? '{}')).toEqual({ title: draft.title, description: '', hashtags: [], text: draft.text, length: 70, limit: 280, url: draft.url, imageUrl: draft.imageUrl });
  });

  it('keeps the whole publishable draft of a post not out (a retry needs it), without the picker parts', () => {
    const { packed } = splitPost({ ...post, state: 'skipped', skipReason: 'not today' }, 'x');
    const d = JSON.parse(unpackStory(packStory({ x: packed }, {})).x?.draft ?? '{}') as Record<string, unknown>;
    expect(d).toMatchObject({ text: draft.text, url: draft.url, imageUrl: draft.imageUrl, description: draft.description, hashtags: ['Harbour'] });
    expect(d.alternatives).toBeUndefined();
    expect(d.sentences).toBeUndefined();
  });

  it('fields written on the hash after compaction win over the packed ones', () => {
    const { keep, packed } = splitPost(post, 'x');
    const merged = mergePacked({ ...keep, state: 'queued', updatedAt: '2026-12-01T00:00:00.000Z' }, unpackStory(packStory({ x: packed }, {})).x, { articleKey: 'abc', channel: 'x' });
    expect(merged).toMatchObject({ state: 'queued', updatedAt: '2026-12-01T00:00:00.000Z', remoteId: post.remoteId });
  });

  it('splits the article: key and feed stay in data, the rest the desk shows is packed, the body goes', () => {
    const raw = JSON.stringify({ key: 'other', feedId: 'metro', title: 'T', url: 'https://news.example/a', text: 'long body', teaser: 't', author: 'A', publishedAt: 'p', discoveredAt: 'd', categories: ['c'] });
    const { data, extras } = compactArticle(raw, 'abc');
    expect(JSON.parse(data)).toEqual({ key: 'abc', feedId: 'metro', text: '' });
    expect(unpackArticle(packStory({}, extras))).toEqual({ title: 'T', url: 'https://news.example/a', author: 'A', publishedAt: 'p', discoveredAt: 'd' });
  });

  it('an unreadable packed value reads as nothing rather than failing', () => {
    expect(unpackStory(Buffer.from('not brotli'))).toEqual({});
    expect(unpackArticle(null)).toEqual({});
  });
});
