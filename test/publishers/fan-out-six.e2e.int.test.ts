import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/ledger/post-ledger.js';
import { shortenLinks } from '../../src/publishers/bluesky/bluesky-links.js';
import { tidForPostId } from '../../src/publishers/bluesky/bluesky-tid.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { e2eResources, waitForPosts } from '../helpers/e2e-run.js';
import { FakeHttpServer, type Fault } from '../helpers/fake-http.js';
import * as bluesky from '../fakes/bluesky-fake.js';
import { discordFaults, startDiscordFake } from '../fakes/discord-fake.js';
import * as linkedin from '../fakes/linkedin-fake.js';
import * as mastodon from '../fakes/mastodon-fake.js';
import { mrkdwnLinks, slackFaults, startSlackFake, type FakeSlackMessage } from '../fakes/slack-fake.js';
import { startTelegramFake, telegramFaults } from '../fakes/telegram-fake.js';
import { allowPrivateOriginForTests } from '../../src/shared/http/test-egress.js';

const NETWORKS = ['bluesky', 'mastodon', 'linkedin', 'telegram', 'discord', 'slack'] as const;
/**
 * Every character some network treats as markup: LinkedIn's little text, Telegram's HTML, Slack's
 * mrkdwn. (`<` is followed by a space: the summariser strips `<word>` from titles as a stray tag.)
 */
const ESCAPING_HEADLINE = 'Budget 2026–27 (draft) [updated]: #SBP holds rate at 11% as @FinMinistry eyes *new* ~5% duty on cars < 1,000cc & > 3,000cc #Budget_2026';
const URDU_HEADLINE = 'کراچی میں موسلا دھار بارش، کئی علاقے زیرِ آب اور بجلی کی فراہمی معطل';

/** One desk's morning: each story is told apart by its URL slug wherever it lands. */
const STORIES = [
  { slug: 'kartarpur-corridor-reopens', image: true, title: 'Pakistan and India reopen the Kartarpur corridor to Sikh pilgrims after the monsoon floods', body: 'Pilgrims crossed at Dera Baba Nanak on Tuesday for the first time since August. Officials on both sides said the visa-free corridor would stay open seven days a week. Repairs to the flooded approach road are expected to finish by December.' },
  { slug: 'karachi-barish', image: true, title: URDU_HEADLINE, body: 'شہر کے کئی علاقوں میں منگل کی رات سے وقفے وقفے سے بارش جاری ہے۔ محکمہ موسمیات نے بدھ تک مزید بارش کی پیش گوئی کی ہے۔ شہری انتظامیہ نے نشیبی علاقوں سے پانی نکالنے کا کام شروع کر دیا ہے۔' },
  { slug: 'budget-sbp-rate-hold', image: false, title: ESCAPING_HEADLINE, body: 'The State Bank kept its policy rate unchanged (for a third meeting) ahead of the budget. The finance ministry\'s draft [seen by reporters] adds a 5% levy on imported_goods & luxury cars. Traders in Lahore said #prices would rise before Eid.' },
  { slug: 'bangladesh-garment-exports', image: true, title: 'Bangladesh garment exports rise 12% as Dhaka factories restore full shifts', body: 'Exporters shipped $4.1 billion of clothing in October, the highest in a year. Factory owners in Gazipur said orders from European brands had recovered. Unions asked for the new minimum wage to be paid on time.' },
  { slug: 'colombo-port-city-investor', image: false, title: 'Sri Lanka’s Colombo Port City signs its first Gulf investor for the financial district', body: 'The agreement covers two office towers on reclaimed land. The commission said more than 70 companies had applied for licences this year. Critics asked for the tax terms to be published.' },
  { slug: 'everest-record-permits', image: false, title: 'Nepal issues a record 478 Everest permits as Sherpa guides warn of crowding near the summit', body: 'The tourism department said the spring season had broken the record set in 2023. Guides warned that queues above the South Col put climbers at risk. A new rule requires every climber to carry a tracking chip.' },
];
const ARTICLES = STORIES.length;
const SLUGS = STORIES.map((s) => s.slug).sort();
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(30_000, 7)]);
/** RSS titles and descriptions are HTML: escape the text once so readers see `<`, `>` and `&` as written. */
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const slugOf = (text: string | undefined) => /\/news\/2026\/([a-z-]+)/.exec(text ?? '')?.[1];
const linkOf = (m: FakeSlackMessage) => mrkdwnLinks(m.blocks[0]?.text?.text ?? '')[0];
const pass: Fault = { kind: 'delay', ms: 0 };

describe('fan-out: one feed → all six networks, with each network failing its own way', () => {
  const e2e = e2eResources();

  it('ends with exactly one post per article per network, each within its limit', async () => {
    const images = new FakeHttpServer().route('GET', '/img/:name', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
      res.end(png);
    });
    e2e.track(await images.start());
    // The article images are on 127.0.0.1: only the test runner can let the safe fetch reach them.
    e2e.defer(allowPrivateOriginForTests(images.url));
    const bsky = e2e.track(await bluesky.startBlueskyFake());
    const masto = e2e.track(await mastodon.startMastodonFake());
    const li = e2e.track(await linkedin.startLinkedinFake());
    const tg = e2e.track(await startTelegramFake());
    const dc = e2e.track(await startDiscordFake());
    const sl = e2e.track(await startSlackFake());
    const feedFile = await e2e.feed({
      count: ARTICLES,
      feedTitle: 'SouthAsianDesk',
      title: (i) => html(STORIES[i]?.title ?? ''),
      description: (i) => html(STORIES[i]?.body ?? ''),
      link: (i) => `https://southasiandesk.example/news/2026/${STORIES[i]?.slug}`,
      guid: (i) => `sad-fan-out-${i}`,
      image: (i) => (STORIES[i]?.image ? { url: `${images.url}/img/${STORIES[i]?.slug}.png`, type: 'image/png', bytes: png.length } : undefined),
    });

    // Three of the first six post requests fail on every network (9 requests for 6 articles),
    // each in that network's own envelope. Only the idempotent two (Bluesky's rkey, Mastodon's
    // Idempotency-Key) also lose an answer after posting; for the rest a lost answer rightly
    // ends `unknown` for a human, which their own e2e tests cover.
    bsky.server.fault(
      bluesky.ROUTES.createRecord,
      { kind: 'status', status: 502, body: { error: 'UpstreamFailure', message: 'Upstream Failure' } }, pass,
      bluesky.rateLimitFault(Date.now() + 1_000), pass,
      { kind: 'drop-after' }, pass,
    );
    masto.server.fault(
      mastodon.ROUTES.statuses,
      { kind: 'status', status: 503, body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }, pass,
      mastodon.rateLimitFault(Date.now() + 1_000), pass,
      { kind: 'drop-after' }, pass,
    );
    li.server.fault(
      linkedin.ROUTES.posts,
      { kind: 'status', status: 500, body: { status: 500, message: 'Internal Server Error' } }, pass,
      linkedin.rateLimitFault(1), pass,
      { kind: 'status', status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }, pass,
    );
    tg.fail(telegramFaults.serverError(502), pass, telegramFaults.tooManyRequests(1), pass, telegramFaults.serverError(503), pass);
    dc.fail(discordFaults.serverError(502), pass, discordFaults.rateLimited(0.5), pass, discordFaults.serverError(503), pass);
    sl.fail(slackFaults.serverError(500), pass, slackFaults.rateLimited(1), pass, slackFaults.serverError(503), pass);

    const crier = await e2e.crier(
      feedFile,
      ARTICLES,
      {
        networks: {
          bluesky: { mode: 'live', apiBaseUrl: bsky.url },
          mastodon: { mode: 'live', apiBaseUrl: masto.url, attachImage: true },
          linkedin: { mode: 'live', apiBaseUrl: li.url, author: linkedin.FAKE_AUTHOR },
          telegram: { mode: 'live', apiBaseUrl: tg.url, chatId: '@crier_news' },
          discord: { mode: 'live', apiBaseUrl: dc.url },
          slack: { mode: 'live', apiBaseUrl: sl.url },
        },
      },
      {
        BLUESKY_IDENTIFIER: bluesky.FAKE_IDENTIFIER,
        BLUESKY_APP_PASSWORD: bluesky.FAKE_APP_PASSWORD,
        MASTODON_ACCESS_TOKEN: mastodon.FAKE_TOKEN,
        LINKEDIN_ACCESS_TOKEN: linkedin.FAKE_TOKEN,
        TELEGRAM_BOT_TOKEN: tg.token,
        DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc',
        SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
      },
    );

    // Every article × network posted, then more poll cycles in which nothing else may be posted.
    const posts = await waitForPosts(crier, ARTICLES * NETWORKS.length, { timeoutMs: 30_000, thenPolls: 2 });

    // The ledger: one post per article × network, each posted.
    for (const network of NETWORKS) {
      expect(posts.filter((p) => p.network === network).map((p) => slugOf(p.draft.url)).sort(), network).toEqual(SLUGS);
    }

    // Each network holds exactly one post per article, told apart by the article link it carries.
    const landed: Record<(typeof NETWORKS)[number], (string | undefined)[]> = {
      bluesky: [...bsky.records.values()].map((r) => bluesky.linkUris(r)[0]),
      mastodon: masto.statuses.map((s) => s.text),
      linkedin: li.posts.map((p) => p.article?.source),
      telegram: tg.messages.map((m) => m.visibleText),
      discord: dc.messages.map((m) => m.embeds[0]?.url),
      slack: sl.messages.map(linkOf),
    };
    for (const network of NETWORKS) expect(landed[network].map(slugOf).sort(), network).toEqual(SLUGS);

    // What readers see is the ledger's draft, whole (no escaping slip cut or mangled it); on Bluesky
    // with the link in its short form, the facet carrying the full URL.
    const expectedText = (p: PostRecord) => (p.network === 'bluesky' ? shortenLinks(p.draft.text, [p.draft.url]).text : p.draft.text);
    const shown: Record<(typeof NETWORKS)[number], (p: PostRecord) => string | undefined> = {
      bluesky: (p) => bsky.records.get(tidForPostId(p.postId))?.value.text as string | undefined,
      mastodon: (p) => masto.statuses.find((s) => s.idempotencyKey === p.postId)?.text,
      linkedin: (p) => li.posts.find((x) => x.urn === p.remoteId && !x.truncated)?.commentary,
      telegram: (p) => tg.messages.find((m) => p.remoteUrl === `https://t.me/crier_news/${m.messageId}`)?.visibleText,
      discord: (p) => dc.messages.find((m) => m.id === p.remoteId)?.content,
      slack: (p) => sl.messages.find((m) => linkOf(m) === p.draft.url)?.visibleBlocks[1],
    };
    for (const post of posts) {
      const network = post.network as (typeof NETWORKS)[number];
      expect(shown[network](post), `${network} ${slugOf(post.draft.url)}`).toBe(expectedText(post));
      // No post exceeds its network's limit by that network's own counting.
      const def = networkRegistry[network];
      expect(def, network).toBeDefined();
      expect(def?.count(post.draft.text), `${network} ${slugOf(post.draft.url)}`).toBeLessThanOrEqual(Math.min(def?.limit ?? 0, post.draft.limit));
    }
    // Telegram sends a photo (caption ≤ 1,024) exactly for the stories with images.
    expect(tg.messages.filter((m) => m.method === 'sendPhoto').map((m) => slugOf(m.visibleText)).sort()).toEqual(STORIES.filter((s) => s.image).map((s) => s.slug).sort());

    // The Urdu and the markup-heavy headlines reach every network exactly as written.
    for (const headline of [ESCAPING_HEADLINE, URDU_HEADLINE]) {
      const drafts = posts.filter((p) => p.draft.title === headline);
      expect(drafts.map((p) => p.network).sort(), headline).toEqual([...NETWORKS].sort());
      for (const p of drafts.filter((d) => ['bluesky', 'mastodon', 'linkedin', 'telegram'].includes(d.network))) {
        expect(p.draft.text.startsWith(headline), `${p.network}: ${p.draft.text}`).toBe(true);
      }
      expect(dc.messages.filter((m) => m.embeds[0]?.title === headline)).toHaveLength(1);
      expect(sl.messages.filter((m) => m.visibleBlocks[0] === `*${headline}*`)).toHaveLength(1);
    }

    // Every scripted fault was hit: 6 posts + 3 failed requests each (Mastodon: the resend after
    // its lost answer is the 9th; Bluesky asks getRecord instead of re-creating).
    expect(li.server.requests.filter((r) => r.path === '/rest/posts')).toHaveLength(ARTICLES + 3);
    expect(tg.sendRequests()).toHaveLength(ARTICLES + 3);
    expect(dc.executeRequests()).toHaveLength(ARTICLES + 3);
    expect(sl.server.requests).toHaveLength(ARTICLES + 3);
    expect(masto.server.requests.filter((r) => r.path === '/api/v1/statuses')).toHaveLength(ARTICLES + 3);
    expect(bsky.server.requests.filter((r) => r.path.endsWith('createRecord'))).toHaveLength(ARTICLES + 2);
    expect(bsky.server.requests.some((r) => r.path.endsWith('getRecord'))).toBe(true);
    expect(bsky.stats.createSession).toBe(1);
  }, 45_000);
});
