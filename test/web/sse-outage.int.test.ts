import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';
import { createEventHub } from '../../src/web/sse.js';
import type { WebContext } from '../../src/web/web-context.js';

/** Every read of the event stream fails as it does while Redis is down; counts the attempts. */
function downEvents() {
  let reads = 0;
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6399'), { code: 'ECONNREFUSED' });
  return {
    reads: () => reads,
    events: { lastId: () => Promise.resolve('0-0'), read: () => ((reads += 1), Promise.reject(refused())) },
  };
}

describe('the web event hub during a Redis outage', () => {
  it('logs the outage once through the tracker, not a warning per retry', async () => {
    let text = '';
    const log = createLogger({ destination: new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) }), level: 'debug' });
    // Never connects (lazyConnect): its status is not "ready", as in an outage.
    const redis = new Redis('redis://127.0.0.1:6399', { lazyConnect: true });
    const down = downEvents();
    const hub = createEventHub({ redis, log, events: down.events } as unknown as WebContext);
    const unsubscribe = hub.subscribe(() => undefined);
    try {
      await expect.poll(() => down.reads(), { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(3);
    } finally {
      unsubscribe();
      await hub.close();
      redis.disconnect();
    }
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; outage?: string });
    expect(lines.filter((l) => l.outage === 'start')).toHaveLength(1);
    expect(lines.filter((l) => l.msg.includes('event hub read failed'))).toEqual([]);
  });
});
