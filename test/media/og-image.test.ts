import { describe, expect, it } from 'vitest';
import { extractOgImage } from '../../src/media/og-image.js';
import { useBoundedRunner } from '../helpers/bounded-run.js';
import { hostileHtml } from '../text/hostile-html.js';

const OG_IMAGE = new URL('../../src/media/og-image.ts', import.meta.url);
const run = useBoundedRunner([OG_IMAGE]);

describe('extractOgImage on hostile pages (issue #13)', () => {
  // The regex reader was quadratic on unterminated <meta tags; the tokenizer reads each page once.
  for (const { name, html } of hostileHtml()) {
    it(`${name}: finishes (aborted after 10 s) and invents no image`, async () => {
      const found = await run<string | undefined>(OG_IMAGE, 'extractOgImage', [html, 'https://news.example/story']);
      expect(found).toBeUndefined();
    });
  }

  it('still finds the image after a megabyte of hostile markup in the head', () => {
    const junk = hostileHtml().find((s) => s.name === 'nested-inline-1mb')?.html ?? '';
    const page = `<head><meta property="og:image" content="/lead.jpg">${junk}</head>`;
    expect(extractOgImage(page, 'https://news.example/story')).toBe('https://news.example/lead.jpg');
  });

  it('reads meta tags the tokenizer way: uppercase names, unquoted values, entities in attributes', () => {
    const page = '<META NAME=twitter:image CONTENT=https://t.example/a.jpg?x=1&amp;y=2><meta property="og:image" content="">';
    expect(extractOgImage(page, 'https://x.example/')).toBe('https://t.example/a.jpg?x=1&y=2');
  });
});
