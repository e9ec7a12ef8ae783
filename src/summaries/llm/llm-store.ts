/**
 * Redis state of the LLM summariser: the outcome per article (so a job retry never pays twice,
 * and answers that failed a guardrail are not asked again) and the spend of the current UTC day
 * (for the daily cap). The day key expires on its own.
 */
import type { Redis } from 'ioredis';

export interface LlmOutcome {
  /** Variants that passed every guardrail… */
  variants?: Record<string, string>;
  /** …or why the extractive summary is used instead. */
  fallbackReason?: string;
  model: string;
}

export interface LlmStore {
  getOutcome(key: string): Promise<LlmOutcome | undefined>;
  setOutcome(key: string, outcome: LlmOutcome, ttlSeconds: number): Promise<void>;
  spentTodayUsd(): Promise<number>;
  addSpendUsd(usd: number): Promise<void>;
}

const SPEND_KEY_TTL_SECONDS = 3 * 86_400;

const today = (): string => new Date().toISOString().slice(0, 10);

export function redisLlmStore(redis: Redis, prefix: string): LlmStore {
  const outcomeKey = (key: string) => `${prefix}:llm:outcome:${key}`;
  const spendKey = () => `${prefix}:llm:spend:${today()}`;
  return {
    async getOutcome(key) {
      const raw = await redis.get(outcomeKey(key));
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as LlmOutcome;
      } catch {
        return undefined;
      }
    },
    async setOutcome(key, outcome, ttlSeconds) {
      await redis.set(outcomeKey(key), JSON.stringify(outcome), 'EX', Math.max(1, Math.round(ttlSeconds)));
    },
    async spentTodayUsd() {
      return Number((await redis.get(spendKey())) ?? 0) || 0;
    },
    async addSpendUsd(usd) {
      if (!(usd > 0)) return;
      const key = spendKey();
      await redis.multi().incrbyfloat(key, usd).expire(key, SPEND_KEY_TTL_SECONDS).exec();
    },
  };
}

/** In-process store for `crier preview` and unit tests. */
export function memoryLlmStore(): LlmStore & { spent: number; outcomes: Map<string, LlmOutcome> } {
  const outcomes = new Map<string, LlmOutcome>();
  const store = {
    spent: 0,
    outcomes,
    getOutcome: (key: string) => Promise.resolve(outcomes.get(key)),
    setOutcome: (key: string, outcome: LlmOutcome) => {
      outcomes.set(key, outcome);
      return Promise.resolve();
    },
    spentTodayUsd: () => Promise.resolve(store.spent),
    addSpendUsd: (usd: number) => {
      store.spent += usd;
      return Promise.resolve();
    },
  };
  return store;
}
