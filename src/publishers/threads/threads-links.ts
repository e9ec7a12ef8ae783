/** At most 5 unique links per post; more fail container creation (THREADS_API__LINK_LIMIT_EXCEEDED). */
export const THREADS_MAX_LINKS = 5;

/** Unique http(s) links in a text, as Threads counts them (trailing punctuation is not part of a link). */
export function countLinks(text: string): number {
  return new Set((text.match(/https?:\/\/[^\s<>"']+/gi) ?? []).map((u) => u.replace(/[.,;:!?)]+$/, ''))).size;
}
