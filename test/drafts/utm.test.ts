import { describe, expect, it } from 'vitest';
import { withUtm } from '../../src/drafts/utm.js';

describe('withUtm', () => {
  it('adds the default parameters', () => {
    expect(withUtm('https://example.com/story', true, 'x')).toBe(
      'https://example.com/story?utm_source=x&utm_medium=social&utm_campaign=crier',
    );
  });

  it('appends to an existing query without re-encoding it, and keeps the fragment', () => {
    expect(withUtm('https://example.com/a?id=1&q=a%20b+c#comments', true, 'bluesky')).toBe(
      'https://example.com/a?id=1&q=a%20b+c&utm_source=bluesky&utm_medium=social&utm_campaign=crier#comments',
    );
  });

  it('replaces existing utm_source/medium/campaign instead of duplicating them, keeps utm_content', () => {
    const out = withUtm('https://example.com/a?utm_source=rss&utm_content=top&UTM_MEDIUM=feed&utm_campaign=old', true, 'mastodon');
    expect(out).toBe('https://example.com/a?utm_content=top&utm_source=mastodon&utm_medium=social&utm_campaign=crier');
    expect(out.match(/utm_source/g)).toHaveLength(1);
  });

  it('uses custom settings and encodes values', () => {
    expect(withUtm('https://example.com/', { medium: 'social media', campaign: 'launch&go' }, 'x')).toBe(
      'https://example.com/?utm_source=x&utm_medium=social%20media&utm_campaign=launch%26go',
    );
    expect(withUtm('https://example.com/', { source: 'twitter', medium: 'social', campaign: 'crier' }, 'x')).toContain('utm_source=twitter');
  });

  it('is idempotent', () => {
    const once = withUtm('https://example.com/a?x=1#f', true, 'x');
    expect(withUtm(once, true, 'x')).toBe(once);
  });

  it('leaves the URL untouched when disabled, invalid or not http(s)', () => {
    expect(withUtm('https://example.com/a', false, 'x')).toBe('https://example.com/a');
    expect(withUtm('not a url', true, 'x')).toBe('not a url');
    expect(withUtm('/relative/path', true, 'x')).toBe('/relative/path');
    expect(withUtm('mailto:desk@example.com', true, 'x')).toBe('mailto:desk@example.com');
    expect(withUtm('', true, 'x')).toBe('');
  });

  it('handles a bare "?" and a trailing "&"', () => {
    expect(withUtm('https://example.com/a?', true, 'x')).toBe('https://example.com/a?utm_source=x&utm_medium=social&utm_campaign=crier');
    expect(withUtm('https://example.com/a?b=1&', true, 'x')).toBe('https://example.com/a?b=1&utm_source=x&utm_medium=social&utm_campaign=crier');
  });
});
