import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../../src/text/length-counters.js';
import type { FormatInput } from '../../../src/drafts/draft.js';
import { DEFAULT_INSTANCE_LIMITS, parseInstanceLimits } from '../../../src/publishers/mastodon/mastodon-instance.js';
import { mastodonNetwork } from '../../../src/publishers/mastodon/mastodon-network.js';

const LONG_URL = `https://news.example.com/2026/05/04/${'very-long-slug-'.repeat(12)}?utm_source=mastodon&utm_medium=social`;

function input(sentences: string[], options: Record<string, unknown> = {}, url = LONG_URL): FormatInput {
  return {
    summary: { articleKey: 'k1', title: 'Pakistan and Türkiye deepen defence ties', url, sentences, hashtags: ['Navy', 'Defence', 'Ankara'], producedBy: 'test' },
    url,
    template: mastodonNetwork.defaultTemplate,
    maxHashtags: mastodonNetwork.defaultMaxHashtags,
    // Length counting, not the two-sentence default (#14), is under test here: the channel allows every sentence.
    network: 'mastodon',
    options: { sentences: sentences.length, ...mastodonNetwork.optionsSchema.parse(options) },
  };
}

const sentences = Array.from({ length: 20 }, (_, i) => `Sentence ${i + 1} adds one more detail about the naval agreement signed this week.`);

describe('mastodon format', () => {
  it('counts a URL as 23 whatever its length, so a long link leaves room for the summary', () => {
    expect(LONG_URL.length).toBeGreaterThan(200);
    const draft = mastodonNetwork.format(input(sentences));
    expect(draft.text).toContain(LONG_URL);
    expect(draft.length).toBeLessThanOrEqual(500);
    expect(draft.length).toBe(graphemeLength(draft.text.replace(LONG_URL, '')) + 23);
    // Raw characters exceed 500: the URL weighting is what made this fit.
    expect(draft.text.length).toBeGreaterThan(500);
  });

  it('fits a channel configured for a larger instance (maxCharacters) and still keeps the URL', () => {
    const big = mastodonNetwork.format(input(sentences, { maxCharacters: 1000 }));
    const small = mastodonNetwork.format(input(sentences));
    expect(big.limit).toBe(1000);
    expect(big.length).toBeLessThanOrEqual(1000);
    expect(big.length).toBeGreaterThan(small.length);
    expect(big.text).toContain(LONG_URL);
  });

  it('counts Urdu and emoji by graphemes', () => {
    const urdu = Array.from({ length: 20 }, () => 'پاکستان اور ترکی نے دفاعی تعاون بڑھانے پر اتفاق کیا 🇵🇰🤝🇹🇷۔');
    const draft = mastodonNetwork.format(input(urdu, {}, 'https://news.example.com/ur/1'));
    expect(draft.length).toBeLessThanOrEqual(500);
    expect(draft.text).toContain('https://news.example.com/ur/1');
  });

  it('reads the instance limits from /api/v2/instance, with 23 when the URL weight is missing', () => {
    expect(parseInstanceLimits({ configuration: { statuses: { max_characters: 5000, characters_reserved_per_url: 30 } } })).toEqual({ maxCharacters: 5000, charactersReservedPerUrl: 30 });
    expect(parseInstanceLimits({ configuration: { statuses: { max_characters: 1000 } } })).toEqual({ maxCharacters: 1000, charactersReservedPerUrl: 23 });
    expect(parseInstanceLimits({ configuration: {} })).toBeUndefined();
    expect(parseInstanceLimits('nope')).toBeUndefined();
    expect(DEFAULT_INSTANCE_LIMITS).toEqual({ maxCharacters: 500, charactersReservedPerUrl: 23 });
  });

  it('validates its options', () => {
    expect(mastodonNetwork.optionsSchema.parse({ apiBaseUrl: 'https://fosstodon.org/' })).toMatchObject({ apiBaseUrl: 'https://fosstodon.org', attachImage: false, visibility: 'public', maxCharacters: 500 });
    expect(mastodonNetwork.optionsSchema.safeParse({ visibility: 'everyone' }).success).toBe(false);
    expect(mastodonNetwork.optionsSchema.safeParse({ language: 'Urdu' }).success).toBe(false);
  });
});
