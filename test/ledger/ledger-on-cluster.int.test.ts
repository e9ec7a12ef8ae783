import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { createArticleLedger } from '../../src/ledger/article-ledger.js';
import { createRedis } from '../../src/queues/connection.js';
import { prefixPattern, uniquePrefix } from '../helpers/redis.js';
import { ask, redisProcs, startCluster, type ClusterSetup, type RedisProcs } from '../helpers/redis-procs.js';

/**
 * The ledger's Lua on a real three-master Redis Cluster (issue #18). Recording a correction is the
 * script that derives keys it could not pass in KEYS (the existing article found through an
 * identity, and its `:versions` list): built from KEYS[1], they share its hash tag, and Redis
 * Cluster enforces that at run time, as the control below shows for a key of another slot.
 */
function article(key: string, over: Partial<Article> = {}): Article {
  return { key, feedId: 'desk', title: 'Pakistan and Turkiye reaffirm defence ties', url: 'https://southasiandesk.example/a', categories: [], text: 'Body.', discoveredAt: new Date().toISOString(), ...over };
}

describe('ledger scripts on Redis Cluster', () => {
  let procs: RedisProcs;
  let cluster: ClusterSetup;
  let redis: Redis;
  beforeAll(async () => {
    procs = await redisProcs('ledger-cluster');
    cluster = await startCluster(procs);
    redis = createRedis({ kind: 'cluster', nodes: cluster.masters.map((m) => m.node) }, 'worker');
  }, 60_000);
  afterAll(async () => {
    redis.disconnect();
    await procs.stopAll();
  });

  it('a correction found through another item’s identity updates the first article and its versions, in the one slot', async () => {
    const prefix = uniquePrefix('cluster-ledger');
    const ledger = createArticleLedger(redis, { prefix, retentionDays: 1, maxArticles: 100 });
    expect(await ledger.record(article('a1'), ['url:a'])).toEqual({ status: 'new', articleKey: 'a1' });
    // Another item key, same identity, new title: the script finds a1 by the identity and corrects it.
    const again = await ledger.record(article('a2', { title: 'Pakistan and Türkiye reaffirm defence ties (updated)' }), ['url:a']);
    expect(again).toEqual({ status: 'changed', articleKey: 'a1' });
    expect((await ledger.get('a1'))?.article.title).toBe('Pakistan and Türkiye reaffirm defence ties (updated)');

    const holders = [...(await cluster.keysByMaster(prefixPattern(prefix)))].filter(([, keys]) => keys.length > 0);
    expect(holders).toHaveLength(1);
    const [port, keys] = holders[0] ?? [0, []];
    expect(keys).toContain(`${prefix}:crier:article:a1:versions`);
    const slots = await ask(port, async (r) => new Set(await Promise.all(keys.map((k) => r.call('CLUSTER', 'KEYSLOT', k)))));
    expect(slots.size).toBe(1);
  });

  it('control: the Cluster refuses a script that touches a key of another slot', async () => {
    const script = "redis.call('SET', KEYS[1], '1'); return redis.call('SET', ARGV[1], '1')";
    await expect(redis.eval(script, 1, '{crier-a}:k', '{crier-b}:k')).rejects.toThrow(/Script attempted to access (keys that do not hash to the same slot|a non local key)/);
  });
});
