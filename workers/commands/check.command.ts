import type { Config } from '../../src/config/load-config.js';
import { pingRedis } from '../../src/queues/connection.js';
import { createLogger } from '../../src/shared/logger.js';
import { redactUrl } from '../../src/shared/redis-server.js';
import { createAppContext } from '../context.js';
import { table } from './with-context.js';

/** Config is valid by the time we get here (loading validated it); check what can only be checked live. */
export async function runCheck(config: Config, out: (s: string) => void): Promise<number> {
  const rows: string[][] = [['WHAT', 'STATUS', 'DETAIL']];
  let ok = true;
  rows.push(['config', 'ok', `${config.configPath}: ${config.feeds.length} feed(s), ${config.channels.length} channel(s)`]);
  const ping = await pingRedis(config.redisUrl);
  rows.push(['redis', ping.ok ? 'ok' : 'FAIL', ping.ok ? redactUrl(config.redisUrl) : `${redactUrl(config.redisUrl)}: ${ping.error}`]);
  ok &&= ping.ok;
  const ctx = ping.ok ? createAppContext(config, createLogger({ level: 'silent' })) : undefined;
  try {
    for (const channel of config.channels) {
      if (!channel.enabled) {
        rows.push([`${channel.id} (${channel.network})`, 'off', 'enabled: false']);
        continue;
      }
      if (channel.mode === 'dry-run') {
        rows.push([`${channel.id} (${channel.network})`, 'dry-run', `outbox ${config.outbox.dir}/${channel.id}.jsonl`]);
        continue;
      }
      const publisher = ctx?.publisher(channel);
      if (!publisher?.verify) {
        rows.push([`${channel.id} (${channel.network})`, 'live', 'credentials present (no verification available)']);
        continue;
      }
      try {
        const { account } = await publisher.verify(AbortSignal.timeout(15_000), ctx?.control.state(channel.id));
        rows.push([`${channel.id} (${channel.network})`, 'ok', `live as ${account}`]);
      } catch (err) {
        ok = false;
        rows.push([`${channel.id} (${channel.network})`, 'FAIL', (err as Error).message]);
      }
    }
  } finally {
    await ctx?.close();
  }
  out(table(rows));
  return ok ? 0 : 1;
}
