/**
 * Server-rendered HTML with escaping by default: every interpolated value is escaped unless it
 * is already `Html` (produced by this tag). Headlines, summaries, error texts and feed names all
 * come from feeds or networks and are untrusted, so the safe path must be the easy one.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup built elsewhere (e.g. SVG from numbers); never pass feed text here. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Only http(s) links are ever rendered as hrefs (a feed could say `javascript:`). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function formatTime(iso: string | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

export function formatAgo(iso: string | undefined, nowMs = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((nowMs - Date.parse(iso)) / 1000);
  if (Number.isNaN(s)) return '—';
  const abs = Math.abs(s);
  const text = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.round(abs / 60)}m` : abs < 86_400 ? `${Math.round(abs / 3600)}h` : `${Math.round(abs / 86_400)}d`;
  return s >= 0 ? `${text} ago` : `in ${text}`;
}

/**
 * A time in the publication's zone, with the zone named ("28 Nov, 14:31 GMT"). The desk's script
 * adds the viewer's own time beside it when their browser is in another zone (data-tz tells it which).
 */
export function timeTag(iso: string | undefined, timeZone: string): Html {
  if (!iso) return html`<span>—</span>`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html`<span>—</span>`;
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(d);
  return html`<time datetime="${d.toISOString()}" data-tz="${timeZone}">${text}</time>`;
}
