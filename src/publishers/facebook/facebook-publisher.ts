import type { Draft } from '../../drafts/draft.js';
import { AuthError, UnknownOutcomeError } from '../errors.js';
import { graphClientFor, type GraphClient } from '../graph/graph-client.js';
import { isLinkScrapeFailure } from '../graph/graph-classify.js';
import type { LiveFactoryInput, LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import type { FacebookOptions } from './facebook-options.js';
import { facebookLifecycle } from './facebook-lifecycle.js';

const NETWORK = 'facebook';
/** After this many 1609005 "link could not be scraped" failures, post without `link` (URL in the text). */
export const FACEBOOK_LINK_SCRAPE_TRIES = 2;
const CHECKPOINT_SCRAPE_FAILURES = 'linkScrapeFailures';
export const FACEBOOK_PUBLIC_URL = 'https://www.facebook.com';

function withUrlInText(text: string, url: string): string {
  return text.includes(url) ? text : `${text.trimEnd()}\n\n${url}`;
}

async function permalink(client: GraphClient, postId: string, ctx: PublishContext): Promise<string> {
  try {
    const body = await client.get(postId, { fields: 'permalink_url' }, ctx);
    if (typeof body.permalink_url === 'string' && /^https?:\/\//.test(body.permalink_url)) return body.permalink_url;
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'facebook: could not read the permalink; using the id URL');
  }
  return `${FACEBOOK_PUBLIC_URL}/${postId}`;
}

/**
 * Facebook Page posts: `POST /{page-id}/feed` with `message` + `link`. No idempotency key exists,
 * so the definition keeps `retryAfterUnknownIsSafe: false` and an unknown outcome goes to a human.
 */
export function createFacebookPublisher(input: LiveFactoryInput<FacebookOptions>): LivePublisher {
  const o = input.options;
  const token = input.secrets.PAGE_TOKEN ?? '';
  const client = graphClientFor(NETWORK, o, token);

  function requirePage(): string {
    if (!o.pageId) throw new AuthError(`${NETWORK}: networks.${input.channel}.pageId is not set`, { network: NETWORK, keepPost: true });
    if (!token) throw new AuthError(`${NETWORK}: no Page token (the PAGE_TOKEN secret is empty)`, { network: NETWORK, keepPost: true });
    return o.pageId;
  }

  async function post(pageId: string, draft: Draft, withLink: boolean, ctx: PublishContext): Promise<string> {
    const fields: Record<string, string> = withLink ? { message: draft.text, link: draft.url } : { message: withUrlInText(draft.text, draft.url) };
    const body = await client.post(`${pageId}/feed`, fields, ctx);
    if (typeof body.id !== 'string' || !body.id) throw new UnknownOutcomeError(`${NETWORK}: the feed call answered without a post id`, { network: NETWORK, detail: JSON.stringify(body).slice(0, 200) });
    return body.id;
  }

  return {
    // An edit keeps the URL in the text: the link card cannot change, and a post made without one needs it.
    ...facebookLifecycle({ client, pageId: requirePage, message: (draft) => withUrlInText(draft.text, draft.url) }),
    async publish(draft, ctx): Promise<PublishReceipt> {
      const pageId = requirePage();
      const failures = Number((await ctx.checkpoint.get(CHECKPOINT_SCRAPE_FAILURES)) ?? 0) || 0;
      let withLink = failures < FACEBOOK_LINK_SCRAPE_TRIES;
      let id: string;
      try {
        id = await post(pageId, draft, withLink, ctx);
      } catch (err) {
        if (!withLink || !isLinkScrapeFailure(err)) throw err;
        const n = failures + 1;
        await ctx.checkpoint.set(CHECKPOINT_SCRAPE_FAILURES, String(n));
        // First failure: retry later with the link (scrapes are often transient). Then give up the card.
        if (n < FACEBOOK_LINK_SCRAPE_TRIES) throw err;
        ctx.log.warn({ url: draft.url }, 'facebook could not scrape the link again; posting without a link card');
        withLink = false;
        id = await post(pageId, draft, false, ctx);
      }
      return {
        remoteId: id,
        remoteUrl: await permalink(client, id, ctx),
        confirmed: true,
        ...(withLink ? {} : { note: 'Facebook could not scrape the link: posted without a link card, URL in the text' }),
      };
    },
    async verify(signal) {
      const pageId = requirePage();
      const body = await client.get(pageId, { fields: 'name' }, { signal, log: input.log });
      return { account: typeof body.name === 'string' ? `${body.name} (${pageId})` : pageId };
    },
  };
}
