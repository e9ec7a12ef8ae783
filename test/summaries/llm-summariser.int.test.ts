import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleArticle } from '../helpers/sample-article.js';
import type { Article } from '../../src/articles/article.js';
import { parseConfig, type ChannelConfig } from '../../src/config/load-config.js';
import { summariserSchema } from '../../src/config/schema.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createSummariser } from '../../src/summaries/create-summariser.js';
import { memoryLlmStore } from '../../src/summaries/llm/llm-store.js';
import type { Summary } from '../../src/summaries/summary.js';
import { summaryNetworks } from '../../workers/context.js';
import { draftForChannel } from '../../workers/drafting.js';
import { OpenAiFake, type OpenAiStep } from '../fakes/openai-fake.js';


const article: Article = sampleArticle('llm-sample');

const config = parseConfig({
  feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }],
  networks: { x: { mode: 'dry-run' }, bluesky: { mode: 'dry-run' }, mastodon: { mode: 'dry-run' }, facebook: { mode: 'dry-run', hashtags: { extra: ['SouthAsianDesk'] } } },
}, { networks: networkRegistry });

/** Variants a careful model would write: only words and numbers from the article, each within its room. */
const GOOD: Record<string, string> = {
  x: 'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu at General Headquarters in Rawalpindi.',
  bluesky: 'Asim Munir hosted Selcuk Bayraktaroglu in Rawalpindi.',
  mastodon: 'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu in Rawalpindi on 30 January. They discussed the regional security landscape.',
  facebook:
    // Two sentences: Facebook's budget (#14); a third would be a reprint and fails the guardrails.
    'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu, Chief of the Turkish General Staff, in Rawalpindi. Since 2000, around 1500 Pakistani officers have trained in Turkiye.',
};

const TOO_LONG_X = `${GOOD.facebook} ${GOOD.mastodon}`;

describe('LLM summariser against a fake OpenAI-compatible server', () => {
  const fake = new OpenAiFake();
  beforeAll(async () => void (await fake.start()));
  afterAll(() => fake.stop());

  async function run(steps: OpenAiStep[], over: Record<string, unknown> = {}, store = memoryLlmStore()) {
    fake.script(...steps);
    const before = fake.requests.length;
    const summariser = createSummariser(summariserSchema.parse({ kind: 'llm', baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 2_000, retries: 2, ...over }), {
      networks: summaryNetworks(config),
      extraHashtags: ['SouthAsianDesk'],
      publicationName: 'SouthAsianDesk',
      apiKey: 'sk-test-secret',
      retryBaseMs: 10,
      llmStore: store,
    });
    const summary = await summariser.summarise(article);
    const drafts = Object.fromEntries(config.channels.map((c: ChannelConfig) => [c.network, draftForChannel(networkRegistry[c.network]!, article, summary, c)]));
    return { summary, drafts, requests: fake.requests.length - before, store, summariser };
  }

  function expectFallback(summary: Summary, reason: RegExp, drafts: Record<string, { text: string; length: number; limit: number }>) {
    expect(summary.producedBy).toBe('extractive');
    expect(summary.fallbackReason).toMatch(reason);
    expect(summary.variants).toBeUndefined();
    // The extractive lede is what gets posted (the story's first line restates the headline, so the next one, #14).
    expect(drafts.facebook?.text).toContain('hosted General Selcuk Bayraktaroglu');
    for (const d of Object.values(drafts)) expect(d.length).toBeLessThanOrEqual(d.limit);
  }

  it('good: every network gets its variant, in one request, with the key sent as a bearer token', async () => {
    const { summary, drafts, requests } = await run([{ kind: 'variants', variants: GOOD }]);
    expect(requests).toBe(1);
    expect(summary.producedBy).toBe('llm:fake-model');
    expect(summary.fallbackReason).toBeUndefined();
    for (const net of ['x', 'bluesky', 'mastodon', 'facebook']) {
      expect(drafts[net]?.text).toContain(GOOD[net]);
      expect(drafts[net]?.length).toBeLessThanOrEqual(drafts[net]?.limit ?? 0);
    }
    const request = fake.requests.at(-1);
    expect(request?.headers.authorization).toBe('Bearer sk-test-secret');
    const body = request?.json as { model: string; messages: Array<{ content: string }> };
    expect(body.model).toBe('fake-model');
    expect(body.messages[0]?.content).toContain('"x":"<summary, at most');
    expect(body.messages[1]?.content).toContain('Selcuk Bayraktaroglu');
  });

  it('a job retry reuses the stored outcome and never pays twice', async () => {
    const store = memoryLlmStore();
    const first = await run([{ kind: 'variants', variants: GOOD }], {}, store);
    const again = await first.summariser.summarise(article);
    const before = fake.requests.length;
    await first.summariser.summarise(article);
    expect(fake.requests.length).toBe(before);
    expect(again.variants).toEqual(first.summary.variants);
  });

  it('too long: one re-ask with the overflow, then the shortened answer is used', async () => {
    const { summary, drafts, requests } = await run([
      { kind: 'variants', variants: { ...GOOD, x: TOO_LONG_X } },
      { kind: 'variants', variants: { x: GOOD.x ?? '' } },
    ]);
    expect(requests).toBe(2);
    const reask = fake.requests.at(-1)?.json as { messages: Array<{ role: string; content: string }> };
    expect(reask.messages.at(-1)?.content).toMatch(/x: \d+ characters, must be at most \d+/);
    expect(summary.producedBy).toBe('llm:fake-model');
    expect(drafts.x?.text).toContain(GOOD.x);
  });

  it('too long twice: falls back to extractive and says why', async () => {
    const { summary, drafts, requests } = await run([
      { kind: 'variants', variants: { ...GOOD, x: TOO_LONG_X } },
      { kind: 'variants', variants: { x: TOO_LONG_X } },
    ]);
    expect(requests).toBe(2);
    expectFallback(summary, /^llm: x variant too long \(\d+ > \d+\) after one re-ask$/, drafts);
  });

  it('an invented number: falls back', async () => {
    const { summary, drafts } = await run([{ kind: 'variants', variants: { ...GOOD, mastodon: 'Around 3000 Pakistani officers have trained in Turkiye.' } }]);
    expectFallback(summary, /mastodon variant has a number the article lacks \(3000\)/, drafts);
  });

  it('an invented name: falls back', async () => {
    const { summary, drafts } = await run([{ kind: 'variants', variants: { ...GOOD, x: 'President Erdogan praised Asim Munir in Rawalpindi.' } }]);
    expectFallback(summary, /x variant names something the article does not \(President, Erdogan\)/, drafts);
  });

  it('an invented hashtag: falls back; a configured one is allowed', async () => {
    const bad = await run([{ kind: 'variants', variants: { ...GOOD, bluesky: 'Asim Munir hosted Selcuk Bayraktaroglu. #Breaking' } }]);
    expectFallback(bad.summary, /bluesky variant adds a hashtag \(#Breaking\)/, bad.drafts);
    const ok = await run([{ kind: 'variants', variants: { ...GOOD, bluesky: 'Asim Munir hosted Selcuk Bayraktaroglu. #SouthAsianDesk' } }]);
    expect(ok.summary.fallbackReason).toBeUndefined();
    expect(ok.summary.producedBy).toBe('llm:fake-model');
  });

  it('a link or mention the article lacks: falls back', async () => {
    const { summary, drafts } = await run([{ kind: 'variants', variants: { ...GOOD, x: 'Asim Munir hosted Selcuk Bayraktaroglu, says @ISPR.' } }]);
    expectFallback(summary, /x variant adds a mention \(@ISPR\)/, drafts);
  });

  it('wrong language: falls back', async () => {
    const urdu = 'فیلڈ مارشل عاصم منیر نے راولپنڈی میں ترک فوج کے سربراہ سے ملاقات کی اور دفاعی تعاون پر بات کی۔';
    const { summary, drafts } = await run([{ kind: 'variants', variants: { ...GOOD, mastodon: urdu } }]);
    expectFallback(summary, /mastodon variant is in another language \(ur, article en\)/, drafts);
  });

  it('malformed JSON: falls back', async () => {
    const { summary, drafts } = await run([{ kind: 'content', content: 'Sure! {"x": "Asim Munir hosted' }]);
    expectFallback(summary, /not the JSON object asked for/, drafts);
  });

  it('a fenced JSON answer is accepted; a missing network is not', async () => {
    const fenced = await run([{ kind: 'content', content: '```json\n' + JSON.stringify(GOOD) + '\n```' }]);
    expect(fenced.summary.producedBy).toBe('llm:fake-model');
    const { x: _x, ...withoutX } = GOOD;
    const missing = await run([{ kind: 'variants', variants: withoutX }]);
    expectFallback(missing.summary, /no x variant in the answer/, missing.drafts);
  });

  it('429: waits Retry-After and retries; a persistent 429 falls back', async () => {
    const recovered = await run([{ kind: 'status', status: 429, retryAfterSeconds: 0 }, { kind: 'variants', variants: GOOD }]);
    expect(recovered.requests).toBe(2);
    expect(recovered.summary.producedBy).toBe('llm:fake-model');
    const limited = await run([
      { kind: 'status', status: 429, retryAfterSeconds: 0 },
      { kind: 'status', status: 429, retryAfterSeconds: 0 },
      { kind: 'status', status: 503 },
    ]);
    expect(limited.requests).toBe(3);
    expectFallback(limited.summary, /LLM answered HTTP 503/, limited.drafts);
  });

  it('401 is not retried', async () => {
    const { summary, drafts, requests } = await run([{ kind: 'status', status: 401, message: 'Incorrect API key provided' }]);
    expect(requests).toBe(1);
    expectFallback(summary, /HTTP 401: Incorrect API key provided/, drafts);
    expect(summary.fallbackReason).not.toContain('sk-test-secret');
  });

  it('timeout: gives up after timeoutMs without retrying (the work may be billed)', async () => {
    // The fake never answers: only the client's own abort ends this (the test timeout is the backstop).
    const abandonedBefore = fake.abandoned.length;
    const { summary, drafts, requests } = await run([{ kind: 'hang' }], { timeoutMs: 300 });
    expect(requests).toBe(1);
    await vi.waitFor(() => expect(fake.abandoned.length - abandonedBefore).toBe(1)); // the fake saw the connection closed
    expectFallback(summary, /timed out after 300 ms/, drafts);
  });

  it('daily spend cap: once spent, no request is made', async () => {
    const store = memoryLlmStore();
    const pricing = { inputPerMillionTokensUsd: 5, outputPerMillionTokensUsd: 15 };
    const first = await run([{ kind: 'variants', variants: GOOD }], { dailyBudgetUsd: 0.005, pricing }, store);
    expect(first.summary.producedBy).toBe('llm:fake-model');
    // 1000 prompt tokens × $5/M + 200 completion tokens × $15/M = $0.008
    expect(store.spent).toBeCloseTo(0.008, 6);
    const next = await run([], { dailyBudgetUsd: 0.005, pricing }, store);
    const second = await next.summariser.summarise({ ...article, key: 'another-story' });
    expect(next.requests).toBe(0);
    expect(second.fallbackReason).toMatch(/daily LLM budget spent/);
  });
});

describe('summariser config', () => {
  it('kind: llm needs baseUrl and model; a key in the file is refused; the key comes from the environment only', () => {
    expect(() => parseConfig({ feeds: [{ id: 'd', url: 'f.xml' }], summariser: { kind: 'llm' } })).toThrow(/summariser\.baseUrl.*\n.*summariser\.model|summariser\.model/s);
    expect(() => parseConfig({ feeds: [{ id: 'd', url: 'f.xml' }], summariser: { kind: 'llm', baseUrl: 'http://127.0.0.1:1/v1', model: 'm', apiKey: 'sk-x' } })).toThrow(/LLM_API_KEY/);
    const config = parseConfig({ feeds: [{ id: 'd', url: 'f.xml' }], summariser: { kind: 'llm', baseUrl: 'http://127.0.0.1:1/v1', model: 'm' } }, { env: { LLM_API_KEY: 'sk-secret' } });
    expect(config.llmApiKey).toBe('sk-secret');
    expect(JSON.stringify(config)).not.toContain('sk-secret');
    expect(parseConfig({ feeds: [{ id: 'd', url: 'f.xml' }] }).summariser.kind).toBe('extractive');
  });
});
