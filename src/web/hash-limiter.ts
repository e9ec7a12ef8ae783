/**
 * Bounds concurrent password hashing. scrypt runs on libuv's small thread pool (4 threads, shared
 * with file and DNS work): unbounded, a burst of sign-ins queues there and a real one waits behind
 * all of them. Here at most `concurrency` hashes run; clients with no recent failures wait in a
 * lane of their own that always goes first, and when the queue is full a clean client takes the
 * place of the newest failing one instead of being turned away.
 */
export interface HashLimiter {
  /** `undefined` when refused because too many are waiting (answer 503 and let the client retry). */
  run<T>(fn: () => Promise<T>, clean: boolean): Promise<T | undefined>;
}

export function createHashLimiter(opts: { concurrency?: number; maxQueued?: number } = {}): HashLimiter {
  const concurrency = opts.concurrency ?? 2;
  const maxQueued = opts.maxQueued ?? 32;
  let running = 0;
  const cleanLane: ((go: boolean) => void)[] = [];
  const failingLane: ((go: boolean) => void)[] = [];

  const startNext = () => {
    const go = cleanLane.shift() ?? failingLane.shift();
    if (!go) return;
    running += 1;
    go(true);
  };

  const slot = (clean: boolean): Promise<boolean> => {
    if (running < concurrency) {
      running += 1;
      return Promise.resolve(true);
    }
    if (cleanLane.length + failingLane.length >= maxQueued) {
      const evicted = clean ? failingLane.pop() : undefined;
      if (!evicted) return Promise.resolve(false);
      evicted(false);
    }
    return new Promise((resolve) => (clean ? cleanLane : failingLane).push(resolve));
  };

  return {
    async run(fn, clean) {
      if (!(await slot(clean))) return undefined;
      try {
        return await fn();
      } finally {
        running -= 1;
        startNext();
      }
    },
  };
}
