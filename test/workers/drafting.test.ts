import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { Summary } from '../../src/summaries/summary.js';
import { draftForChannel } from '../../workers/drafting.js';
import { sampleArticle } from '../helpers/sample-article.js';

// The channel id differs from its network id, so only the `network` field can select the variant.
const config = parseConfig(
  {
    feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }],
    networks: { 'desk-fb': { network: 'facebook', mode: 'dry-run', hashtags: { extra: ['SouthAsianDesk'] } } },
  },
  { networks: networkRegistry },
);
const article = sampleArticle();
const summary: Summary = {
  articleKey: article.key,
  title: article.title,
  url: article.url,
  sentences: ['Asim Munir hosted the Turkish army chief in Rawalpindi.', 'Both sides pledged closer defence industry ties.'],
  variants: { facebook: 'The Facebook variant names the visit and the pledge.' },
  hashtags: ['Pakistan'],
  producedBy: 'test',
};

describe('draftForChannel', () => {
  it("hands the format its channel's network and extra hashtags as fields", () => {
    const channel = config.channels.find((c) => c.id === 'desk-fb')!;
    const draft = draftForChannel(networkRegistry.facebook!, article, summary, channel);
    expect(draft.text).toContain('The Facebook variant names the visit and the pledge.');
    expect(draft.hashtags).toContain('SouthAsianDesk');
  });
});
