import type { Config } from '../../src/config/load-config.js';
import { describeRedisTarget, pingRedis } from '../../src/queues/connection.js';
import { createLogger } from '../../src/shared/logger.js';
import { secretScrubber } from '../../src/shared/scrub-secrets.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { checkFeeds, checkWeb, type CheckRow } from './check-live.js';
import { table } from './with-context.js';

/**
 * Config is valid by the time we get here (loading validated it, exit 2 otherwise); this checks what
 * can only be checked live. Exit 1 when any row FAILs, 0 otherwise (warnings included).
 */
export async function runCheck(config: Config, out: (s: string) => void): Promise<number> {
  const rows: CheckRow[] = [{ what: 'config', status: 'ok', detail: `${config.configPath}: ${config.feeds.length} feed(s), ${config.channels.length} channel(s)` }];
  const [ping, feeds] = await Promise.all([pingRedis(config.redisTarget), checkFeeds(config)]);
  rows.push({ what: 'redis', status: ping.ok ? 'ok' : 'FAIL', detail: ping.ok ? describeRedisTarget(config.redisTarget) : `${describeRedisTarget(config.redisTarget)}: ${ping.error}` });
  rows.push(...feeds, ...checkWeb(config, config.web.users.length));
  const ctx = ping.ok ? createAppContext(config, createLogger({ level: 'silent' })) : undefined;
  try {
    for (const channel of config.channels) rows.push(await checkChannel(config, ctx, channel));
  } finally {
    await ctx?.close();
  }
  out(table([['WHAT', 'STATUS', 'DETAIL'], ...rows.map((r) => [r.what, r.status, r.detail])]));
  return rows.some((r) => r.status === 'FAIL') ? 1 : 0;
}

/** What the check of one channel needs of the context (a fake network in test/cli/check-channel.test.ts). */
export type CheckChannelContext = Pick<AppContext, 'publisher'> & { control: Pick<AppContext['control'], 'state'> };

/** A network's error can echo the credential it was given: it is printed only through the channel's scrubber. */
const MAX_ERROR_CHARS = 500;

export async function checkChannel(config: Pick<Config, 'outbox'>, ctx: CheckChannelContext | undefined, channel: Config['channels'][number]): Promise<CheckRow> {
  const what = `${channel.id} (${channel.network})`;
  if (!channel.enabled) return { what, status: 'off', detail: 'enabled: false' };
  if (channel.mode === 'dry-run') return { what, status: 'dry-run', detail: `outbox ${config.outbox.dir}/${channel.id}.jsonl` };
  const publisher = ctx?.publisher(channel);
  if (!publisher?.verify) return { what, status: 'live', detail: 'credentials present (no verification available)' };
  try {
    const { account } = await publisher.verify(AbortSignal.timeout(15_000), ctx?.control.state(channel.id));
    return { what, status: 'ok', detail: `live as ${account}` };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { what, status: 'FAIL', detail: secretScrubber(Object.values(channel.secrets))(message).slice(0, MAX_ERROR_CHARS) };
  }
}
