import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Where Crier's Redis is: one server (`REDIS_URL`), a master found through Sentinel
 * (`redis.sentinels` + `redis.name`), or a Cluster (`redis.cluster` seed nodes). Exactly one.
 * Passwords ride along non-enumerable (see `withRedisAuth`): a target may be logged, they never are.
 */
export type RedisTarget = { kind: 'url'; url: string } | { kind: 'sentinel'; sentinels: HostPort[]; name: string } | { kind: 'cluster'; nodes: HostPort[] };

export interface RedisAuth {
  /** REDIS_PASSWORD: the data nodes' password (Sentinel's master and replicas, every Cluster node). */
  password?: string;
  /** REDIS_SENTINEL_PASSWORD: the sentinels' own password, when they have one. */
  sentinelPassword?: string;
}

const AUTH = Symbol('redisAuth');

/** Attaches the passwords to a target without making them enumerable (JSON, logs, spreads skip them). */
export function withRedisAuth<T extends RedisTarget>(target: T, auth: RedisAuth): T {
  Object.defineProperty(target, AUTH, { value: Object.freeze({ ...auth }), enumerable: false });
  return target;
}

export function redisAuth(target: RedisTarget): RedisAuth {
  return (target as { [AUTH]?: RedisAuth })[AUTH] ?? {};
}

export function toRedisTarget(target: RedisTarget | string): RedisTarget {
  return typeof target === 'string' ? { kind: 'url', url: target } : target;
}

/** For messages: never a password. */
export function describeRedisTarget(target: RedisTarget | string): string {
  const t = toRedisTarget(target);
  const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(', ');
  if (t.kind === 'sentinel') return `Sentinel master "${t.name}" via ${list(t.sentinels)}`;
  if (t.kind === 'cluster') return `Redis Cluster via ${list(t.nodes)}`;
  return redactUrl(t.url);
}

/** Never print a password that may sit in REDIS_URL. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** Options that belong to the Cluster object itself rather than to each node's connection. */
export interface ClusterLevelOptions {
  clusterRetryStrategy?: ClusterOptions['clusterRetryStrategy'];
}

/**
 * THE connection factory: every Redis client Crier opens comes from here. `options` are per
 * connection (ioredis RedisOptions); on a Cluster they become `redisOptions` of every node, except
 * `enableOfflineQueue` and `lazyConnect`, which the Cluster object owns. The Cluster is typed as
 * `Redis`: it answers the same commands (keys in one slot, see docs/redis.md), so the ledger and
 * queues need not know which topology they run on.
 */
export function openRedis(target: RedisTarget | string, options: RedisOptions & ClusterLevelOptions = {}): Redis {
  const t = toRedisTarget(target);
  const auth = redisAuth(t);
  const { clusterRetryStrategy, ...redisOptions } = options;
  const password = auth.password !== undefined ? { password: auth.password } : {};
  if (t.kind === 'url') return new Redis(t.url, { ...password, ...redisOptions });
  if (t.kind === 'sentinel') {
    return new Redis({
      ...password,
      ...(auth.sentinelPassword !== undefined ? { sentinelPassword: auth.sentinelPassword } : {}),
      sentinels: t.sentinels,
      name: t.name,
      role: 'master',
      // No `failoverDetector`: its +switch-master handler closes the connector, and when that lands
      // while the client is already reconnecting (the master died: the usual case) ioredis 5 ends the
      // client for good ("Connection is closed"), seen in test/queues/redis-failover.e2e.int.test.ts.
      // A dead master closes the socket anyway, and a demoted live one answers READONLY (below).
      // A demoted master answers READONLY until ioredis moves: reconnect (through the sentinels) and resend.
      reconnectOnError: (err) => (/^READONLY/.test(err.message) ? 2 : false),
      ...(redisOptions.retryStrategy ? { sentinelRetryStrategy: redisOptions.retryStrategy } : {}),
      ...redisOptions,
    });
  }
  const { enableOfflineQueue, lazyConnect, ...nodeOptions } = redisOptions;
  const cluster = new Cluster(t.nodes, {
    redisOptions: { ...password, ...nodeOptions },
    // Our keys share one slot (one master) and reads must see our own writes.
    scaleReads: 'master',
    // A master failover takes seconds (cluster-node-timeout + election), during which the slot's
    // replica answers MOVED to the dead master. ioredis's defaults (16 redirections, no delay on
    // MOVED) give up in well under a second and surface "Too many Cluster redirections" to a job
    // mid-post; these wait out ~30 s instead, like the offline queue waits out an outage.
    maxRedirections: 100,
    retryDelayOnMoved: 100,
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(clusterRetryStrategy !== undefined ? { clusterRetryStrategy } : {}),
  });
  return cluster as unknown as Redis;
}

export function isCluster(redis: Redis): boolean {
  return (redis as unknown as { isCluster?: boolean }).isCluster === true;
}
