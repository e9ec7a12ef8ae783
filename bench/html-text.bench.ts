/**
 * How long each HTML reader takes on hostile shapes (issue #13): `npm run bench:text` prints JSON
 * with, per shape, the input size and the best-of-3 milliseconds of each reader, and the overall
 * time per megabyte. Every reader is one linear pass of htmlparser2's tokenizer, so a shape should
 * cost about what its size does; the regex readers this replaced took seconds on the same shapes.
 */
import { extractOgImage } from '../src/media/og-image.js';
import { firstImageSrc } from '../src/text/first-image.js';
import { articleBodyToText, htmlToText } from '../src/text/html-to-text.js';
import { extractMainText } from '../src/text/main-text.js';
import { toPlainText } from '../src/text/plain-text.js';
import { hostileHtml } from '../test/text/hostile-html.js';

const ROUNDS = 3;
const readers: Record<string, (html: string) => unknown> = {
  htmlToText,
  articleBodyToText,
  toPlainText,
  firstImageSrc,
  extractMainText,
  extractOgImage: (html) => extractOgImage(html, 'https://news.example/story'),
};

function bestMs(run: () => unknown): number {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return Math.round(best * 10) / 10;
}

const shapes = hostileHtml().map(({ name, html }) => ({
  name,
  chars: html.length,
  ms: Object.fromEntries(Object.entries(readers).map(([reader, read]) => [reader, bestMs(() => read(html))])),
}));
const totalChars = shapes.reduce((sum, s) => sum + s.chars, 0);
const totalMs = shapes.reduce((sum, s) => sum + Object.values(s.ms).reduce((a, b) => a + b, 0), 0);
const worst = Math.max(...shapes.map((s) => Math.max(...Object.values(s.ms))));
console.log(JSON.stringify({
  readers: Object.keys(readers),
  shapes,
  msPerMbPerReader: Math.round((totalMs / Object.keys(readers).length / (totalChars / (1024 * 1024))) * 10) / 10,
  worstMs: worst,
}, null, 2));
