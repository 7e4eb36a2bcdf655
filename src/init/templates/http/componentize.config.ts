import { defineConfig } from 'componentize';

export default defineConfig({
  entry: 'src/app.ts',
  // The WASI HTTP world that ships with componentize: no wit/ folder needed.
  wit: 'wasi:http/proxy',
  engine: '{{engine}}',
  out: 'dist/app.wasm',
  // Write dist/app.wasm.map, so `componentize serve` and failures show positions in src/app.ts.
  sourcemap: true,
  // (No `typecheck`: it checks exports against the world's declarations, and a `fetch` handler
  // is not one of them. Your editor checks src/app.ts with tsconfig.json, whose lib has Request.)
  // The build fails, writing nothing, when the component grows past this: set it a little above
  // the size `npm run build` prints (also `gzip` and `coldStartMs`).
  budget: { size: '{{sizeBudget}}' },
});
