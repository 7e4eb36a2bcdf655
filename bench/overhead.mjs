#!/usr/bin/env node
// Overhead of componentize over the bare engine tools, measured in one run on this machine.
//
// For each fixture and engine: wall time and output size of
//   ours: `componentize <entry> --wit <wit> --engine <e> --no-verify` (bundling, WIT and export
//         checks, engine, emit; verification is left out because the bare tools do none)
//   bare: the engine's own CLI on the same bundle (componentize-qjs / componentize-js, each
//         given the same runtime variant and Wizer we use), what a user would run by hand.
// Prints one table; the target is ours/bare <= 1.05 on time.
//
//   npm run bench:overhead                     (3 runs for quickjs, 2 for starlingmonkey)
//   RUNS=5 npm run bench:overhead
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import wizerBin from '@bytecodealliance/wizer';

const ROOT = new URL('..', import.meta.url).pathname;
const FIXTURES = [
  { name: 'hello', entry: 'fixtures/hello/app.ts', wit: 'fixtures/hello/world.wit' },
  { name: 'npm-json', entry: 'fixtures/npm-json/app.ts', wit: 'fixtures/npm-json/world.wit' },
];
const ENGINES = {
  quickjs: {
    runs: Number(process.env.RUNS ?? 3),
    // Our default for worlds without async is the sync, size-optimized runtime: give it the same.
    bare: (bundle, wit, out) => [join(ROOT, 'node_modules/componentize-qjs/cli.mjs'), '--wit', wit, '--js', bundle, '-o', out, '--sync', '--opt-size'],
  },
  starlingmonkey: {
    runs: Number(process.env.RUNS ?? 2),
    bare: (bundle, wit, out) => [join(ROOT, 'node_modules/@bytecodealliance/componentize-js/src/cli.js'), bundle, '--wit', wit, '--wizer-bin', wizerBin, '-o', out],
  },
};

async function timed(args) {
  const t = performance.now();
  const r = await execa(process.execPath, args, { cwd: ROOT, reject: false, env: { CI: 'true' } });
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = await mkdtemp(join(tmpdir(), 'componentize-bench-'));
const rows = [];
try {
  for (const fixture of FIXTURES) {
    // The bare tools get exactly the bundle our pipeline would give the engine.
    const bundle = join(dir, `${fixture.name}.js`);
    await build({ entryPoints: [join(ROOT, fixture.entry)], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], target: 'es2022', outfile: bundle, logLevel: 'silent' });
    for (const [engine, spec] of Object.entries(ENGINES)) {
      const ours = [];
      const bare = [];
      const oursOut = join(dir, `${fixture.name}.${engine}.ours.wasm`);
      const bareOut = join(dir, `${fixture.name}.${engine}.bare.wasm`);
      // Alternate the two so machine load drifts affect both alike.
      for (let i = 0; i < spec.runs; i++) {
        ours.push(await timed([join(ROOT, 'dist/cli.js'), fixture.entry, '--wit', fixture.wit, '--engine', engine, '-o', oursOut, '--quiet', '--no-verify']));
        bare.push(await timed(spec.bare(bundle, join(ROOT, fixture.wit), bareOut)));
      }
      rows.push({
        fixture: fixture.name,
        engine,
        runs: spec.runs,
        oursMs: median(ours),
        bareMs: median(bare),
        oursBytes: (await stat(oursOut)).size,
        bareBytes: (await stat(bareOut)).size,
      });
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b) => `${(b / 1048576).toFixed(2)} MB`;
console.log('fixture   engine          runs  ours (median)  bare (median)  time ratio  ours size  bare size  size ratio');
for (const r of rows) {
  console.log(
    [
      r.fixture.padEnd(9),
      r.engine.padEnd(15),
      String(r.runs).padStart(4),
      fmt(r.oursMs).padStart(13),
      fmt(r.bareMs).padStart(14),
      (r.oursMs / r.bareMs).toFixed(3).padStart(11),
      mb(r.oursBytes).padStart(10),
      mb(r.bareBytes).padStart(10),
      (r.oursBytes / r.bareBytes).toFixed(3).padStart(11),
    ].join('  '),
  );
}
