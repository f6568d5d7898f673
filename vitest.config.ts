import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'audit/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Native addons (llama.cpp, SQLite) are safest in child processes, not worker threads.
    pool: 'forks',
    // Two cores: each test process runs inference on one thread, so two at once fit.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
