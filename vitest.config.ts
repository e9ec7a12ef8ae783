import { configDefaults, defineConfig } from 'vitest/config';
import { BROWSER_TEST_FILES, browserGate, browserNoticePlugin } from './test/helpers/browser-gate.js';

// Without Chromium a developer's run leaves the browser suite out and says so at the very end;
// under CI a missing Chromium fails the run (test/helpers/browser-gate.ts).
const browser = browserGate();

// Integration suites share one real Redis; each test isolates itself with a unique key prefix,
// so files may run in parallel, but a 2-core CI box is happier with a bounded pool.
export default defineConfig({
  plugins: [browserNoticePlugin(browser)],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(browser.exclude ? [BROWSER_TEST_FILES] : [])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
