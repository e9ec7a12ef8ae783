import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, PermanentError, PublishError, RateLimitedError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { createSlackPublisher } from '../../../src/publishers/slack/slack-publisher.js';
import { testPublishContext } from '../../contract/publish-context.js';
import { mrkdwnLinks, slackFaults, startSlackFake, type SlackFake } from '../../fakes/slack-fake.js';

const SECRET = 'https://hooks.slack.com/services/T000/B000/XXXX';
const URL = 'https://news.example/story?a=1&b=2';
const draft: Draft = {
  text: 'The council said <no> & then yes.',
  length: 0,
  limit: 3000,
  url: URL,
  title: '<b>Tom & Jerry</b>',
  description: '',
  hashtags: [],
};

let fake: SlackFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});
const publisherFor = (f: SlackFake, webhookUrl = SECRET) => createSlackPublisher({ webhookUrl, apiBaseUrl: f.url, defaultApiBaseUrl: 'https://hooks.slack.com' });

describe('slack publisher against the fake webhook', () => {
  it('posts headline link + body; "ok" is success; the receipt points at the article', async () => {
    fake = await startSlackFake();
    const receipt = await publisherFor(fake).publish(draft, testPublishContext({ postId: 'abc.slack' }));
    expect(fake.messages).toHaveLength(1);
    const [msg] = fake.messages;
    expect(msg?.visibleBlocks).toEqual(['*<b>Tom & Jerry</b>*', 'The council said <no> & then yes.']);
    expect(mrkdwnLinks(msg?.blocks[0]?.text?.text ?? '')).toEqual([URL]);
    expect(receipt).toMatchObject({ remoteId: 'slack-abc.slack', remoteUrl: URL, confirmed: true });
    expect(receipt.note).toMatch(/no message id or link/);
  });

  it('429: waits for Retry-After seconds', async () => {
    fake = await startSlackFake();
    fake.fail(slackFaults.rateLimited(7));
    const before = Date.now();
    const err = (await publisherFor(fake).publish(draft, testPublishContext()).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.untilMs - before).toBeGreaterThanOrEqual(7_000);
    expect(err.untilMs - Date.now()).toBeLessThanOrEqual(7_000);
    expect(fake.messages).toHaveLength(0);
  });

  it('an archived channel or a removed webhook halts the channel; a bad payload fails the post', async () => {
    fake = await startSlackFake({ hooks: [{ path: '/services/T000/B000/XXXX', archived: true }, { path: '/services/T000/B000/YYYY', revoked: true }] });
    await expect(publisherFor(fake).publish(draft, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisherFor(fake, 'https://hooks.slack.com/services/T000/B000/YYYY').publish(draft, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisherFor(fake, 'https://hooks.slack.com/services/T000/B000/ZZZZ').publish(draft, testPublishContext())).rejects.toThrow(/no_service/);
    fake.hooks[0]!.archived = false;
    fake.fail(slackFaults.invalidPayload());
    await expect(publisherFor(fake).publish(draft, testPublishContext())).rejects.toBeInstanceOf(PermanentError);
  });

  it('refuses a body over the section limit before sending', async () => {
    fake = await startSlackFake();
    await expect(publisherFor(fake).publish({ ...draft, text: '&'.repeat(700) }, testPublishContext())).rejects.toMatchObject({ reason: 'too-long' });
    expect(fake.server.requests).toHaveLength(0);
  });

  it('a lost answer is an unknown outcome (the message exists once)', async () => {
    fake = await startSlackFake();
    fake.fail(slackFaults.dropAfter());
    await expect(publisherFor(fake).publish(draft, testPublishContext())).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.messages).toHaveLength(1);
  });

  it('the webhook secret never appears in errors', async () => {
    fake = await startSlackFake();
    for (const fault of [slackFaults.invalidToken(), slackFaults.serverError(), slackFaults.dropAfter(), slackFaults.dropBefore()]) {
      fake.fail(fault);
      const err = await publisherFor(fake).publish(draft, testPublishContext()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PublishError);
      expect(`${String(err)} ${JSON.stringify(err)} ${inspect(err, { depth: 10 })}`).not.toContain('XXXX');
    }
    const bad = createSlackPublisher({ webhookUrl: SECRET, apiBaseUrl: 'http://exa mple.invalid', defaultApiBaseUrl: 'https://hooks.slack.com' });
    const err = await bad.publish(draft, testPublishContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(inspect(err, { depth: 10 })).not.toContain('XXXX');
  });
});
