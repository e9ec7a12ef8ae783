import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/articles/article.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared sample article; CI lays `shared/` beside the clone, so it lives at `../shared`. */
export const SAMPLE_ARTICLE_PATH = path.resolve(repoRoot, '../shared/samples/pakistan-turkiye-defence-ties.txt');

/** Its text; fails loudly (never skips) when shared/ is missing. */
export function sampleArticleText(): string {
  if (!existsSync(SAMPLE_ARTICLE_PATH)) {
    throw new Error(`sample article missing at ${SAMPLE_ARTICLE_PATH}: CI must provide shared/ next to the repo (../shared/samples)`);
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
