import { defineConfig } from 'vitest/config';

// Integration suites share one real Redis; each test isolates itself with a unique key prefix,
// so files may run in parallel, but a 2-core CI box is happier with a bounded pool.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
