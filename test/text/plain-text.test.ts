import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/text/html-to-text.js';
import { toPlainLine, toPlainText } from '../../src/text/plain-text.js';

describe('htmlToText', () => {
  it('turns block elements into paragraph breaks and decodes entities', () => {
    const html = '<p>Tom &amp; Jerry&nbsp;met&hellip;</p>\n<p>It&#8217;s <b>big</b> &mdash; really.<br>New line</p>';
    expect(htmlToText(html)).toBe('Tom & Jerry met…\nIt’s big — really.\nNew line');
  });

  it('removes scripts, styles, comments and CDATA wrappers', () => {
    const html = '<div>Keep<script>alert("x")</script><style>p{}</style><!-- hidden --> this<![CDATA[ and this]]></div>';
    expect(htmlToText(html)).toBe('Keep this and this');
  });

  it('keeps escaped markup as text and prose comparisons intact', () => {
    expect(htmlToText('<p>Use &lt;b&gt; for bold; 3 < 5</p>')).toBe('Use <b> for bold; 3 < 5');
  });

  it('treats source newlines as spaces in HTML', () => {
    expect(htmlToText('<p>one\ntwo</p><p>three</p>')).toBe('one two\nthree');
  });

  it('drops characters networks reject and lone surrogates', () => {
    expect(htmlToText('a\uFEFFb\u00ADc\u0007d \uD800e')).toBe('abcd \uFFFDe');
  });
});

describe('toPlainText', () => {
  it('keeps newlines of plain text as paragraph breaks and strips stray tags', () => {
    expect(toPlainText('First line &amp; more\n\n  Second <em>line</em>  \n')).toBe('First line & more\nSecond line');
  });

  it('switches to HTML rules when the text has block markup', () => {
    expect(toPlainText('<p>a\nb</p><p>c</p>')).toBe('a b\nc');
  });

  it('toPlainLine yields a single line', () => {
    expect(toPlainLine('  Title\nwith   break &quot;quoted&quot; ')).toBe('Title with break "quoted"');
  });
});

describe('text that should already be plain', () => {
  it('keeps what only looks like markup: an unclosed script or title, an unfinished tag, unknown closers', () => {
    expect(toPlainLine('Why <script> tags matter')).toBe('Why <script> tags matter');
    expect(toPlainLine('The <title> of a page')).toBe('The <title> of a page');
    expect(toPlainLine('Rates < 5% for <imported goods')).toBe('Rates < 5% for <imported goods');
    expect(toPlainLine('A <b>bold</b> <x-y a="1">claim</x-y>')).toBe('A bold <x-y a="1">claim</x-y>');
  });

  it('still drops a closed script and decodes entities, legacy ones included', () => {
    expect(toPlainText('Hi<script>alert(1)</script> there')).toBe('Hi there');
    expect(toPlainText('AT&T &amp; co &copy 2024')).toBe('AT&T & co © 2024');
  });

  it('removes zero-width spaces like the feed reader did, keeps ZWNJ/ZWJ', () => {
    expect(toPlainText('co\u200bop می\u200cخواهم 👩\u200d💻')).toBe('coop می\u200cخواهم 👩\u200d💻');
  });
});
