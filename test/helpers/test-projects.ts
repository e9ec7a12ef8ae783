/**
 * Which Vitest project a test file belongs to (issue #12), by name and folder alone, so a new file
 * lands in the right project without touching vitest.config.ts:
 * - `unit`: `*.test.ts` that is none of the others. No Redis: the Redis global setup is not run
 *   for it, and its REDIS_URL points at a closed port, so a unit test that reaches for Redis fails
 *   at once instead of quietly using whatever Redis the machine has.
 * - `int`: `*.int.test.ts`, real Redis and local fake servers.
 * - `e2e`: files that run a whole Crier (feeds polled, queues worked, networks posted to):
 *   `*.e2e.int.test.ts` and the per-network `*-e2e.int.test.ts`, everything in test/pipeline/,
 *   and two that start the poller and workers by name (the LLM summariser's pipeline, the
 *   publish worker's secret scrubbing).
 * - `browser`: `*.browser.*test.ts`, a real Chromium against the desk (gated, see browser-gate.ts).
 * test/repo/test-projects.test.ts checks every test file is in exactly one project and that the
 * files that start a Crier are in `e2e`.
 */
import { BROWSER_TEST_FILES } from './browser-gate.js';

export { BROWSER_TEST_FILES };

export const ALL_TEST_FILES = 'test/**/*.test.ts';
export const INT_TEST_FILES = 'test/**/*.int.test.ts';
export const E2E_TEST_FILES: readonly string[] = [
  'test/**/*.e2e.int.test.ts',
  'test/**/*-e2e.int.test.ts',
  'test/pipeline/**/*.int.test.ts',
  'test/summaries/llm-pipeline.int.test.ts',
  'test/workers/publish-secret-scrub.int.test.ts',
];

/** Where a unit test's Redis would be: a port nothing listens on (see above). */
export const UNIT_REDIS_URL = 'redis://127.0.0.1:1';

/** Real Redis, started by the global setup when nothing answers at REDIS_URL. */
export const REDIS_GLOBAL_SETUP = 'test/helpers/global-setup.ts';

export type ProjectName = 'unit' | 'int' | 'e2e' | 'browser';

/** include/exclude per project, before the browser gate removes the browser project. */
export const PROJECT_FILES: Readonly<Record<ProjectName, { include: readonly string[]; exclude: readonly string[] }>> = {
  unit: { include: [ALL_TEST_FILES], exclude: [INT_TEST_FILES, BROWSER_TEST_FILES] },
  int: { include: [INT_TEST_FILES], exclude: [...E2E_TEST_FILES, BROWSER_TEST_FILES] },
  e2e: { include: E2E_TEST_FILES, exclude: [BROWSER_TEST_FILES] },
  browser: { include: [BROWSER_TEST_FILES], exclude: [] },
};
