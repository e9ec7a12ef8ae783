import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { GraphFake, ROUTES } from '../../fakes/graph-fake.js';
import { metaDraft, metaPublisher } from '../graph/meta-harness.js';

type Lifecycle = LivePublisher & Required<Pick<LivePublisher, 'reply' | 'remove' | 'corrections'>>;
let fake: GraphFake;
beforeEach(async () => {
  fake = await new GraphFake().start();
});
afterEach(() => fake.stop());

const th = () => metaPublisher('threads', fake) as Lifecycle;
async function original(): Promise<string> {
  return (await th().publish(metaDraft(), testPublishContext())).remoteId!;
}

describe('threads lifecycle against the fake Graph API', () => {
  it('declares reply and delete, no edit', () => {
    expect(th().corrections).toEqual({ edit: false, reply: true, remove: true });
    expect((th() as LivePublisher).edit).toBeUndefined();
  });

  it('reply is a TEXT container with reply_to_id, then threads_publish', async () => {
    const remoteId = await original();
    const receipt = await th().reply({ remoteId }, metaDraft({ text: 'Correction: eight engines.' }), testPublishContext());
    const reply = fake.publishedBy('threads').find((m) => m.replyTo === remoteId);
    expect(reply?.text).toBe('Correction: eight engines.');
    expect(receipt).toMatchObject({ remoteId: reply!.id, confirmed: true });
    const container = fake.containers.get(reply!.containerId);
    expect(Object.fromEntries(container!.fields)).toEqual({ media_type: 'TEXT', text: 'Correction: eight engines.', reply_to_id: remoteId });
  });

  it('a lost threads_publish answer on the reply, retried once, yields one reply (the container reads PUBLISHED)', async () => {
    const remoteId = await original();
    const checkpoint = memoryStore();
    fake.fault(ROUTES.thPublish, { kind: 'drop-after' });
    await expect(th().reply({ remoteId }, metaDraft({ text: 'Correction: eight.' }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    await th().reply({ remoteId }, metaDraft({ text: 'Correction: eight.' }), testPublishContext({ checkpoint, attempt: 2, afterUnknownOutcome: true }));
    expect(fake.publishedBy('threads').filter((m) => m.replyTo === remoteId)).toHaveLength(1);
  });

  it('delete removes the media; a second delete (100/33) is already gone', async () => {
    const remoteId = await original();
    await expect(th().remove({ remoteId }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
    expect(fake.publishedBy('threads')).toHaveLength(0);
    await expect(th().remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true });
  });

  it('an invalid token (190) is an AuthError on reply and delete', async () => {
    const remoteId = await original();
    const p = th(); // holds the token it was made with
    fake.token = 'rotated-token';
    await expect(p.reply({ remoteId }, metaDraft({ text: 'Correction' }), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(p.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.publishedBy('threads')).toHaveLength(1);
  });
});
