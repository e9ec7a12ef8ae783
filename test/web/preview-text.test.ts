import { describe, expect, it } from 'vitest';
import { previewSpec } from '../../src/web/views/preview-spec.js';
import { foldAt, previewText, shortLink, tokens } from '../../src/web/views/preview-text.js';

/** The preview's text styling and fold (issue #15): pure, no I/O. */
describe('preview text', () => {
  it('finds links, mentions and tags, leaving sentence punctuation and in-word signs alone', () => {
    expect(tokens('Read https://a.example/x?y=1). Thanks @city_hall and @ed@mastodon.social #Harbour2026, not e@mail or C#.')).toEqual([
      { kind: 'text', value: 'Read ' },
      { kind: 'url', value: 'https://a.example/x?y=1' },
      { kind: 'text', value: '). Thanks ' },
      { kind: 'mention', value: '@city_hall' },
      { kind: 'text', value: ' and ' },
      { kind: 'mention', value: '@ed@mastodon.social' },
      { kind: 'text', value: ' ' },
      { kind: 'tag', value: '#Harbour2026' },
      { kind: 'text', value: ', not e@mail or C#.' },
    ]);
    expect(tokens('#کراچی بارش')[0]).toEqual({ kind: 'tag', value: '#کراچی' });
  });

  it('shortens links the way X, Mastodon and Bluesky display them', () => {
    expect(shortLink('https://www.news.example/a')).toBe('news.example/a');
    expect(shortLink('https://news.example/2026/11/28/a-very-long-slug-indeed')).toBe('news.example/2026/11/28/a-ver…');
  });

  it('folds at the character budget backed up to a space, or at the line budget', () => {
    const words = 'word '.repeat(60);
    const cut = foldAt(words, { chars: 125, lines: 2 });
    expect(cut).toBeLessThanOrEqual(125);
    expect(words[cut ?? 0]).toBe(' ');
    expect(foldAt('one\ntwo\nthree', { chars: 125, lines: 2 })).toBe('one\ntwo'.length);
    expect(foldAt('short', { chars: 125, lines: 2 })).toBeUndefined();
    // Code points, not UTF-16 units: an emoji is one character.
    expect(foldAt('😀'.repeat(130), { chars: 125, lines: 2 })).toBe('😀'.repeat(125).length);
  });

  it('renders the fold with the network\'s label and escapes the text', () => {
    const spec = previewSpec('instagram', {}, true);
    const out = previewText(`<b>${'x '.repeat(100)}</b> #tag`, spec, 'p1').value;
    expect(out).toContain('&lt;b&gt;');
    expect(out).not.toContain('<b>');
    expect(out).toContain('>… more</label>');
    expect(out).toContain('<span class="pv-tag">#tag</span>');
    // Instagram does not link URLs in captions.
    expect(previewText('see https://a.example', spec, 'p2').value).not.toContain('pv-link');
  });

  it('reads each network\'s options: an attached photo or a link card the network scrapes', () => {
    expect(previewSpec('x', { attachImage: true }, true)).toMatchObject({ media: 'photo', sendsImage: true });
    expect(previewSpec('x', {}, true)).toMatchObject({ media: 'scraped-card', sendsImage: false });
    expect(previewSpec('linkedin', { thumbnail: false }, true)).toMatchObject({ media: 'scraped-card', sendsImage: false });
    expect(previewSpec('telegram', { sendPhoto: true }, false)).toMatchObject({ media: 'scraped-card' });
    expect(previewSpec('instagram', {}, false).aspectRange).toEqual({ min: 0.8, max: 1.91 });
  });
});
