#!/usr/bin/env node
// Engines side by side on three programs: hello, a compute-heavy function and an app with a
// heavy top-level initialization, via `componentize compare` (every engine and variant), in one
// run on this machine. Prints one table, then the cold start of the heavy-init app relative to
// hello per variant (target <= 1.2x: Wizer pays the initialization at build time).
//
//   npm run bench:engines            ITERATIONS=5 by default
import { execa } from 'execa';

const ROOT = new URL('..', import.meta.url).pathname;
const ITERATIONS = process.env.ITERATIONS ?? '5';
const PROGRAMS = [
  { name: 'hello', dir: 'fixtures/hello', invoke: 'greet("World")' },
  { name: 'compute', dir: 'fixtures/bench-compute', invoke: 'count-primes(100000)' },
  { name: 'heavy-init', dir: 'fixtures/bench-heavy-init', invoke: 'lookup("w1a2b")' },
];

const results = {};
for (const p of PROGRAMS) {
  const r = await execa(
    process.execPath,
    [
      `${ROOT}dist/cli.js`,
      'compare',
      `${p.dir}/app.ts`,
      '--wit',
      `${p.dir}/world.wit`,
      '--invoke',
      p.invoke,
      '--iterations',
      ITERATIONS,
      '--json',
    ],
    { cwd: ROOT, reject: false },
  );
  if (r.exitCode !== 0) throw new Error(`compare ${p.name} failed:\n${r.stdout}\n${r.stderr}`);
  results[p.name] = JSON.parse(r.stdout).variants;
}

const pad = (s, n, left = false) => (left ? String(s).padEnd(n) : String(s).padStart(n));
console.log(
  `${pad('program', 11, true)}${pad('variant', 30, true)}${pad('size', 10)}${pad('build', 9)}${pad('memory', 9)}${pad('cold start', 12)}${pad('calls/s', 10)}`,
);
for (const p of PROGRAMS) {
  for (const v of results[p.name]) {
    if (v.status !== 'built') {
      console.log(`${pad(p.name, 11, true)}${pad(v.label, 30, true)}  not built: ${v.reason.slice(0, 60)}...`);
      continue;
    }
    console.log(
      `${pad(p.name, 11, true)}${pad(v.label, 30, true)}${pad(`${(v.sizes.raw / 1e6).toFixed(2)} MB`, 10)}${pad(`${(v.buildMs / 1000).toFixed(1)} s`, 9)}${pad(`${Math.round(v.peakBuildMemoryBytes / 1e6)} MB`, 9)}${pad(`${v.coldStartMs.toFixed(1)} ms`, 12)}${pad(Math.round(v.throughput.median), 10)}`,
    );
  }
}
console.log('\ncold start of heavy-init relative to hello (target <= 1.2x)');
for (const v of results['heavy-init'].filter((v) => v.status === 'built')) {
  const hello = results.hello.find((h) => h.label === v.label);
  console.log(`${pad(v.label, 30, true)}${pad(`${(v.coldStartMs / hello.coldStartMs).toFixed(2)}x`, 8)}`);
}
