import type { Article } from '../src/articles/article.js';
import type { ChannelConfig } from '../src/config/load-config.js';
import type { Draft } from '../src/drafts/draft.js';
import { withUtm } from '../src/drafts/utm.js';
import type { NetworkDefinition } from '../src/publishers/publisher.js';
import type { Summary } from '../src/summaries/summary.js';

/** article + summary + channel settings → that network's draft. Shared by the summarise worker and `crier preview`. */
export function draftForChannel(def: NetworkDefinition, article: Article, summary: Summary, channel: ChannelConfig, templateOverride?: string): Draft {
  return def.format({
    summary,
    url: withUtm(article.url, channel.utm, channel.network),
    template: templateOverride ?? channel.template,
    maxHashtags: channel.maxHashtags,
    network: channel.network,
    extraHashtags: channel.hashtags.extra,
    options: { ...channel.options, channel: channel.id, ...(channel.sentences !== undefined ? { sentences: channel.sentences } : {}) },
    ...(article.imageUrl ? { imageUrl: article.imageUrl } : {}),
    ...(article.feedTitle ? { feedTitle: article.feedTitle } : {}),
    ...(article.author ? { author: article.author } : {}),
    ...(article.categories[0] ? { category: article.categories[0] } : {}),
  });
}
