import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/articles/article.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The sample article, a story from the example publication, kept in the repository (see test/fixtures/README.md). */
export const SAMPLE_ARTICLE_PATH = path.resolve(repoRoot, 'test/fixtures/articles/pakistan-turkiye-defence-ties.txt');

/** Its text; fails loudly (never skips) when the fixture is missing. */
export function sampleArticleText(): string {
  if (!existsSync(SAMPLE_ARTICLE_PATH)) {
    throw new Error(`sample article missing at ${SAMPLE_ARTICLE_PATH}: it is a fixture committed with the repository (test/fixtures/articles)`);
  }
  return readFileSync(SAMPLE_ARTICLE_PATH, 'utf8');
}

/** The sample as an Article, the way the SouthAsianDesk feed would deliver it. */
export function sampleArticle(key = 'sample'): Article {
  return {
    key,
    feedId: 'desk',
    feedTitle: 'SouthAsianDesk',
    title: 'Pakistan, Turkiye reaffirm defence ties as Asim Munir hosts Turkish army chief',
    url: 'https://southasiandesk.com/pakistan-turkiye-defence-ties',
    categories: ['Pakistan'],
    text: sampleArticleText(),
    discoveredAt: '2026-01-31T00:00:00Z',
    language: 'en',
  };
}
