import { defineConfig } from 'componentize';

export default defineConfig({
  entry: 'src/app.ts',
  wit: 'wit',
  engine: '{{engine}}',
  out: 'dist/app.wasm',
  // Check src/app.ts against the world's types (types/, from `npm run types`) before building.
  typecheck: true,
  // Write dist/app.wasm.map, so `componentize run` and failures show positions in src/app.ts.
  sourcemap: true,
  // The build fails, writing nothing, when the component grows past this: set it a little above
  // the size `npm run build` prints (also `gzip` and `coldStartMs`).
  budget: { size: '{{sizeBudget}}' },
});
