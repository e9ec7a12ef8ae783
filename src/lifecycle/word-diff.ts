import { diffWords } from 'diff';

/**
 * Old and new version of a corrected story as a word diff for the desk. Inputs are capped first:
 * a diff is quadratic in the worst case, and the desk only needs to show what changed near the top.
 */
export const DIFF_MAX_CHARS = 8_000;

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface WordDiff {
  parts: DiffPart[];
  /** True when either side was longer than the cap and only its start was compared. */
  truncated: boolean;
}

export function wordDiff(before: string, after: string, maxChars = DIFF_MAX_CHARS): WordDiff {
  const a = before.slice(0, maxChars);
  const b = after.slice(0, maxChars);
  const parts = diffWords(a, b).map((c): DiffPart => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
  return { parts, truncated: before.length > maxChars || after.length > maxChars };
}
