/**
 * The properties every summary must hold, on every fixture article and every network: the post
 * fits by the network's own count, carries the article's key names (the long posts all of them,
 * X at least the first), has no number the article lacks, and no cut word: every word of the
 * post's text comes whole from the article (or the title, feed name, link, hashtags).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createExtractiveSummariser } from '../../src/summaries/extractive-summariser.js';
import { toPlainText } from '../../src/text/plain-text.js';
import { numbersIn } from '../../src/summaries/llm/guardrails.js';
import { words } from '../../src/summaries/terms.js';
import { draftForChannel } from '../../workers/drafting.js';
import { sampleArticle } from '../helpers/sample-article.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.resolve(repoRoot, 'test/fixtures/articles');

type Fixture = Article & { mustContain: string[] };

function sample(): Fixture {
  return { ...sampleArticle(), mustContain: ['Asim Munir', 'Selcuk Bayraktaroglu'] };
}

const fixtures: Fixture[] = [sample(), ...readdirSync(fixturesDir).filter((n) => n.endsWith('.json')).sort().map((n) => JSON.parse(readFileSync(path.join(fixturesDir, n), 'utf8')) as Fixture)];
const networks = Object.keys(networkRegistry);
const config = parseConfig({ feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }], networks: Object.fromEntries(networks.map((n) => [n, { mode: 'dry-run' }])) }, { networks: networkRegistry });
const summariser = createExtractiveSummariser({
  hashtagMap: { 'Pakistan Turkey defence cooperation': ['#Pakistan', '#Turkiye', '#Defence'], IMF: ['IMF'] },
  publicationName: 'SouthAsianDesk',
});

/** The post minus what is not summary prose: URLs, hashtags, Instagram's link line. */
function prose(text: string): string {
  return text.replace(/https?:\/\/\S+/g, ' ').replace(/(^|\s)#\S+/gu, ' ').replace(/Link in bio · \S+/g, ' ');
}

describe('summary properties on every fixture × every network', () => {
  it('has a dozen fixtures besides the sample, covering the required kinds', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(13);
    const languages = new Set(fixtures.map((f) => f.language?.slice(0, 2)));
    for (const lang of ['en', 'ur', 'hi', 'bn', 'ar', 'zh']) expect(languages, lang).toContain(lang);
    expect(fixtures.some((f) => f.text === '' && f.teaser)).toBe(true);
  });

  for (const fixture of fixtures) {
    it(`${fixture.key}: fits, names, numbers, whole words`, async () => {
      const summary = await summariser.summarise(fixture);
      expect(summary.sentences.length, 'has a summary').toBeGreaterThan(0);
      const source = `${fixture.title}\n${toPlainText(fixture.text)}\n${toPlainText(fixture.teaser ?? '')}\n${fixture.feedTitle ?? ''}`;
      const sourceNumbers = numbersIn(source);
      const sourceWords = new Set(words(source, fixture.language));
      for (const channel of config.channels) {
        const draft = draftForChannel(networkRegistry[channel.network]!, fixture, summary, channel);
        const label = `${fixture.key} on ${channel.network}`;
        expect(draft.length, label).toBeLessThanOrEqual(draft.limit);
        expect(draft.length, label).toBe(networkRegistry[channel.network]!.count(draft.text));
        const body = prose(draft.text);
        for (const n of numbersIn(body)) expect(sourceNumbers, `${label}: number ${n}`).toContain(n);
        for (const w of words(body.replace(/…/g, ' '), fixture.language)) expect(sourceWords, `${label}: word "${w}"`).toContain(w);
        // The title never doubles as the summary.
        const summaryPart = draft.text.replace(summary.title, '');
        expect(summaryPart.includes(summary.title), label).toBe(false);
      }
      // Facebook is a two-sentence hook now, not the article (#14): the summary offers every key name, the post the first.
      const offered = [...summary.sentences, ...(summary.candidates ?? [])].join(' ');
      for (const name of fixture.mustContain) expect(offered, `${fixture.key}: ${name}`).toContain(name);
      const long = draftForChannel(networkRegistry.facebook!, fixture, summary, config.channels.find((c) => c.network === 'facebook')!);
      expect(long.text, `${fixture.key}: Facebook names ${fixture.mustContain[0]}`).toContain(fixture.mustContain[0] ?? '');
      const x = draftForChannel(networkRegistry.x!, fixture, summary, config.channels.find((c) => c.network === 'x')!);
      const first = fixture.mustContain[0] ?? '';
      expect(x.text.includes(first) || x.hashtags.some((t) => t.toLowerCase() === first.replace(/\s+/g, '').toLowerCase()), `${fixture.key}: X names ${first}`).toBe(true);
    });
  }
});
