import { describe, expect, it } from 'vitest';
import { findItemSpans, newestItems, withItems } from '../../src/feeds/item-spans.js';
import { scanXml, trimEnd } from '../../src/feeds/xml-scan.js';
import type { XmlToken } from '../../src/feeds/xml-scan.js';

function tokens(xml: string): { list: string[]; dangling: string | undefined } {
  const list: string[] = [];
  const dangling = scanXml(xml, (t: XmlToken) => void list.push(`${t.kind}${t.name ? `:${t.name}` : ''}${t.selfClosing ? '/' : ''}`));
  return { list, dangling: dangling?.kind };
}

describe('scanXml', () => {
  it('finds tags, sections and declarations; quoted ">" and text "<" are not structure', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "<b>">]><rss a="x>y"><!-- <c> --><t>a < b<![CDATA[<d>]]></t><e/></rss>';
    expect(tokens(xml)).toEqual({
      list: ['pi', 'doctype', 'open:rss', 'comment', 'open:t', 'cdata', 'close:t', 'open:e/', 'close:rss'],
      dangling: undefined,
    });
  });

  it.each([
    ['<rss><![CDATA[ cut', 'cdata'],
    ['<rss><!-- cut', 'comment'],
    ['<rss><item a="cut', 'tag'],
    ['<rss></ite', 'tag'],
  ])('reports where %j was cut off', (xml, kind) => {
    expect(tokens(xml).dangling).toBe(kind);
  });

  it('trimEnd drops trailing whitespace only', () => {
    expect(trimEnd(`a ${' '.repeat(10)}b \n\t`)).toBe(`a ${' '.repeat(10)}b`);
  });
});

describe('findItemSpans', () => {
  const xml =
    '<rss><channel><title>T</title>' +
    '<item><title>old</title><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>' +
    '<item><title>deep</title><description><a><b><c/></b></a></description></item>' +
    '<item><title>new</title><pubDate>Wed, 01 Jan 2025 00:00:00 GMT</pubDate></item>' +
    '</channel></rss>';

  it('finds each item with its depth and date text', () => {
    const { items, depthOutsideItems } = findItemSpans(xml);
    expect(items.map((i) => [xml.slice(i.start, i.start + 18), i.depth, i.dateText, i.complete])).toEqual([
      ['<item><title>old</', 1, 'Mon, 01 Jan 2024 00:00:00 GMT', true],
      ['<item><title>deep<', 4, undefined, true],
      ['<item><title>new</', 1, 'Wed, 01 Jan 2025 00:00:00 GMT', true],
    ]);
    expect(depthOutsideItems).toBe(3);
  });

  it('keeps the newest items in document order, undated after dated', () => {
    const layout = findItemSpans(xml);
    const kept = newestItems(layout.items, 2);
    expect(kept).toEqual([layout.items[0], layout.items[2]]);
    expect(withItems(xml, layout, new Set(kept))).not.toContain('deep');
  });

  it('marks an item cut off at the end as incomplete', () => {
    const { items } = findItemSpans('<rss><channel><item><title>a</title></item><item><title>b');
    expect(items.map((i) => i.complete)).toEqual([true, false]);
  });
});
