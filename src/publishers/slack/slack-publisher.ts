import type { Draft } from '../../drafts/draft.js';
import { NO_CORRECTIONS } from '../corrections.js';
import { PermanentError, RetryableError, UnknownOutcomeError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import { webhookTarget as sharedWebhookTarget } from '../webhook-url.js';
import { classify } from './slack-classify.js';
import { SLACK_SECTION_TEXT_MAX, slackLength, slackMessage } from './slack-mrkdwn.js';

const NETWORK = 'slack';
/** Incoming webhooks return no message id or permalink: the receipt points at the article. */
const RECEIPT_NOTE = 'Slack webhooks return no message id or link; remoteUrl is the article';

export interface SlackPublisherConfig {
  /** The secret: `https://hooks.slack.com/services/T…/B…/…`. */
  webhookUrl: string;
  apiBaseUrl: string;
  defaultApiBaseUrl: string;
  now?: () => number;
}

/** The POST URL: the secret, its origin swapped for `apiBaseUrl` when that is overridden (tests, proxies). */
export function webhookTarget(cfg: Pick<SlackPublisherConfig, 'webhookUrl' | 'apiBaseUrl' | 'defaultApiBaseUrl'>): string {
  return sharedWebhookTarget('slack', cfg);
}

export function createSlackPublisher(cfg: SlackPublisherConfig): LivePublisher {
  const url = webhookTarget(cfg);
  const now = cfg.now ?? Date.now;

  return {
    // An incoming webhook answers `ok` and no `ts`: its messages cannot be edited or deleted (flag them).
    corrections: NO_CORRECTIONS,
    async publish(draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      const length = slackLength(draft.text);
      if (length > SLACK_SECTION_TEXT_MAX) {
        throw new PermanentError(`slack: text is ${length} characters escaped, the section limit is ${SLACK_SECTION_TEXT_MAX}`, { network: NETWORK, reason: 'too-long' });
      }
      let res;
      try {
        res = await sendHttp(NETWORK, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackMessage(draft)), signal: ctx.signal });
      } catch (err) {
        throw withoutCause(err);
      }
      if (res.status < 200 || res.status >= 300) throw classify(res.status, res.headers, res.text, now());
      const answer = res.text.trim();
      // "ok" is the only success body Slack documents; anything else after a 2xx still most likely posted.
      const note = answer === 'ok' ? RECEIPT_NOTE : `${RECEIPT_NOTE}; Slack answered ${res.status} "${answer.slice(0, 100)}"`;
      return { remoteId: `slack-${ctx.postId}`, remoteUrl: draft.url, confirmed: answer === 'ok', note };
    },
  };
}

/** The webhook URL is the secret; sendHttp's `cause` can hold the full URL (undici copies it for bad URLs). */
function withoutCause(err: unknown): unknown {
  if (err instanceof UnknownOutcomeError) return new UnknownOutcomeError(err.message, { network: err.network, status: err.status, detail: err.detail });
  if (err instanceof RetryableError) return new RetryableError(err.message, { network: err.network, status: err.status, detail: err.detail });
  return err;
}
