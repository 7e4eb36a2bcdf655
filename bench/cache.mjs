#!/usr/bin/env node
// Build cache: a cold build against a cache hit, per engine, in one run on this machine.
//
// Each row times whole CLI processes (Node start-up included), as a user or CI step sees them:
//   cold: `componentize <entry> --wit <wit> --engine <e>` with an empty cache directory
//   hit:  the same command again (inputs unchanged): options, cache lookup, write — no bundling,
//         no WIT parsing, no engine
//   node: `node -e 0`, the floor any CLI pays
// Prints one table; the target is hit <= 0.15 s wall.
//
//   npm run bench:cache            (1 cold build and 5 hits per engine)
//   HITS=10 npm run bench:cache
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const ROOT = new URL('..', import.meta.url).pathname;
const HITS = Number(process.env.HITS ?? 5);
const ENGINES = ['quickjs', 'starlingmonkey'];
const entry = 'fixtures/hello/app.ts';
const wit = 'fixtures/hello/world.wit';

async function timed(args, env = {}) {
  const t = performance.now();
  const r = await execa(process.execPath, args, { cwd: ROOT, reject: false, env: { CI: 'true', ...env } });
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = await mkdtemp(join(tmpdir(), 'componentize-bench-cache-'));
const rows = [];
try {
  const node = [];
  for (let i = 0; i < HITS; i++) node.push((await timed(['-e', '0'])).ms);
  for (const engine of ENGINES) {
    const env = { COMPONENTIZE_CACHE_DIR: join(dir, `cache-${engine}`) };
    const args = [
      join(ROOT, 'dist/cli.js'),
      entry,
      '--wit',
      wit,
      '--engine',
      engine,
      '-o',
      join(dir, `hello.${engine}.wasm`),
      '--json',
    ];
    const cold = await timed(args, env);
    if (JSON.parse(cold.stdout).cache.status !== 'miss') throw new Error('the cold build was not a cache miss');
    const hits = [];
    for (let i = 0; i < HITS; i++) {
      const hit = await timed(args, env);
      if (JSON.parse(hit.stdout).cache.status !== 'hit') throw new Error('the repeated build was not a cache hit');
      hits.push(hit.ms);
    }
    rows.push({ engine, cold: cold.ms, hit: median(hits), hitMin: Math.min(...hits), node: median(node) });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\ncache hit vs cold build (hello, ${HITS} hits, median; Node ${process.version})\n`);
console.log('| engine | cold build | cache hit (min) | node -e 0 | hit / cold | hit <= 0.15 s |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.engine} | ${s(r.cold)} | ${s(r.hit)} (${s(r.hitMin)}) | ${s(r.node)} | ${(r.hit / r.cold).toFixed(3)} | ${r.hit <= 150 ? 'yes' : 'no'} |`,
  );
}
