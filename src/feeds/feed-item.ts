import { decodeHTML } from 'entities';
import { resolveUrl } from './canonical-url.js';
import { firstFeedDate } from './feed-dates.js';
import { firstImageSrc } from '../text/first-image.js';
import { htmlToLine, htmlToText } from '../text/html-to-text.js';
import { textToLine } from '../text/plain-text.js';
import { pickImage } from './feed-image.js';
import { capRaw, cleanText, describeRejectedLink, ITEM_LIMITS, safeHttpUrl, stripControls } from './item-limits.js';
import { asArray, attr, escapeText, firstText, isRecord, markupOf, textOf } from './xml-values.js';

/** One story as a feed described it, normalised to plain strings (see parse-feed.ts). */
export interface FeedItem {
  guid?: string;
  /** Absolute http(s) URL, resolved against xml:base / the feed URL. */
  link?: string;
  title: string;
  /** Fullest body the feed gave: content:encoded > content > description/summary. */
  html: string;
  /** The feed's own short description, as plain text. */
  teaser?: string;
  author?: string;
  categories: string[];
  imageUrl?: string;
  /** ISO-8601 UTC. */
  publishedAt?: string;
  /** Item-level xml:lang / dc:language, when it differs from nothing: the caller falls back to the feed's. */
  language?: string;
  /** The link the feed gave when it was refused (javascript:, data:, file:, too long), for the skip reason. */
  rejectedLink?: string;
}

/** The raw nodes we ask rss-parser to hand over untouched (customFields with keepArray). */
export const RAW_ITEM_FIELDS = {
  $: 'rawAttrs',
  title: 'rawTitle',
  'dc:title': 'rawDcTitle',
  'media:title': 'rawMediaTitle',
  link: 'rawLink',
  guid: 'rawGuid',
  id: 'rawId',
  description: 'rawDescription',
  summary: 'rawSummary',
  content: 'rawContent',
  'content:encoded': 'rawEncoded',
  author: 'rawAuthor',
  'dc:creator': 'rawCreator',
  category: 'rawCategory',
  'dc:subject': 'rawSubject',
  enclosure: 'rawEnclosure',
  'media:content': 'rawMediaContent',
  'media:thumbnail': 'rawMediaThumbnail',
  'media:group': 'rawMediaGroup',
  pubDate: 'rawPubDate',
  published: 'rawPublished',
  'dc:date': 'rawDcDate',
  issued: 'rawIssued',
  created: 'rawCreated',
  updated: 'rawUpdated',
  modified: 'rawModified',
  'dc:language': 'rawLanguage',
} as const;

export type RawItem = Partial<Record<(typeof RAW_ITEM_FIELDS)[keyof typeof RAW_ITEM_FIELDS], unknown>>;

export interface ItemContext {
  /** Base URL for relative links: the feed's xml:base resolved against the feed URL. */
  baseUrl: string | undefined;
  /** Atom titles default to plain text; RSS titles are de facto HTML. */
  atom: boolean;
}

const TITLE_FALLBACK_WORDS = 12;

/** Normalise one rss-parser item; undefined when it has nothing to identify it by. */
export function normaliseItem(input: unknown, context: ItemContext): FeedItem | undefined {
  if (!isRecord(input)) return undefined;
  const raw = input as RawItem;
  // customFields copy `$` as the attribute map itself, so re-wrap it for the attr() readers.
  const own = { $: raw.rawAttrs };
  const base = resolveUrl(attr(own, 'xml:base'), context.baseUrl) ?? context.baseUrl;

  const rawGuid = firstText(raw.rawGuid) ?? firstText(raw.rawId) ?? attr(own, 'rdf:about')?.trim();
  const guid = rawGuid === undefined ? undefined : cleanText(rawGuid, ITEM_LIMITS.guidChars) || undefined;
  const { url: link, rejected } = pickLink(raw, base);
  const titleNode = asArray(raw.rawTitle)[0] ?? asArray(raw.rawDcTitle)[0] ?? asArray(raw.rawMediaTitle)[0];
  const rawTitle = cleanText(titleOf(titleNode, context.atom), ITEM_LIMITS.titleChars);
  if (!rawTitle && !link && !guid) return undefined;

  const html = stripControls(bodyOf(raw).slice(0, ITEM_LIMITS.htmlChars));
  const teaserSource = asArray(raw.rawDescription)[0] ?? asArray(raw.rawSummary)[0];
  const teaserText = teaserSource === undefined ? '' : htmlToText(capRaw(markupOf(teaserSource), ITEM_LIMITS.teaserChars));
  const teaser = cleanText(teaserText, ITEM_LIMITS.teaserChars) || undefined;
  const fallbackTitle = titleFromText(htmlToText(capRaw(html, ITEM_LIMITS.titleChars)) || teaser || '') || titleFromLink(link);
  const title = rawTitle || cleanText(fallbackTitle, ITEM_LIMITS.titleChars);
  const image = pickImage(raw);
  // Relative <img src> in a body means "relative to the article page", like in a browser.
  const bodyImage = image ? undefined : firstImageSrc(html);

  const item: FeedItem = { title, html, categories: categoriesOf(raw) };
  if (guid) item.guid = guid;
  if (link) item.link = link;
  else if (rejected) item.rejectedLink = rejected;
  if (teaser) item.teaser = teaser;
  const author = authorOf(raw);
  if (author) item.author = author;
  const imageUrl = image ? httpUrl(image, base) : httpUrl(bodyImage, link ?? base);
  if (imageUrl) item.imageUrl = imageUrl;
  const publishedAt = firstFeedDate([
    ...asArray(raw.rawPublished), ...asArray(raw.rawPubDate), ...asArray(raw.rawDcDate), ...asArray(raw.rawIssued),
    ...asArray(raw.rawCreated), ...asArray(raw.rawUpdated), ...asArray(raw.rawModified),
  ]);
  if (publishedAt) item.publishedAt = publishedAt;
  const language = cleanText(attr(own, 'xml:lang') ?? firstText(raw.rawLanguage) ?? '', ITEM_LIMITS.languageChars);
  if (language) item.language = language;
  return item;
}

/** Title text honouring Atom's type attribute; RSS (and Atom type="html") titles are HTML. */
export function titleOf(node: unknown, atom: boolean): string {
  if (node === undefined) return '';
  const type = (attr(node, 'type') ?? '').toLowerCase();
  const mode = attr(node, 'mode');
  const escaped = mode === 'escaped';
  const cap = (value: string) => capRaw(value, ITEM_LIMITS.titleChars);
  if (isRecord(node) && Object.keys(node).some((key) => key !== '_' && key !== '$')) return htmlToLine(cap(markupOf(node)));
  const text = cap(isBase64(mode, type, atom) ? Buffer.from(cap(textOf(node)), 'base64').toString('utf8') : textOf(node));
  if (atom && !type.includes('html') && !escaped) return textToLine(text);
  return htmlToLine(text);
}

/** Atom 0.3 says mode="base64"; Atom 1.0 says any MIME type that is neither text nor XML (RFC 4287 §4.1.3.3). */
function isBase64(mode: string | undefined, type: string, atom: boolean): boolean {
  if (mode === 'base64') return true;
  if (!atom || !type.includes('/')) return false;
  return !type.startsWith('text/') && !type.includes('xml');
}

function bodyOf(raw: RawItem): string {
  const encoded = asArray(raw.rawEncoded)[0];
  if (encoded !== undefined && textOf(encoded).trim()) return markupOf(encoded).trim();
  for (const content of asArray(raw.rawContent)) {
    if (attr(content, 'src')) continue; // out-of-line content: nothing to show here
    const type = (attr(content, 'type') ?? 'text').toLowerCase();
    const mode = attr(content, 'mode');
    const body = isBase64(mode, type, true) ? Buffer.from(textOf(content), 'base64').toString('utf8') : markupOf(content);
    if (!body.trim()) continue;
    const isMarkup = type.includes('html') || type.includes('xml') || mode === 'escaped' || mode === 'xml';
    return isMarkup ? body.trim() : escapeText(body.trim());
  }
  const fallback = asArray(raw.rawDescription)[0] ?? asArray(raw.rawSummary)[0];
  return fallback === undefined ? '' : markupOf(fallback).trim();
}

function pickLink(raw: RawItem, base: string | undefined): { url?: string; rejected?: string } {
  const candidates: { href: string; rel: string; type: string; base: string | undefined }[] = [];
  for (const node of asArray(raw.rawLink)) {
    const href = attr(node, 'href') ?? textOf(node);
    const linkBase = resolveUrl(attr(node, 'xml:base'), base) ?? base;
    candidates.push({ href, rel: (attr(node, 'rel') ?? 'alternate').toLowerCase(), type: (attr(node, 'type') ?? '').toLowerCase(), base: linkBase });
  }
  // Atom: the alternate HTML page is the story; self/edit/enclosure links are not.
  const ordered = [
    ...candidates.filter((c) => c.rel === 'alternate' && (c.type === '' || c.type.includes('html'))),
    ...candidates.filter((c) => c.rel === 'alternate'),
  ];
  for (const candidate of ordered) {
    const url = httpUrl(candidate.href, candidate.base);
    if (url) return { url };
  }
  // RSS: a permalink guid is the link when <link> is missing (RSS 2.0 spec, isPermaLink defaults to true).
  const guidNode = asArray(raw.rawGuid)[0];
  if (guidNode !== undefined && attr(guidNode, 'isPermaLink')?.trim().toLowerCase() !== 'false') {
    const url = httpUrl(textOf(guidNode), undefined);
    if (url) return { url };
  }
  const given = ordered.find((candidate) => candidate.href.trim())?.href;
  return given === undefined ? {} : { rejected: describeRejectedLink(given) };
}

function categoriesOf(raw: RawItem): string[] {
  const seen = new Set<string>();
  const categories: string[] = [];
  // Looks at a bounded number of nodes too: 10,000 copies of one category must not cost 10,000 reads.
  const nodes = [...asArray(raw.rawCategory), ...asArray(raw.rawSubject)].slice(0, ITEM_LIMITS.categories * 4);
  for (const node of nodes) {
    if (categories.length >= ITEM_LIMITS.categories) break;
    const source = capRaw(attr(node, 'term') ?? attr(node, 'label') ?? textOf(node), ITEM_LIMITS.categoryChars);
    const value = cleanText(htmlToLine(source), ITEM_LIMITS.categoryChars);
    const key = value.toLocaleLowerCase();
    if (!value || seen.has(key)) continue;
    seen.add(key);
    categories.push(value);
  }
  return categories;
}

/** dc:creator, Atom author name, or the name part of RSS "jane@example.com (Jane Doe)"; never a bare e-mail. */
function authorOf(raw: RawItem): string | undefined {
  const creator = firstText(raw.rawCreator);
  if (creator) return cleanText(htmlToLine(capRaw(creator, ITEM_LIMITS.authorChars)), ITEM_LIMITS.authorChars) || undefined;
  for (const node of asArray(raw.rawAuthor)) {
    const full = isRecord(node) && node.name !== undefined ? firstText(node.name) : textOf(node).trim();
    const name = full === undefined ? undefined : capRaw(full, ITEM_LIMITS.authorChars);
    if (!name) continue;
    const inParens = /\(([^()]+)\)\s*$/.exec(name)?.[1]; // [^()]: a run of "(" is not quadratic
    const value = cleanText(htmlToLine(inParens ?? name), ITEM_LIMITS.authorChars);
    if (value && !/^\S+@\S+$/.test(value)) return value;
  }
  return undefined;
}

function titleFromText(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return '';
  return words.length > TITLE_FALLBACK_WORDS ? `${words.slice(0, TITLE_FALLBACK_WORDS).join(' ')}…` : words.join(' ');
}

/** ".../pakistan-turkiye-defence-ties.html" → "pakistan turkiye defence ties": better than an empty title. */
function titleFromLink(link: string | undefined): string {
  if (!link) return '';
  const segment = new URL(link).pathname.split('/').filter(Boolean).pop() ?? '';
  return decodeHTML(safeDecodeURIComponent(segment)).replace(/\.[a-z0-9]+$/i, '').replace(/[-_+]+/g, ' ').trim();
}

function safeDecodeURIComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Absolute http(s) URL without credentials; undefined for other schemes and overlong links. */
function httpUrl(reference: string | undefined, base: string | undefined): string | undefined {
  if (reference === undefined || reference.length > ITEM_LIMITS.linkChars) return undefined;
  return safeHttpUrl(resolveUrl(reference, base));
}
