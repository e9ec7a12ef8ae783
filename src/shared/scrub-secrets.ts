/**
 * The one scrubber for a channel's secrets (tokens, app passwords, webhook URLs). Error text from
 * a network can echo what we sent it (a proxy's 502 page quotes the webhook URL; a transport error
 * carries the bot-token URL), and that text is stored in the ledger, shown on the desk, streamed
 * to editors, kept by BullMQ and logged. Everything that turns a publisher's failure into stored
 * or shown text passes it through here first.
 */

export const REDACTED = '[redacted]';

/** Shorter values (chat ids, account names) are not secrets, and scrubbing them would eat normal words. */
const MIN_SECRET_CHARS = 8;
/** A webhook URL's path segment this long is its token (Discord ~68 chars, Slack 24); ids are shorter. */
const MIN_TOKEN_SEGMENT_CHARS = 16;

export type Scrubber = (text: string) => string;

/** The ways a value can appear in echoed text: as is, URL-encoded, JSON/PHP-escaped. */
function encodings(value: string): string[] {
  const forms = [value, encodeURIComponent(value), encodeURI(value), value.replaceAll('/', '\\/'), encodeURIComponent(encodeURIComponent(value))];
  return forms.filter((f) => f.length >= MIN_SECRET_CHARS);
}

/** For a URL secret: the URL without its scheme, and each token-like path segment or query value. */
function urlParts(value: string): string[] {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) return [];
  const url = new URL(value);
  const parts = [url.host + url.pathname, url.pathname];
  for (const segment of url.pathname.split('/')) {
    if (segment.length >= MIN_TOKEN_SEGMENT_CHARS) parts.push(segment, decodeURIComponentSafe(segment));
  }
  for (const v of url.searchParams.values()) if (v.length >= MIN_TOKEN_SEGMENT_CHARS) parts.push(v);
  return parts.filter((p) => p.length >= MIN_TOKEN_SEGMENT_CHARS);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that replaces every secret in `secrets` (and its encoded forms, and for webhook URLs
 * the token path segments) with `[redacted]`. Matching ignores case, because percent-encoding may
 * come back as %2f or %2F; over-redacting a look-alike is the safe error.
 */
export function secretScrubber(secrets: Iterable<string | undefined>): Scrubber {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_CHARS) continue;
    for (const part of [secret, ...urlParts(secret)]) for (const form of encodings(part)) needles.add(form);
  }
  if (needles.size === 0) return (text) => text;
  // Longest first, so a whole URL is replaced before its token segment leaves "https://…/[redacted]".
  const pattern = new RegExp([...needles].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
  return (text) => text.replace(pattern, REDACTED);
}

/** Scrubs every string inside a JSON-like value (a serialised error, a log record), leaving its shape. */
export function scrubDeep<T>(value: T, scrub: Scrubber, depth = 0): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, scrub, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, scrub, depth + 1);
  return out as T;
}
