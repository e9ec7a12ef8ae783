import type { Config } from '../../src/config/load-config.js';
import { MIN_SESSION_SECRET_CHARS } from '../../src/config/web-secrets.js';
import { isFeedFetchError } from '../../src/feeds/feed-errors.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { isLoopbackHost } from '../../src/shared/loopback.js';

/** One row of `crier check`: FAIL rows make it exit 1, warn rows are printed and do not. */
export interface CheckRow {
  what: string;
  status: 'ok' | 'FAIL' | 'warn' | 'off' | 'dry-run' | 'live';
  detail: string;
}

/** Each feed fetched and parsed exactly as the poller would (same functions, same caps), all at once. */
export async function checkFeeds(config: Config): Promise<CheckRow[]> {
  return Promise.all(
    config.feeds.map(async (feed): Promise<CheckRow> => {
      const what = `feed ${feed.id}`;
      try {
        const res = await fetchFeed({ url: feed.url, timeoutMs: feed.timeoutSeconds * 1000, maxBytes: feed.maxBytes, userAgent: config.poller.userAgent });
        if (res.kind !== 'ok') return { what, status: 'ok', detail: `${feed.url}: not modified (HTTP ${res.status})` };
        const parsed = await parseFeed(res.text, { feedId: feed.id, feedUrl: res.finalUrl });
        const warnings = parsed.warnings.length ? `; ${parsed.warnings.length} warning(s): ${parsed.warnings.slice(0, 2).join('; ')}` : '';
        return { what, status: 'ok', detail: `${feed.url}: ${parsed.items.length} item(s)${res.status ? ` (HTTP ${res.status})` : ''}${warnings}` };
      } catch (err) {
        const reason = isFeedFetchError(err) ? `${err.reason}: ${err.message}` : (err as Error).message;
        return { what, status: 'FAIL', detail: `${feed.url}: ${reason}` };
      }
    }),
  );
}

/** The desk: somebody can sign in, and sessions are signed with a key that is long enough and survives restarts. */
export function checkWeb(config: Config, userCount: number): CheckRow[] {
  const loopback = isLoopbackHost(config.web.host);
  const users: CheckRow =
    userCount > 0
      ? { what: 'web users', status: 'ok', detail: `${userCount} user(s)` }
      : loopback
        ? { what: 'web users', status: 'warn', detail: 'none: on 127.0.0.1 `crier start` prints a one-time demo sign-in; add real users with `crier user add`' }
        : { what: 'web users', status: 'FAIL', detail: `none, and the desk listens on ${config.web.host}: nobody can sign in (crier user add)` };
  const secret = config.webSecrets.sessionSecret;
  const session: CheckRow = !secret
    ? { what: 'session secret', status: 'warn', detail: 'CRIER_SESSION_SECRET is not set: a random key per process, sessions end at every restart and are not shared between web processes' }
    : secret.length < MIN_SESSION_SECRET_CHARS
      ? { what: 'session secret', status: 'FAIL', detail: `CRIER_SESSION_SECRET has ${secret.length} characters; at least ${MIN_SESSION_SECRET_CHARS} are needed` }
      : { what: 'session secret', status: 'ok', detail: `CRIER_SESSION_SECRET: ${secret.length} characters` };
  return [users, session];
}
