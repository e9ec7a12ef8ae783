/**
 * Thread mode: headline + link in the first post, the summary continued in replies. Each reply
 * must itself be a valid X post (weighted length ≤ 280, no forbidden characters), because X
 * validates every post on its own.
 */
import type { Draft, FormatInput } from '../../drafts/draft.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import { isValidXText, X_COPY, xWeightedLength } from './x-count.js';
import { cutPoints, ELLIPSIS, largestPassing } from '../../drafts/truncate.js';
import { toPlainLine, toPlainText } from '../../text/plain-text.js';
import { splitSentences } from '../../summaries/sentences.js';

/** The head of a thread: no summary, so the link and the headline are what readers see first. */
export const X_THREAD_HEAD_TEMPLATE = '{title}\n\n{url} {hashtags}';
export { X_DEFAULT_THREAD_MAX_REPLIES } from './x-options.js';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function fitsX(text: string, limit: number): boolean {
  return text !== '' && isValidXText(text) && xWeightedLength(text) <= limit;
}

/** Same source as the single-post formatter: the X variant of the summary when there is one. */
function summarySentences(input: FormatInput): string[] {
  const variant = input.summary.variants?.['x'];
  const source = variant && variant.trim() !== '' ? splitSentences(toPlainText(variant), undefined, { dropHeadings: false }) : input.summary.sentences;
  return source.map(toPlainLine).filter((s) => s !== '');
}

/** Splits `text` into a longest prefix that fits and the rest: at a word when possible, else at a grapheme. */
function splitFitting(text: string, limit: number): [string, string] {
  const cuts = cutPoints(text);
  const atWord = largestPassing(0, cuts.length - 1, (i) => fitsX(text.slice(0, cuts[i]).trimEnd(), limit));
  if (atWord !== -1) {
    const cut = cuts[atWord] ?? text.length;
    return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
  }
  // One unbreakable token longer than a post (a long URL-less string): cut between graphemes.
  const bounds = [...graphemes.segment(text)].map((s) => s.index + s.segment.length);
  const atGrapheme = largestPassing(0, bounds.length - 1, (i) => fitsX(text.slice(0, bounds[i]), limit));
  const cut = atGrapheme === -1 ? text.length : (bounds[atGrapheme] ?? text.length);
  return [text.slice(0, cut), text.slice(cut)];
}

interface Piece {
  text: string;
  /** Ends inside a sentence (the next piece continues it). */
  partial: boolean;
}

/** Greedy packing of whole sentences; a sentence too long for one post continues in the next. */
export function packReplies(sentences: readonly string[], limit: number): Piece[] {
  const pieces: Piece[] = [];
  let current = '';
  for (const sentence of sentences) {
    const joined = current === '' ? sentence : `${current} ${sentence}`;
    if (fitsX(joined, limit)) {
      current = joined;
      continue;
    }
    if (current !== '') pieces.push({ text: current, partial: false });
    let rest = sentence;
    while (rest !== '' && !fitsX(rest, limit)) {
      const [head, tail] = splitFitting(rest, limit);
      if (head === '' || !fitsX(head, limit)) return pieces; // nothing valid can be made of it
      pieces.push({ text: head, partial: true });
      rest = tail;
    }
    current = rest;
  }
  if (current !== '') pieces.push({ text: current, partial: false });
  return pieces;
}

/** Keeps at most `maxReplies`; a reply cut mid-sentence by the cap ends with "…". */
export function capReplies(pieces: readonly Piece[], maxReplies: number, limit: number): string[] {
  const kept = pieces.slice(0, Math.max(0, maxReplies));
  const last = kept[kept.length - 1];
  if (!last || !last.partial || kept.length === pieces.length) return kept.map((p) => p.text);
  let text = last.text;
  while (text !== '' && !fitsX(text + ELLIPSIS, limit)) {
    const cuts = cutPoints(text);
    text = cuts.length > 0 ? text.slice(0, cuts[cuts.length - 1]).trimEnd() : '';
  }
  const tail = text === '' ? [] : [text + ELLIPSIS];
  return [...kept.slice(0, -1).map((p) => p.text), ...tail];
}

export function formatThread(input: FormatInput, limit: number, maxReplies: number): Draft {
  const head = fitDraft({ ...input, template: X_THREAD_HEAD_TEMPLATE }, { limit, count: xWeightedLength, network: 'x', copy: X_COPY });
  const thread = capReplies(packReplies(summarySentences(input), limit), maxReplies, limit);
  return thread.length > 0 ? { ...head, thread } : head;
}
