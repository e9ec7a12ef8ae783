import { describe, expect, it } from 'vitest';
import { extractMainText } from '../../src/text/main-text.js';

const prose = (n: number) => `Sentence number ${n} of the article is long enough to count as prose.`;

describe('extractMainText', () => {
  it('reads the largest article, not a teaser card or the sidebar', () => {
    const page = `<body><article><p>${prose(0)}</p></article><main><article><p>${prose(1)}</p><p>${prose(2)}</p></article></main>`
      + `<div class="sidebar"><p>${prose(9)}</p></div></body>`;
    expect(extractMainText(page)).toBe(`${prose(1)}\n${prose(2)}`);
  });

  it('reads unclosed paragraphs and list items as HTML does', () => {
    const page = `<article><p>${prose(1)}<p>${prose(2)}<ul><li>${prose(3)}<li>${prose(4)}</ul></article>`;
    expect(extractMainText(page).split('\n')).toEqual([prose(1), prose(2), prose(3), prose(4)]);
  });

  it('drops link lists and trailing headings, keeps a heading before prose', () => {
    const page = `<article><h2>Background</h2><p>${prose(1)}</p>`
      + '<p><a href="/1">A related story with a long enough headline</a> and <a href="/2">another one</a></p><h3>Read next</h3></article>';
    expect(extractMainText(page)).toBe(`Background\n${prose(1)}`);
  });

  it('falls back to main, then body, then the whole page', () => {
    expect(extractMainText(`<main><p>${prose(1)}</p></main><p>${prose(9)}</p>`)).toBe(prose(1));
    expect(extractMainText(`<p>${prose(1)}</p>`)).toBe(prose(1));
  });
});
