/**
 * Robustness over the Universal Feed Parser test corpus (1,361 small feeds, see its README):
 * nothing crashes or hangs, well-formed feeds yield their items, ill-formed ones get an error
 * or a best-effort parse, and simple title/link/guid expectations mostly agree with feedparser.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/feeds/charset.js';
import { FeedFetchError } from '../../src/feeds/feed-errors.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import type { ParsedFeed } from '../../src/feeds/parse-feed.js';
import type { CorpusFile } from './corpus-helpers.js';
import { acceptableValues, containsEntries, firstEntryIsIdentifiable, listXmlFiles, readHeader, simpleExpectation } from './corpus-helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Committed with the repository (BSD-2, licence kept beside it): see test/fixtures/README.md.
const corpusRoot = path.resolve(repoRoot, 'test/fixtures/feedparser-tests');
const EXPECTED_FILES = 1361;
const PER_FILE_DEADLINE_MS = 5_000;

/**
 * Measured: 371 of 375 simple expectations agree (98.9 %); the 4 differences are CDF files
 * (UNSUPPORTED), and KNOWN_DIFFERENCES are left out of the count.
 * The floor leaves a small margin for harmless changes in normalisation.
 */
const MIN_AGREEMENT_RATE = 0.98;

/** Formats we deliberately do not read: they must be refused with a FeedFetchError, never crash. */
const UNSUPPORTED: [RegExp, string][] = [
  [/^wellformed\/(cdf\/|base\/cdf_)/, 'CDF (Microsoft Channel Definition Format) is not RSS or Atom'],
];

/** Expectations that cannot hold for reasons outside our parser. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'wellformed/base/http_entry_id_base_docuri.xml': "relative to feedparser's own test-server URL",
  'wellformed/base/http_item_link_base_docuri.xml': "relative to feedparser's own test-server URL",
  'wellformed/base/http_channel_link_base_docuri.xml': "relative to feedparser's own test-server URL",
  'wellformed/http/headers_content_location-relative.xml': "relative to feedparser's own test-server URL",
  'wellformed/http/headers_content_location-unsafe.xml': "relative to feedparser's own test-server URL",
  'wellformed/itunes/itunes_core_element_uppercase.xml': 'XML names are case-sensitive; <TiTlE> is not <title>',
  'wellformed/base/http_entry_id_base_content_location.xml': 'we keep guids verbatim; feedparser resolves relative ids',
};

interface Outcome {
  file: CorpusFile;
  text: string;
  feed?: ParsedFeed;
  error?: unknown;
}

const outcomes: Outcome[] = [];
const unsupported = (name: string) => UNSUPPORTED.find(([pattern]) => pattern.test(name))?.[1];

async function withDeadline<T>(work: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${label} took longer than ${PER_FILE_DEADLINE_MS} ms`)), PER_FILE_DEADLINE_MS);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  if (!existsSync(corpusRoot)) {
    throw new Error(`feedparser corpus not found at ${corpusRoot}. It is a fixture committed with the repository (test/fixtures/feedparser-tests); without it this robustness suite cannot run.`);
  }
  for (const file of listXmlFiles(corpusRoot)) {
    const bytes = readFileSync(file);
    const info = readHeader(corpusRoot, file, bytes);
    const { text } = decodeFeedBytes(bytes, info.contentType);
    const outcome: Outcome = { file: info, text };
    try {
      const feedUrl = info.contentLocation ?? `http://corpus.example/${info.name}`;
      outcome.feed = await withDeadline(parseFeed(text, { feedId: 'corpus', feedUrl }), info.name);
    } catch (err) {
      outcome.error = err;
    }
    outcomes.push(outcome);
  }
}, 120_000);

const report = (lines: string[]) => (lines.length ? `\n  ${lines.join('\n  ')}` : '');

describe('feedparser corpus', () => {
  it('reads every file of the corpus', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(EXPECTED_FILES);
    for (const folder of ['wellformed', 'illformed', 'encoding', 'entities']) {
      expect(outcomes.some((o) => o.file.category === folder)).toBe(true);
    }
  });

  it('never crashes or hangs: the only failure is a FeedFetchError with a message', () => {
    const crashes = outcomes
      .filter((o) => o.error !== undefined && !(o.error instanceof FeedFetchError && o.error.message.length > 10))
      .map((o) => `${o.file.name}: ${o.error instanceof Error ? o.error.message : String(o.error)}`);
    expect(crashes, `crashed or hung:${report(crashes)}`).toEqual([]);
  });

  it('parses every encoding and entity test file', () => {
    const failed = outcomes
      .filter((o) => (o.file.category === 'encoding' || o.file.category === 'entities') && o.error)
      .map((o) => `${o.file.name}: ${(o.error as Error).message}`);
    expect(failed, `failed:${report(failed)}`).toEqual([]);
  });

  it('yields items for well-formed feeds whose expectations are about entries', () => {
    const empty = outcomes
      .filter((o) => o.file.category === 'wellformed' && /entries\[/.test(o.file.expect) && !unsupported(o.file.name))
      .filter((o) => firstEntryIsIdentifiable(o.text) && !o.feed?.items.length)
      .map((o) => `${o.file.name}: ${o.error instanceof Error ? o.error.message : 'no items'}`);
    expect(empty, `no items from:${report(empty)}`).toEqual([]);
  });

  it('reads RSS whose elements sit under a namespace prefix (<rss:item>, <r:rss>)', () => {
    const prefixed = outcomes.filter((o) => /^wellformed\/(namespace\/rss[12]\.0(NS)?withModulesNoDefNS|rdf\/rss_version_10_not_default_ns)/.test(o.file.name));
    expect(prefixed.map((o) => o.file.name)).toHaveLength(5);
    for (const o of prefixed) {
      expect(o.error, o.file.name).toBeUndefined();
      // rss_version_10_not_default_ns is an empty channel; the four others have items.
      if (o.file.name.includes('withModules')) expect(o.feed?.items[0]?.title, o.file.name).toMatch(/^Test Item/);
    }
  });

  it('refuses unsupported formats with a clear error', () => {
    const cases = outcomes.filter((o) => unsupported(o.file.name));
    expect(cases.length).toBeGreaterThan(0);
    for (const o of cases) {
      expect(o.error, `${o.file.name} (${unsupported(o.file.name)})`).toBeInstanceOf(FeedFetchError);
      expect(['not-a-feed', 'malformed']).toContain((o.error as FeedFetchError).reason);
    }
  });

  it('never returns a silently empty result for an ill-formed feed that has items', () => {
    const illformed = outcomes.filter((o) => o.file.category === 'illformed');
    const silent = illformed
      .filter((o) => !o.error && o.feed?.items.length === 0 && containsEntries(o.text) && firstEntryIsIdentifiable(o.text))
      .map((o) => o.file.name);
    const errors = illformed.filter((o) => o.error).length;
    console.info(`ill-formed: ${illformed.length} files, ${errors} FeedFetchError, ${illformed.length - errors} best-effort parses`);
    expect(silent, `silently empty:${report(silent)}`).toEqual([]);
  });

  it('agrees with feedparser on simple title/link/guid expectations', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const o of outcomes) {
      const expected = simpleExpectation(o.file.expect);
      if (!expected || KNOWN_DIFFERENCES[o.file.name]) continue;
      checked += 1;
      const source = expected.scope === 'feed' ? o.feed : o.feed?.items[0];
      const actual = expected.field === 'guid' ? o.feed?.items[0]?.guid : source?.[expected.field];
      if (actual === undefined || !acceptableValues(expected).includes(actual)) {
        const got = o.error instanceof Error ? `error: ${o.error.message}` : JSON.stringify(actual);
        mismatches.push(`${o.file.name} [${expected.scope}.${expected.field}] expected ${JSON.stringify(expected.value)}, got ${got}`);
      }
    }
    const rate = (checked - mismatches.length) / checked;
    console.info(`simple expectations: ${checked - mismatches.length}/${checked} agree (${(rate * 100).toFixed(1)} %)${report(mismatches)}`);
    expect(checked).toBeGreaterThan(300);
    expect(rate, `agreement ${rate.toFixed(3)} below ${MIN_AGREEMENT_RATE}:${report(mismatches)}`).toBeGreaterThanOrEqual(MIN_AGREEMENT_RATE);
  });
});
