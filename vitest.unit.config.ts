import { defineConfig } from 'vitest/config';

// Unit tests of the pure modules: they import `src/` directly (vitest compiles the TypeScript), so
// they need no build, no engine and no child process, and the whole run takes a few seconds.
// The main config (vitest.config.ts) includes them too, with the end-to-end files.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
  },
});
