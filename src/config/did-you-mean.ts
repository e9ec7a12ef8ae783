/**
 * Edit distance (Levenshtein plus adjacent swaps), case-insensitive, so `dailycap` matches
 * `dailyCap` exactly and `aproval` is one edit from `approval`. Config keys are short and capped
 * (see `closestKey`): the O(a·b) table is a few hundred cells at most.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      // Two swapped letters (`prot` for `port`) are one slip, not two.
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[t.length] ?? 0;
}

const MAX_KEY_CHARS = 64;

/** The closest known key, when it is near enough to be a typo (a third of the key's length, at least one edit). */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  if (key.length > MAX_KEY_CHARS) return undefined;
  const budget = Math.max(1, Math.floor(key.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance <= budget && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** `unknown key (did you mean "approval"?)`, or just `unknown key`. */
/** Settings that were removed, with what to do instead: a plain "unknown key" would not say why. */
const RETIRED_KEYS: Readonly<Record<string, string>> = {
  allowPrivateImageHosts:
    'was removed: article images must be on a public host (images on private or intranet addresses are refused against SSRF, and the post would go out without them); serve the images from a public address and delete this key',
};

export function unknownKeyMessage(key: string, known: Iterable<string>): string {
  if (Object.hasOwn(RETIRED_KEYS, key)) return `${key} ${RETIRED_KEYS[key]}`;
  const near = closestKey(key, known);
  return near ? `unknown key (did you mean "${near}"?)` : `unknown key (expected one of: ${[...known].sort().join(', ')})`;
}
