import { textOf } from './xml-values.js';

/**
 * Feed dates come as RFC 822 (RSS), W3C-DTF/ISO 8601 (Atom, dc:date) or whatever a CMS thought
 * looked nice. `Date.parse` copes with most, but it is also far too generous ("Item 5" parses as
 * May 2001) and reads zone-less values in the server's local time, which would make the same feed
 * produce different identities on different machines. So: clean up, make the zone explicit,
 * refuse obvious non-dates, and never let NaN out.
 */

/** Zones V8 does not know but South Asian newsrooms use; the US ones and GMT/UTC/UT are built in. */
const EXTRA_ZONES: Record<string, string> = {
  PKT: '+0500',
  IST: '+0530',
  NPT: '+0545',
  CET: '+0100',
  CEST: '+0200',
  BST: '+0100',
};

const MIN_YEAR = 1970;
const MAX_YEAR = 2200;

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b)\s*$/i;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z|[+-]\d{4})?$/;
const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b/i;

/** ISO-8601 UTC string for a feed date value, or undefined when it is not a believable date. */
export function parseFeedDate(value: unknown): string | undefined {
  const raw = textOf(value).replace(/\s+/g, ' ').trim();
  if (raw.length < 4 || raw.length > 80) return undefined;
  // A date needs a 4-digit year, or a month name with a day; anything else is a guess.
  if (!/\d{4}/.test(raw) && !(MONTH_NAME.test(raw) && /\d/.test(raw))) return undefined;

  const ms = Date.parse(withExplicitZone(raw));
  if (Number.isNaN(ms)) return undefined;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return date.toISOString();
}

/** The first candidate that parses, so a garbage `<pubDate>` falls through to `<dc:date>`. */
export function firstFeedDate(candidates: readonly unknown[]): string | undefined {
  for (const candidate of candidates) {
    const parsed = parseFeedDate(candidate);
    if (parsed) return parsed;
  }
  return undefined;
}

function withExplicitZone(raw: string): string {
  const basic = ISO_BASIC.exec(raw);
  if (basic) {
    const [, y, mo, d, h, mi, s, zone] = basic;
    const offset = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  }
  const local = ISO_LOCAL.exec(raw);
  if (local) return `${local[1]}T${(local[2] ?? '').replace(',', '.')}Z`;

  const zoneWord = /\b([A-Z]{3,4})\s*$/.exec(raw)?.[1];
  if (zoneWord && EXTRA_ZONES[zoneWord]) return raw.replace(/\b[A-Z]{3,4}\s*$/, EXTRA_ZONES[zoneWord]);
  if (HAS_ZONE.test(raw)) return raw;
  // A date with no time at all ("2026-01-31", "31 Jan 2026") is a calendar day: keep it in UTC.
  if (/^\d{4}-\d{2}(?:-\d{2})?$/.test(raw)) return raw;
  return `${raw} GMT`;
}

/** "2026-01-31" from an ISO string: the calendar day used by title identities. */
export function utcDay(isoDate: string): string {
  return isoDate.slice(0, 10);
}
