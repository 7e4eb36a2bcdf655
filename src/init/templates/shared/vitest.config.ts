import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The first run builds the component (QuickJS ~2 s, StarlingMonkey ~20 s); later runs come
    // from the build cache in node_modules/.cache/componentize.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
