import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, PermanentError, RetryableError } from '../../../src/publishers/errors.js';
import { linkedinNetwork } from '../../../src/publishers/linkedin/linkedin-network.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { testPublishContext } from '../../contract/publish-context.js';
import { FAKE_AUTHOR, FAKE_TOKEN, ROUTES, startLinkedinFake, type LinkedinFake } from '../../fakes/linkedin-fake.js';

const URL = 'https://news.example.com/engines';
const draft = (text: string): Draft => ({ text, length: 0, limit: 3000, url: URL, title: 'Engines', description: '', hashtags: [] });
type Lifecycle = LivePublisher & Required<Pick<LivePublisher, 'edit' | 'remove' | 'corrections'>>;

let fake: LinkedinFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(token = FAKE_TOKEN) {
  fake = await startLinkedinFake();
  const make = (t: string) =>
    linkedinNetwork.createLive!({ channel: 'linkedin', options: linkedinNetwork.optionsSchema.parse({ apiBaseUrl: fake!.url, author: FAKE_AUTHOR, thumbnail: false }), secrets: { ACCESS_TOKEN: t }, log: pino({ level: 'silent' }) }) as Lifecycle;
  const first = await make(FAKE_TOKEN).publish(draft('Six engines (confirmed)'), testPublishContext());
  return { fake, publisher: make(token), remoteId: first.remoteId! };
}

describe('linkedin lifecycle against the fake Posts API', () => {
  it('declares edit and delete, no reply', async () => {
    const { publisher } = await setup();
    expect(publisher.corrections).toEqual({ edit: true, reply: false, remove: true });
  });

  it('edit sets commentary by PARTIAL_UPDATE (little text escaped), reads it back; a lost answer is a plain retry', async () => {
    const { fake, publisher, remoteId } = await setup();
    const receipt = await publisher.edit({ remoteId }, draft('Eight engines (corrected)'), testPublishContext());
    expect(receipt).toMatchObject({ remoteId, confirmed: true });
    expect(fake.posts[0]).toMatchObject({ commentary: 'Eight engines (corrected)', truncated: false, edits: 1 });
    const patch = fake.server.requests.find((r) => r.method === 'POST' && r.path.startsWith('/rest/posts/'));
    expect(patch?.path).toBe(`/rest/posts/${encodeURIComponent(remoteId)}`);
    fake.server.fault(ROUTES.post, { kind: 'drop-after' });
    await expect(publisher.edit({ remoteId }, draft('Eight engines'), testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    await expect(publisher.edit({ remoteId }, draft('Eight engines'), testPublishContext())).resolves.toMatchObject({ confirmed: true });
    expect(fake.posts[0]).toMatchObject({ commentary: 'Eight engines', edits: 2 });
  });

  it('an edit LinkedIn accepts but does not apply is reported unconfirmed', async () => {
    const { fake, publisher, remoteId } = await setup();
    fake.server.fault(ROUTES.post, { kind: 'status', status: 204 });
    await expect(publisher.edit({ remoteId }, draft('Eight engines'), testPublishContext())).resolves.toMatchObject({ confirmed: false, note: expect.stringMatching(/still shows/) });
  });

  it('delete removes the post; deleting again (204) or a post never there (404) is fine', async () => {
    const { fake, publisher, remoteId } = await setup();
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
    expect(fake.posts).toHaveLength(0);
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: false });
    await expect(publisher.remove({ remoteId: 'urn:li:share:1' }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true });
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toMatchObject({ constructor: PermanentError, reason: 'gone' });
  });

  it('401 is an AuthError on edit and delete', async () => {
    const { fake, publisher, remoteId } = await setup('expired-token');
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.posts).toHaveLength(1);
  });
});
