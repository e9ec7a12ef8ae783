import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import type { Draft, FormatInput } from '../../../src/drafts/draft.js';
import type { Summary } from '../../../src/summaries/summary.js';
import { X_MAX_WEIGHTED_LENGTH, xCostUsd, xNetwork, xOptionsSchema } from '../../../src/publishers/x/x-network.js';
import { capReplies, packReplies } from '../../../src/publishers/x/x-thread.js';

const URL = 'https://southasiandesk.example/news/defence-training-programme?utm_source=x&utm_medium=social&utm_campaign=crier';
const SENTENCES = [
  'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu in Rawalpindi on Friday.',
  'The leaders discussed regional security, counter-terrorism cooperation and joint exercises planned for 2026.',
  'Officials said the expanded programme would double the number of officers trained in each country.',
  'A joint naval drill in the Arabian Sea is expected before the end of the year, the statement added.',
  'Analysts in Islamabad described the visit as the most substantial since the defence framework was signed.',
];

function summary(sentences: string[] = SENTENCES, title = 'Pakistan and Turkiye expand defence training programme'): Summary {
  return { articleKey: 'a1', title, url: URL, sentences, hashtags: ['Pakistan', 'Turkiye', 'Defence'], producedBy: 'extractive' };
}

function input(options: Record<string, unknown> = {}, s: Summary = summary()): FormatInput {
  return { summary: s, url: URL, template: xNetwork.defaultTemplate, maxHashtags: 2, options: xOptionsSchema.parse({ ...options }) };
}

/** X's own rule, via twitter-text directly (not Crier's counter). */
const validOnX = (text: string) => twitterText.parseTweet(text).valid;

describe('x format: single post', () => {
  it('fits 280 weighted characters with the URL intact and no thread', () => {
    const draft = xNetwork.format(input());
    expect(validOnX(draft.text)).toBe(true);
    expect(draft.length).toBeLessThanOrEqual(X_MAX_WEIGHTED_LENGTH);
    expect(draft.text).toContain(URL);
    expect(draft.thread).toBeUndefined();
  });
});

describe('x format: thread mode', () => {
  it('headline + link first, the summary continued in replies, in order, each valid', () => {
    const draft = xNetwork.format(input({ thread: true, threadMaxReplies: 10 }));
    expect(draft.text).toContain('Pakistan and Turkiye expand defence training programme');
    expect(draft.text).toContain(URL);
    expect(draft.text).not.toContain('Field Marshal');
    expect(draft.thread?.length).toBeGreaterThanOrEqual(2);
    for (const t of [draft.text, ...(draft.thread ?? [])]) expect(validOnX(t)).toBe(true);
    // Nothing lost, nothing reordered, no URL in replies (each URL makes a post cost more).
    expect(draft.thread?.join(' ')).toBe(SENTENCES.join(' '));
    expect(draft.thread?.some((t) => t.includes('https://'))).toBe(false);
  });

  it('a sentence too long for one post continues in the next reply, cut between words', () => {
    const long = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ') + '.';
    const draft = xNetwork.format(input({ thread: true, threadMaxReplies: 10 }, summary([long])));
    expect(draft.thread?.length).toBeGreaterThan(1);
    expect(draft.thread?.join(' ')).toBe(long);
    for (const t of draft.thread ?? []) expect(validOnX(t)).toBe(true);
  });

  it('CJK and emoji weigh 2: replies are split by the weighted count, not by length', () => {
    const cjk = '巴基斯坦和土耳其扩大国防培训计划。'.repeat(12); // 17 chars × 12 = 204 chars = 408 weighted
    const emoji = Array.from({ length: 100 }, () => '🇵🇰').join(' '); // flags: 2 each + spaces
    const draft = xNetwork.format(input({ thread: true, threadMaxReplies: 10 }, summary([cjk, emoji])));
    for (const t of draft.thread ?? []) {
      expect(validOnX(t)).toBe(true);
      expect(twitterText.parseTweet(t).weightedLength).toBeLessThanOrEqual(X_MAX_WEIGHTED_LENGTH);
    }
    expect((draft.thread ?? []).join('').replace(/\s/g, '')).toBe((cjk + emoji).replace(/\s/g, ''));
  });

  it('an unbreakable token longer than a post is cut between graphemes', () => {
    const token = 'x'.repeat(700);
    const pieces = packReplies([token], X_MAX_WEIGHTED_LENGTH);
    expect(pieces.map((p) => p.text).join('')).toBe(token);
    expect(pieces.every((p) => validOnX(p.text))).toBe(true);
  });

  it('threadMaxReplies caps the thread; a reply cut mid-sentence ends with "…"', () => {
    const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ') + '.';
    const draft = xNetwork.format(input({ thread: true, threadMaxReplies: 2 }, summary([long])));
    expect(draft.thread).toHaveLength(2);
    expect(draft.thread?.[1]?.endsWith('…')).toBe(true);
    expect(draft.thread?.every(validOnX)).toBe(true);
    const whole = capReplies(packReplies(SENTENCES, X_MAX_WEIGHTED_LENGTH), 1, X_MAX_WEIGHTED_LENGTH);
    expect(whole).toHaveLength(1);
    expect(whole[0]?.endsWith('…')).toBe(false); // whole sentences: nothing was cut
  });

  it('no summary → no thread', () => {
    const draft = xNetwork.format(input({ thread: true }, summary([])));
    expect(draft.thread).toBeUndefined();
    expect(draft.text).toContain(URL);
  });

  it('property: every post of every thread is valid on X', () => {
    const word = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('国防', '🇵🇰', '👩‍👩‍👧‍👦', 'Rawalpindi', 'é', 'ﷺ'));
    const sentence = fc.array(word, { minLength: 1, maxLength: 80 }).map((ws) => ws.join(' ').replace(/[\uFFFE\uFEFF\uFFFF]/g, '').trim() + '.');
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 8 }), (sentences) => {
        const draft = xNetwork.format(input({ thread: true, threadMaxReplies: 25 }, summary(sentences)));
        return [draft.text, ...(draft.thread ?? [])].every(validOnX);
      }),
      { numRuns: 60 },
    );
  });
});

describe('x cost', () => {
  const draft = (text: string, thread?: string[]): Draft => ({ text, length: 0, limit: 280, url: URL, title: '', description: '', hashtags: [], ...(thread ? { thread } : {}) });
  const defaults = xOptionsSchema.parse({});

  it('defaults: $0.015 per post, $0.20 per post with a URL (bare domains count)', () => {
    expect(defaults.priceUsd).toEqual({ post: 0.015, postWithUrl: 0.2 });
    expect(xCostUsd(draft('no link here'), defaults)).toBeCloseTo(0.015);
    expect(xCostUsd(draft(`story ${URL}`), defaults)).toBeCloseTo(0.2);
    expect(xCostUsd(draft('read it on southasiandesk.com'), defaults)).toBeCloseTo(0.2);
  });

  it('thread replies add their own cost; prices are configurable', () => {
    expect(xCostUsd(draft(`head ${URL}`, ['one', 'two']), defaults)).toBeCloseTo(0.23);
    const custom = xOptionsSchema.parse({ priceUsd: { post: 0.01 } });
    expect(xCostUsd(draft(`head ${URL}`, ['one']), custom)).toBeCloseTo(0.21);
    expect(xNetwork.costUsd?.(draft('text'), custom)).toBeCloseTo(0.01);
  });

  it('rejects a negative price', () => {
    expect(xOptionsSchema.safeParse({ priceUsd: { post: -1 } }).success).toBe(false);
  });
});
