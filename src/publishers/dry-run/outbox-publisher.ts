import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Draft } from '../../drafts/draft.js';
import { RetryableError } from '../errors.js';
import type { LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';

/** One line of `<outbox>/<channel>.jsonl`: what would have been posted, and where. */
export interface OutboxEntry {
  postId: string;
  articleKey: string;
  channel: string;
  network: string;
  text: string;
  url: string;
  title: string;
  imageUrl: string | null;
  length: number;
  limit: number;
  thread?: string[];
  createdAt: string;
}

export function outboxFile(dir: string, channel: string): string {
  return path.join(dir, `${channel}.jsonl`);
}

/**
 * Dry-run: append the post to a JSON-lines outbox instead of calling the network. Same claim,
 * spacing and ledger path as a live post, so a dry run rehearses everything but the HTTP call.
 */
/** `postedText`: the network's own rendering of the draft (see NetworkDefinition), so the outbox shows what would be posted. */
export function createOutboxPublisher(opts: { dir: string; channel: string; network: string; postedText?: (draft: Draft) => string }): LivePublisher {
  const file = outboxFile(opts.dir, opts.channel);
  // One append-mode descriptor per channel, written synchronously: a dry-run line is a few hundred
  // bytes into the page cache (~2 µs), where an async append costs ~15 µs of the event loop in
  // promise and thread-pool hand-offs, more than the rest of a dry-run publish. Same trade-off as
  // pino's own log destination. O_APPEND keeps lines whole across processes.
  let fd: number | undefined;
  const append = (text: string) => {
    if (fd === undefined) {
      mkdirSync(opts.dir, { recursive: true });
      fd = openSync(file, 'a');
    }
    try {
      writeSync(fd, text);
    } catch (err) {
      closeQuietly(fd);
      fd = undefined;
      throw err;
    }
  };
  return {
    async publish(draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      const articleKey = ctx.postId.split('.')[0] ?? ctx.postId;
      // After a crash between the append and the ledger update, the line may already be there.
      if (ctx.afterUnknownOutcome && (await alreadyInOutbox(file, ctx.postId))) {
        return { remoteId: ctx.postId, remoteUrl: `file://${file}#${ctx.postId}`, confirmed: true, note: 'found in outbox after restart' };
      }
      const entry: OutboxEntry = {
        postId: ctx.postId,
        articleKey,
        channel: opts.channel,
        network: opts.network,
        text: opts.postedText?.(draft) ?? draft.text,
        url: draft.url,
        title: draft.title,
        imageUrl: draft.imageUrl ?? null,
        length: draft.length,
        limit: draft.limit,
        ...(draft.thread?.length ? { thread: draft.thread } : {}),
        createdAt: new Date().toISOString(),
      };
      try {
        append(`${JSON.stringify(entry)}\n`);
      } catch (err) {
        throw new RetryableError(`cannot write outbox ${file}: ${(err as Error).message}`, { network: opts.network, cause: err });
      }
      return { remoteId: ctx.postId, remoteUrl: `file://${file}#${ctx.postId}`, confirmed: true };
    },
    close() {
      if (fd !== undefined) closeQuietly(fd);
      fd = undefined;
    },
    async verify() {
      await mkdir(opts.dir, { recursive: true });
      return { account: `dry-run → ${file}` };
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already unusable: the next post opens the file again.
  }
}

async function alreadyInOutbox(file: string, postId: string): Promise<boolean> {
  try {
    const text = await readFile(file, 'utf8');
    return text.includes(`"postId":${JSON.stringify(postId)}`);
  } catch {
    return false;
  }
}

export async function readOutbox(dir: string, channel: string): Promise<OutboxEntry[]> {
  try {
    const text = await readFile(outboxFile(dir, channel), 'utf8');
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutboxEntry);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
