/**
 * Small key/value state kept in Redis, scoped to one post (a publish checkpoint) or one channel
 * (a cached session, a stored card). The ledger builds them; publishers and media only use them,
 * so neither needs to know a Redis key.
 */
export interface StateStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string, ttlSeconds?: number): Promise<void>;
}
