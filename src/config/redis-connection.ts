import { withRedisAuth, type HostPort, type RedisTarget } from '../shared/redis-target.js';
import type { ConfigIssue } from './config-error.js';
import type { RedisConfig } from './redis-schema.js';
import { readSecret } from './secrets.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function hostPort(v: string): HostPort {
  const at = v.lastIndexOf(':');
  return { host: v.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(v.slice(at + 1)) };
}

/**
 * Exactly one of REDIS_URL, `redis.sentinels` or `redis.cluster` says where Redis is. Both the
 * environment and the file naming one would leave ops guessing which Crier used: a start-up error.
 * Passwords (REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD, or their `_FILE`) are read here, always:
 * even commands that check no network credential must reach Redis.
 */
export function resolveRedisTarget(redis: RedisConfig, env: NodeJS.ProcessEnv, issues: ConfigIssue[]): RedisTarget {
  const password = readSecret(env, 'REDIS_PASSWORD');
  const sentinelPassword = readSecret(env, 'REDIS_SENTINEL_PASSWORD');
  for (const problem of [password.problem, sentinelPassword.problem]) if (problem) issues.push({ path: 'redis', message: problem });
  const url = env.REDIS_URL !== undefined && env.REDIS_URL !== '' ? env.REDIS_URL : undefined;
  const topology = redis.sentinels ? 'redis.sentinels' : redis.cluster ? 'redis.cluster' : undefined;
  if (url && topology) {
    issues.push({ path: topology, message: `REDIS_URL is set in the environment too: Crier connects to exactly one of REDIS_URL, redis.sentinels or redis.cluster (unset REDIS_URL, or remove ${topology})` });
  }
  if (!topology && sentinelPassword.value !== undefined) {
    issues.push({ path: 'redis', message: 'REDIS_SENTINEL_PASSWORD is set but redis.sentinels is not: remove it, or configure the sentinels' });
  }
  const auth = {
    ...(password.value !== undefined ? { password: password.value } : {}),
    ...(sentinelPassword.value !== undefined ? { sentinelPassword: sentinelPassword.value } : {}),
  };
  if (redis.sentinels && redis.name) return withRedisAuth({ kind: 'sentinel', sentinels: redis.sentinels.map(hostPort), name: redis.name }, auth);
  if (redis.cluster) return withRedisAuth({ kind: 'cluster', nodes: redis.cluster.map(hostPort) }, auth);
  return withRedisAuth({ kind: 'url', url: url ?? DEFAULT_REDIS_URL }, auth);
}
