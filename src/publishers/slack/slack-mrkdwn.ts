import type { Draft } from '../../drafts/draft.js';

/**
 * Slack caps a section block's text at 3,000 characters, and that cap applies to the mrkdwn
 * source we send, escapes included. The post body is one section, so 3,000 is the limit and
 * `slackLength` counts the escaped text (an "&" costs 5): never below what Slack counts.
 * (`text` alone may be 40,000, but with blocks it is only the notification fallback.)
 */
export const SLACK_SECTION_TEXT_MAX = 3_000;
/** A headline longer than this is cut: it is a link label, not a paragraph. */
export const SLACK_HEADLINE_TITLE_MAX = 300;

/** Slack's three control characters in mrkdwn; everything else is shown as is. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const slackLength = (text: string): number => escapeMrkdwn(text).length;

/** A link target must not contain `|` or `>` (they end it) nor a raw `<`; `&` is escaped like any text. */
function linkTarget(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** `<url|title>`, the headline as a link to the article (the bare URL when there is no title). */
export function headlineLink(url: string, title: string): string {
  const label = clip(title.replace(/\s+/g, ' ').trim(), SLACK_HEADLINE_TITLE_MAX);
  return label ? `<${linkTarget(url)}|${escapeMrkdwn(label)}>` : `<${linkTarget(url)}>`;
}

/**
 * Incoming-webhook body: a bold headline linking to the article, then the draft text (by
 * default the summary) as its own section. `text` is what notifications and old clients show.
 */
export function slackMessage(draft: Draft): { text: string; blocks: Record<string, unknown>[] } {
  const headline = headlineLink(draft.url, draft.title);
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } }];
  const body = escapeMrkdwn(draft.text.trim());
  if (body) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: body } });
  return { text: headline, blocks };
}
