/**
 * Hostile HTML shapes (issue #13), shared by the text and og:image regression tests and
 * `bench/html-text.bench.ts`. Each is what a feed or page controlled by an attacker can send; the
 * regex-based readers before src/text took seconds to minutes on them (time grew with the square
 * of the input), the tokenizer takes one pass.
 */

export interface HostileHtml {
  name: string;
  html: string;
}

const MB = 1024 * 1024;

function repeatTo(unit: string, chars: number): string {
  return unit.repeat(Math.max(1, Math.floor(chars / unit.length)));
}

/** The shapes the issue names, at their reported sizes, plus megabyte-sized variants. */
export function hostileHtml(size = MB): HostileHtml[] {
  const half = Math.floor(size / 2);
  return [
    // An 80 KB feed description of unterminated tags: stalled `crier start` (and /healthz) for 18 s.
    { name: 'description-80kb', html: `<p>Lead.</p>${repeatTo('<a href=x ', 80 * 1024)}` },
    { name: 'open-a-40k', html: '<a'.repeat(40_000) },
    { name: 'script-40k', html: `<p>Lead.</p>${'<script>'.repeat(40_000)}` },
    { name: 'nested-inline-1mb', html: `${repeatTo('<b>', size)}deep` },
    { name: 'nested-blocks-1mb', html: `${repeatTo('<div class="x">', half)}deep${repeatTo('</div>', half)}` },
    { name: 'deep-then-stray-closes-1mb', html: `${repeatTo('<span>', half)}${repeatTo('</x>', half)}` },
    { name: 'unclosed-comments-1mb', html: `<p>Lead.</p>${repeatTo('<!-- <p>', size)}` },
    { name: 'unclosed-cdata-1mb', html: `<p>Lead.</p>${repeatTo('<![CDATA[ <p>', size)}` },
    { name: 'unterminated-attributes-1mb', html: `<p>Lead.</p>${repeatTo('<img src="', size)}` },
    { name: 'unclosed-paragraphs-1mb', html: repeatTo('<p>word ', size) },
    { name: 'unclosed-articles-1mb', html: repeatTo('<article><p>', size) },
    { name: 'unterminated-meta-1mb', html: repeatTo('<meta property="og:image" content=', size) },
    { name: 'plain-text-angles-1mb', html: repeatTo('Tax on <imported_goods & ', size) },
  ];
}
