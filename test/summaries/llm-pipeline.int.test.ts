/**
 * End to end through the real pipeline (poller → summarise worker → dry-run publish, real Redis):
 * the LLM's variant is what gets posted when it passes the guardrails, the extractive summary
 * when it does not, and the ledger records which summariser produced each post and why not the LLM.
 */
import { HEADLINE_ONLY_NOTE } from '../../src/drafts/fit-draft.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleArticleText } from '../helpers/sample-article.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { rssXml } from '../helpers/feed-server.js';
import { startTestCrier } from '../helpers/pipeline.js';
import { OpenAiFake, type OpenAiStep } from '../fakes/openai-fake.js';

const TITLE = 'Pakistan, Turkiye reaffirm defence ties as Asim Munir hosts Turkish army chief';
const X_VARIANT = 'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu at General Headquarters in Rawalpindi.';
const MASTODON_VARIANT = 'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu in Rawalpindi. They discussed the regional security landscape.';

describe('LLM summaries through the pipeline', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function runWith(step: OpenAiStep) {
    const fake = await new OpenAiFake().start();
    cleanups.push(() => fake.stop());
    fake.script(step);
    const dir = await mkdtemp(path.join(tmpdir(), 'crier-llm-feed-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const feedFile = path.join(dir, 'feed.xml');
    const description = sampleArticleText().split('\n').filter(Boolean).map((p) => `<p>${p}</p>`).join('');
    await writeFile(feedFile, rssXml('SouthAsianDesk', [{ title: TITLE, link: 'https://southasiandesk.com/pakistan-turkiye-defence-ties', description, pubDate: new Date() }]));
    const crier = await startTestCrier({
      feeds: [{ id: 'desk', url: feedFile, intervalSeconds: 1, backfill: 5 }],
      networks: { x: { mode: 'dry-run' }, mastodon: { mode: 'dry-run' } },
      summariser: { kind: 'llm', baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 2_000, retries: 0 },
    }, { env: { LLM_API_KEY: 'sk-from-env' } });
    cleanups.push(() => crier.stop());
    await crier.waitFor('a post on both networks', async () => (await readOutbox(crier.outboxDir, 'x')).length === 1 && (await readOutbox(crier.outboxDir, 'mastodon')).length === 1);
    const [x] = await readOutbox(crier.outboxDir, 'x');
    const posts = await crier.running.ctx.posts.listForArticle(x?.articleKey ?? '');
    return { fake, x, posts, mastodon: (await readOutbox(crier.outboxDir, 'mastodon'))[0] };
  }

  it('a good answer: the variants are posted and the ledger says llm:<model>', async () => {
    const { fake, x, mastodon, posts } = await runWith({ kind: 'variants', variants: { x: X_VARIANT, mastodon: MASTODON_VARIANT } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-from-env');
    expect(x?.text).toContain(X_VARIANT);
    expect(mastodon?.text).toContain(MASTODON_VARIANT);
    expect(posts.map((p) => [p.channel, p.summariser, p.summaryNote])).toEqual([
      ['mastodon', 'llm:fake-model', undefined],
      ['x', 'llm:fake-model', undefined],
    ]);
  });

  it('an invented number: the extractive summary is posted and the ledger says why', async () => {
    const { x, posts } = await runWith({ kind: 'variants', variants: { x: 'Around 3000 officers met in Rawalpindi.', mastodon: MASTODON_VARIANT } });
    expect(x?.text).not.toContain('3000');
    for (const p of posts) {
      expect(p.summariser).toBe('extractive');
      // The extractive lede does not fit X whole beside the headline, so X posts headline + link and says so (#14).
      expect(p.summaryNote).toBe(
        p.channel === 'x' ? `llm: x variant has a number the article lacks (3000); ${HEADLINE_ONLY_NOTE}` : 'llm: x variant has a number the article lacks (3000)',
      );
    }
  });

  it('malformed JSON: extractive, with the reason on every post', async () => {
    const { posts } = await runWith({ kind: 'content', content: 'Here you go: x = "Asim Munir…"' });
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(p.summaryNote).toMatch(/^llm: LLM answer is not the JSON object asked for/);
  });
});
