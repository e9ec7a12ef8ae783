import type { ArticleLedger } from '../ledger/article-ledger.js';
import { safeFetch, type SafeFetchOptions, type SafeFetchResult } from '../shared/http/safe-fetch.js';
import type { LifecycleJobData } from './lifecycle-jobs.js';

/**
 * A story whose page now answers 410 Gone was taken down by the newsroom: retract it (#16).
 * Only 410 counts: a 404 may be a moved page or a CMS hiccup, and deleting posts on it would be
 * worse than leaving them. Pages are fetched through the SSRF-safe fetch, one at a time, capped.
 */
export const RECHECK_MAX_ARTICLES = 200;
const PAGE_MAX_BYTES = 16_384;
const PAGE_TIMEOUT_MS = 10_000;

export interface RecheckDeps {
  articles: Pick<ArticleLedger, 'listKeysDiscovered' | 'get'>;
  retract(data: Extract<LifecycleJobData, { kind: 'retract' }>): Promise<void>;
  /** The safe fetch; a test passes its own only to count calls. */
  fetch?: (url: string, opts: SafeFetchOptions) => Promise<SafeFetchResult>;
  userAgent?: string;
  nowMs?: number;
}

/** safeFetch says why a page was not fetched in words; the status is the last token of "<host> answered HTTP <n>". */
export function answeredGone(result: SafeFetchResult): boolean {
  return !result.ok && result.problem.length < 300 && result.problem.endsWith(' answered HTTP 410');
}

export async function recheckGone(deps: RecheckDeps, withinHours: number): Promise<{ checked: number; gone: string[] }> {
  const now = deps.nowMs ?? Date.now();
  const keys = await deps.articles.listKeysDiscovered({ minMs: now - withinHours * 3_600_000 }, RECHECK_MAX_ARTICLES);
  const fetchPage = deps.fetch ?? safeFetch;
  const gone: string[] = [];
  let checked = 0;
  for (const key of keys) {
    const record = await deps.articles.get(key);
    if (!record || record.retractedAt || record.skipReason) continue;
    checked++;
    const result = await fetchPage(record.article.url, { maxBytes: PAGE_MAX_BYTES, timeoutMs: PAGE_TIMEOUT_MS, accept: 'text/html', maxRedirects: 3, ...(deps.userAgent ? { userAgent: deps.userAgent } : {}) });
    if (!answeredGone(result)) continue;
    gone.push(key);
    await deps.retract({ kind: 'retract', articleKey: key, by: 'feed', reason: 'the article page answers 410 Gone' });
  }
  return { checked, gone };
}
