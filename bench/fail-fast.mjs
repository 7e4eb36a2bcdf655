#!/usr/bin/env node
// How fast a mistake is reported: the world exports `greet`, the module exports `greeet`
// (fixtures/errors/missing-export). For each engine, wall time from start to exit for
//   ours: `componentize ... --engine <e>`        (checks exports before any engine runs)
//   bare: the engine's own CLI on the same file   (what a user gets without us)
// and whether the mistake was reported at all. Target: ours < 1 s on both engines.
//
//   npm run bench:fail-fast          (RUNS=3 by default; the bare StarlingMonkey run once)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wizerBin from '@bytecodealliance/wizer';
import { execa } from 'execa';

const ROOT = new URL('..', import.meta.url).pathname;
const ENTRY = join(ROOT, 'fixtures/errors/missing-export/app.js');
const WIT = join(ROOT, 'fixtures/errors/missing-export/world.wit');
const RUNS = Number(process.env.RUNS ?? 3);
const dir = await mkdtemp(join(tmpdir(), 'componentize-bench-'));

const ENGINES = {
  quickjs: {
    bareRuns: RUNS,
    bare: (out) => [join(ROOT, 'node_modules/componentize-qjs/cli.mjs'), '--wit', WIT, '--js', ENTRY, '-o', out],
  },
  starlingmonkey: {
    bareRuns: 1, // ~20 s each
    bare: (out) => [
      join(ROOT, 'node_modules/@bytecodealliance/componentize-js/src/cli.js'),
      ENTRY,
      '--wit',
      WIT,
      '--wizer-bin',
      wizerBin,
      '-o',
      out,
    ],
  },
};

async function timed(args) {
  const t = performance.now();
  const r = await execa(process.execPath, args, { cwd: ROOT, reject: false, env: { CI: 'true' }, all: true });
  return { ms: performance.now() - t, exitCode: r.exitCode, output: r.all };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const [engine, spec] of Object.entries(ENGINES)) {
    const ours = [];
    const bare = [];
    for (let i = 0; i < RUNS; i++)
      ours.push(
        await timed([join(ROOT, 'dist/cli.js'), ENTRY, '--wit', WIT, '--engine', engine, '-o', join(dir, 'ours.wasm')]),
      );
    for (let i = 0; i < spec.bareRuns; i++) bare.push(await timed(spec.bare(join(dir, 'bare.wasm'))));
    const reported = (r) =>
      r.exitCode === 0 ? 'no (built a component)' : /greet/.test(r.output) ? 'yes, names greet' : 'yes, vaguely';
    rows.push({
      engine,
      ours: median(ours.map((r) => r.ms)),
      oursReported: reported(ours[0]),
      bare: median(bare.map((r) => r.ms)),
      bareReported: reported(bare[0]),
    });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log('engine          ours: time to exit  reported?               bare tool: time to exit  reported?');
for (const r of rows) {
  console.log(
    `${r.engine.padEnd(15)} ${`${(r.ours / 1000).toFixed(2)} s`.padStart(18)}  ${r.oursReported.padEnd(22)}  ${`${(r.bare / 1000).toFixed(2)} s`.padStart(23)}  ${r.bareReported}`,
  );
}
