import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { browserGate, browserNoticePlugin } from './test/helpers/browser-gate.js';
import { PROJECT_FILES, REDIS_GLOBAL_SETUP, UNIT_REDIS_URL, type ProjectName } from './test/helpers/test-projects.js';

// Without Chromium a developer's run leaves the browser project out and says so at the very end;
// under CI a missing Chromium fails the run (test/helpers/browser-gate.ts).
const browser = browserGate();

/**
 * One project (test/helpers/test-projects.ts says which files); only unit runs without Redis.
 * Without Chromium the browser project keeps its name but holds no file, so `--project browser`
 * ends with the notice saying why rather than "no project matched".
 */
function project(name: ProjectName): TestProjectInlineConfiguration {
  const { include } = PROJECT_FILES[name];
  const exclude = name === 'browser' && browser.exclude ? include : PROJECT_FILES[name].exclude;
  return {
    extends: true,
    test: {
      name,
      include: [...include],
      exclude: [...configDefaults.exclude, ...exclude],
      ...(name === 'unit' ? { env: { REDIS_URL: UNIT_REDIS_URL } } : { globalSetup: [REDIS_GLOBAL_SETUP] }),
    },
  };
}

// Integration suites share one real Redis; each test isolates itself with a unique key prefix,
// so files may run in parallel, but a 2-core CI box is happier with a bounded pool.
export default defineConfig({
  plugins: [browserNoticePlugin(browser)],
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
    projects: [project('unit'), project('int'), project('e2e'), project('browser')],
  },
});
