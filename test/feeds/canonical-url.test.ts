import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicaliseUrl, isTrackingParam, resolveUrl } from '../../src/feeds/canonical-url.js';

describe('canonicaliseUrl', () => {
  it.each([
    ['HTTPS://SouthAsianDesk.Example:443/Pakistan/Story', 'https://southasiandesk.example/Pakistan/Story'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/a#comments', 'https://example.com/a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a?utm_source=rss&utm_medium=feed', 'https://example.com/a'],
    ['https://example.com/a?b=2&utm_campaign=x&a=1', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/a?fbclid=IwAR0&gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5&xtor=RSS-1', 'https://example.com/a'],
    ['https://example.com/a?ocid=x&cmpid=y&ref_src=twsrc', 'https://example.com/a'],
    ['https://example.com/a?ref=homepage', 'https://example.com/a?ref=homepage'],
    ['https://example.com/a#xtor=RSS-3', 'https://example.com/a'],
    ['https://example.com/a?UTM_SOURCE=x&id=7', 'https://example.com/a?id=7'],
    ['https://example.com/%7ebob/a%2fb', 'https://example.com/~bob/a%2Fb'],
    ['https://user:secret@example.com/a', 'https://example.com/a'],
    ['https://example.com./a', 'https://example.com/a'],
    ['https://example.com/#!/story/12', 'https://example.com/#!/story/12'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['https://example.com/a?x=1&&y=2', 'https://example.com/a?x=1&y=2'],
  ])('%s → %s', (input, expected) => {
    expect(canonicaliseUrl(input)).toBe(expected);
  });

  it.each(['', 'not a url', '/relative/path', 'mailto:desk@example.com', 'ftp://example.com/x', 'javascript:alert(1)', 'http://'])(
    'rejects %j',
    (input) => {
      expect(canonicaliseUrl(input)).toBeUndefined();
    },
  );

  it('keeps the scheme (identity, not canonicalisation, merges http and https)', () => {
    expect(canonicaliseUrl('http://example.com/a')).toBe('http://example.com/a');
  });

  it('is idempotent and never returns tracking parameters', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicaliseUrl(url);
        if (once === undefined) return;
        expect(canonicaliseUrl(once)).toBe(once);
        const params = new URL(once).searchParams;
        for (const name of params.keys()) expect(isTrackingParam(name)).toBe(false);
      }),
    );
  });
});

describe('resolveUrl', () => {
  it('resolves relative references and rejects junk', () => {
    expect(resolveUrl('/a/b', 'https://example.com/feed.xml')).toBe('https://example.com/a/b');
    expect(resolveUrl('https://other.example/x', 'https://example.com/')).toBe('https://other.example/x');
    expect(resolveUrl('  ', 'https://example.com/')).toBeUndefined();
    expect(resolveUrl('/a', undefined)).toBeUndefined();
  });
});
