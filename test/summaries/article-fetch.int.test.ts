import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { summariserSchema } from '../../src/config/schema.js';
import { createSummariser } from '../../src/summaries/create-summariser.js';
import { extractMainText } from '../../src/text/main-text.js';
import { FakeHttpServer } from '../helpers/fake-http.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const teaserOnly = JSON.parse(readFileSync(path.resolve(repoRoot, 'test/fixtures/articles/teaser-only.json'), 'utf8')) as Article;

const PAGE = `<!doctype html><html><head><title>Flood warning</title><script>var ads = "Sponsored: buy now";</script></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World news and analysis from the region</a></nav></header>
<main><article>
<h1>Flood warning issued for Indus river</h1>
<p class="byline">By Staff</p>
<p>The Pakistan Meteorological Department warned of high floods in the Indus at Tarbela and Kalabagh over the next 48 hours.</p>
<p>Officials at the Provincial Disaster Management Authority said 120 relief camps had been set up along the river in Punjab and Sindh.</p>
<figure><img src="x.jpg"><figcaption>Water levels rose sharply at Tarbela on Monday afternoon</figcaption></figure>
<h2>Evacuations under way</h2>
<p>Residents of 40 villages near Kalabagh were asked to move to higher ground before Wednesday evening.</p>
<ul class="related"><li><a href="/a">Related: Floods in 2022 displaced millions across the country</a></li></ul>
</article></main>
<aside><p>Subscribe to our newsletter for daily updates from SouthAsianDesk.</p></aside>
<footer><p>© 2026 SouthAsianDesk. All rights reserved. Contact us for advertising.</p></footer>
</body></html>`;

describe('main text extraction', () => {
  it('keeps the article prose and headings, drops scripts, navigation, captions, related links and footers', () => {
    const text = extractMainText(PAGE);
    expect(text.split('\n')).toEqual([
      expect.stringContaining('The Pakistan Meteorological Department warned'),
      expect.stringContaining('Provincial Disaster Management Authority'),
      'Evacuations under way',
      expect.stringContaining('Residents of 40 villages'),
    ]);
    expect(text).not.toMatch(/Sponsored|Home|World news|Water levels|Related|newsletter|©/);
  });
});

describe('summariser.fetchArticle for teaser-only feeds', () => {
  const server = new FakeHttpServer();
  let hits = 0;
  beforeAll(async () => {
    server.route('GET', '/briefs/indus-flood-warning', (_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    server.route('GET', '/huge', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${'word '.repeat(50_000)}</p>`));
    await server.start();
  });
  afterAll(() => server.stop());

  const config = summariserSchema.parse({ fetchArticle: true, fetchTimeoutMs: 500, fetchMaxBytes: 64 * 1024 });
  const article = (): Article => ({ ...teaserOnly, url: `${server.url}/briefs/indus-flood-warning` });

  it('summarises the page text instead of the teaser, and fetches each article once', async () => {
    const summariser = createSummariser(config, { allowPrivateHosts: true });
    const summary = await summariser.summarise(article());
    const all = summary.sentences.join(' ');
    expect(all).toContain('Provincial Disaster Management Authority');
    expect(all).toContain('120 relief camps');
    expect(all).not.toMatch(/newsletter|All rights reserved/);
    const before = hits;
    await summariser.summarise(article());
    expect(hits).toBe(before);
  });

  it('refuses private addresses (SSRF guard) and keeps the teaser', async () => {
    const summariser = createSummariser(config, {});
    const before = hits;
    const summary = await summariser.summarise(article());
    expect(hits).toBe(before);
    expect(summary.sentences).toHaveLength(1);
    expect(summary.sentences[0]).toContain('48 hours & asked');
  });

  it('a page over the size cap, or a timeout, leaves the teaser', async () => {
    const summariser = createSummariser(config, { allowPrivateHosts: true });
    const huge = await summariser.summarise({ ...article(), key: 'huge', url: `${server.url}/huge` });
    expect(huge.sentences[0]).toContain('48 hours & asked');
    server.fault('GET /briefs/indus-flood-warning', { kind: 'delay', ms: 1_500 });
    const slow = await summariser.summarise({ ...article(), key: 'slow' });
    expect(slow.sentences[0]).toContain('48 hours & asked');
  });

  it('a full feed body is never replaced', async () => {
    const summariser = createSummariser(config, { allowPrivateHosts: true });
    const before = hits;
    const body = 'The Pakistan Meteorological Department issued a detailed warning on Monday. '.repeat(12);
    await summariser.summarise({ ...article(), key: 'full', text: body });
    expect(hits).toBe(before);
  });
});
