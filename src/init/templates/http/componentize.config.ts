import { defineConfig } from 'componentize';

export default defineConfig({
  entry: 'src/app.ts',
  // The WASI HTTP world that ships with componentize: no wit/ folder needed.
  wit: 'wasi:http/proxy',
  engine: '{{engine}}',
  out: 'dist/app.wasm',
  // Write dist/app.wasm.map, so `componentize serve` and failures show positions in src/app.ts.
  sourcemap: true,
  // Type-check src/app.ts before the build: the default export's `fetch` against the fetch
  // signature, Request/Response from the web platform's types.
  typecheck: true,
  // The build fails, writing nothing, when the component grows past this: set it a little above
  // the size `npm run build` prints (also `gzip` and `coldStartMs`).
  budget: { size: '{{sizeBudget}}' },
});
