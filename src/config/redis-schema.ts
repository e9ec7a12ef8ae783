import { z } from 'zod';

/** `host:port`, a name or an address (IPv6 in brackets); ports 1-65535. Bounded: no quadratic regex. */
const hostPortSchema = z
  .string()
  .max(300)
  .regex(/^(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9._-]{1,253}):\d{1,5}$/, 'expected host:port, like 10.0.0.5:26379')
  .refine((v) => {
    // Only a well-formed host:port gets this second message (the regex above names the rest).
    const port = /:(\d{1,5})$/.exec(v)?.[1];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  }, 'the port must be 1-65535');

const noSecret = (variable: string) => z.never({ error: `secrets never go in the config file: set ${variable} (or ${variable}_FILE) in the environment` }).optional();

/**
 * The hash tag of a key prefix, by Redis Cluster's rule: the text between the first `{` and the
 * next `}`, when not empty. Every key with the same tag lands in the same slot.
 */
export function hashTagOf(prefix: string): string | undefined {
  const open = prefix.indexOf('{');
  if (open < 0) return undefined;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : undefined;
}

/**
 * `redis:`. Where Redis is: `REDIS_URL` in the environment (one server, the default), or
 * `sentinels` + `name` (a master found through Redis Sentinel), or `cluster` (seed nodes of a
 * Redis Cluster). Passwords only from the environment: REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD.
 */
export const redisSchema = z
  .object({
    /** Every key starts with it; `{…}` makes it a Cluster hash tag (one slot), required on a Cluster. */
    prefix: z.string().min(1).max(100).default('{crier}'),
    autoStart: z.boolean().default(true),
    dataDir: z.string().default('./data/redis'),
    /** Sentinel addresses (`host:port`); with `name`, Crier asks them for the master and follows failovers. */
    sentinels: z.array(hostPortSchema).min(1).max(32).optional(),
    /** The master group name the sentinels monitor (`sentinel monitor <name> …`). */
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected the master group name, like mymaster').optional(),
    /** Seed nodes of a Redis Cluster (`host:port`); the rest of the cluster is discovered from them. */
    cluster: z.array(hostPortSchema).min(1).max(64).optional(),
    password: noSecret('REDIS_PASSWORD'),
    sentinelPassword: noSecret('REDIS_SENTINEL_PASSWORD'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.sentinels && r.cluster) {
      ctx.addIssue({ code: 'custom', path: ['cluster'], message: 'choose one: redis.sentinels (with redis.name) or redis.cluster, not both' });
    }
    if (r.sentinels && !r.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'redis.sentinels needs redis.name, the master group name the sentinels monitor' });
    if (r.name && !r.sentinels) ctx.addIssue({ code: 'custom', path: ['sentinels'], message: 'redis.name is the Sentinel master group name: add redis.sentinels (host:port list) or remove it' });
    if (r.cluster && !hashTagOf(r.prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['prefix'],
        message: `on a Redis Cluster the prefix must be a hash tag like {crier} (got "${r.prefix}"): BullMQ's and Crier's Lua scripts touch several keys, which must share one slot`,
      });
    }
  })
  .prefault({});

export type RedisConfig = z.infer<typeof redisSchema>;
