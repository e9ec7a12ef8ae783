import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { RetryableError } from '../../../src/publishers/errors.js';
import { createOutboxPublisher, outboxFile, readOutbox } from '../../../src/publishers/dry-run/outbox-publisher.js';
import { blueskyNetwork } from '../../../src/publishers/bluesky/bluesky-network.js';
import { testPublishContext } from '../../contract/publish-context.js';

const draft = (n: number): Draft => ({
  text: `Pakistan and Turkiye reaffirm defence ties, part ${n} https://southasiandesk.example/${n}`,
  length: 70,
  limit: 280,
  url: `https://southasiandesk.example/${n}`,
  title: 'Pakistan and Turkiye reaffirm defence ties',
  description: '',
  hashtags: [],
});
const postId = (n: number) => `a${String(n).padStart(20, '0')}.x`;

describe('dry-run outbox publisher (real files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-outbox-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('appends one whole JSON line per post, in order, and creates the directory', async () => {
    const outbox = path.join(dir, 'nested', 'outbox');
    const publisher = createOutboxPublisher({ dir: outbox, channel: 'x', network: 'x' });
    const receipts = await Promise.all([1, 2, 3].map((n) => publisher.publish(draft(n), testPublishContext({ postId: postId(n) }))));
    publisher.close?.();
    expect(receipts.map((r) => r.remoteId)).toEqual([postId(1), postId(2), postId(3)]);
    const lines = await readOutbox(outbox, 'x');
    expect(lines.map((l) => [l.postId, l.url, l.channel, l.network])).toEqual([1, 2, 3].map((n) => [postId(n), draft(n).url, 'x', 'x']));
    expect((await readFile(outboxFile(outbox, 'x'), 'utf8')).endsWith('\n')).toBe(true);
  });

  it('writes the text as the network would receive it (Bluesky posts links in a short form)', async () => {
    const publisher = createOutboxPublisher({ dir, channel: 'bluesky', network: 'bluesky', postedText: blueskyNetwork.postedText });
    const long = { ...draft(1), url: 'https://southasiandesk.example/news/2026/01/30/pakistan-turkiye-defence-ties?utm_source=bluesky', text: 'Ties https://southasiandesk.example/news/2026/01/30/pakistan-turkiye-defence-ties?utm_source=bluesky' };
    await publisher.publish(long, testPublishContext({ postId: postId(1) }));
    publisher.close?.();
    const [line] = await readOutbox(dir, 'bluesky');
    expect(line?.text).toBe('Ties southasiandesk.example/news/2…');
    expect(line?.url).toBe(long.url);
  });

  it('an unwritable outbox is a retryable error naming the file; the next post after the fix goes through', async () => {
    const outbox = path.join(dir, 'blocked');
    await writeFile(outbox, 'a file where the directory should be');
    const publisher = createOutboxPublisher({ dir: outbox, channel: 'facebook', network: 'facebook' });
    const failure = publisher.publish(draft(1), testPublishContext({ postId: postId(1) }));
    await expect(failure).rejects.toBeInstanceOf(RetryableError);
    await expect(failure).rejects.toThrow(/cannot write outbox .*facebook\.jsonl/);
    await rm(outbox);
    await publisher.publish(draft(1), testPublishContext({ postId: postId(1) }));
    publisher.close?.();
    expect((await readOutbox(outbox, 'facebook')).map((l) => l.postId)).toEqual([postId(1)]);
  });

  it('after an unknown outcome a line already written is reported, not written twice', async () => {
    const publisher = createOutboxPublisher({ dir, channel: 'x', network: 'x' });
    await publisher.publish(draft(1), testPublishContext({ postId: postId(1) }));
    const again = await publisher.publish(draft(1), testPublishContext({ postId: postId(1), afterUnknownOutcome: true }));
    expect(again.note).toBe('found in outbox after restart');
    // close() releases the descriptor; a later post opens the file again and appends.
    publisher.close?.();
    await publisher.publish(draft(2), testPublishContext({ postId: postId(2) }));
    publisher.close?.();
    expect((await readOutbox(dir, 'x')).map((l) => l.postId)).toEqual([postId(1), postId(2)]);
  });
});
