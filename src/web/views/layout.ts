import type { Attention } from '../attention-data.js';
import type { ChannelView } from '../desk-data.js';
import { html, type Html } from '../html.js';
import type { Session } from '../session.js';
import { controlsBar } from './components.js';

export interface PageContext {
  session: Session;
  channels: ChannelView[];
  /** Halted channels, failing feeds, failed posts: shown above every page. */
  attention?: Attention;
  publicationName: string;
  timeZone: string;
  /** Current path + query, for forms that bring the user back. */
  path: string;
  notice?: { kind: 'ok' | 'error'; text: string };
  /** The newest event id when the page was rendered: live updates resume from there, missing nothing. */
  eventsFrom?: string;
}

const NAV: { href: string; label: string; page: string }[] = [
  { href: '/', label: 'Desk', page: 'desk' },
  { href: '/approvals', label: 'Approvals', page: 'approvals' },
  { href: '/feeds', label: 'Feeds', page: 'feeds' },
  { href: '/ops', label: 'Ops', page: 'ops' },
  { href: '/ops/queues', label: 'Queues', page: 'queues' },
];

export function page(ctx: PageContext, opts: { title: string; page: string }, content: Html): Html {
  const { session } = ctx;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${session.csrf}">
<meta name="events-from" content="${ctx.eventsFrom ?? ''}">
<title>${opts.title} · Crier</title>
<link rel="stylesheet" href="/static/desk.css">
<script src="/static/desk.js" defer></script>
</head>
<body data-page="${opts.page}">
<header class="topbar">
  <a class="brand" href="/"><span class="brand-mark">Crier</span><span class="brand-pub">${ctx.publicationName}</span></a>
  <nav class="nav">${NAV.map((n) => html`<a href="${n.href}"${n.page === opts.page ? html` class="active" aria-current="page"` : ''}>${n.label}</a>`)}</nav>
  <div class="user">
    <span class="live-dot" id="live-status" title="live updates">live</span>
    <span class="user-name">${session.user}</span><span class="role role-${session.role}">${session.role}</span>
    <form method="post" action="/logout" class="inline-form"><input type="hidden" name="_csrf" value="${session.csrf}"><button class="btn btn-link" type="submit">Sign out</button></form>
  </div>
</header>
${controlsBar(ctx.channels, session, ctx.path)}
${ctx.attention?.items.length ? html`<section class="attention" id="attention" role="region" aria-label="Needs attention" data-testid="attention">
  <div class="attention-inner"><strong class="attention-label">Needs attention</strong>
  <ul class="attention-list">${ctx.attention.items.map((i) => html`<li class="attention-item attention-${i.kind}" data-kind="${i.kind}" data-id="${i.id}"><a href="${i.href}" dir="auto">${i.text}</a></li>`)}</ul></div>
</section>` : ''}
<main class="container">
${ctx.notice ? html`<div class="notice notice-${ctx.notice.kind}" role="status">${ctx.notice.text}</div>` : ''}
${content}
</main>
</body>
</html>`;
}

/** The sign-in page has no session and no control bar. */
export function loginPage(opts: { csrf: string; publicationName: string; error?: string; next?: string; noUsers: boolean }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Crier</title>
<link rel="stylesheet" href="/static/desk.css">
</head>
<body class="login-body">
<main class="login-card">
  <h1><span class="brand-mark">Crier</span></h1>
  <p class="muted">${opts.publicationName} · editorial desk</p>
  ${opts.noUsers ? html`<div class="notice notice-error">No users are configured. Run <code>crier user add &lt;name&gt; --role editor --password-stdin</code> and add the entry under <code>web.users</code>.</div>` : ''}
  ${opts.error ? html`<div class="notice notice-error" role="alert">${opts.error}</div>` : ''}
  <form method="post" action="/login" class="login-form">
    <input type="hidden" name="_csrf" value="${opts.csrf}">
    ${opts.next ? html`<input type="hidden" name="next" value="${opts.next}">` : ''}
    <label>Name <input name="name" autocomplete="username" required autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button class="btn btn-primary" type="submit">Sign in</button>
  </form>
</main>
</body>
</html>`;
}
