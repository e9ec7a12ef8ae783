/**
 * Whether the browser suite can run, decided once in vitest.config.ts (issue #11).
 *
 * Without Chromium a developer's `npm test` leaves the browser files out (no skipped tests) and its
 * very last lines say so and how to enable them; under CI (`CI=true`) a missing Chromium is a
 * failure, because CI must always run the browser suite. The notice is printed when Vitest closes,
 * after every reporter (default, json, whatever the command line asked for) has finished.
 */
import { existsSync } from 'node:fs';
import type { Plugin } from 'vitest/config';

/** Files that need a real browser; left out of a run when there is none. */
export const BROWSER_TEST_FILES = 'test/**/*.browser.*test.ts';
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium, or the binary named by CHROMIUM_PATH. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

export interface BrowserGate {
  /** Chromium exists where we look for it. */
  available: boolean;
  /** Leave the browser files out of this run (no browser, not CI). */
  exclude: boolean;
  /** The closing lines, or undefined when the browser suite runs normally. */
  notice?: string;
  /** A missing browser under CI: the run must fail even if every test passed. */
  fails: boolean;
}

export function browserGate(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): BrowserGate {
  const where = chromiumPath(env);
  if (exists(where)) return { available: true, exclude: false, fails: false };
  const looked = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${where} does not exist` : `no Chromium at ${DEFAULT_CHROMIUM_PATH} and CHROMIUM_PATH is not set`;
  const enable = "install Debian's chromium (apt-get install -y chromium; .ci/run does it) or set CHROMIUM_PATH to a Chromium binary";
  if (isCi(env)) {
    return {
      available: false,
      exclude: false,
      fails: true,
      notice: `BROWSER SUITE FAILED: CI=true and ${looked}. CI must run the browser suite (${BROWSER_TEST_FILES}): ${enable}.`,
    };
  }
  return {
    available: false,
    exclude: true,
    fails: false,
    notice: [
      `BROWSER SUITE NOT RUN: ${looked}, so ${BROWSER_TEST_FILES} was left out; every other test ran.`,
      `To run it: ${enable}.`,
    ].join('\n'),
  };
}

const TOLD = Symbol.for('crier.browserNoticeTold');

/** Prints the gate's notice as the run's last lines, and makes a CI run without Chromium fail. */
export function browserNoticePlugin(gate: BrowserGate): Plugin {
  return {
    name: 'crier:browser-notice',
    configureVitest({ vitest }) {
      // Once per run: every project that extends the root config loads it again, and with it a
      // new copy of this plugin, so the mark lives on the run itself.
      const run = vitest as unknown as Record<symbol, boolean>;
      if (!gate.notice || run[TOLD]) return;
      run[TOLD] = true;
      const notice = gate.notice;
      vitest.onClose(() => {
        process.stdout.write(`\n${notice}\n`);
        if (gate.fails) process.exitCode = 1;
      });
    },
  };
}
