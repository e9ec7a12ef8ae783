import { createLifecycleLedger, type LifecycleLedger, type LifecycleStep } from '../../src/ledger/lifecycle-ledger.js';
import type { PostRecord } from '../../src/ledger/post-ledger.js';
import type { TestItem } from '../helpers/feed-server.js';
import type { TestCrier } from '../helpers/pipeline.js';
import { waitUntilQuiet } from '../helpers/quiet.js';

/** The story of issue #16: its headline and body are corrected from six engines to eight. */
export function enginesStory(slug: string, engines: 'Six' | 'Eight', extra: Partial<TestItem> = {}): TestItem {
  return {
    title: `${engines} engines of the Karachi cargo fleet grounded after inspection`,
    link: `https://southasiandesk.example/news/2026/${slug}`,
    guid: `lifecycle-${slug}`,
    pubDate: new Date(Date.now() - 5 * 60_000),
    description: `<p>${engines} engines were grounded at Jinnah International Airport on Friday after a routine inspection found worn turbine blades. The civil aviation authority said flights would resume once replacements arrive. Engineers expect the work to take two weeks.</p>`,
    ...extra,
  };
}

export function lifecycleOf(crier: TestCrier): LifecycleLedger {
  return createLifecycleLedger(crier.running.ctx.redis, { prefix: crier.prefix, retentionDays: 1 });
}

export async function postOf(crier: TestCrier, channel: string): Promise<PostRecord> {
  const keys = await crier.running.ctx.articles.listKeys(10);
  const posts = (await Promise.all(keys.map((k) => crier.running.ctx.posts.listForArticle(k)))).flat();
  const post = posts.find((p) => p.channel === channel);
  if (!post) throw new Error(`no post on ${channel}`);
  return post;
}

/** Waits until the post's step (`correct:<hash>` or `retract`) is in one of `states`; returns it. */
export async function waitForStep(crier: TestCrier, channel: string, stepPrefix: string, states: LifecycleStep['state'][], timeoutMs = 20_000): Promise<LifecycleStep> {
  const lifecycle = lifecycleOf(crier);
  let found: LifecycleStep | undefined;
  await crier.waitFor(`${channel}: step ${stepPrefix} ${states.join('|')}`, async () => {
    const post = await postOf(crier, channel).catch(() => undefined);
    const steps = post ? await lifecycle.steps(post.postId) : [];
    found = steps.find((s) => s.step.startsWith(stepPrefix) && states.includes(s.state));
    return found !== undefined;
  }, timeoutMs).catch(async (err: unknown) => {
    const post = await postOf(crier, channel).catch(() => undefined);
    const steps = post ? await lifecycle.steps(post.postId) : [];
    throw new Error(`${(err as Error).message}\n${JSON.stringify(steps)}`);
  });
  if (!found) throw new Error('unreachable');
  return found;
}

/**
 * Quiet including the lifecycle queue: `polls` more polls, no summarise or publish job left
 * (waitUntilQuiet), then no lifecycle job left either.
 */
export async function waitUntilSettled(crier: TestCrier, polls = 2): Promise<void> {
  await waitUntilQuiet(crier.running, { polls });
  const queue = crier.running.ctx.lifecycleQueue;
  await crier.waitFor('lifecycle queue empty', async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  });
  await waitUntilQuiet(crier.running, { polls: 1 });
}
