import type { ChannelQueue } from '../queue-data.js';
import { html, timeTag, type Html } from '../html.js';
import { postChip } from './components.js';

/** One channel's queue, like Buffer's: the posts that go out next, in order, each with when and why. */
export function queueContent(q: ChannelQueue, titles: ReadonlyMap<string, string>, timeZone: string): Html {
  const hold = q.facts.attention ? `halted: ${q.facts.attention}` : q.facts.paused ? 'paused: nothing goes out until it is resumed' : undefined;
  const row = (e: ChannelQueue['queued'][number], n: number | undefined) => html`<li class="queue-item" data-post-id="${e.post.postId}" data-wait="${e.wait.kind}">
      ${n !== undefined ? html`<span class="queue-pos">${n}</span>` : ''}
      <div class="queue-main">
        <a class="headline" dir="auto" href="/articles/${e.post.articleKey}#post-${e.post.channel}">${titles.get(e.post.articleKey) ?? e.post.articleKey}</a>
        <div class="meta"><span class="queue-eta" data-testid="eta-${e.post.postId}">${e.wait.etaMs !== undefined ? timeTag(new Date(e.wait.etaMs).toISOString(), timeZone) : html`<span>no time yet</span>`}</span></div>
        <div class="queue-chip">${postChip(e.post.channel, e.post, { link: false, wait: e.wait })}</div>
      </div>
    </li>`;
  return html`<div class="page-head">
      <div><a class="back" href="/">← Desk</a><h1>${q.channelId}: queue</h1></div>
      <div class="page-stats"><span class="pill">${q.queued.length} queued</span><span class="pill${q.pending.length ? ' pill-warn' : ''}">${q.pending.length} awaiting approval</span>${hold ? html`<span class="pill pill-bad">${hold}</span>` : ''}</div>
    </div>
    <section class="card"><h2>Up next, in order</h2>
      ${q.queued.length ? html`<ol class="queue-list" data-testid="queue-list">${q.queued.map((e, i) => row(e, i + 1))}</ol>` : html`<p class="muted">Nothing queued on ${q.channelId}.</p>`}
    </section>
    ${q.pending.length ? html`<section class="card queue-pending"><h2>Awaiting approval</h2><ol class="queue-list">${q.pending.map((e) => row(e, undefined))}</ol></section>` : ''}`;
}
