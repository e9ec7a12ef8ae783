import { describe, expect, it } from 'vitest';
import { graphemeLength, utf16Length } from '../../src/text/length-counters.js';
import { xWeightedLength } from '../../src/publishers/x/x-count.js';
import type { FormatInput } from '../../src/drafts/draft.js';
import { fitDraft } from '../../src/drafts/fit-draft.js';
import { type CopyBudgets, summaryClasses } from '../../src/drafts/sentence-budget.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { Summary } from '../../src/summaries/summary.js';

const URL = 'https://southasiandesk.com/a?utm_source=x&utm_medium=social&utm_campaign=crier';
const LONG_LEAD = 'Finance Minister Muhammad Aurangzeb defended the federal budget on Tuesday as opposition lawmakers walked out of the National Assembly in protest against new taxes on salaried workers and retailers.';
const SHORT_LEAD = 'The budget sets total spending at Rs. 17.5 trillion.';

function summary(over: Partial<Summary> = {}): Summary {
  return {
    articleKey: 'k',
    title: 'Finance minister defends budget',
    url: URL,
    sentences: [LONG_LEAD, 'Analysts expect inflation to ease to 7.5 percent by June.', 'The IMF has asked Pakistan to widen its tax base.'],
    budgets: { short: [SHORT_LEAD], medium: [LONG_LEAD, 'Analysts expect inflation to ease to 7.5 percent by June.'] },
    hashtags: ['Economy', 'IMF'],
    producedBy: 'extractive',
    ...over,
  };
}

/** A network's copy budgets, as its folder declares them (the registry is the one source). */
function copyOf(id: string): CopyBudgets {
  const def = networkRegistry[id];
  if (!def) throw new Error(`no network ${id} in the registry`);
  return def;
}

function input(over: Partial<FormatInput> = {}): FormatInput {
  return { summary: summary(), url: URL, template: '{title}\n\n{summary}\n\n{url} {hashtags}', maxHashtags: 2, options: {}, ...over };
}

describe('length classes (Summary.budgets)', () => {
  it('each network declares its class; a call outside any network tries every class, longest first', () => {
    expect(copyOf('x').summaryBudget).toBe('short');
    expect(['bluesky', 'threads', 'mastodon'].map((id) => copyOf(id).summaryBudget)).toEqual(['medium', 'medium', 'medium']);
    expect(['facebook', 'linkedin', 'telegram', 'instagram', 'discord', 'slack'].map((id) => copyOf(id).summaryBudget)).toEqual(['long', 'long', 'long', 'long', 'long', 'long']);
    expect(summaryClasses(copyOf('mastodon'))).toEqual(['medium', 'short']);
    expect(summaryClasses(undefined)).toEqual(['long', 'medium', 'short']);
  });

  it('X leads with the lede when it fits whole, else the short pick; Facebook gets two sentences, not the article (#14)', () => {
    const x = fitDraft(input({ network: 'x' }), { limit: 280, count: xWeightedLength, copy: copyOf('x') });
    expect(x.text).toContain(LONG_LEAD);
    expect(x.text).not.toContain('…');
    const tightX = fitDraft(input({ network: 'x' }), { limit: 200, count: xWeightedLength, copy: copyOf('x') });
    expect(tightX.text).toContain(SHORT_LEAD);
    const facebook = fitDraft(input({ network: 'facebook' }), { limit: 63206, count: utf16Length, copy: copyOf('facebook') });
    expect(facebook.text).toContain(`${LONG_LEAD} Analysts expect inflation`);
    expect(facebook.text).not.toContain('The IMF has asked');
  });

  it("when a class's lead does not fit whole, a shorter class's lead is used before anything is cut", () => {
    const tight = fitDraft(input({ network: 'mastodon' }), { limit: 200, count: graphemeLength, copy: copyOf('mastodon') });
    expect(tight.text).toContain(SHORT_LEAD);
    expect(tight.text).not.toContain('…');
    const roomy = fitDraft(input({ network: 'mastodon' }), { limit: 500, count: graphemeLength, copy: copyOf('mastodon') });
    expect(roomy.text).toContain(LONG_LEAD);
  });

  it('a summary without budgets behaves as before (prefix of `sentences`)', () => {
    const { budgets: _b, ...plain } = summary();
    const draft = fitDraft(input({ summary: plain, network: 'x' }), { limit: 1000, count: xWeightedLength, copy: copyOf('x') });
    expect(draft.text).toContain(LONG_LEAD);
  });
});

describe("channel's extra hashtags (hashtags.extra)", () => {
  it('are offered after the article tags, within maxHashtags, never duplicating or repeating a visible word', () => {
    const opts = (extra: string[], max = 4) => input({ maxHashtags: max, network: 'facebook', extraHashtags: extra });
    const rules = { limit: 63206, count: utf16Length, copy: copyOf('facebook') };
    // Facebook carries two sentences (#14), so "IMF" is no longer in the text and stays a tag; "Pakistan" is not in it either.
    expect(fitDraft(opts(['SouthAsianDesk', 'Pakistan']), rules).hashtags).toEqual(['Economy', 'IMF', 'SouthAsianDesk']);
    expect(fitDraft(opts(['SouthAsianDesk', 'Pakistan'], 1), rules).hashtags).toEqual(['Economy']);
    expect(fitDraft(opts(['#economy', 'Breaking News']), rules).hashtags).toEqual(['Economy', 'IMF', 'BreakingNews']);
    // X is capped at two hashtags (#14): the article's come first.
    const x = fitDraft(input({ maxHashtags: 3, network: 'x', extraHashtags: ['SouthAsianDesk'] }), { limit: 280, count: xWeightedLength, copy: copyOf('x') });
    expect(x.hashtags).toEqual(['Economy', 'IMF']);
  });

  it('come from the input, never from the network options bag', () => {
    const draft = fitDraft(input({ options: { extraHashtags: ['SouthAsianDesk'] } }), { limit: 1000, count: utf16Length });
    expect(draft.hashtags).toEqual(['Economy']);
    expect(fitDraft(input({ extraHashtags: ['SouthAsianDesk'] }), { limit: 1000, count: utf16Length }).hashtags).toEqual(['Economy', 'SouthAsianDesk']);
  });
});
