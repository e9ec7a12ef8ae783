import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerKeys } from '../../src/ledger/keys.js';
import { outboxFile } from '../../src/publishers/dry-run/outbox-publisher.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** Issue #15: every waiting post says when and why; honest dry-run and paused states. */
let h: WebHarness;
let outbox: string;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-waits-'));
  h = await startWebHarness({ outbox: { dir: outbox }, networks: { x: { approval: 'manual', autoApproveAfterMinutes: 30 }, facebook: { spacingSeconds: 600 }, mastodon: {} } });
  editor = await h.login('ed');
  viewer = await h.login('vi');
});
afterAll(async () => {
  await h.close();
  await rm(outbox, { recursive: true, force: true });
});

const get = (url: string, who = editor) => h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const post = (url: string, who = editor) =>
  h.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf }).toString() });

describe('when and why a post waits', () => {
  it('lists a channel queue in order with each post place and time, on the queue view and the desk', async () => {
    await h.ctx.redis.set(ledgerKeys(h.prefix).channelNextSlot('facebook'), String(Date.now() + 5 * 60_000));
    const keys: string[] = [];
    // Newest story first (editorial.drainOrder's default): the last one made is first in line.
    for (const title of ['Third in line', 'Second in line', 'First in line']) {
      const k = await h.seedArticle({ title });
      await h.seedPost(k, 'facebook', 'queued');
      keys.unshift(k);
    }
    const page = (await get('/queue/facebook')).body;
    expect(page.indexOf('First in line')).toBeLessThan(page.indexOf('Second in line'));
    expect(page.indexOf('Second in line')).toBeLessThan(page.indexOf('Third in line'));
    // An ETA on another day than today carries its date ("29 Nov 00:02"): a run just before midnight sees one.
    expect(page).toMatch(/next on facebook at (\d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d, 3rd in line/);
    expect(page).toContain(`data-testid="eta-${keys[2]}.facebook"`);
    const desk = (await get('/')).body;
    expect(desk).toMatch(/data-wait="spacing">next on facebook at (\d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d, 2nd in line/);
    expect((await get('/queue/nope')).statusCode).toBe(404);
    expect((await get('/queue/facebook', viewer)).statusCode).toBe(200);
  });

  it('says a halted channel holds its posts, instead of their last retry error', async () => {
    const k = await h.seedArticle({ title: 'Halted story' });
    await h.seedPost(k, 'mastodon', 'queued', { lastError: 'Mastodon 502 Bad Gateway' });
    expect((await get('/')).body).toContain('retrying: Mastodon 502 Bad Gateway');
    await h.ctx.control.setPaused('mastodon', 'halted: 401', 'access token revoked — replace MASTODON_ACCESS_TOKEN, then Resume');
    const desk = (await get('/')).body;
    expect(desk).toContain('held: channel halted — access token revoked — replace MASTODON_ACCESS_TOKEN, then Resume');
    expect(desk).not.toContain('>retrying: Mastodon 502');
    expect((await get(`/articles/${k}`)).body).toContain('held: channel halted');
    await h.ctx.control.clearPaused('mastodon');
  });

  it('says when a held post auto-posts', async () => {
    const k = await h.seedArticle();
    await h.seedPost(k, 'x', 'pending_approval', { autoApproveAt: new Date(Date.now() + 20 * 60_000).toISOString() });
    expect((await get(`/articles/${k}`)).body).toMatch(/waiting for approval, auto-posts at (\d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d/);
  });
});

describe('honest states', () => {
  it('marks a dry-run post "would have posted" and shows its outbox line', async () => {
    const k = await h.seedArticle({ title: 'Dry story' });
    const postId = await h.seedPost(k, 'x', 'queued');
    expect(await h.ctx.posts.claim(postId, 'tok', 60_000)).toBe('claimed');
    const file = outboxFile(outbox, 'x');
    await writeFile(file, `${JSON.stringify({ postId, articleKey: k, channel: 'x', network: 'x', text: 'what would have gone out', url: '', title: '', imageUrl: null, length: 24, limit: 280 })}\n`);
    await h.ctx.posts.markPosted(postId, 'tok', { remoteId: postId, remoteUrl: `file://${file}#${postId}`, confirmed: true });
    const desk = (await get('/')).body;
    expect(desk).toMatch(new RegExp(`data-channel="x" data-state="posted"><span class="chip-net">x</span><span class="chip-state">would have posted</span><span class="badge-dry"`));
    expect(desk).toContain(`href="/posts/${postId}/outbox"`);
    expect((await get(`/articles/${k}`)).body).not.toContain('open the live post');
    const line = await get(`/posts/${postId}/outbox`);
    expect(line.statusCode).toBe(200);
    expect(JSON.parse(line.body)).toMatchObject({ postId, text: 'what would have gone out' });
    expect((await get(`/posts/${k}.facebook/outbox`)).statusCode).toBe(404);
  });

  it('"Post now" on a paused network says it goes out on resume', async () => {
    const k = await h.seedArticle();
    const postId = await h.seedPost(k, 'mastodon', 'queued');
    expect((await post('/channels/mastodon/pause')).statusCode).toBe(200);
    const res = await post(`/posts/${postId}/post-now`);
    expect(res.json()).toMatchObject({ ok: true, message: 'mastodon is paused: this post goes out first when it is resumed' });
    expect((await get(`/articles/${k}`)).body).toContain('Post first on resume');
    expect((await post(`/posts/${postId}/post-now`, viewer)).statusCode).toBe(403);
    await post('/channels/mastodon/resume');
  });
});

describe('needs attention', () => {
  it('names a halted channel with its fix and a failing feed with since when, on every page, and turns the Ops tiles red', async () => {
    await h.ctx.control.setPaused('mastodon', 'halted', 'Mastodon 401: The access token was revoked');
    await h.ctx.feedStates.recordSuccess('metro', { lastFetchAt: '2026-11-20T10:00:00Z', lastSuccessAt: '2026-11-20T10:00:00Z', lastOutcome: 'ok', lastStatus: 200 });
    await h.ctx.feedStates.recordFailure('metro', { lastFetchAt: new Date().toISOString(), lastOutcome: 'http-error', lastStatus: 503, lastError: 'HTTP 503 Service Unavailable' }, { baseMs: 1000, maxMs: 2000 });
    for (const url of ['/', '/feeds', '/ops', '/queue/facebook']) {
      const body = (await get(url)).body;
      expect(body, url).toContain('data-testid="attention"');
      expect(body, url).toContain('halted: Mastodon 401: The access token was revoked — replace MASTODON_ACCESS_TOKEN, then Resume');
      // Down since the first failure of the run (now), not since the last success.
      expect(body, url).toMatch(/Feed Metro Desk: down since \d\d:\d\d \(last success 20 Nov 10:00\), 1 failure in a row: HTTP 503 Service Unavailable/);
    }
    const ops = (await get('/ops')).body;
    expect(ops).toMatch(/<div class="stat bad"><div class="stat-value">1<\/div><div class="stat-label">channels halted/);
    expect(ops).toMatch(/<div class="stat bad"><div class="stat-value">1<\/div><div class="stat-label">feeds failing/);
    await h.ctx.control.clearPaused('mastodon');
    await h.ctx.feedStates.recordSuccess('metro', { lastFetchAt: new Date().toISOString(), lastSuccessAt: new Date().toISOString(), lastOutcome: 'ok', lastStatus: 200, consecutiveFailures: 0 });
    expect((await get('/ops')).body).toMatch(/<div class="stat good"><div class="stat-value">0<\/div><div class="stat-label">channels halted/);
  });
});
