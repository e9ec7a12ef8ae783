import type { Draft } from '../../drafts/draft.js';
import { safeFetch } from '../../shared/http/safe-fetch.js';
import { sendHttp, type HttpResponse } from '../http-client.js';
import type { LiveFactoryInput, LivePublisher, PublishContext, PublishReceipt, StateStore } from '../publisher.js';
import type { BlueskyOptions } from './bluesky-options.js';
import { classify, isSessionExpired } from './bluesky-classify.js';
import { buildFacets } from './bluesky-facets.js';
import { blueskyLifecycle } from './bluesky-lifecycle.js';
import { shortenLinks } from './bluesky-links.js';
import { createSessionManager, type BlueskySession } from './bluesky-session.js';
import { tidForPostId } from './bluesky-tid.js';

export const BLUESKY_POST_COLLECTION = 'app.bsky.feed.post';
export const BLUESKY_WEB_URL = 'https://bsky.app';
/** `app.bsky.embed.external#external.thumb`: maxSize 1,000,000 bytes. */
export const BLUESKY_THUMB_MAX_BYTES = 1_000_000;
const IMAGE_FETCH_TIMEOUT_MS = 10_000;

type BlobRef = Record<string, unknown>;

function publicUrl(session: BlueskySession, rkey: string): string {
  // A handle that fails verification is reported as "handle.invalid"; the DID always works.
  const actor = session.handle && session.handle !== 'handle.invalid' ? session.handle : session.did;
  return `${BLUESKY_WEB_URL}/profile/${actor}/post/${rkey}`;
}

/** What the publish steps share: the channel's options, its session manager and the XRPC URLs. */
interface BlueskyClient {
  options: BlueskyOptions;
  sessions: ReturnType<typeof createSessionManager>;
  xrpc: (method: string) => string;
}

/** Reads back the record an earlier attempt may have created under our rkey. */
async function findRecord(c: BlueskyClient, ctx: PublishContext, rkey: string): Promise<PublishReceipt | 'absent' | 'unknown'> {
  const { sessions, xrpc } = c;
  const { res, session } = await sessions.call(ctx.channelState, ctx.signal, (s) => {
    const q = new URLSearchParams({ repo: s.did, collection: BLUESKY_POST_COLLECTION, rkey });
    return sendHttp('bluesky', `${xrpc('com.atproto.repo.getRecord')}?${q}`, { headers: { authorization: `Bearer ${s.accessJwt}` }, signal: ctx.signal });
  });
  if (res.status === 200) {
    const uri = (res.json as { uri?: string } | undefined)?.uri;
    return { remoteId: uri ?? `at://${session.did}/${BLUESKY_POST_COLLECTION}/${rkey}`, remoteUrl: publicUrl(session, rkey), confirmed: true, note: 'found the post made by an earlier attempt' };
  }
  const error = (res.json as { error?: string } | undefined)?.error;
  return res.status === 404 || error === 'RecordNotFound' ? 'absent' : 'unknown';
}

async function uploadThumb(c: BlueskyClient, ctx: PublishContext, imageUrl: string, notes: string[]): Promise<BlobRef | undefined> {
  const { sessions, xrpc } = c;
  // A thumbnail is a nice-to-have: no picture (or one too big for the 1 MB blob limit) → a plainer card and a note.
  const fetched = await safeFetch(imageUrl, { maxBytes: BLUESKY_THUMB_MAX_BYTES, timeoutMs: IMAGE_FETCH_TIMEOUT_MS, accept: 'image/*', signal: ctx.signal });
  const problem = !fetched.ok ? fetched.problem : fetched.contentType.startsWith('image/') ? undefined : `${fetched.contentType || 'untyped content'} is not an image`;
  if (problem || !fetched.ok) {
    notes.push(`link card without thumbnail: ${problem}`);
    return undefined;
  }
  const { res } = await sessions.call(ctx.channelState, ctx.signal, (s) =>
    sendHttp('bluesky', xrpc('com.atproto.repo.uploadBlob'), {
      method: 'POST',
      headers: { authorization: `Bearer ${s.accessJwt}`, 'content-type': fetched.contentType },
      body: fetched.bytes,
      signal: ctx.signal,
      // An orphan blob is garbage-collected by the PDS within minutes: re-uploading is harmless.
      idempotent: true,
    }),
  );
  const blob = (res.json as { blob?: BlobRef } | undefined)?.blob;
  if (res.status === 200 && blob) return blob;
  const err = classify(res.status, res.headers, res.json, Date.now());
  // The post itself would hit the same wall: stop here rather than post without the picture.
  if (err.kind === 'rate-limited' || err.kind === 'auth') throw err;
  notes.push(`link card without thumbnail: uploadBlob failed (${err.detail ?? res.status})`);
  return undefined;
}

async function linkCard(c: BlueskyClient, draft: Draft, ctx: PublishContext, notes: string[]): Promise<Record<string, unknown> | undefined> {
  if (!c.options.linkCard || !draft.url) return undefined;
  const thumb = draft.imageUrl ? await uploadThumb(c, ctx, draft.imageUrl, notes) : undefined;
  return {
    $type: 'app.bsky.embed.external',
    external: { uri: draft.url, title: draft.title, description: draft.description, ...(thumb ? { thumb } : {}) },
  };
}

function createRecord(c: BlueskyClient, store: StateStore, ctx: PublishContext, rkey: string, record: Record<string, unknown>) {
  return c.sessions.call(store, ctx.signal, (s): Promise<HttpResponse> =>
    sendHttp('bluesky', c.xrpc('com.atproto.repo.createRecord'), {
      method: 'POST',
      headers: { authorization: `Bearer ${s.accessJwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ repo: s.did, collection: BLUESKY_POST_COLLECTION, rkey, record }),
      signal: ctx.signal,
    }),
  );
}

async function publishToBluesky(c: BlueskyClient, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
  const rkey = tidForPostId(ctx.postId);
  if (ctx.afterUnknownOutcome) {
    const found = await findRecord(c, ctx, rkey);
    if (typeof found === 'object') return found;
  }
  const notes: string[] = [];
  const embed = await linkCard(c, draft, ctx, notes);
  // Links go out in their short form, the facets carry the full URLs (the counter counted it so).
  const posted = shortenLinks(draft.text, [draft.url]);
  const record = {
    $type: BLUESKY_POST_COLLECTION,
    text: posted.text,
    createdAt: new Date().toISOString(),
    facets: buildFacets(posted.text, { links: posted.links, hashtags: draft.hashtags }),
    ...(c.options.langs?.length ? { langs: c.options.langs } : {}),
    ...(embed ? { embed } : {}),
  };
  const { res, session } = await createRecord(c, ctx.channelState, ctx, rkey, record);
  const note = notes.length ? { note: notes.join('; ') } : {};
  if (res.status === 200) {
    const uri = (res.json as { uri?: string } | undefined)?.uri ?? `at://${session.did}/${BLUESKY_POST_COLLECTION}/${rkey}`;
    return { remoteId: uri, remoteUrl: publicUrl(session, rkey), confirmed: true, ...note };
  }
  // How a PDS answers a create on an existing rkey is not documented (a 400 or a 500 from
  // the repo tree): whenever the record might exist, ask for it before reporting a failure.
  if ((res.status === 400 || res.status >= 500) && !isSessionExpired(res.status, res.json)) {
    const found = await findRecord(c, ctx, rkey).catch(() => 'unknown' as const);
    if (typeof found === 'object') return { ...found, ...note };
  }
  throw classify(res.status, res.headers, res.json, Date.now());
}

export function createBlueskyPublisher(input: LiveFactoryInput<BlueskyOptions>): LivePublisher {
  const options = input.options;
  const identifier = input.secrets.IDENTIFIER;
  const password = input.secrets.APP_PASSWORD;
  if (!identifier || !password) throw new Error('bluesky: BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD are required in live mode');
  const base = options.apiBaseUrl;
  const sessions = createSessionManager({ apiBaseUrl: base, identifier, password, log: input.log });
  const xrpc = (method: string) => `${base}/xrpc/${method}`;

  const client: BlueskyClient = { options, sessions, xrpc };

  return {
    ...blueskyLifecycle({ apiBaseUrl: base, sessions, publicUrl, ...(options.langs?.length ? { langs: options.langs } : {}) }),
    publish: (draft, ctx) => publishToBluesky(client, draft, ctx),

    async verify(signal, channelState) {
      // getSession with the cached session (refreshed if expired): a real check that spends no
      // login when the channel's state is at hand (createSession: 30 per 5 minutes, 300 a day).
      const values = new Map<string, string>();
      const store: StateStore = channelState ?? { get: async (k) => values.get(k) ?? null, set: async (k, v) => void values.set(k, v) };
      const { res, session } = await sessions.call(store, signal, (s) => sendHttp('bluesky', xrpc('com.atproto.server.getSession'), { headers: { authorization: `Bearer ${s.accessJwt}` }, signal }));
      if (res.status !== 200) throw classify(res.status, res.headers, res.json, Date.now());
      const handle = (res.json as { handle?: unknown } | undefined)?.handle;
      return { account: `@${typeof handle === 'string' ? handle : session.handle}` };
    },
  };
}
