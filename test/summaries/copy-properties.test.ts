/**
 * Copy an editor would sign (#14), checked on every fixture article × every network in the
 * registry: no cut sentence, no boilerplate line, no dateline at the start, the network's
 * sentence budget kept, the first sentence never the headline again, hashtags only from the
 * allowed sources (map, categories past the stoplist, names of the headline or lede) and within
 * the network's cap, none on a tragedy story, and every draft within the network's limit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { parseConfig } from '../../src/config/load-config.js';
import { tagWords } from '../../src/drafts/hashtag-selection.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { isBoilerplateLine } from '../../src/summaries/boilerplate-patterns.js';
import { startsWithDateline } from '../../src/summaries/dateline.js';
import { createExtractiveSummariser } from '../../src/summaries/extractive-summariser.js';
import { isStoplistedCategory, toHashtag } from '../../src/summaries/hashtags.js';
import { addsNoFacts } from '../../src/summaries/lede.js';
import { contentTerms, coverage } from '../../src/summaries/terms.js';
import { draftForChannel } from '../../workers/drafting.js';
import { sampleArticle } from '../helpers/sample-article.js';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/articles');

type Fixture = Article & { mustContain: string[]; mustNotContain?: string[]; mustNotTag?: string[] };

const fixtures: Fixture[] = [
  { ...sampleArticle(), mustContain: ['Asim Munir'], mustNotTag: ['Turkish', 'Iran', 'KAAN'] },
  ...readdirSync(fixturesDir).filter((n) => n.endsWith('.json')).sort().map((n) => JSON.parse(readFileSync(path.join(fixturesDir, n), 'utf8')) as Fixture),
];
const hashtagMap = { 'Pakistan Turkey defence cooperation': ['#Pakistan', '#Turkiye', '#Defence'], IMF: ['IMF'] };
const mapTags = new Set(Object.values(hashtagMap).flat().map((t) => toHashtag(t).toLowerCase()));
const summariser = createExtractiveSummariser({ hashtagMap, publicationName: 'SouthAsianDesk' });
const networks = Object.keys(networkRegistry);
const config = parseConfig(
  { feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }], networks: Object.fromEntries(networks.map((n) => [n, { mode: 'dry-run' }])) },
  { networks: networkRegistry },
);

const WHOLE_SENTENCE_RE = /[.!?۔।॥؟。！？]["'”’)\]»]*$/u;

/** Where an allowed hashtag may come from: the map, a category past the stoplist, a name in the headline or lede. */
function allowedTag(tag: string, fixture: Fixture, lede: string): boolean {
  const key = tag.toLowerCase();
  if (mapTags.has(key)) return true;
  if (fixture.categories.some((c) => !isStoplistedCategory(c) && toHashtag(c).toLowerCase() === key)) return true;
  const words = tagWords(tag).join(' ');
  return `${fixture.title} ${lede}`.toLowerCase().includes(words);
}

describe('copy properties on every fixture × every network (#14)', () => {
  it('covers the kinds of newsroom copy the issue asks for', () => {
    const keys = fixtures.map((f) => f.key).join(' ');
    for (const kind of ['wp-everest', 'wire-colombo', 'wire-dhaka', 'wire-kabul', 'urdu-dateline', 'teaser-wp', 'live', 'review', 'tragedy', 'sample']) expect(keys).toContain(kind);
  });

  for (const fixture of fixtures) {
    it(`${fixture.key}: whole sentences, no boilerplate or dateline, budgets, headline, hashtags, limits`, async () => {
      const summary = await summariser.summarise(fixture);
      const lede = summary.sentences[0] ?? '';
      expect(lede, 'a summary').not.toBe('');
      expect(startsWithDateline(lede), `dateline: ${lede}`).toBe(false);
      expect(lede.toLowerCase()).not.toBe(summary.title.toLowerCase());
      const restates = coverage(new Set(contentTerms(lede)), new Set(contentTerms(summary.title))) >= 0.4 && addsNoFacts(lede, summary.title);
      expect(restates, `restates the headline: ${lede}`).toBe(false);
      const tragedy = summary.hashtagsWithheld !== undefined;
      for (const channel of config.channels) {
        const net = channel.network;
        const label = `${fixture.key} on ${net}`;
        const draft = draftForChannel(networkRegistry[net]!, fixture, summary, channel);
        expect(draft.length, label).toBeLessThanOrEqual(draft.limit);
        expect(draft.length, label).toBe(networkRegistry[net]!.count(draft.text));
        const used = draft.sentences ?? [];
        expect(used.length, `${label}: sentence budget`).toBeLessThanOrEqual(networkRegistry[net]!.sentenceBudget);
        expect(draft.text.includes(used.join(' ')), `${label}: sentences as posted`).toBe(true);
        for (const s of used) {
          const teaserOnly = fixture.text === '';
          if (!teaserOnly) expect(WHOLE_SENTENCE_RE.test(s), `${label}: whole sentence "${s}"`).toBe(true);
          expect(s.endsWith('…'), `${label}: cut "${s}"`).toBe(false);
          expect(isBoilerplateLine(s), `${label}: boilerplate "${s}"`).toBe(false);
        }
        if (used[0]) expect(startsWithDateline(used[0]), `${label}: dateline`).toBe(false);
        expect(draft.text.replace(summary.title, '')).not.toContain('…');
        for (const bad of fixture.mustNotContain ?? []) expect(draft.text, `${label}: ${bad}`).not.toContain(bad);
        expect(draft.hashtags.length, `${label}: cap`).toBeLessThanOrEqual(Math.min(networkRegistry[net]!.hashtagCap, channel.maxHashtags));
        if (tragedy) expect(draft.hashtags, `${label}: tragedy`).toEqual([]);
        for (const tag of draft.hashtags) {
          expect(allowedTag(tag, fixture, lede), `${label}: #${tag} from an allowed source`).toBe(true);
          expect((fixture.mustNotTag ?? []).map((t) => t.toLowerCase()), `${label}: #${tag}`).not.toContain(tag.toLowerCase());
        }
      }
    });
  }

  it('a tragedy story carries no hashtags unless the feed or summariser allows them', async () => {
    const crash = fixtures.find((f) => f.key === 'fixture-tragedy-1')!;
    expect((await summariser.summarise(crash)).hashtags).toEqual([]);
    const allowing = createExtractiveSummariser({ hashtagMap, tragedyHashtags: true });
    expect((await allowing.summarise(crash)).hashtags.length).toBeGreaterThan(0);
    const perFeed = createExtractiveSummariser({ hashtagMap, feeds: [{ id: 'desk', tragedyHashtags: true }] });
    expect((await perFeed.summarise(crash)).hashtags.length).toBeGreaterThan(0);
  });

  it("a feed's house boilerplate and sentence budget apply to that feed only", async () => {
    const everest = fixtures.find((f) => f.key === 'fixture-wp-everest-1')!;
    const house = createExtractiveSummariser({ hashtagMap, feeds: [{ id: 'travel', boilerplate: ['/Eighteen climbers reached/'], sentences: { facebook: 1 } }] });
    const summary = await house.summarise(everest);
    expect(summary.sentences[0]).toMatch(/^Officials said the climbers/);
    const facebook = config.channels.find((c) => c.network === 'facebook')!;
    expect(draftForChannel(networkRegistry.facebook!, everest, summary, facebook).sentences).toHaveLength(1);
    const other = await house.summarise({ ...everest, feedId: 'desk' });
    expect(other.sentences[0]).toMatch(/^Eighteen climbers/);
  });
});
