import { describe, expect, it } from 'vitest';
import { feedSchema } from '../../src/config/schema.js';
import { cleanArticleText, MAX_PATTERN_LINE_CHARS } from '../../src/summaries/boilerplate.js';
import { startsWithDateline, stripDateline } from '../../src/summaries/dateline.js';
import { compileBoilerplatePattern } from '../../src/summaries/feed-copy.js';
import { useBoundedRunner } from '../helpers/bounded-run.js';

const BOILERPLATE = new URL('../../src/summaries/boilerplate.ts', import.meta.url);
const run = useBoundedRunner([BOILERPLATE]);

describe('stripDateline', () => {
  it.each([
    ['RAWALPINDI: Pakistan and Turkiye agreed…', 'Pakistan and Turkiye agreed…'],
    ["DHAKA (SouthAsianDesk) — Dhaka's metro rail will run…", "Dhaka's metro rail will run…"],
    ['COLOMBO, Sri Lanka (AP) - The Central Bank held…', 'The Central Bank held…'],
    ['COLOMBO, Jan 30 (Reuters) - The Central Bank held…', 'The Central Bank held…'],
    ['Colombo, Jan 30 (Reuters) - The Central Bank held…', 'The Central Bank held…'],
    ['Kathmandu: Nepal signed…', 'Nepal signed…'],
    ['Cox’s Bazar — Rohingya refugees…', 'Rohingya refugees…'],
    ['NEW DELHI: India said…', 'India said…'],
    ['اسلام آباد: وزیراعظم نے کہا کہ…', 'وزیراعظم نے کہا کہ…'],
    ['راولپنڈی (ویب ڈیسک) — فیلڈ مارشل…', 'فیلڈ مارشل…'],
    ['नई दिल्ली: भारत ने कहा…', 'भारत ने कहा…'],
  ])('%s', (line, expected) => {
    expect(stripDateline(line)).toBe(expected);
    expect(startsWithDateline(line)).toBe(true);
  });

  it.each([
    'Pakistan and Turkiye reaffirmed their commitment to defence ties.',
    'The bank said: "Inflation is falling."',
    'Update: the meeting was moved to Friday.',
    'Field Marshal Asim Munir hosted the Turkish army chief.',
    'انہوں نے کہا: "ہم تیار ہیں۔"',
    'IMF: the programme is on track.',
  ])('keeps a sentence that only looks like one: %s', (line) => {
    expect(stripDateline(line)).toBe(line);
  });
});

describe('cleanArticleText', () => {
  it('drops credits, captions, bylines, promos, disclaimers and notes; keeps quotes, numbers and names', () => {
    const text = [
      'We may earn a commission on purchases made through links on this page.',
      'By Staff Reporter',
      'A line of climbers near the summit. Photo courtesy: Nims Purja',
      'KATHMANDU: Eighteen climbers reached the summit of Everest before 9am on Tuesday.',
      'Tents at Camp IV on the South Col. (AP Photo/Niranjan Shrestha)',
      '“The ropes were fixed early,” said Khim Lal Gautam, adding that 421 permits were issued.',
      'Photo: Reuters',
      'Also read: Everest permit fees rise for 2027',
      'Share this: Facebook | X | WhatsApp | Email',
      'Follow us on Instagram for more.',
      'Sign up for our newsletter to get the latest news.',
      'This is a developing story and will be updated.',
      '(Reporting by Uditha Jayasinghe; Editing by Alex Richardson)',
      '© 2026 Thomson Reuters. All rights reserved.',
      'The post Record climbers appeared first on SouthAsianDesk.',
    ].join('\n');
    expect(cleanArticleText(text, { publicationName: 'SouthAsianDesk' })).toBe(
      'Eighteen climbers reached the summit of Everest before 9am on Tuesday.\n“The ropes were fixed early,” said Khim Lal Gautam, adding that 421 permits were issued.',
    );
  });

  it('drops the cut sentence before a teaser marker and keeps the whole ones', () => {
    expect(cleanArticleText('Nepal signed a deal on Sunday. The tariff will be [&hellip;]')).toBe('Nepal signed a deal on Sunday.');
    expect(cleanArticleText('Nepal signed a deal on Sunday to sell [...]')).toBe('');
    expect(cleanArticleText('Nepal signed a deal. It covers 40 MW […]')).toBe('Nepal signed a deal.');
  });

  it('finds the dateline on the first prose line, after a kicker', () => {
    expect(cleanArticleText('Business\nCOLOMBO (Reuters) — The bank held rates.\nMORE: it said so.')).toBe('Business\nThe bank held rates.\nMORE: it said so.');
  });

  it('applies a feed’s house patterns (literal or /regex/) to bounded lines only', () => {
    const extra = [compileBoilerplatePattern('Download the SAD app'), compileBoilerplatePattern('/^Sponsored by \\w+/i')];
    const text = 'Rates held.\ndownload the sad app today\nSponsored by Acme\nGood story.';
    expect(cleanArticleText(text, { extraPatterns: extra })).toBe('Rates held.\nGood story.');
    const long = `${'word '.repeat(MAX_PATTERN_LINE_CHARS / 5)}Download the SAD app.`;
    expect(cleanArticleText(long, { extraPatterns: extra })).toBe(long.trim());
  });

  it('stays linear on hostile input (long lines, many lines, long credit-like runs): aborted after 10 s', async () => {
    const hostile = [`${'A'.repeat(200_000)}:`, `Photo ${' '.repeat(100_000)}x`, '(AP Photo/'.repeat(20_000), 'By '.repeat(50_000), '\n'.repeat(100_000)].join('\n');
    expect(typeof (await run<string>(BOILERPLATE, 'cleanArticleText', [hostile]))).toBe('string');
  });
});

describe('feeds[].boilerplate in the config', () => {
  it('accepts phrases and /regex/flags, rejects a regex that does not compile', () => {
    expect(feedSchema.parse({ id: 'a', url: 'https://e.com/f', boilerplate: ['Subscribe now', '/^Sponsored/i'] }).boilerplate).toHaveLength(2);
    const bad = feedSchema.safeParse({ id: 'a', url: 'https://e.com/f', boilerplate: ['/(unclosed/'] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('invalid regex');
  });
});
