/**
 * The one request per article: all network variants in a single JSON answer, each with the room
 * it has (measured by that network's own count, see guardrails.ts), and the rules the guardrails
 * will enforce, so a well-behaved model passes them the first time.
 */
import type { ChatMessage } from './chat-client.js';

/** Bumped whenever the prompt changes, so cached answers from an older prompt are not reused. */
export const PROMPT_VERSION = 'v2';

/** Longest article text sent, in characters: enough for the story, bounded for cost. */
export const MAX_ARTICLE_CHARS = 12_000;

export interface PromptNetwork {
  id: string;
  /** Characters available for the summary on this network. */
  room: number;
  /** Whole sentences allowed on this network. */
  sentences: number;
}

export function buildMessages(input: { title: string; text: string; language: string; networks: readonly PromptNetwork[] }): ChatMessage[] {
  const shape = Object.fromEntries(input.networks.map((n) => [n.id, `<summary, at most ${n.sentences} sentence(s) and ${n.room} characters>`]));
  const system = [
    'You write social media summaries of news articles for a newsroom.',
    'Rules, all mandatory:',
    '- Use only facts stated in the article. Every number, date and name you write must appear in the article exactly as written there.',
    '- Do not add links, @mentions or hashtags (they are added separately).',
    `- Write in the same language as the article (${input.language}).`,
    '- Do not repeat the headline; complement it.',
    '- Complete sentences only, never cut; respect each sentence count and length limit. Lead with the news and its key number or name.',
    '- No datelines ("CITY (Agency) —"), bylines, photo credits, "read more" lines, disclaimers or calls to follow or subscribe.',
    'Answer with one JSON object and nothing else, with exactly these keys:',
    JSON.stringify(shape),
  ].join('\n');
  const text = input.text.length > MAX_ARTICLE_CHARS ? `${input.text.slice(0, MAX_ARTICLE_CHARS)}…` : input.text;
  return [
    { role: 'system', content: system },
    { role: 'user', content: `Headline: ${input.title}\n\nArticle:\n${text}` },
  ];
}

export function buildReask(previous: string, tooLong: ReadonlyArray<{ network: string; length: number; room: number }>): ChatMessage[] {
  const lines = tooLong.map((o) => `- ${o.network}: ${o.length} characters, must be at most ${o.room}`);
  return [
    { role: 'assistant', content: previous },
    { role: 'user', content: `These summaries are too long:\n${lines.join('\n')}\nAnswer with the same JSON object, those summaries shortened; same rules.` },
  ];
}

/** `{"x": "...", ...}` (optionally under "variants", optionally in a ```json fence) → strings by network. */
export function parseVariants(content: string): Record<string, string> | undefined {
  let unfenced = content.trim().replace(/^```(?:json)?\s*/i, '');
  // endsWith + trimEnd, not /\s*```$/: that regex rescans a long whitespace run from every position.
  if (unfenced.endsWith('```')) unfenced = unfenced.slice(0, -3).trimEnd();
  let parsed: unknown;
  try {
    parsed = JSON.parse(unfenced);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const root = (parsed as { variants?: unknown }).variants ?? parsed;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(root)) if (typeof value === 'string') out[key] = value.trim();
  return out;
}
