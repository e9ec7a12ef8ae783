import type { Draft } from '../../drafts/draft.js';
import type { Logger } from 'pino';
import { AuthError, RetryableError, UnknownOutcomeError } from '../errors.js';
import type { LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import type { GraphClient } from './graph-client.js';
import { type ContainerApi, type ContainerStatus, type PollOptions, publishViaContainer } from './graph-container.js';
import { holdIfQuotaUsedUp, recordPublish } from './graph-quota.js';

/**
 * A LivePublisher for the container APIs (Instagram `media`/`media_publish`, Threads
 * `threads`/`threads_publish`): the networks differ only in paths, field names and the create
 * payload, which each adapter supplies here.
 */
export interface MediaPublisherSpec {
  network: string;
  client: GraphClient;
  userId: string | undefined;
  tokenPresent: boolean;
  channel: string;
  paths: { create: string; publish: string; list: string; quota: string };
  /** Container status fields: Instagram `status_code` + `status`, Threads `status` + `error_message`. */
  statusField: string;
  statusDetailField: string;
  /** The text field of a published media item, to find our post after a lost publish answer. */
  listTextField: string;
  /** When the permalink cannot be read. */
  fallbackUrl: (mediaId: string) => string;
  poll: PollOptions;
  quotaTotal?: number;
  quotaWaitMs?: number;
  /** Container creation fields for this draft; `notes` end up in the receipt. */
  createFields(draft: Draft, ctx: PublishContext, notes: string[]): Promise<Record<string, string>>;
  now?: () => number;
  log: Logger;
}

const LIST_LIMIT = '25';
const STATUSES = new Set<ContainerStatus>(['IN_PROGRESS', 'FINISHED', 'ERROR', 'EXPIRED', 'PUBLISHED']);

export function createMediaPublisher(spec: MediaPublisherSpec): LivePublisher {
  const { client, network } = spec;
  const now = spec.now ?? Date.now;

  function requireUser(): string {
    if (!spec.userId) throw new AuthError(`${network}: networks.${spec.channel}.userId is not set`, { network, keepPost: true });
    if (!spec.tokenPresent) throw new AuthError(`${network}: the ACCESS_TOKEN secret is empty`, { network, keepPost: true });
    return spec.userId;
  }

  function api(userId: string, draft: Draft, notes: string[]): ContainerApi {
    return {
      network,
      async create(ctx) {
        const fields = await spec.createFields(draft, ctx, notes);
        // Creating a container publishes nothing, so a lost answer is a plain retry.
        const body = await client.post(spec.paths.create.replace('{user}', userId), fields, { ...ctx, idempotent: true });
        if (typeof body.id !== 'string') throw new RetryableError(`${network}: container created without an id`, { network, detail: JSON.stringify(body).slice(0, 200) });
        return body.id;
      },
      async status(id, ctx) {
        const body = await client.get(id, { fields: `${spec.statusField},${spec.statusDetailField}` }, ctx);
        const raw = String(body[spec.statusField] ?? '');
        const detail = body[spec.statusDetailField];
        // Threads puts the state in `status`; an unexpected value is treated as still processing.
        const status = (STATUSES.has(raw as ContainerStatus) ? raw : 'IN_PROGRESS') as ContainerStatus;
        return { status, ...(typeof detail === 'string' && detail !== raw ? { detail } : {}) };
      },
      async publish(id, ctx) {
        const body = await client.post(spec.paths.publish.replace('{user}', userId), { creation_id: id }, ctx);
        if (typeof body.id !== 'string') throw new UnknownOutcomeError(`${network}: published without a media id`, { network, detail: JSON.stringify(body).slice(0, 200) });
        return body.id;
      },
      async findPublished(_id, ctx) {
        try {
          const body = await client.get(spec.paths.list.replace('{user}', userId), { fields: `id,${spec.listTextField}`, limit: LIST_LIMIT }, ctx);
          const items = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
          const mine = items.find((m) => m[spec.listTextField] === draft.text);
          return typeof mine?.id === 'string' ? mine.id : undefined;
        } catch (err) {
          ctx.log.warn({ err: (err as Error).message }, `${network}: could not list recent media to find the published post`);
          return undefined;
        }
      },
    };
  }

  async function permalink(mediaId: string, ctx: PublishContext): Promise<string> {
    try {
      const body = await client.get(mediaId, { fields: 'permalink' }, ctx);
      if (typeof body.permalink === 'string' && /^https?:\/\//.test(body.permalink)) return body.permalink;
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, `${network}: could not read the permalink`);
    }
    return spec.fallbackUrl(mediaId);
  }

  return {
    async publish(draft, ctx): Promise<PublishReceipt> {
      const userId = requireUser();
      const notes: string[] = [];
      const beforeCreate = async () => {
        await holdIfQuotaUsedUp(client, spec.paths.quota.replace('{user}', userId), ctx, {
          network,
          nowMs: now(),
          ...(spec.quotaTotal ? { configuredTotal: spec.quotaTotal } : {}),
          ...(spec.quotaWaitMs ? { fallbackWaitMs: spec.quotaWaitMs } : {}),
        });
      };
      const result = await publishViaContainer(api(userId, draft, notes), ctx, spec.poll, beforeCreate);
      if (!result.recovered) await recordPublish(ctx.channelState, now());
      if (result.recovered) notes.push('an earlier attempt had already published this post; not published again');
      if (!result.mediaId) {
        return { confirmed: false, note: `container already PUBLISHED but the media id could not be found. ${notes.join('; ')}` };
      }
      return { remoteId: result.mediaId, remoteUrl: await permalink(result.mediaId, ctx), confirmed: true, ...(notes.length ? { note: notes.join('; ') } : {}) };
    },
    async verify(signal) {
      const userId = requireUser();
      const body = await client.get(userId, { fields: 'username' }, { signal, log: spec.log });
      return { account: typeof body.username === 'string' ? `@${body.username}` : userId };
    },
  };
}
