import { describe, expect, it } from 'vitest';
import { threadsLength } from '../../../src/publishers/threads/threads-count.js';
import type { FormatInput } from '../../../src/drafts/draft.js';
import { facebookNetwork } from '../../../src/publishers/facebook/facebook-network.js';
import { instagramNetwork } from '../../../src/publishers/instagram/instagram-network.js';
import { countHashtags } from '../../../src/publishers/instagram/instagram-publisher.js';
import { countLinks } from '../../../src/publishers/threads/threads-links.js';
import { threadsNetwork } from '../../../src/publishers/threads/threads-network.js';
import { networkRegistry } from '../../../src/publishers/registry.js';

const URL = 'https://news.example.com/2025/05/floods-sindh?utm_source=instagram';
const sentence = (i: number) => `Sentence number ${i} explains what happened in the flooded districts of the province today.`;

function input(overrides: Partial<FormatInput> & { network: string }): FormatInput {
  const { network, ...rest } = overrides;
  const def = networkRegistry[network];
  if (!def) throw new Error(network);
  return {
    summary: {
      articleKey: 'a1',
      title: 'Monsoon floods displace thousands across Sindh',
      url: URL,
      sentences: Array.from({ length: 40 }, (_, i) => sentence(i + 1)),
      hashtags: ['Floods', 'Sindh', 'Monsoon', 'Pakistan', 'Climate', 'Rescue', 'Weather', 'Relief'],
      producedBy: 'test',
    },
    url: URL,
    template: def.defaultTemplate,
    maxHashtags: def.defaultMaxHashtags,
    options: def.optionsSchema.parse({}),
    ...rest,
  };
}

describe('instagram format', () => {
  it('ends with "Link in bio · domain", never the tracking URL, within 2,200 and 5 hashtags', () => {
    const d = instagramNetwork.format(input({ network: 'instagram' }));
    expect(d.text).toContain('Link in bio · news.example.com');
    expect(d.text).not.toContain('http');
    expect(d.text.length).toBeLessThanOrEqual(2_200);
    expect(d.length).toBe(d.text.length);
    expect(countHashtags(d.text)).toBe(5);
    expect(d.url).toBe(URL);
  });

  it('maxHashtags caps the caption even when the channel allows more, and linkLine is configurable', () => {
    const options = instagramNetwork.optionsSchema.parse({ maxHashtags: 2, linkLine: 'Full story at' });
    const d = instagramNetwork.format(input({ network: 'instagram', maxHashtags: 30, options }));
    expect(countHashtags(d.text)).toBe(2);
    expect(d.text).toContain('Full story at · news.example.com');
  });

  it('rejects maxHashtags above the hard limit of 30 in the config', () => {
    expect(instagramNetwork.optionsSchema.safeParse({ maxHashtags: 31 }).success).toBe(false);
    expect(instagramNetwork.optionsSchema.parse({}).maxHashtags).toBe(5);
  });
});

describe('threads format', () => {
  it('fits 500 with emoji counted as UTF-8 bytes and keeps the URL whole', () => {
    const emojiTitle = '🌊🌧️ Monsoon floods 👨‍👩‍👧 displace thousands across Sindh';
    const d = threadsNetwork.format(input({ network: 'threads', summary: { ...input({ network: 'threads' }).summary, title: emojiTitle } }));
    expect(threadsLength(d.text)).toBeLessThanOrEqual(500);
    expect(d.length).toBe(threadsLength(d.text));
    // The family emoji alone is 18 bytes: a grapheme count would be far below the Threads count.
    expect(threadsLength(d.text)).toBeGreaterThan([...new Intl.Segmenter().segment(d.text)].length + 20);
    expect(d.text).toContain(URL);
  });

  it('drops the summary when links quoted in it would exceed 5 links', () => {
    const links = Array.from({ length: 6 }, (_, i) => `See https://src${i}.example.org/doc.`);
    const base = input({ network: 'threads' });
    const d = threadsNetwork.format({ ...base, summary: { ...base.summary, sentences: links } });
    expect(countLinks(d.text)).toBeLessThanOrEqual(5);
    expect(d.text).toContain(URL);
  });

  it('counts unique links, ignoring trailing punctuation', () => {
    expect(countLinks('a https://x.example/a, b https://x.example/a. c http://y.example')).toBe(2);
  });
});

describe('facebook format', () => {
  it('keeps the URL and the editorial length', () => {
    const d = facebookNetwork.format(input({ network: 'facebook' }));
    expect(d.text).toContain(URL);
    expect(d.length).toBeLessThanOrEqual(1_500);
  });
});

describe('definitions', () => {
  it('instagram and threads retry safely after unknown outcomes (container check); facebook does not', () => {
    expect(instagramNetwork.retryAfterUnknownIsSafe).toBe(true);
    expect(threadsNetwork.retryAfterUnknownIsSafe).toBe(true);
    expect(facebookNetwork.retryAfterUnknownIsSafe).toBe(false);
    expect(threadsNetwork.optionsSchema.parse({}).apiBaseUrl).toBe('https://graph.threads.net');
    expect(networkRegistry.threads).toBe(threadsNetwork);
  });
});
