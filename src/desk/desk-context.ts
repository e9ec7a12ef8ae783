import type { Queue } from 'bullmq';
import type { ChannelConfig, Config } from '../config/load-config.js';
import type { ChannelControl } from '../ledger/channel-control.js';
import type { EventLog } from '../ledger/events.js';
import type { FeedStateStore } from '../ledger/feed-state.js';
import type { PostLedger, PostRecord } from '../ledger/post-ledger.js';
import type { NetworkDefinition } from '../publishers/publisher.js';
import type { PollJobData, PublishJobData } from '../queues/jobs.js';

/**
 * What the editors' use cases need: the ledger, the queues and the config. Both the desk's
 * WebContext and the CLI's AppContext satisfy it, so the desk's buttons and the CLI's commands
 * run the same code and can never disagree.
 */
export interface DeskContext {
  config: Pick<Config, 'channels' | 'feeds'>;
  posts: PostLedger;
  feedStates: Pick<FeedStateStore, 'clearBackoff'>;
  control: Pick<ChannelControl, 'setPaused' | 'clearPaused'>;
  events: Pick<EventLog, 'emit'>;
  pollQueue: Queue<PollJobData>;
  publishQueue(channel: string): Queue<PublishJobData>;
  network(channel: ChannelConfig): NetworkDefinition;
}

/** The use cases that never count text (all but an approve with edited text): the CLI's Redis-only context satisfies it. */
export type DeskLedgerContext = Omit<DeskContext, 'network'>;

/** A use case's answer: an HTTP-like status when it is refused, so the desk can map it and the CLI can print it. */
export type ActionResult = { ok: true; message: string; post?: PostRecord } | { ok: false; status: number; message: string; length?: number; limit?: number };
