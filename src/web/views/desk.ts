import type { Config } from '../../config/load-config.js';
import type { WaitReason } from '../../editorial/wait-reason.js';
import { filterQuery, POST_STATES, type ArticleRow, type DeskFilter } from '../desk-data.js';
import { html, timeTag, type Html } from '../html.js';
import { postChip, STATE_LABELS } from './components.js';

/** The desk: a filter bar and the live list of articles, newest first. */
export function articleRow(row: ArticleRow, timeZone: string, waits?: ReadonlyMap<string, WaitReason>): Html {
  const { article, skipReason } = row.record;
  const byChannel = new Map(row.posts.map((p) => [p.channel, p]));
  return html`<article class="row" id="a-${article.key}" data-key="${article.key}">
    <div class="row-main">
      <a class="headline" dir="auto" href="/articles/${article.key}">${article.title}</a>
      <div class="meta">
        <span class="feed-tag" dir="auto">${row.feedTitle}</span>
        <span title="published">Published ${timeTag(article.publishedAt, timeZone)}</span>
        <span title="discovered">Seen ${timeTag(article.discoveredAt, timeZone)}</span>
        ${skipReason ? html`<span class="chip chip-skipped">not posted: ${skipReason}</span>` : ''}
      </div>
    </div>
    <div class="row-chips">${row.channels.map((c) => { const p = byChannel.get(c); return postChip(c, p, { wait: p ? waits?.get(p.postId) : undefined }); })}</div>
  </article>`;
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${selected === value ? html` selected` : ''}>${label}</option>`;
}

export function filterBar(config: Config, f: DeskFilter): Html {
  return html`<form class="filters" method="get" action="/" role="search">
    <input type="search" name="q" value="${f.q ?? ''}" placeholder="Search headlines and post text" aria-label="Search">
    <select name="feed" aria-label="Feed">${option('', 'All feeds', f.feed ?? '')}${config.feeds.map((x) => option(x.id, x.title ?? x.id, f.feed))}</select>
    <select name="network" aria-label="Network">${option('', 'All networks', f.channel ?? '')}${config.channels.map((c) => option(c.id, c.id, f.channel))}</select>
    <select name="state" aria-label="State">${option('', 'Any state', f.state ?? '')}${POST_STATES.map((s) => option(s, STATE_LABELS[s], f.state))}</select>
    <label class="date">From <input type="date" name="from" value="${f.from ?? ''}"></label>
    <label class="date">To <input type="date" name="to" value="${f.to ?? ''}"></label>
    <button class="btn btn-primary" type="submit">Filter</button>
    ${filterQuery(f) ? html`<a class="btn btn-ghost" href="/">Reset</a>` : ''}
  </form>`;
}

export function deskContent(config: Config, f: DeskFilter, rows: ArticleRow[], more: boolean, pendingCount: number, waits?: ReadonlyMap<string, WaitReason>): Html {
  const q = filterQuery(f);
  return html`<div class="page-head">
      <h1>Desk</h1>
      <div class="page-stats"><a class="pill${pendingCount > 0 ? ' pill-warn' : ''}" href="/approvals" data-pending-count="${pendingCount}" data-testid="pending-pill">${pendingCount > 0 ? `${pendingCount} awaiting approval` : 'nothing awaiting approval'}</a></div>
    </div>
    ${filterBar(config, f)}
    <section class="list" id="article-list" data-live-list data-filter="${q}" aria-live="polite">
      ${rows.length ? rows.map((r) => articleRow(r, config.publication.timezone, waits)) : html`<p class="empty" id="empty-list">No articles${q ? ' match these filters' : ' yet: new stories appear here as soon as a feed has them'}.</p>`}
    </section>
    ${more ? html`<p class="muted">Showing the newest ${rows.length}. Narrow the filters to see older articles.</p>` : ''}`;
}
