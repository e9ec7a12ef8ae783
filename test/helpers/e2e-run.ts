import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { PostRecord, PostState } from '../../src/ledger/post-ledger.js';
import { allPosts, writeTestFeed, type TestFeedSpec } from './e2e-feed.js';
import { startTestCrier, type TestCrier } from './pipeline.js';
import { waitUntilQuiet } from './quiet.js';

export interface E2eResources {
  /** Runs `cleanup` after the test. */
  defer(cleanup: () => Promise<void> | void): void;
  /** Stops `thing` (a fake, a server, a crier) after the test; returns it. */
  track<T extends { stop(): Promise<void> }>(thing: T): T;
  /** Writes the feed into a temp dir removed after the test; returns the file's path (a feed `url` may be a file). */
  feed(spec: TestFeedSpec): Promise<string>;
  /**
   * Starts a crier, stopped after the test, on the one feed at `feedUrl`, polled every second, all
   * `count` items backfilled whatever their age; workers retry fast (50 ms backoff, 12 attempts) so
   * scripted faults never exhaust a job. `config` adds the channels (`networks`) and anything else;
   * `env` carries their secrets.
   */
  crier(feedUrl: string, count: number, config: Record<string, unknown>, env: Record<string, string>): Promise<TestCrier>;
}

/**
 * Call inside `describe`. What a test defers or tracks is cleaned up after it, newest first, so a
 * crier stops before the fakes it posts to. Every cleanup runs even if one throws.
 */
export function e2eResources(): E2eResources {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve().then(cleanup).catch((err: unknown) => errors.push(err));
    if (errors.length) throw errors[0];
  });
  const defer = (cleanup: () => Promise<void> | void) => void cleanups.push(cleanup);
  const track = <T extends { stop(): Promise<void> }>(thing: T): T => {
    defer(() => thing.stop());
    return thing;
  };
  return {
    defer,
    track,
    async feed(spec) {
      const dir = await mkdtemp(path.join(tmpdir(), 'crier-e2e-feed-'));
      defer(() => rm(dir, { recursive: true, force: true }));
      return writeTestFeed(dir, spec);
    },
    async crier(feedUrl, count, config, env) {
      const feeds = [{ id: 'desk', url: feedUrl, backfill: count, intervalSeconds: 1, maxAgeHours: 100_000 }];
      return track(await startTestCrier({ feeds, workers: { backoffMs: 50, attempts: 12 }, ...config }, { env }));
    },
  };
}

export interface WaitForPostsOptions {
  /** The states that count as settled; default `posted` only. */
  states?: readonly PostState[];
  /** Default 15 s, like `TestCrier.waitFor`. */
  timeoutMs?: number;
  /** Once settled, wait for this many more polls and empty queues (waitUntilQuiet) before reading the ledger: nothing else may be posted in them. */
  thenPolls?: number;
}

/**
 * Waits until the ledger holds exactly `count` posts (all channels), each in one of `states`, and
 * returns them. On timeout the error lists every post's channel, link, state and last error, so
 * a stuck post says why rather than just "timed out".
 */
export async function waitForPosts(crier: TestCrier, count: number, opts: WaitForPostsOptions = {}): Promise<PostRecord[]> {
  const { states = ['posted'], timeoutMs = 15_000, thenPolls = 0 } = opts;
  const settled = async () => {
    const posts = await allPosts(crier);
    return posts.length === count && posts.every((p) => states.includes(p.state));
  };
  await crier.waitFor(`${count} posts, each ${states.join(' or ')}`, settled, timeoutMs).catch(async (err: unknown) => {
    const lines = (await allPosts(crier)).map((p) => `${p.channel} ${p.draft.url} ${p.state} ${p.lastError ?? ''}`);
    throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
  });
  if (thenPolls > 0) await waitUntilQuiet(crier.running, { polls: thenPolls });
  return allPosts(crier);
}

/**
 * For a run in which the network made one post but its answer was lost: waits until every post is
 * posted or unknown, and checks exactly one is `unknown` (left for a human, never re-sent blindly).
 * Before returning it waits until Crier is quiet (another poll, no job left), so a wrong re-send
 * would already have landed when the caller counts what the network holds.
 */
export async function expectOneLostAnswer(crier: TestCrier, count: number, timeoutMs: number): Promise<PostRecord[]> {
  const posts = await waitForPosts(crier, count, { states: ['posted', 'unknown'], timeoutMs, thenPolls: 1 });
  const unknown = posts.filter((p) => p.state === 'unknown');
  expect(unknown).toHaveLength(1);
  expect(unknown[0]?.lastError).toMatch(/outcome unknown/);
  return posts;
}

/** What landed on the network is one item per article: `count` items, no two for the same article (`articleOf`, e.g. the story in its link). */
export function expectOnePerArticle<T>(landed: readonly T[], articleOf: (item: T) => unknown, count: number): void {
  expect(landed).toHaveLength(count);
  expect(new Set(landed.map(articleOf)).size).toBe(count);
}
