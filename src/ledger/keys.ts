import { createHash } from 'node:crypto';

/**
 * Every key Crier owns, under the configured prefix. The default prefix `{crier}` is a Redis
 * Cluster hash tag, so ledger keys and BullMQ keys land in one slot and Lua scripts may touch both.
 * BullMQ's own keys are `<prefix>:<queue>:…`; ours all start `<prefix>:crier:` so no queue name can collide.
 */
export function ledgerKeys(prefix: string) {
  const base = `${prefix}:crier`;
  return {
    article: (articleKey: string) => `${base}:article:${articleKey}`,
    articlePosts: (articleKey: string) => `${base}:article:${articleKey}:posts`,
    articlesByTime: `${base}:articles`,
    /** Identity strings can be long URLs: hash them to a fixed-size key. */
    identity: (identity: string) => `${base}:id:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`,
    post: (postId: string) => `${base}:post:${postId}`,
    postLease: (postId: string) => `${base}:post:${postId}:lease`,
    postCheckpoint: (postId: string) => `${base}:post:${postId}:checkpoint`,
    pendingApproval: `${base}:approval`,
    feed: (feedId: string) => `${base}:feed:${feedId}`,
    /** When the CMS hook last said this feed's next story is breaking (issue #15; expires by itself). */
    feedBreakingPing: (feedId: string) => `${base}:feed:${feedId}:breaking-ping`,
    /** Adaptive polling (#17): stories per hour of the week a feed published (src/ledger/publish-hours.ts). */
    feedPublishHours: (feedId: string) => `${base}:feed:${feedId}:publish-hours`,
    /** WebSub subscription of a feed (hub, topic, lease; its secret: never shown) and the set of feeds that have one. */
    websub: (feedId: string) => `${base}:websub:${feedId}`,
    websubFeeds: `${base}:websub-feeds`,
    channel: (channel: string) => `${base}:channel:${channel}`,
    channelState: (channel: string) => `${base}:channel:${channel}:state`,
    channelDaily: (channel: string, day: string) => `${base}:channel:${channel}:day:${day}`,
    channelSpend: (channel: string, month: string) => `${base}:channel:${channel}:spend:${month}`,
    channelNextSlot: (channel: string) => `${base}:channel:${channel}:next-slot`,
    /** The channel's waiting posts in the order they go out (breaking lane, front, drain order): see order-scripts.ts. */
    channelOrder: (channel: string) => `${base}:channel:${channel}:order`,
    events: `${base}:events`,
    /** What the network said about a channel's credentials' expiry (#16): one hash per channel. */
    credentialsExpiry: (channel: string) => `${base}:channel:${channel}:credentials`,
    /** Open alert incidents (#16): one hash, field = incident id, so a restart repeats none. */
    alertIncidents: `${base}:alerts:incidents`,
    /** Where the alerts follower stopped reading the event stream. */
    alertCursor: `${base}:alerts:cursor`,
    /** Messages sent to one alert destination in one window (its rate limit). */
    alertRate: (destination: string, window: string) => `${base}:alerts:rate:${destination}:${window}`,
  };
}

export type LedgerKeys = ReturnType<typeof ledgerKeys>;

/** `<articleKey>.<channel>`: article keys never contain a dot, channel ids never do either. */
export function postIdFor(articleKey: string, channel: string): string {
  return `${articleKey}.${channel}`;
}

export function parsePostId(postId: string): { articleKey: string; channel: string } | undefined {
  const m = /^([a-z0-9]+)\.([a-z0-9][a-z0-9_-]*)$/.exec(postId);
  return m?.[1] && m[2] ? { articleKey: m[1], channel: m[2] } : undefined;
}
