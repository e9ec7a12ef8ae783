import { describe, expect, it } from 'vitest';
import { firstImageSrc } from '../../src/text/first-image.js';
import { htmlToLine, htmlToText } from '../../src/text/html-to-text.js';
import { tidyText } from '../../src/text/tidy-text.js';

describe('htmlToText', () => {
  it('keeps paragraphs as lines and drops inline tags without gaps', () => {
    const html = '<h2>Heading</h2><p>First <b>bold</b>ly   said.</p>\n<p>Second<br>line</p><ul><li>one</li><li>two</li></ul>';
    expect(htmlToText(html)).toBe('Heading\nFirst boldly said.\nSecond\nline\none\ntwo');
  });

  it('removes scripts, styles and comments and decodes every named entity', () => {
    const html = '<style>p{}</style><script>alert("x")</script><!-- note --><p>Q&amp;A &mdash; caf&eacute; &hellip; &nbsp;&rsquo;&#x1F600;&amp;lt;b&amp;gt;</p>';
    expect(htmlToText(html)).toBe('Q&A — café … ’😀&lt;b&gt;');
  });

  it('keeps ZWNJ but drops zero-width spaces and soft hyphens', () => {
    expect(htmlToText('<p>می\u200cخواهم co\u00adop\u200bera</p>')).toBe('می\u200cخواهم cooperа'.replace('а', 'a'));
  });

  it('does not treat "a < b" as a tag', () => {
    expect(htmlToText('<p>if a < b and b > c</p>')).toBe('if a < b and b > c');
  });

  it('flattens to one line for titles', () => {
    expect(htmlToLine('<p>One</p><p>Two</p>')).toBe('One Two');
  });

  it('separates table cells and images with spaces, not glued words', () => {
    expect(htmlToText('<table><tr><td>PKR</td><td>280</td></tr></table>')).toBe('PKR 280');
    expect(htmlToText('before<img src="x.jpg">after')).toBe('before after');
  });

  it('unwraps CDATA and survives an unterminated comment', () => {
    expect(htmlToText('<![CDATA[<p>inside</p>]]>')).toBe('inside');
    expect(htmlToText('<p>kept</p><!-- never closed <p>lost</p>')).toBe('kept');
  });

  it('returns an empty string for empty or whitespace-only markup', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<p> &nbsp; </p><br/>')).toBe('');
  });
});

describe('tidyText', () => {
  it('normalises line endings and exotic spaces but keeps one line per block', () => {
    expect(tidyText('a\r\n\r\n  b\u2003c\u00a0d \n\n')).toBe('a\nb c d');
  });
});

describe('firstImageSrc', () => {
  it('returns the first real image and skips tracking pixels and data URLs', () => {
    const html = '<img src="https://t.example/p.gif" width="1" height="1"><img src="data:image/png;base64,xx"><img alt=x src=\'/a.jpg?x=1&amp;y=2\'>';
    expect(firstImageSrc(html)).toBe('/a.jpg?x=1&y=2');
    expect(firstImageSrc('<p>none</p>')).toBeUndefined();
  });
});
