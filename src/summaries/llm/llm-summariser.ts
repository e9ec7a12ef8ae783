/**
 * Optional LLM summariser. The extractive summary is always made first (it is cheap, and it is
 * the answer to every failure); then one chat request asks for all network variants at once.
 * The variants are used only if they pass every guardrail (guardrails.ts); an overflow gets one
 * re-ask. The outcome, good or bad, is stored per article, so a job retry never pays twice.
 * `producedBy` says which summariser the posts come from, `fallbackReason` why not the LLM.
 */
import { createHash } from 'node:crypto';
import type { Article } from '../../articles/article.js';
import { toPlainText } from '../../text/plain-text.js';
import type { Summariser, Summary } from '../summary.js';
import { chatCompletion, type ChatMessage, type ChatUsage } from './chat-client.js';
import { cleanArticleText } from '../boilerplate.js';
import { checkVariants, sentencesAllowed, summaryRoom, type GuardrailContext, type NetworkFit } from './guardrails.js';
import { detectLanguage } from './language.js';
import type { LlmOutcome, LlmStore } from './llm-store.js';
import { buildMessages, buildReask, parseVariants, PROMPT_VERSION } from './prompt.js';

export interface LlmSummariserOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  retries: number;
  retryBaseMs?: number;
  temperature: number;
  maxOutputTokens: number;
  dailyBudgetUsd?: number;
  pricing: { inputPerMillionTokensUsd: number; outputPerMillionTokensUsd: number };
  cacheDays: number;
  /** The networks posts go to, each with its limit and count (from its NetworkDefinition). */
  networks: readonly NetworkFit[];
  /** Tags the config supplies (hashtag map values, channels' extra tags): a variant may use them. */
  allowedHashtags: readonly string[];
  store: LlmStore;
  /** The extractive summariser: its summary is the base and the fallback. */
  fallback: Summariser;
  log?: { warn(obj: object, msg: string): void };
}

/** A failed attempt is remembered briefly: long enough for job retries, short enough to try again later. */
export const FAILURE_CACHE_SECONDS = 600;
/** Summary rooms are capped so long networks get a paragraph, not an essay. */
const MAX_ROOM_CHARS = 700;

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English', ur: 'Urdu', ar: 'Arabic', hi: 'Hindi', bn: 'Bengali', zh: 'Chinese', ja: 'Japanese', ko: 'Korean', ru: 'Russian',
};

function costUsd(usage: ChatUsage | undefined, pricing: LlmSummariserOptions['pricing']): number {
  if (!usage) return 0;
  return (usage.promptTokens * pricing.inputPerMillionTokensUsd + usage.completionTokens * pricing.outputPerMillionTokensUsd) / 1_000_000;
}

export function createLlmSummariser(opts: LlmSummariserOptions): Summariser {
  const producedBy = `llm:${opts.model}`;
  const networkKey = opts.networks.map((n) => `${n.id}/${n.limit}`).join(',');

  async function budgetLeft(): Promise<string | undefined> {
    if (opts.dailyBudgetUsd === undefined) return undefined;
    const spent = await opts.store.spentTodayUsd();
    return spent >= opts.dailyBudgetUsd ? `daily LLM budget spent ($${spent.toFixed(4)} of $${opts.dailyBudgetUsd})` : undefined;
  }

  async function ask(messages: ChatMessage[]) {
    const result = await chatCompletion({
      baseUrl: opts.baseUrl,
      ...(opts.apiKey ? { apiKey: opts.apiKey } : {}),
      model: opts.model,
      messages,
      temperature: opts.temperature,
      maxOutputTokens: opts.maxOutputTokens,
      timeoutMs: opts.timeoutMs,
      retries: opts.retries,
      ...(opts.retryBaseMs !== undefined ? { retryBaseMs: opts.retryBaseMs } : {}),
    });
    await opts.store.addSpendUsd(costUsd(result.usage, opts.pricing));
    return result;
  }

  async function outcomeFor(title: string, source: string, ctx: GuardrailContext): Promise<Omit<LlmOutcome, 'model'>> {
    const spent = await budgetLeft();
    if (spent) return { fallbackReason: spent };
    const language = detectLanguage(`${title}\n${source}`);
    const networks = opts.networks.map((n) => ({ id: n.id, room: Math.min(MAX_ROOM_CHARS, summaryRoom(n, title, ctx.url)), sentences: sentencesAllowed(n) }));
    const messages = buildMessages({ title, text: source, language: LANGUAGE_NAMES[language] ?? 'the article’s language', networks });
    const first = await ask(messages);
    if (!first.ok) return { fallbackReason: first.reason };
    let variants = parseVariants(first.content);
    if (!variants) return { fallbackReason: `LLM answer is not the JSON object asked for${first.finishReason === 'length' ? ' (cut off at max tokens)' : ''}` };
    let check = checkVariants(variants, ctx);
    if (!check.ok && check.overflow) {
      // One re-ask for length only; anything else wrong is not worth paying for twice.
      if (await budgetLeft()) return { fallbackReason: check.problem };
      const second = await ask([...messages, ...buildReask(first.content, check.overflow)]);
      if (!second.ok) return { fallbackReason: `${check.problem}; re-ask failed: ${second.reason}` };
      const shortened = parseVariants(second.content);
      if (!shortened) return { fallbackReason: `${check.problem}; re-ask answer is not JSON` };
      variants = { ...variants, ...shortened };
      check = checkVariants(variants, ctx);
      if (!check.ok) return { fallbackReason: check.overflow ? `${check.problem} after one re-ask` : check.problem };
    }
    if (!check.ok) return { fallbackReason: check.problem };
    const kept: Record<string, string> = {};
    for (const n of opts.networks) kept[n.id] = variants[n.id] ?? '';
    return { variants: kept };
  }

  return {
    name: 'llm',
    async summarise(article: Article): Promise<Summary> {
      const base = await opts.fallback.summarise(article);
      if (opts.networks.length === 0) return base;
      // The model sees the story only: datelines, credits and promo lines removed as for the extractive summary.
      const source = [toPlainText(article.text), toPlainText(article.teaser ?? '')].map((t) => cleanArticleText(t)).filter((t) => t !== '').join('\n');
      const digest = createHash('sha256').update([PROMPT_VERSION, opts.model, networkKey, base.title, source].join('\u0000')).digest('hex').slice(0, 16);
      const key = `${article.key}:${digest}`;
      let outcome = await opts.store.getOutcome(key).catch(() => undefined);
      if (!outcome) {
        const ctx: GuardrailContext = {
          title: base.title,
          source,
          url: article.url,
          networks: opts.networks,
          // Categories only as far as they passed the stoplist (base.hashtags): no #Breaking from the model.
          allowedHashtags: [...opts.allowedHashtags, ...base.hashtags],
        };
        outcome = { ...(await outcomeFor(base.title, source, ctx)), model: opts.model };
        const ttl = outcome.variants ? opts.cacheDays * 86_400 : FAILURE_CACHE_SECONDS;
        await opts.store.setOutcome(key, outcome, ttl).catch((err: Error) => opts.log?.warn({ err: err.message }, 'cannot cache the LLM outcome'));
        if (outcome.fallbackReason) opts.log?.warn({ articleKey: article.key, reason: outcome.fallbackReason }, 'LLM summary not used; extractive instead');
      }
      if (outcome.variants) return { ...base, variants: outcome.variants, producedBy };
      return { ...base, fallbackReason: `llm: ${outcome.fallbackReason ?? 'unknown problem'}` };
    },
  };
}
