import { describe, expect, it } from 'vitest';
import { isHeadingLike, splitParagraphs, splitSentences } from '../../src/summaries/sentences.js';

describe('splitSentences', () => {
  it('keeps titles and dotted abbreviations inside the sentence', () => {
    expect(splitSentences('Gen. Asim Munir met U.S. officials. Then he left.')).toEqual([
      'Gen. Asim Munir met U.S. officials.',
      'Then he left.',
    ]);
    expect(splitSentences('Lt. Col. Ahmed and Dr. Sana Khan spoke. Prof. Ali agreed.')).toEqual([
      'Lt. Col. Ahmed and Dr. Sana Khan spoke.',
      'Prof. Ali agreed.',
    ]);
    expect(splitSentences('Mr. Khan, Mrs. Khan and Ms. Ali of Acme Inc. Ltd. attended. See e.g. the report, i.e. page two.')).toEqual([
      'Mr. Khan, Mrs. Khan and Ms. Ali of Acme Inc. Ltd. attended.',
      'See e.g. the report, i.e. page two.',
    ]);
  });

  it('joins an ambiguous abbreviation to a following name but not to a new sentence', () => {
    expect(splitSentences('The U.S. Army said no. He moved to the U.S. The next day was calm.')).toEqual([
      'The U.S. Army said no.',
      'He moved to the U.S.',
      'The next day was calm.',
    ]);
    expect(splitSentences('Apples, pears, etc. The end.')).toEqual(['Apples, pears, etc.', 'The end.']);
  });

  it('keeps initials together', () => {
    expect(splitSentences('Dr. A. Q. Khan founded the programme. It grew.')).toEqual([
      'Dr. A. Q. Khan founded the programme.',
      'It grew.',
    ]);
  });

  it('does not split decimals, amounts or numbered abbreviations', () => {
    expect(splitSentences('It costs USD 1.5 billion. Rs. 500 was paid. No. 10 Downing St. is here. He said no. The end.')).toEqual([
      'It costs USD 1.5 billion.',
      'Rs. 500 was paid.',
      'No. 10 Downing St. is here.',
      'He said no.',
      'The end.',
    ]);
    expect(splitSentences('Prices rose approx. 3.25 percent vs. 2.1 percent last year.')).toHaveLength(1);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('“We will win,” he said. “Stop!” she shouted. "Go now." Then silence.')).toEqual([
      '“We will win,” he said.',
      '“Stop!” she shouted.',
      '"Go now."',
      'Then silence.',
    ]);
    expect(splitSentences('He said: “We will win. ” Then he left.')).toEqual(['He said: “We will win.”', 'Then he left.']);
  });

  it('splits Urdu on ۔ and ؟', () => {
    expect(splitSentences('پاکستان اور ترکی نے دفاعی تعاون پر اتفاق کیا۔ کیا یہ اہم ہے؟ ماہرین نے تعریف کی۔', 'ur')).toEqual([
      'پاکستان اور ترکی نے دفاعی تعاون پر اتفاق کیا۔',
      'کیا یہ اہم ہے؟',
      'ماہرین نے تعریف کی۔',
    ]);
  });

  it('splits Hindi and Bengali on the danda', () => {
    expect(splitSentences('भारत ने नई नीति घोषित की। यह महत्वपूर्ण है।', 'hi')).toEqual(['भारत ने नई नीति घोषित की।', 'यह महत्वपूर्ण है।']);
    expect(splitSentences('বাংলাদেশ নতুন নীতি ঘোষণা করেছে। এটি গুরুত্বপূর্ণ।', 'bn')).toEqual([
      'বাংলাদেশ নতুন নীতি ঘোষণা করেছে।',
      'এটি গুরুত্বপূর্ণ।',
    ]);
  });

  it('splits Arabic on ؟ and CJK on full-width terminators without spaces', () => {
    expect(splitSentences('هل هذا مهم؟ نعم، إنه مهم.', 'ar')).toEqual(['هل هذا مهم؟', 'نعم، إنه مهم.']);
    expect(splitSentences('中国宣布了新政策。这很重要！真的吗？是的。', 'zh')).toEqual(['中国宣布了新政策。', '这很重要！', '真的吗？', '是的。']);
    expect(splitSentences('「行く」と彼は言った。明日だ。', 'ja')).toEqual(['「行く」と彼は言った。', '明日だ。']);
  });

  it('never glues a heading to the next sentence and drops headings', () => {
    const text = 'Leaders met on Friday.\nRegional Security Landscape In Focus\nDiscussions delved into the landscape. Instabilities continue.';
    expect(splitSentences(text)).toEqual(['Leaders met on Friday.', 'Discussions delved into the landscape.', 'Instabilities continue.']);
    const paragraphs = splitParagraphs(text);
    expect(paragraphs.map((p) => p.heading)).toEqual([false, true, false]);
  });

  it('keeps a teaser without a full stop when headings are not dropped', () => {
    expect(splitSentences('Floods expected in the Indus', undefined, { dropHeadings: false })).toEqual(['Floods expected in the Indus']);
    expect(splitSentences('Floods expected in the Indus')).toEqual([]);
  });

  it('treats a long unpunctuated line as prose, a short one as a heading', () => {
    expect(isHeadingLike('What’s Next For Pakistan Turkey Defence Cooperation')).toBe(true);
    expect(isHeadingLike('Published in SouthAsianDesk, January 31st, 2026')).toBe(true);
    expect(isHeadingLike('The meeting focused on mutual interests.')).toBe(false);
    expect(isHeadingLike('Officials from both countries met for three days in the capital to discuss trade energy defence and the future of the region')).toBe(false);
  });

  it('survives an invalid language tag', () => {
    expect(splitSentences('One sentence here. Another one here.', 'not a tag!!')).toHaveLength(2);
  });
});
