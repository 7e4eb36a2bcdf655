import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end files build real components (StarlingMonkey: ~20 s and ~800 MB each). One file
    // per engine, run side by side on the two cores CI has.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
