import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentaryFor, escapeLittleText, hashtagTemplate, linkedinLength } from '../../../src/publishers/linkedin/linkedin-little-text.js';
import { renderLittleText } from '../../fakes/linkedin-fake.js';

const URL = 'https://news.example.com/a_b/(2026)?utm_source=linkedin&utm_medium=social~x';

describe('linkedin little text', () => {
  it('escapes every reserved character with a backslash', () => {
    expect(escapeLittleText('\\ | { } @ [ ] ( ) < > # * _ ~')).toBe('\\\\ \\| \\{ \\} \\@ \\[ \\] \\( \\) \\< \\> \\# \\* \\_ \\~');
    expect(escapeLittleText('plain, text. 123 — اردو 🇵🇰')).toBe('plain, text. 123 — اردو 🇵🇰');
  });

  it('the fake truncates unescaped text at the first reserved character, as LinkedIn does', () => {
    expect(renderLittleText('Talks (in Ankara) ended')).toEqual({ text: 'Talks ', truncated: true });
    expect(renderLittleText(`Read ${URL}`)).toEqual({ text: 'Read https://news.example.com/a', truncated: true });
  });

  it('text with ( ) [ ] # @ _ * ~ < > and a UTM link survives the round trip whole', () => {
    const text = `Deal (naval) [update] #1 priority @ministry *new* ~approx <2026> snake_case \\ | {x}\nاردو 🇵🇰🤝🇹🇷 ${URL} #Pakistan`;
    const sent = commentaryFor(text, ['Pakistan']);
    expect(renderLittleText(sent)).toEqual({ text, truncated: false });
    expect(sent).toContain(hashtagTemplate('Pakistan'));
    // "#1" is not one of the post's hashtags: escaped, shown as plain text.
    expect(sent).toContain('\\#1 priority');
  });

  it('post hashtags become {hashtag|\\#|Tag} templates, including tags with reserved characters', () => {
    expect(commentaryFor('News #Pakistan #F16_Jets', ['Pakistan', 'F16_Jets'])).toBe('News {hashtag|\\#|Pakistan} {hashtag|\\#|F16\\_Jets}');
    expect(renderLittleText(commentaryFor('News #Pakistan #F16_Jets', ['Pakistan', 'F16_Jets'])).text).toBe('News #Pakistan #F16_Jets');
  });

  it('property: any text escapes to little text that renders back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/), { maxLength: 3 }), (body, tags) => {
        const text = [body, ...tags.map((t) => `#${t}`)].join(' ');
        expect(renderLittleText(commentaryFor(text, tags))).toEqual({ text, truncated: false });
      }),
    );
  });

  it('property: the counter is never below the length of the commentary sent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/), { maxLength: 3 }), (body, tags) => {
        const text = [body, ...tags.map((t) => `#${t}`)].join(' ');
        expect(linkedinLength(text)).toBeGreaterThanOrEqual(commentaryFor(text, tags).length);
      }),
    );
  });
});
