#!/usr/bin/env node
// Overhead of componentize over the bare engine tools, measured in one run on this machine.
//
// For each fixture and engine, paired runs (alternated, so load drifts hit both alike) of
//   bare:       the engine's own CLI on the same bundle (componentize-qjs / componentize-js, given
//               the same runtime variant and Wizer we use): what a user would run by hand;
//   no-verify:  `componentize <entry> --wit <wit> --engine <e> --no-cache --no-verify`;
//   default:    `componentize <entry> --wit <wit> --engine <e> --no-cache` (verification on);
//   first build: the default build with a fresh `--cache-dir`, so the tools' memos (the world
//               wasm-tools resolved, jco's bindings for the component's shape) start empty: what
//               the first build of a world costs. Shown, with no target.
// Each fixture and engine gets one untimed run of the bare tool and of ours first, so both are
// measured warm: the bare tool's wasmtime cache, our memos (the "first build" row empties them).
// The build cache is off in every row: a hit is measured by bench/cache.mjs. Wall time and the peak
// memory of the whole process tree are medians, each shown as a ratio to the bare tool's.
// Targets: QuickJS no-verify time <= 1.05x, default time <= 1.25x, memory <= 1.5x. StarlingMonkey,
// whose snapshot we take ourselves (src/snapshot/v8/): default time <= 0.35x and memory <= 1.0x of
// the bare componentize-js CLI with its own defaults (its nested wizer 10, whose wasmtime
// compilation cache is warm after the first run). StarlingMonkey also shows, with no target, the
// bare tool on an empty wasmtime cache and our build with `--snapshotter wizer` (the reference).
// Exits 1 when a row misses a target, so a regression cannot go unnoticed.
//
//   npm run bench:overhead                     (5 runs for quickjs, 2 for starlingmonkey)
//   RUNS=9 ENGINES=quickjs npm run bench:overhead
//   COMPONENTIZE_ROOT=/path/to/other/checkout node bench/overhead.mjs   (measure another build)
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { measure } from './process-tree.mjs';

const ROOT = resolve(process.env.COMPONENTIZE_ROOT ?? new URL('..', import.meta.url).pathname);
const FIXTURES = [
  { name: 'hello', entry: 'fixtures/hello/app.ts', wit: 'fixtures/hello/world.wit' },
  { name: 'npm-json', entry: 'fixtures/npm-json/app.ts', wit: 'fixtures/npm-json/world.wit' },
];
const ENGINES = {
  quickjs: {
    runs: Number(process.env.RUNS ?? 5),
    targets: { 'no-verify': { time: 1.05, memory: 1.5 }, default: { time: 1.25, memory: 1.5 } },
    extra: {},
    // Our default for worlds without async is the sync, size-optimized runtime: give it the same.
    bare: (bundle, wit, out) => [
      join(ROOT, 'node_modules/componentize-qjs/cli.mjs'),
      '--wit',
      wit,
      '--js',
      bundle,
      '-o',
      out,
      '--sync',
      '--opt-size',
    ],
  },
  starlingmonkey: {
    runs: Number(process.env.RUNS ?? 2),
    targets: { default: { time: 0.35, memory: 1.0 } },
    // As a user runs it: no --wizer-bin, so its own nested wizer 10 with wasmtime's cache.
    bare: (bundle, wit, out) => [
      join(ROOT, 'node_modules/@bytecodealliance/componentize-js/src/cli.js'),
      bundle,
      '--wit',
      wit,
      '-o',
      out,
    ],
    extra: {
      // The same wizer 10 on an empty wasmtime cache: a first run. componentize-js gives Wizer an
      // environment of its own (no HOME, no XDG_*), so wasmtime finds the user's home from the
      // password database; only a --wizer-bin that sets HOME itself moves the cache.
      'bare, cold cache': { bare: true, extraArgs: async () => ['--wizer-bin', await wizerWithEmptyCache()] },
      'snapshotter wizer': { args: ['--snapshotter', 'wizer'] },
    },
  },
};
const engines = (process.env.ENGINES ?? Object.keys(ENGINES).join(',')).split(',');

/** A script running componentize-js's own nested Wizer with HOME in a new, empty directory. */
async function wizerWithEmptyCache() {
  const fromComponentizeJs = createRequire(join(ROOT, 'node_modules/@bytecodealliance/componentize-js/package.json'));
  const wizer = (await import(pathToFileURL(fromComponentizeJs.resolve('@bytecodealliance/wizer')).href)).default;
  const home = await mkdtemp(join(dir, 'home-'));
  const script = join(home, 'wizer');
  await writeFile(script, `#!/bin/sh\nHOME='${home}' exec '${wizer}' "$@"\n`);
  await chmod(script, 0o755);
  return script;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = await mkdtemp(join(tmpdir(), 'componentize-bench-'));
const run = (args, env = {}) => measure(args, { cwd: ROOT, env: { CI: 'true', ...env } });
const rows = [];
try {
  for (const fixture of FIXTURES) {
    // The bare tools get exactly the bundle our pipeline would give the engine.
    const bundle = join(dir, `${fixture.name}.js`);
    await build({
      entryPoints: [join(ROOT, fixture.entry)],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      outfile: bundle,
      logLevel: 'silent',
    });
    for (const engine of engines) {
      const spec = ENGINES[engine];
      const out = (kind) => join(dir, `${fixture.name}.${engine}.${kind}.wasm`);
      const ours = (kind, extra) => [
        join(ROOT, 'dist/cli.js'),
        fixture.entry,
        '--wit',
        fixture.wit,
        '--engine',
        engine,
        '-o',
        out(kind),
        '--json',
        '--no-cache',
        ...extra,
      ];
      const extras = Object.entries(spec.extra);
      const samples = {
        bare: [],
        'no-verify': [],
        default: [],
        'first build': [],
        ...Object.fromEntries(extras.map(([k]) => [k, []])),
      };
      // One untimed run of each first: the bare tool's rows are measured with its wasmtime cache
      // warm, so ours are with our memos warm (the world, jco's bindings, StarlingMonkey's splice);
      // the "first build" row shows ours with them empty.
      await run(spec.bare(bundle, join(ROOT, fixture.wit), out('bare')));
      await run(ours('default', []));
      for (let i = 0; i < spec.runs; i++) {
        samples.bare.push(await run(spec.bare(bundle, join(ROOT, fixture.wit), out('bare'))));
        samples['no-verify'].push(await run(ours('no-verify', ['--no-verify'])));
        samples.default.push(await run(ours('default', [])));
        // A cache directory of its own: the tools' memos (the resolved world, jco's bindings) start empty.
        samples['first build'].push(await run(ours('first build', ['--cache-dir', await mkdtemp(join(dir, 'cold-'))])));
        for (const [kind, how] of extras) {
          const args = how.bare
            ? [...spec.bare(bundle, join(ROOT, fixture.wit), out(kind)), ...((await how.extraArgs?.()) ?? [])]
            : ours(kind, how.args ?? []);
          samples[kind].push(await run(args, how.env?.() ?? {}));
        }
      }
      const bare = {
        ms: median(samples.bare.map((s) => s.ms)),
        peak: median(samples.bare.map((s) => s.peakBytes)),
        bytes: (await stat(out('bare'))).size,
      };
      for (const kind of ['no-verify', 'default', 'first build', ...extras.map(([k]) => k)]) {
        const ms = median(samples[kind].map((s) => s.ms));
        // When the engine stage started (after Node's start, our loading, the bundle and the checks), from the report.
        const engineStarts = samples[kind]
          .map((s) =>
            s.stdout.trim().startsWith('{')
              ? JSON.parse(s.stdout).stages?.find((st) => st.name === 'engine')?.startMs
              : undefined,
          )
          .filter((x) => x !== undefined);
        const engineAt = engineStarts.length ? median(engineStarts) : undefined;
        const peak = median(samples[kind].map((s) => s.peakBytes));
        const bytes = (await stat(out(kind))).size;
        const time = ms / bare.ms;
        const memory = peak / bare.peak;
        const target = spec.targets[kind];
        const misses = target
          ? [
              time > target.time && `time ${time.toFixed(2)}x > ${target.time}x`,
              memory > target.memory && `memory ${memory.toFixed(2)}x > ${target.memory}x`,
            ].filter(Boolean)
          : [];
        rows.push({
          fixture: fixture.name,
          engine,
          kind,
          runs: spec.runs,
          ms,
          bareMs: bare.ms,
          time,
          peak,
          barePeak: bare.peak,
          memory,
          bytes,
          bareBytes: bare.bytes,
          misses,
          engineAt,
          hasTarget: Boolean(target),
        });
      }
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
const size = (b) => `${(b / 1e6).toFixed(2)} MB`;
const header = [
  'fixture',
  'engine',
  'build',
  'runs',
  'ours',
  'bare',
  'time',
  'engine at',
  'ours mem',
  'bare mem',
  'memory',
  'ours size',
  'bare size',
  'size',
  'target',
];
const verdict = (r) =>
  !r.hasTarget ? '(no target: shown for comparison)' : r.misses.length ? `MISSED: ${r.misses.join(', ')}` : 'met';
const cells = rows.map((r) => [
  r.fixture,
  r.engine,
  r.kind,
  String(r.runs),
  s(r.ms),
  s(r.bareMs),
  `${r.time.toFixed(2)}x`,
  r.engineAt === undefined ? '-' : `${r.engineAt.toFixed(0)} ms`,
  mb(r.peak),
  mb(r.barePeak),
  `${r.memory.toFixed(2)}x`,
  size(r.bytes),
  size(r.bareBytes),
  `${(r.bytes / r.bareBytes).toFixed(2)}x`,
  verdict(r),
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
for (const line of [header, ...cells]) console.log(line.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(
  `\nNode ${process.version}, ${ROOT}; times are medians of whole processes (Node start-up included); "engine at" is when the engine stage started, in ms after our process started; memory is the peak RSS of the process tree.`,
);
if (rows.some((r) => r.misses.length)) {
  console.log(`${rows.filter((r) => r.misses.length).length} of ${rows.length} rows missed their target.`);
  process.exitCode = 1;
}
