import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RetryableError } from '../../../src/publishers/errors.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { testPublishContext } from '../../contract/publish-context.js';
import { GraphFake, ROUTES } from '../../fakes/graph-fake.js';
import { ARTICLE_URL, metaDraft, metaPublisher } from '../graph/meta-harness.js';

type Lifecycle = LivePublisher & Required<Pick<LivePublisher, 'edit' | 'remove' | 'corrections'>>;
let fake: GraphFake;
beforeEach(async () => {
  fake = await new GraphFake().start();
});
afterEach(() => fake.stop());

const fb = () => metaPublisher('facebook', fake) as Lifecycle;
async function original(): Promise<string> {
  return (await fb().publish(metaDraft({ text: `Six engines\n\n${ARTICLE_URL}` }), testPublishContext())).remoteId!;
}

describe('facebook lifecycle against the fake Graph API', () => {
  it('declares edit and delete, no reply', () => {
    expect(fb().corrections).toEqual({ edit: true, reply: false, remove: true });
    expect((fb() as LivePublisher).reply).toBeUndefined();
  });

  it('edit POSTs the new message to the post node (link untouched); a lost answer is a plain retry', async () => {
    const remoteId = await original();
    const receipt = await fb().edit({ remoteId }, metaDraft({ text: `Eight engines\n\n${ARTICLE_URL}` }), testPublishContext());
    expect(receipt).toMatchObject({ remoteId, confirmed: true });
    expect(fake.fbPosts[0]).toMatchObject({ message: `Eight engines\n\n${ARTICLE_URL}`, link: ARTICLE_URL, edits: 1 });
    const update = fake.http.requests.find((r) => r.method === 'POST' && r.path === `/v23.0/${remoteId}`) ?? fake.http.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${remoteId}`));
    expect(update?.form?.has('link')).toBe(false);
    fake.fault(ROUTES.nodeUpdate, { kind: 'drop-after' });
    await expect(fb().edit({ remoteId }, metaDraft({ text: 'Eight engines, final' }), testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    await fb().edit({ remoteId }, metaDraft({ text: 'Eight engines, final' }), testPublishContext());
    expect(fake.fbPosts[0]!.message).toBe(`Eight engines, final\n\n${ARTICLE_URL}`);
    expect(fake.fbPosts[0]!.edits).toBe(2);
  });

  it('delete removes the post; a second delete (100/33, token still good) is already gone', async () => {
    const remoteId = await original();
    await expect(fb().remove({ remoteId }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
    expect(fake.fbPosts).toHaveLength(0);
    await expect(fb().remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true, note: expect.stringMatching(/100\/33/) });
    await expect(fb().edit({ remoteId }, metaDraft(), testPublishContext())).rejects.toMatchObject({ constructor: PermanentError, reason: 'gone' });
  });

  it('an invalid token (190) is an AuthError on edit and delete, never "already gone"', async () => {
    const remoteId = await original();
    const p = fb(); // holds the token it was made with
    fake.token = 'rotated-token';
    await expect(p.edit({ remoteId }, metaDraft(), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(p.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.fbPosts).toHaveLength(1);
  });
});
