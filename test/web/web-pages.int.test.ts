import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleQueueDepth } from '../../src/web/queue-history.js';
import { startWeb } from '../../workers/web.js';
import { SESSION_SECRET, startWebHarness, type WebHarness } from './web-harness.js';

/** What the pages show: escaping, filters, feed health, ops charts, metrics, probes, live events. */
const XSS = '<img src=x onerror=alert(1)>';
let h: WebHarness;
let cookie: string;
beforeAll(async () => {
  h = await startWebHarness();
  cookie = (await h.login('ed')).cookie;
});
afterAll(async () => h.close());

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie } });

describe('escaping feed-derived text', () => {
  it('renders a hostile headline and error as text on every page and fragment', async () => {
    const article = await h.seedArticle({ title: `${XSS} Storm hits coast` });
    const postId = await h.seedPost(article, 'facebook', 'failed', { lastError: `rejected: ${XSS}` });
    await h.seedPost(article, 'x', 'pending_approval', { text: `${XSS} https://news.com/a` });
    await h.ctx.feedStates.recordFailure('metro', { lastOutcome: 'parse-error', lastError: `bad XML near ${XSS}`, lastStatus: 200 }, { baseMs: 1000, maxMs: 1000 });
    for (const url of ['/', `/articles/${article}`, `/fragments/article/${article}`, `/fragments/post-status/${postId}`, '/feeds', `/?q=${encodeURIComponent('<img')}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      // The desk's own previews have <img> tags; the feed's never becomes one.
      expect(res.body, url).not.toContain('<img src=x');
      expect(res.body, url).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('never links a javascript: URL', async () => {
    const article = await h.seedArticle();
    await h.ctx.redis.hset(`${h.prefix}:crier:article:${article}`, 'data', JSON.stringify({ ...(await h.ctx.articles.get(article))?.article, url: 'javascript:alert(1)' }));
    const res = await get(`/articles/${article}`);
    expect(res.body).not.toContain('javascript:');
  });
});

describe('desk list and filters', () => {
  it('lists newest first and filters by feed, network, state, text and date', async () => {
    const older = await h.seedArticle({ title: 'Older metro story', feedId: 'metro' });
    await h.seedPost(older, 'x', 'pending_approval');
    const newer = await h.seedArticle({ title: 'Newer sport story', feedId: 'sport' });
    await h.seedPost(newer, 'facebook', 'failed', { lastError: 'HTTP 500' });
    const desk = (await get('/')).body;
    expect(desk.indexOf('Newer sport story')).toBeLessThan(desk.indexOf('Older metro story'));
    expect(desk).toMatch(/data-channel="x" data-state="pending_approval"/);

    const has = async (query: string) => {
      const body = (await get(`/?${query}`)).body;
      return { older: body.includes('Older metro story'), newer: body.includes('Newer sport story') };
    };
    expect(await has('feed=sport')).toEqual({ older: false, newer: true });
    expect(await has('network=x&state=pending_approval')).toEqual({ older: true, newer: false });
    expect(await has('state=failed&network=facebook')).toMatchObject({ older: false, newer: true });
    expect(await has('q=OLDER+METRO')).toEqual({ older: true, newer: false });
    const today = new Date().toISOString().slice(0, 10);
    expect(await has(`from=${today}&to=${today}`)).toEqual({ older: true, newer: true });
    expect(await has('to=2001-01-01')).toEqual({ older: false, newer: false });
    // Fragments honour the same filter (live updates never add rows the filter excludes).
    expect((await get(`/fragments/article/${older}?feed=sport`)).statusCode).toBe(204);
    expect((await get(`/fragments/article/${newer}?feed=sport`)).statusCode).toBe(200);
  });

  it('shows the approval countdown and a link to the live post', async () => {
    const article = await h.seedArticle();
    const deadline = new Date(Date.now() + 25 * 60_000).toISOString();
    await h.seedPost(article, 'x', 'pending_approval', { autoApproveAt: deadline });
    const fb = await h.seedPost(article, 'facebook', 'queued');
    const token = 'lease-1';
    await h.ctx.posts.claim(fb, token, 10_000);
    await h.ctx.posts.markPosted(fb, token, { remoteId: '123', remoteUrl: 'https://facebook.com/123', confirmed: true });
    const row = (await get(`/fragments/article/${article}`)).body;
    expect(row).toContain(`data-countdown="${deadline}"`);
    expect(row).toContain('auto-approves in 25m');
    expect(row).toContain('href="https://facebook.com/123"');
  });
});

describe('feed health and ops pages', () => {
  it('shows per-feed status, failures and a poll button', async () => {
    await h.ctx.feedStates.recordSuccess('sport', { lastFetchAt: new Date().toISOString(), lastStatus: 200, lastOutcome: 'ok', itemsInFeed: 42, newItems: 3, lastDurationMs: 87 });
    const body = (await get('/feeds')).body;
    expect(body).toMatch(/id="feed-sport"[\s\S]*?<td class="mono"[^>]*>200<\/td>[\s\S]*?<td class="num"[^>]*>42<\/td>[\s\S]*?<td class="num"[^>]*>3<\/td>/);
    expect(body).toContain('data-testid="poll-sport"');
    expect(body).toMatch(/id="feed-metro" class="row-bad"/);
  });

  it('shows why the network made a channel wait, on the desk and the ops page, until the wait is over', async () => {
    const { cookie } = await h.login('vi');
    const reason = 'facebook: temporarily blocked for policy violations (code 368)';
    await h.ctx.control.setWaiting('facebook', reason, Date.now() + 3 * 3_600_000);
    await h.ctx.publishQueue('facebook').rateLimit(3 * 3_600_000);
    const desk = (await h.app.inject({ method: 'GET', url: '/', headers: { cookie } })).body;
    expect(desk).toMatch(/<span class="net-wait" title="facebook: temporarily blocked for policy violations \(code 368\)">.*network says wait, resumes in 3h/s);
    const ops = (await h.app.inject({ method: 'GET', url: '/ops', headers: { cookie } })).body;
    expect(ops).toContain('rate-limited 10800s');
    expect(ops).toContain(reason);
    // Over: nothing is shown any more.
    await h.ctx.control.setWaiting('facebook', reason, Date.now() - 1_000);
    await h.ctx.publishQueue('facebook').removeRateLimitKey();
    expect((await h.app.inject({ method: 'GET', url: '/', headers: { cookie } })).body).not.toContain('net-wait');
  });

  it('draws posts per hour, latency and queue depth from Redis', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'queued');
    await h.ctx.posts.claim(postId, 't', 10_000);
    await h.ctx.posts.markPosted(postId, 't', { confirmed: true });
    const now = Date.now();
    expect(await sampleQueueDepth(h.ctx, now - 120_000)).toBe(true);
    expect(await sampleQueueDepth(h.ctx, now - 120_000)).toBe(false);
    expect(await sampleQueueDepth(h.ctx, now - 60_000)).toBe(true);
    const body = (await get('/ops')).body;
    expect(body).toContain('<svg class="chart"');
    expect(body).toMatch(/<title>x: \d+ \(/);
    expect(body).toContain('<polyline');
    expect(body).toContain('publish.x');
    expect(body).toMatch(/<div class="stat-value">[1-9]\d*<\/div><div class="stat-label">posted, last 24 h/);
  });
});

describe('metrics and probes', () => {
  it('exports queue, post, latency, feed, rate-limit and Redis metrics without double counting', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'facebook', 'queued');
    await h.ctx.posts.claim(postId, 't', 10_000);
    await h.ctx.posts.markPosted(postId, 't', { confirmed: true });
    await h.ctx.events.emit({ type: 'feed', feedId: 'metro', outcome: 'ok', status: 200, durationMs: 340 });
    await h.ctx.events.emit({ type: 'channel', channel: 'x', action: 'rate-limited', untilMs: Date.now() + 1000 });
    const scrape = async () => (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    const first = await scrape();
    const value = (body: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"()]/g, '\\$&')} (\\S+)$`, 'm').exec(body)?.[1]);
    expect(value(first, 'crier_posts_total{channel="facebook",network="facebook",outcome="posted"}')).toBeGreaterThanOrEqual(1);
    expect(value(first, 'crier_publish_latency_seconds_count{channel="facebook",network="facebook",since="discovered"}')).toBeGreaterThanOrEqual(1);
    expect(value(first, 'crier_publish_latency_seconds_bucket{le="300",channel="facebook",network="facebook",since="published"}')).toBeGreaterThanOrEqual(1);
    expect(value(first, 'crier_feed_fetch_duration_seconds_count{feed="metro"}')).toBe(1);
    expect(value(first, 'crier_feed_fetches_total{feed="metro",outcome="ok",status="200"}')).toBe(1);
    expect(value(first, 'crier_rate_limit_waits_total{channel="x",network="x"}')).toBe(1);
    expect(value(first, 'crier_redis_used_memory_bytes')).toBeGreaterThan(0);
    expect(first).toMatch(/^crier_queue_jobs\{queue="publish.facebook",state="waiting"\} \d+$/m);
    expect(first).toMatch(/^crier_channel_paused\{channel="x",network="x"\} 0$/m);
    const posted = value(first, 'crier_posts_total{channel="facebook",network="facebook",outcome="posted"}');
    const second = await scrape();
    expect(value(second, 'crier_posts_total{channel="facebook",network="facebook",outcome="posted"}')).toBe(posted);
    expect(value(second, 'crier_feed_fetch_duration_seconds_count{feed="metro"}')).toBe(1);
  });

  it('exports every metric the Grafana dashboard reads', async () => {
    const { readFile } = await import('node:fs/promises');
    const dashboard = JSON.parse(await readFile('config/grafana-dashboard.json', 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    const used = new Set(exprs.flatMap((e) => e.match(/crier_[a-z_]+/g) ?? []).map((m) => m.replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThan(10);
    const body = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const metric of used) expect(body, metric).toContain(`# TYPE ${metric} `);
  });

  it('reports readiness from Redis and the workers callback', async () => {
    let running = false;
    const probe = await startWebHarness({}, { workersRunning: () => running });
    try {
      const down = await probe.app.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: 'not ready', redis: true, workers: false });
      running = true;
      expect((await probe.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', redis: true, workers: true });
    } finally {
      await probe.close();
    }
  });
});

describe('queue board', () => {
  it('serves every Crier queue and returns job data as JSON, never as HTML', async () => {
    await h.ctx.publishQueue('x').add('publish', { postId: 'zz.x', articleKey: 'zz', channel: `x${XSS}` } as never, { jobId: 'xss-job' });
    const queues = await get('/ops/queues/api/queues?activeQueue=publish.x&status=waiting&page=1');
    expect(queues.statusCode).toBe(200);
    expect(queues.headers['content-type']).toMatch(/^application\/json/);
    const names = (queues.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['poll', 'publish.facebook', 'publish.x', 'summarise']);
    expect(queues.body).toContain('onerror');
    const board = await get('/ops/queues');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('<base href="/ops/queues/"');
  });
});

describe('live events', () => {
  it('streams new events to a connected desk over SSE', async () => {
    const web = await startWeb(h.ctx, { port: 0, host: '127.0.0.1', sessionSecret: SESSION_SECRET, sampleQueues: false });
    const controller = new AbortController();
    try {
      const res = await fetch(`${web.url}/events`, { headers: { cookie }, signal: controller.signal });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      // The server writes its first chunk ("retry: …") and subscribes in the same tick, and the hub's
      // starting-point read goes out on the same Redis connection the seed uses: once that chunk is
      // here, an event seeded now must come live. Wait for it, never a sleep.
      while (!text.includes('retry:')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the event stream ended before its first chunk: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
      const article = await h.seedArticle({ title: 'Live one' });
      const deadline = Date.now() + 5_000;
      while (!text.includes(article) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      expect(text).toMatch(new RegExp(`id: \\d+-\\d+\\ndata: \\{"type":"article","articleKey":"${article}"`));

      // A page rendered before an event connects with ?from=<id it was rendered at> and still gets it.
      const renderedAt = (await h.ctx.redis.xrevrange(h.ctx.events.key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
      const missed = await h.seedArticle({ title: 'Arrived while the page loaded' });
      const late = await fetch(`${web.url}/events?from=${renderedAt}`, { headers: { cookie }, signal: controller.signal });
      const lateReader = late.body!.getReader();
      let lateText = '';
      while (!lateText.includes(missed) && Date.now() < deadline + 5_000) {
        const { value, done } = await lateReader.read();
        if (done) break;
        lateText += decoder.decode(value);
      }
      expect(lateText).toContain(`"articleKey":"${missed}"`);
      expect(lateText).not.toContain(`"articleKey":"${article}"`);
    } finally {
      controller.abort();
      await web.close();
    }
  });
});

describe('a network that posts a different text than the draft', () => {
  it('shows the editor Bluesky\'s version (short link) under the draft', async () => {
    const b = await startWebHarness({ networks: { bluesky: {}, facebook: {} } });
    try {
      const { cookie: c } = await b.login('vi');
      const article = await b.seedArticle();
      const long = `https://news.example/${article}/a-long-story-slug-that-goes-on?utm_source=bluesky&utm_medium=social`;
      await b.seedPost(article, 'bluesky', 'queued', { text: `Council approves the bridge ${long}` });
      await b.seedPost(article, 'facebook', 'queued');
      const body = (await b.app.inject({ method: 'GET', url: `/articles/${article}`, headers: { cookie: c } })).body;
      // The preview draws the text Bluesky gets (short link); the draft in the edit box keeps the full link.
      const shown = /data-testid="preview-bluesky"[\s\S]*?<div class="pv-text" dir="auto">([^<]*)</.exec(body)?.[1];
      expect(shown).toBe(`Council approves the bridge news.example/${article.slice(0, 16)}…`);
      expect(body).toContain(long.replace(/&/g, '&amp;'));
    } finally {
      await b.close();
    }
  });
});
