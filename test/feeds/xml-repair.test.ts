import { describe, expect, it } from 'vitest';
import { unprefixRssElements } from '../../src/feeds/xml-repair.js';

describe('unprefixRssElements', () => {
  it('drops only prefixes bound to an RSS namespace, outside CDATA and comments', () => {
    const xml =
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:foo="http://example.org/foo">' +
      '<rss:item><rss:title>A</rss:title><foo:title>B</foo:title><!-- <rss:x> --><rss:description><![CDATA[<rss:title> stays]]></rss:description></rss:item></rdf:RDF>';
    expect(unprefixRssElements(xml)).toBe(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:foo="http://example.org/foo">' +
        '<item><title>A</title><foo:title>B</foo:title><!-- <rss:x> --><description><![CDATA[<rss:title> stays]]></description></item></rdf:RDF>',
    );
  });

  it('leaves a feed with no prefixed RSS namespace untouched (the same string)', () => {
    const xml = '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:title>T</dc:title></channel></rss>';
    expect(unprefixRssElements(xml)).toBe(xml);
  });
});
