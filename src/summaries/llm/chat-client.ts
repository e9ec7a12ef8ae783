/**
 * One call to an OpenAI-compatible `POST {baseUrl}/chat/completions` (OpenAI, Ollama, vLLM,
 * OpenRouter all speak it). Retries 429 and 5xx (honouring Retry-After) and refused connections;
 * a timeout is not retried, because the server may have done (and billed) the work. Never throws:
 * failures come back as a reason, since the caller's answer to any failure is the same fallback.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  baseUrl: string;
  /** Absent for servers that need none (Ollama ignores it). Never logged. */
  apiKey?: string;
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxOutputTokens: number;
  timeoutMs: number;
  retries: number;
  /** First retry delay; doubles each time. Tests shorten it. */
  retryBaseMs?: number;
  /** Longest Retry-After honoured; a longer one ends the attempts. */
  maxRetryDelayMs?: number;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

export type ChatResult =
  | { ok: true; content: string; finishReason: string; usage: ChatUsage }
  | { ok: false; reason: string; usage?: ChatUsage };

const DEFAULT_RETRY_BASE_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const MAX_ERROR_CHARS = 200;

function retryAfterMs(headers: Headers): number | undefined {
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string };
    const message = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
    if (typeof message === 'string') return message.slice(0, MAX_ERROR_CHARS);
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, MAX_ERROR_CHARS);
}

function usageOf(body: { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }): ChatUsage {
  return { promptTokens: Number(body.usage?.prompt_tokens ?? 0) || 0, completionTokens: Number(body.usage?.completion_tokens ?? 0) || 0 };
}

export async function chatCompletion(req: ChatRequest): Promise<ChatResult> {
  const url = `${req.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const body = JSON.stringify({
    model: req.model,
    messages: req.messages,
    temperature: req.temperature,
    max_tokens: req.maxOutputTokens,
    stream: false,
    response_format: { type: 'json_object' },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (req.apiKey) headers.authorization = `Bearer ${req.apiKey}`;
  let lastReason = 'no attempt made';
  for (let attempt = 0; attempt <= req.retries; attempt += 1) {
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(req.timeoutMs) });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, reason: `LLM timed out after ${req.timeoutMs} ms` };
      lastReason = `LLM unreachable (${e.cause?.code ?? e.message})`;
      // No signal: a retry wait is bounded by maxRetryDelayMs and runs to its end.
      if (attempt < req.retries) await delay((req.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 2 ** attempt);
      continue;
    }
    if (res.ok) {
      let parsed: { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        return { ok: false, reason: 'LLM answered with a body that is not JSON' };
      }
      const choice = parsed.choices?.[0];
      const content = choice?.message?.content;
      if (typeof content !== 'string') return { ok: false, reason: 'LLM answer has no choices[0].message.content', usage: usageOf(parsed) };
      return { ok: true, content, finishReason: String(choice?.finish_reason ?? ''), usage: usageOf(parsed) };
    }
    lastReason = `LLM answered HTTP ${res.status}: ${errorMessage(text)}`;
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable || attempt >= req.retries) break;
    const wait = retryAfterMs(res.headers) ?? (req.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 2 ** attempt;
    if (wait > (req.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS)) break;
    await delay(wait);
  }
  return { ok: false, reason: lastReason };
}
