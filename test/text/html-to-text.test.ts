import { describe, expect, it } from 'vitest';
import { firstImageSrc } from '../../src/text/first-image.js';
import { articleBodyToText, htmlToLine, htmlToText } from '../../src/text/html-to-text.js';
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

describe('one reading for feeds and summaries', () => {
  it('keeps the line breaks of a fragment without block markup, folds them in one with it', () => {
    expect(htmlToText('Para one.\n\nPara two <b>bold</b>.\nThree')).toBe('Para one.\nPara two bold.\nThree');
    expect(htmlToText('<p>one\ntwo</p>three')).toBe('one two\nthree');
  });

  it('drops fallback and embedded content: noscript, iframe, video, svg (also self-closed), head', () => {
    const html = '<head><title>T</title></head><p>a</p><noscript><p>Enable JS</p></noscript><iframe src=x>frame</iframe>'
      + '<video><p>Your browser does not support video</p></video><svg/><p>b</p><svg><text>chart</text></svg><p>c</p>';
    expect(htmlToText(html)).toBe('a\nb\nc');
  });

  it('reads CDATA content as markup once: a CDATA opened inside it is an unfinished comment', () => {
    expect(htmlToText('<![CDATA[<p>a</p><![CDATA[<p>b</p>]]><p>c</p>')).toBe('a\nc');
  });
});

describe('articleBodyToText: clean text first (#14)', () => {
  it('drops figures, captions, credits, share bars, related links, asides, nav, footers and forms', () => {
    const html = [
      '<p>Lead paragraph.</p>',
      '<figure><img src="a.jpg"><figcaption>Caption text</figcaption></figure>',
      '<div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">WP caption</p></div>',
      '<p class="photo-credit">Photo: AP</p><span class="image-credit">Getty</span>',
      '<div class="sharedaddy"><a>Share on X</a></div><ul class="social-links"><li>Facebook</li></ul>',
      '<div class="related-posts"><a>Related story</a></div><div class="newsletter-signup">Sign up</div>',
      '<p class="read-more"><a>Read more</a></p><a class="subscribe">Subscribe</a>',
      '<aside>Aside</aside><nav>Nav</nav><form>Form</form><footer>Footer</footer>',
      '<p>Closing paragraph.</p>',
    ].join('');
    expect(articleBodyToText(html)).toBe('Lead paragraph.\nClosing paragraph.');
    expect(htmlToText(html)).toContain('Caption text');
  });

  it('keeps containers and topic classes, and ends an unclosed dropped paragraph at the next block', () => {
    expect(articleBodyToText('<article class="post has-share-buttons"><p>Body</p></article>')).toBe('Body');
    expect(articleBodyToText('<div class="post tag-social category-related"><p>Body</p></div>')).toBe('Body');
    expect(articleBodyToText('<div class="subscriber-content"><p>Paywalled body</p></div>')).toBe('Paywalled body');
    expect(articleBodyToText('<p class="credit">Photo: AP<p>Real text</p><div>More</div>')).toBe('Real text\nMore');
    expect(articleBodyToText('<ul><li class="related">R<ul><li>inner</li></ul></li><li>kept</li></ul>')).toBe('kept');
    expect(articleBodyToText('<p>a</p><img class="credit" src=x><p>b</p>')).toBe('a\nb');
  });
});

describe('firstImageSrc reads tags, not text', () => {
  it('finds an image in noscript (lazy loaders) but not one written inside a script', () => {
    expect(firstImageSrc('<script>var s = "<img src=/fake.jpg>";</script><noscript><img src="/real.jpg"></noscript>')).toBe('/real.jpg');
    expect(firstImageSrc('<IMG SRC="/upper.jpg" WIDTH="600">')).toBe('/upper.jpg');
  });
});
