import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** A post's history on its card (#15): drafted → edited → approved → …, with who, and the network's pauses. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness();
  editor = await h.login('ed');
});
afterAll(async () => h.close());

const act = (url: string, fields: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url, headers: { cookie: editor.cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: editor.csrf, ...fields }).toString() });

describe('post history', () => {
  it('shows drafted, edited (old → new, by whom), approved by whom, and pauses of its network', async () => {
    const key = await h.seedArticle();
    const x = await h.seedPost(key, 'x', 'pending_approval', { text: 'Original draft https://news.example/h' });
    const fb = await h.seedPost(key, 'facebook', 'queued', { text: 'Facebook draft https://news.example/h' });
    expect((await act(`/posts/${fb}/edit`, { text: 'Facebook better https://news.example/h' })).json()).toMatchObject({ ok: true });
    expect((await act('/channels/facebook/pause')).statusCode).toBe(200);
    expect((await act('/channels/facebook/resume')).statusCode).toBe(200);
    expect((await act(`/posts/${x}/approve`, { text: 'Edited on approval https://news.example/h' })).json()).toMatchObject({ ok: true });
    const body = (await h.app.inject({ method: 'GET', url: `/articles/${key}`, headers: { cookie: editor.cookie } })).body;
    const fbHistory = /data-testid="history-facebook">([\s\S]*?)<\/details>/.exec(body)?.[1] ?? '';
    expect(fbHistory).toContain('drafted by test');
    expect(fbHistory).toMatch(/ed edited: “Facebook draft https:\/\/news.example\/h” → “Facebook better https:\/\/news.example\/h”<\/span> <span class="history-by">by ed/);
    expect(fbHistory).toContain('facebook paused by ed');
    expect(fbHistory).toContain('facebook resumed by ed');
    const xHistory = /data-testid="history-x">([\s\S]*?)<\/details>/.exec(body)?.[1] ?? '';
    expect(xHistory).toMatch(/edited and approved<\/span> <span class="history-by">by ed/);
    expect(xHistory.indexOf('drafted')).toBeLessThan(xHistory.indexOf('edited and approved'));
  });
});
