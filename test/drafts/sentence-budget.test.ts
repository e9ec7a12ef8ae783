import { describe, expect, it } from 'vitest';
import { utf16Length } from '../../src/text/length-counters.js';
import { fitDraft } from '../../src/drafts/fit-draft.js';
import { type CopyBudgets, hashtagCap, sentenceBudget, withinSoftLength } from '../../src/drafts/sentence-budget.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { Summary } from '../../src/summaries/summary.js';

/** A network's copy budgets, as its folder declares them (the registry is the one source). */
function copyOf(id: string): CopyBudgets {
  const def = networkRegistry[id];
  if (!def) throw new Error(`no network ${id} in the registry`);
  return def;
}

const summary = (over: Partial<Summary> = {}): Summary => ({
  articleKey: 'k',
  title: 'Budget passed',
  url: 'https://e.com/a',
  sentences: ['One fact here.', 'Two facts here.', 'Three facts here.', 'Four facts here.'],
  hashtags: ['Economy', 'Budget', 'Pakistan', 'Tax', 'IMF', 'Growth', 'Jobs', 'Trade', 'Debt', 'Rupee'],
  producedBy: 'test',
  ...over,
});

describe('sentence budgets (#14)', () => {
  it('defaults: X, Bluesky, Threads one; Facebook, LinkedIn, Mastodon, Discord, Slack two; Instagram, Telegram three', () => {
    const declared = Object.fromEntries(Object.values(networkRegistry).map((def) => [def.id, def.sentenceBudget]));
    expect(declared).toEqual({ x: 1, bluesky: 1, threads: 1, facebook: 2, linkedin: 2, mastodon: 2, discord: 2, slack: 2, instagram: 3, telegram: 3 });
  });

  it('the feed (by channel id, then network) beats the channel, which beats the default', () => {
    const s = summary({ sentenceBudgets: { 'fb-urdu': 1, x: 2 } });
    expect(sentenceBudget(s, 'facebook', { channel: 'fb-urdu', sentences: 3 }, copyOf('facebook'))).toBe(1);
    expect(sentenceBudget(s, 'x', { channel: 'x' }, copyOf('x'))).toBe(2);
    expect(sentenceBudget(summary(), 'facebook', { channel: 'facebook', sentences: 3 }, copyOf('facebook'))).toBe(3);
    expect(sentenceBudget(summary(), 'facebook', {}, copyOf('facebook'))).toBe(2);
    // Outside any network (no budgets passed) only the length limits the post: no silent default.
    expect(sentenceBudget(summary(), undefined, {}, undefined)).toBe(Number.POSITIVE_INFINITY);
  });

  it('two sentences stay about 300 characters: a long second sentence is left out', () => {
    const long = `${'A'.repeat(320)}.`;
    expect(withinSoftLength(['Short lead.', long], 2)).toEqual(['Short lead.']);
    expect(withinSoftLength(['Short lead.', 'Short second.'], 2)).toEqual(['Short lead.', 'Short second.']);
  });

  it('hashtag caps per network bound the channel setting', () => {
    const cap = (id: string, configured: number) => hashtagCap(copyOf(id), configured);
    expect([cap('x', 5), cap('threads', 3), cap('bluesky', 5), cap('facebook', 9), cap('linkedin', 4), cap('instagram', 30), cap('discord', 7)]).toEqual([2, 1, 3, 3, 3, 8, 7]);
    expect(cap('x', 1)).toBe(1);
  });

  it('a post carries its budget of whole sentences and its network cap of hashtags', () => {
    const input = { summary: summary(), url: 'https://e.com/a', template: '{title}\n\n{summary}\n\n{url} {hashtags}', maxHashtags: 30, options: {} };
    const fb = fitDraft({ ...input, network: 'facebook' }, { limit: 63_206, count: utf16Length, copy: copyOf('facebook') });
    expect(fb.sentences).toEqual(['One fact here.', 'Two facts here.']);
    expect(fb.hashtags).toHaveLength(3);
    expect(fb.alternatives).toEqual(['Three facts here.', 'Four facts here.']);
    const ig = fitDraft({ ...input, network: 'instagram' }, { limit: 2_200, count: utf16Length, copy: copyOf('instagram') });
    expect(ig.sentences).toHaveLength(3);
    expect(ig.hashtags).toHaveLength(8);
  });

  it('a tragedy story: no hashtags, not even the channel’s own, and the note says why', () => {
    const draft = fitDraft(
      { summary: summary({ hashtagsWithheld: 'no hashtags: a story of deaths, disaster or crime' }), url: 'https://e.com/a', template: '{title}\n\n{summary}\n\n{url} {hashtags}', maxHashtags: 3, network: 'facebook', extraHashtags: ['SouthAsianDesk'], options: {} },
      { limit: 63_206, count: utf16Length, copy: copyOf('facebook') },
    );
    expect(draft.hashtags).toEqual([]);
    expect(draft.text).not.toContain('#');
    expect(draft.note).toBe('no hashtags: a story of deaths, disaster or crime');
  });
});
