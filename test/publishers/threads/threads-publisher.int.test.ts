import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { GraphFake, graphError, ROUTES } from '../../fakes/graph-fake.js';
import { ARTICLE_URL, metaDraft, metaPublisher } from '../graph/meta-harness.js';

let fake: GraphFake;
beforeEach(async () => {
  fake = await new GraphFake().start();
});
afterEach(() => fake.stop());

const th = (options: Record<string, unknown> = {}) => metaPublisher('threads', fake, { options });

describe('threads publisher', () => {
  it('creates a TEXT container with link_attachment at /v1.0/{user}/threads, then threads_publish', async () => {
    const checkpoint = memoryStore();
    const receipt = await th().publish(metaDraft(), testPublishContext({ checkpoint }));
    const [c] = [...fake.containers.values()];
    expect(Object.fromEntries(c?.fields ?? [])).toEqual({ media_type: 'TEXT', text: metaDraft().text, link_attachment: ARTICLE_URL });
    expect(fake.http.requests.map((r) => `${r.method} ${r.path}`)).toContain('POST /v1.0/5678/threads_publish');
    expect(checkpoint.values.get('containerId')).toBe(c?.id);
    expect(receipt).toMatchObject({ confirmed: true, remoteUrl: `https://www.threads.net/@fake/post/${receipt.remoteId}` });
  });

  it('polls IN_PROGRESS until FINISHED', async () => {
    fake.script('IN_PROGRESS', 'IN_PROGRESS', 'FINISHED');
    await th().publish(metaDraft(), testPublishContext());
    expect([...fake.containers.values()][0]?.polls).toBe(3);
    expect(fake.publishedBy('threads')).toHaveLength(1);
  });

  it('a lost threads_publish answer → unknown outcome; the retry sees PUBLISHED and posts nothing more', async () => {
    fake.fault(ROUTES.thPublish, { kind: 'drop-after' });
    const checkpoint = memoryStore();
    await expect(th().publish(metaDraft(), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    const receipt = await th().publish(metaDraft(), testPublishContext({ checkpoint, afterUnknownOutcome: true }));
    expect(fake.publishedBy('threads')).toHaveLength(1);
    expect(receipt.remoteId).toBe(fake.publishedBy('threads')[0]?.id);
  });

  it('EXPIRED → new container; ERROR with error_message → retry with a new container', async () => {
    fake.script('EXPIRED');
    await th().publish(metaDraft(), testPublishContext());
    expect(fake.containers.size).toBe(2);
    fake.script('ERROR');
    const checkpoint = memoryStore();
    await expect(th().publish(metaDraft({ text: 'second' }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    await th().publish(metaDraft({ text: 'second' }), testPublishContext({ checkpoint }));
    expect(fake.containers.size).toBe(4);
    expect(fake.publishedBy('threads')).toHaveLength(2);
  });

  it('holds the channel when threads_publishing_limit is used up', async () => {
    fake.quota = { usage: 250, total: 250, durationS: 86_400 };
    const err = (await th().publish(metaDraft(), testPublishContext()).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toMatch(/250\/250/);
    expect(fake.http.requests.some((r) => r.path === '/v1.0/5678/threads_publishing_limit')).toBe(true);
    expect(fake.containers.size).toBe(0);
  });

  it('refuses more than 5 links before calling the API', async () => {
    const text = Array.from({ length: 6 }, (_, i) => `https://l${i}.example.org`).join(' ');
    await expect(th().publish(metaDraft({ text }), testPublishContext())).rejects.toBeInstanceOf(PermanentError);
    expect(fake.containers.size).toBe(0);
  });

  it('verify names the account', async () => {
    expect(await th().verify?.(AbortSignal.timeout(5_000))).toEqual({ account: '@fakeuser' });
  });

  it('an invalid token is an auth error that keeps the post', async () => {
    fake.fault(ROUTES.thCreate, graphError(190, 463));
    await expect(th().publish(metaDraft(), testPublishContext())).rejects.toMatchObject({ kind: 'auth', keepPost: true });
  });
});

describe('threads publisher: unknown outcome without a checkpointed container', () => {
  it('finds the earlier post among recent threads instead of posting again', async () => {
    await th().publish(metaDraft(), testPublishContext());
    const receipt = await th().publish(metaDraft(), testPublishContext({ afterUnknownOutcome: true }));
    expect(fake.publishedBy('threads')).toHaveLength(1);
    expect(receipt.remoteId).toBe(fake.publishedBy('threads')[0]?.id);
  });
});
