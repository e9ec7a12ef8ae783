/**
 * Template rendering for posts. Placeholders are replaced in a single pass, so a title that
 * happens to contain "{url}" is never expanded, and the URL is protected by a sentinel while
 * whitespace is tidied, so it reaches the post byte for byte.
 */

export const PLACEHOLDERS = ['title', 'summary', 'url', 'hashtags', 'feed', 'author', 'category', 'domain'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

const PLACEHOLDER_RE = new RegExp(`\\{(${PLACEHOLDERS.join('|')})\\}`, 'g');
/** Private-use character standing in for the URL during clean-up; stripped from all inputs. */
const URL_SENTINEL = '\uE000';
/** Separators left dangling at a line's edge when the placeholder next to them is empty. */
const SEPARATORS = new Set(['—', '–', '|', '·', '•', ':', ',', '-']);
/** A connector word or separator at the end of the template text right before an empty placeholder. */
const CONNECTOR_RE = /(^|\s)(?:by|via|from|in|on|at|and|[—–|·•:,-])\s*$/iu;

/** Bare host of a URL without "www." ('' when the URL does not parse). */
export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./i, '');
  } catch {
    return '';
  }
}

/**
 * Collapses spaces; with an empty placeholder on the line, also drops separator words at either
 * edge ("Title —" → "Title"). A separator must stand alone, so "Q&A:" or a URL ending in "-"
 * is untouched. Token-based rather than regex-based to stay linear on long lines.
 */
function tidyLine(line: string, hadEmptyPlaceholder: boolean): string {
  // replace + split(' ') rather than split(regex): V8's regex split is ~20× slower.
  const collapsed = line.replace(/[ \t\u00A0]{2,}|[\t\u00A0]/g, ' ').trim();
  if (!hadEmptyPlaceholder) return collapsed;
  const tokens = collapsed.split(' ');
  while (tokens.length > 0 && SEPARATORS.has(tokens[0] ?? '')) tokens.shift();
  while (tokens.length > 0 && SEPARATORS.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens.join(' ');
}

type Part = string | { placeholder: Placeholder };

/**
 * Parses the template once (the formatter renders it dozens of times per post while fitting)
 * and returns the renderer. Rendering fills the placeholders and tidies what empty ones leave
 * behind: doubled spaces, dangling separators (" — " before an empty summary), lines that became
 * empty, and runs of blank lines (at most one blank line is kept, as paragraph spacing).
 */
export function compileTemplate(template: string): (values: TemplateValues) => string {
  const lines: Part[][] = template
    .replaceAll(URL_SENTINEL, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const parts: Part[] = [];
      let last = 0;
      for (const match of line.matchAll(PLACEHOLDER_RE)) {
        const at = match.index ?? 0;
        if (at > last) parts.push(line.slice(last, at));
        parts.push({ placeholder: match[1] as Placeholder });
        last = at + match[0].length;
      }
      if (last < line.length) parts.push(line.slice(last));
      return parts;
    });
  return (values) => {
    const out: string[] = [];
    for (const parts of lines) {
      const pieces: string[] = [];
      let hadPlaceholder = false;
      let hadEmpty = false;
      parts.forEach((part, i) => {
        if (typeof part === 'string') {
          pieces.push(part);
          return;
        }
        hadPlaceholder = true;
        const raw = values[part.placeholder];
        const value = part.placeholder === 'url' ? (raw === '' ? '' : URL_SENTINEL) : raw.replaceAll(URL_SENTINEL, '');
        if (value === '') {
          hadEmpty = true;
          // "by {author}" with no author: the template's own connector goes too (never a value's text).
          const before = parts[i - 1];
          if (typeof before === 'string') pieces[pieces.length - 1] = before.replace(CONNECTOR_RE, '$1');
        }
        pieces.push(value);
      });
      const tidy = tidyLine(pieces.join(''), hadEmpty);
      // A line that only held empty placeholders disappears entirely (not even a blank line).
      if (!(hadPlaceholder && tidy === '')) out.push(tidy);
    }
    return out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .replaceAll(URL_SENTINEL, () => values.url);
  };
}

/** One-off rendering; see compileTemplate. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return compileTemplate(template)(values);
}

export function hasPlaceholder(template: string, name: Placeholder): boolean {
  return template.includes(`{${name}}`);
}
