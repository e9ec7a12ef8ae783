import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleIdentities, articleKeyFor, normaliseTitle } from '../../src/feeds/identity.js';

const base = {
  title: 'Pakistan and Turkiye reaffirm defence ties',
  link: 'https://southasiandesk.example/pakistan/defence-ties?utm_source=rss',
  guid: 'southasiandesk-0412',
  publishedAt: '2026-01-31T06:30:00.000Z',
};

describe('articleIdentities', () => {
  it('lists url, guid and title identities strongest first', () => {
    expect(articleIdentities(base, 'sad')).toEqual([
      'url:southasiandesk.example/pakistan/defence-ties',
      'guid:sad:southasiandesk-0412',
      'title:pakistan and turkiye reaffirm defence ties|2026-01-31',
    ]);
  });

  it('treats http/https, www and tracking parameters as the same story', () => {
    const a = articleIdentities({ ...base, link: 'http://www.southasiandesk.example/pakistan/defence-ties#top' }, 'sad');
    const b = articleIdentities({ ...base, link: 'https://southasiandesk.example/pakistan/defence-ties?fbclid=x' }, 'other');
    expect(a[0]).toBe(b[0]);
  });

  it('skips the guid identity when the guid is just the link', () => {
    const ids = articleIdentities({ ...base, guid: 'https://southasiandesk.example/pakistan/defence-ties' }, 'sad');
    expect(ids.some((id) => id.startsWith('guid:'))).toBe(false);
  });

  it('keeps at least one shared identity across typical edits', () => {
    const original = articleIdentities(base, 'sad');
    const editedTitle = articleIdentities({ ...base, title: 'Pakistan, Turkiye reaffirm defence ties (updated)' }, 'sad');
    const newSlug = articleIdentities({ ...base, link: 'https://southasiandesk.example/pakistan/defence-ties-2' }, 'sad');
    const newGuidAndDate = articleIdentities({ ...base, guid: 'cms2-991', publishedAt: '2026-02-01T00:00:00Z' }, 'sad');
    const newSlugAndGuid = articleIdentities({ ...base, link: 'https://southasiandesk.example/x', guid: 'cms2-1' }, 'sad');
    for (const edited of [editedTitle, newSlug, newGuidAndDate, newSlugAndGuid]) {
      expect(edited.some((id) => original.includes(id))).toBe(true);
    }
  });

  it('scopes guids to the feed and needs a date for title identities', () => {
    const ids = articleIdentities({ title: 'Morning briefing', guid: '1234' }, 'urdu');
    expect(ids).toEqual(['guid:urdu:1234']);
    expect(articleIdentities({ title: 'Morning briefing' }, 'urdu')).toEqual(['title:morning briefing|undated']);
  });

  it('normalises titles across case, punctuation and scripts', () => {
    expect(normaliseTitle('  “Breaking”: PM’s  visit — LIVE ')).toBe('breaking pm s visit live');
    expect(normaliseTitle('کراچی میں، کتب میلہ')).toBe('کراچی میں کتب میلہ');
    expect(normaliseTitle('ＡＢＣ')).toBe('abc');
  });
});

describe('articleKeyFor', () => {
  it('is stable, short and a valid BullMQ job id', () => {
    expect(articleKeyFor('url:example.com/a')).toBe(articleKeyFor('url:example.com/a'));
    expect(articleKeyFor('url:example.com/a')).not.toBe(articleKeyFor('url:example.com/b'));
    fc.assert(
      fc.property(fc.string(), (identity) => {
        const key = articleKeyFor(identity);
        expect(key).toMatch(/^a[0-9a-f]{20}$/);
        expect(key).not.toContain(':');
        expect(/^\d+$/.test(key)).toBe(false);
      }),
    );
  });
});
