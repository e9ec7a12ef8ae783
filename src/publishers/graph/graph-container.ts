import { setTimeout as delay } from 'node:timers/promises';
import { PermanentError, RetryableError } from '../errors.js';
import type { PublishContext } from '../publisher.js';
import { classifyGraph, GraphApiFault, graphFaultOf, IG_SUBCODES } from './graph-classify.js';

/**
 * The two-phase publish shared by Instagram and Threads: create a media container, poll it until
 * FINISHED, then publish it. Idempotency comes from the checkpoint: the container id is saved
 * before anything can publish it, and a saved container is always status-checked first, so a
 * container that is already PUBLISHED (our earlier publish call went through but its answer was
 * lost) is never published again.
 */

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface ContainerApi {
  network: string;
  create(ctx: PublishContext): Promise<string>;
  /** `detail` is the raw `status`/`error_message` field, which carries the error subcode on ERROR. */
  status(containerId: string, ctx: PublishContext): Promise<{ status: ContainerStatus; detail?: string }>;
  publish(containerId: string, ctx: PublishContext): Promise<string>;
  /** Finds the media id of a container that is PUBLISHED but whose publish answer we never got. */
  findPublished(containerId: string, ctx: PublishContext): Promise<string | undefined>;
}

export interface PollOptions {
  pollIntervalMs: number;
  maxPolls: number;
}

export interface ContainerResult {
  mediaId: string | undefined;
  /** True when an earlier attempt had already published this post. */
  recovered: boolean;
}

export const CHECKPOINT_CONTAINER = 'containerId';
export const CHECKPOINT_MEDIA = 'mediaId';
/** EXPIRED containers are replaced within the attempt, but never in a loop. */
const MAX_CONTAINERS_PER_ATTEMPT = 2;

/** An ERROR container's subcode lives in free text, e.g. "Error: Media upload has failed with error code 2207026". */
export function containerErrorToPublishError(network: string, detail: string | undefined): Error {
  const m = /\b(-?\d{4,7})\b/.exec(detail ?? '');
  const subcode = m?.[1] ? Number(m[1]) : undefined;
  if (subcode === undefined) {
    return new RetryableError(`${network}: media container failed`, { network, ...(detail ? { detail } : {}) });
  }
  const body = { error: { message: detail ?? 'container ERROR', code: -1, error_subcode: subcode } };
  const err = classifyGraph(network, 400, new Headers(), body, Date.now());
  // An ERROR container can never be published; everything but a known permanent subcode gets a new one.
  return err instanceof PermanentError ? err : new RetryableError(`${network}: media container failed (${subcode}); retrying with a new one`, { network, ...(detail ? { detail } : {}), cause: new GraphApiFault(detail ?? '', -1, subcode, false, undefined) });
}

async function pollUntilSettled(api: ContainerApi, id: string, ctx: PublishContext, poll: PollOptions) {
  for (let i = 0; ; i++) {
    const s = await api.status(id, ctx);
    if (s.status !== 'IN_PROGRESS') return s;
    if (i + 1 >= poll.maxPolls) return s;
    // An abort (the attempt's timeout) ends the wait by throwing the signal's own reason, as every other await here does.
    await delay(poll.pollIntervalMs, undefined, { signal: ctx.signal }).catch((err: unknown) => {
      throw ctx.signal.aborted ? (ctx.signal.reason as Error) : err;
    });
  }
}

export async function publishViaContainer(api: ContainerApi, ctx: PublishContext, poll: PollOptions, beforeCreate: () => Promise<void>): Promise<ContainerResult> {
  const savedMedia = await ctx.checkpoint.get(CHECKPOINT_MEDIA);
  if (savedMedia) return { mediaId: savedMedia, recovered: true };
  const forget = () => ctx.checkpoint.set(CHECKPOINT_CONTAINER, '');
  let containerId = (await ctx.checkpoint.get(CHECKPOINT_CONTAINER)) || undefined;
  if (!containerId && ctx.afterUnknownOutcome) {
    // No container on record but an earlier attempt may have posted (e.g. the checkpoint write was
    // lost): look for our post among the account's recent media before making another.
    const found = await api.findPublished('', ctx);
    if (found) {
      await ctx.checkpoint.set(CHECKPOINT_MEDIA, found);
      return { mediaId: found, recovered: true };
    }
  }

  for (let round = 0; round < MAX_CONTAINERS_PER_ATTEMPT; round++) {
    if (!containerId) {
      await beforeCreate();
      containerId = await api.create(ctx);
      // Saved before the first publish call can happen: from here on a retry checks, never repeats.
      await ctx.checkpoint.set(CHECKPOINT_CONTAINER, containerId);
    }
    const settled = await pollUntilSettled(api, containerId, ctx, poll);
    switch (settled.status) {
      case 'PUBLISHED': {
        const mediaId = await api.findPublished(containerId, ctx);
        if (mediaId) await ctx.checkpoint.set(CHECKPOINT_MEDIA, mediaId);
        return { mediaId, recovered: true };
      }
      case 'IN_PROGRESS':
        // Keep the container: the next attempt resumes polling it.
        throw new RetryableError(`${api.network}: media container still processing after ${poll.maxPolls} checks`, { network: api.network });
      case 'EXPIRED':
        ctx.log.info({ containerId }, 'media container expired; creating a new one');
        await forget();
        containerId = undefined;
        continue;
      case 'ERROR':
        await forget();
        throw containerErrorToPublishError(api.network, settled.detail);
      case 'FINISHED':
        break;
    }
    let mediaId: string;
    try {
      mediaId = await api.publish(containerId, ctx);
    } catch (err) {
      const sub = graphFaultOf(err)?.subcode;
      if (sub !== undefined && IG_SUBCODES.newContainer.has(sub)) await forget();
      throw err;
    }
    await ctx.checkpoint.set(CHECKPOINT_MEDIA, mediaId);
    return { mediaId, recovered: false };
  }
  throw new RetryableError(`${api.network}: media containers kept expiring`, { network: api.network });
}
