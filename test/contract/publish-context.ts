import { pino } from 'pino';
import type { PublishContext, StateStore } from '../../src/publishers/publisher.js';

/** In-memory stand-ins for the Redis-backed stores; unit and contract tests need no Redis. */
export function memoryStore(): StateStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => {
      values.set(name, value);
    },
  };
}

export function testPublishContext(overrides: Partial<PublishContext> = {}): PublishContext {
  return {
    postId: 'a0123456789abcdef0123.x',
    attempt: 1,
    afterUnknownOutcome: false,
    checkpoint: memoryStore(),
    channelState: memoryStore(),
    signal: AbortSignal.timeout(10_000),
    log: pino({ level: 'silent' }),
    ...overrides,
  };
}
