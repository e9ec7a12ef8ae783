import { describe, expect, it } from 'vitest';
import type { FormatInput } from '../../../src/drafts/draft.js';
import { commentaryFor, linkedinLength } from '../../../src/publishers/linkedin/linkedin-little-text.js';
import { linkedinNetwork } from '../../../src/publishers/linkedin/linkedin-network.js';

const URL = 'https://news.example.com/2026/05/defence_ties?utm_source=linkedin&utm_medium=social&utm_campaign=crier';

function input(sentences: string[]): FormatInput {
  return {
    summary: { articleKey: 'k1', title: 'Pakistan (and Türkiye) deepen defence ties', url: URL, sentences, hashtags: ['Defence', 'Navy'], producedBy: 'test' },
    url: URL,
    template: linkedinNetwork.defaultTemplate,
    maxHashtags: linkedinNetwork.defaultMaxHashtags,
    network: 'linkedin',
    options: linkedinNetwork.optionsSchema.parse({}),
  };
}

describe('linkedin format', () => {
  it('fits 3,000 counted on the escaped commentary that is sent, with the draft text left readable', () => {
    const sentences = Array.from({ length: 80 }, (_, i) => `Point ${i + 1} (of many) covers the [naval] side_deal & the *new* frigates <KAAN>.`);
    const draft = linkedinNetwork.format(input(sentences));
    const sent = commentaryFor(draft.text, draft.hashtags);
    expect(draft.length).toBe(linkedinLength(draft.text));
    expect(draft.length).toBeLessThanOrEqual(3_000);
    expect(sent.length).toBeLessThanOrEqual(3_000);
    // Escaping cost real characters: the raw text is shorter than what was counted.
    expect(draft.text.length).toBeLessThan(draft.length);
    expect(draft.text).toContain(URL);
    expect(draft.text).not.toContain('\\');
  });

  it('keeps a short post whole', () => {
    const draft = linkedinNetwork.format(input(['The navies signed a deal (worth $2bn).']));
    expect(draft.text).toContain('The navies signed a deal (worth $2bn).');
    expect(draft.text).toContain(URL);
  });

  it('requires an author URN in live mode, validates URN and version shapes', () => {
    const schema = linkedinNetwork.optionsSchema;
    expect(schema.safeParse({ mode: 'dry-run' }).success).toBe(true);
    const live = schema.safeParse({ mode: 'live' });
    expect(live.success).toBe(false);
    expect(live.error?.issues[0]?.path).toEqual(['author']);
    expect(schema.parse({ mode: 'live', author: 'urn:li:organization:5515715' })).toMatchObject({ version: '202510', apiBaseUrl: 'https://api.linkedin.com', thumbnail: true, visibility: 'PUBLIC' });
    expect(schema.safeParse({ author: 'urn:li:person:AbC-12_x' }).success).toBe(true);
    expect(schema.safeParse({ author: 'urn:li:company:1' }).success).toBe(false);
    expect(schema.safeParse({ version: '2025-10' }).success).toBe(false);
    expect(schema.safeParse({ version: '202513' }).success).toBe(false);
  });
});
