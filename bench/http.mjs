#!/usr/bin/env node
// HTTP serving: the hello handler (fixtures/bench-http) built with each engine and served by
// `componentize serve` on 127.0.0.1, a fresh instance per request and, where the engine's
// instances answer more than one request, one reused instance (`--reuse`). Engines whose Web
// fetch events are their own (capabilities.fetchEvent) answer one request per instance: no reuse
// row. The load is N requests, C at a time, with Node's fetch (keep-alive connections), after a
// warm-up; p50/p99 are per-request latencies over every run. Exits 1 if any request fails;
// there is no speed target.
//
//   npm run bench:http               RUNS=3 REQUESTS=100 CONCURRENCY=4 by default
//   RUNS=1 REQUESTS=1000 npm run bench:http
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { listEngines } from '../dist/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const RUNS = Number(process.env.RUNS ?? 3);
const REQUESTS = Number(process.env.REQUESTS ?? 100);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const WARMUP = 20;
const entry = join(ROOT, 'fixtures/bench-http/app.ts');

let failures = 0;

/** `componentize serve <wasm> --port 0 --json`, resolved once it prints where it listens. */
async function serve(wasm, extra) {
  const child = execa(process.execPath, [CLI, 'serve', wasm, '--port', '0', '--json', ...extra], {
    cwd: ROOT,
    reject: false,
    env: { CI: 'true' },
    stdin: 'ignore',
  });
  let stdout = '';
  const listening = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve(new URL(JSON.parse(line).listening).origin);
    });
    void child.then((r) => reject(new Error(`serve exited before listening:\n${r.stderr}`)));
  });
  return { origin: await listening, stop: async () => (child.kill('SIGINT'), (await child).exitCode) };
}

/** `count` requests, `CONCURRENCY` at a time; returns the wall time and each request's latency. */
async function load(origin, count) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next++ < count) {
      const started = performance.now();
      try {
        const response = await fetch(origin, { signal: AbortSignal.timeout(30_000) });
        const text = await response.text();
        if (response.status !== 200 || text !== 'hello') throw new Error(`${response.status} ${text.slice(0, 80)}`);
      } catch (error) {
        if (failures++ < 5) console.error(`request failed: ${error.message}`);
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { ms: performance.now() - started, latencies };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(wasm, extra) {
  const server = await serve(wasm, extra);
  let result;
  let stopped;
  try {
    await load(server.origin, WARMUP);
    const rates = [];
    const latencies = [];
    for (let run = 0; run < RUNS; run++) {
      const r = await load(server.origin, REQUESTS);
      rates.push((REQUESTS / r.ms) * 1000);
      latencies.push(...r.latencies);
    }
    latencies.sort((a, b) => a - b);
    result = { rps: median(rates), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    stopped = await server.stop();
  }
  if (stopped !== 0) throw new Error(`serve exited ${stopped} on Ctrl-C`);
  return result;
}

const engines = await listEngines();
const dir = await mkdtemp(join(tmpdir(), 'componentize-bench-http-'));
const rows = [];
try {
  const built = await Promise.all(
    engines.map(async (engine) => {
      const out = join(dir, `hello.${engine.name}.wasm`);
      const r = await execa(
        process.execPath,
        [CLI, entry, '--wit', 'wasi:http/proxy', '--engine', engine.name, '-o', out],
        { cwd: ROOT, reject: false, env: { CI: 'true', COMPONENTIZE_CACHE_DIR: join(dir, 'cache') } },
      );
      if (r.exitCode !== 0) throw new Error(`building with ${engine.name} failed:\n${r.stderr}`);
      return { engine, out };
    }),
  );
  for (const { engine, out } of built) {
    const fresh = await measure(out, []);
    rows.push({ engine: engine.name, mode: 'fresh', ...fresh });
    if (engine.capabilities.fetchEvent) {
      rows.push({ engine: engine.name, mode: 'reuse', unavailable: 'n/a (an instance answers one fetch event)' });
      continue;
    }
    const reuse = await measure(out, ['--reuse']);
    rows.push({ engine: engine.name, mode: 'reuse', ...reuse, ratio: fresh.rps / reuse.rps });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const ms = (x) => `${x.toFixed(1)} ms`;
console.log(
  `\nhello over HTTP (${RUNS} x ${REQUESTS} requests, concurrency ${CONCURRENCY}, median req/s; Node ${process.version})\n`,
);
console.log('| engine | mode | req/s | p50 | p99 | fresh/reuse req/s |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  if (r.unavailable) console.log(`| ${r.engine} | ${r.mode} | ${r.unavailable} | | | |`);
  else
    console.log(
      `| ${r.engine} | ${r.mode} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} |`,
    );
}
if (failures) {
  console.error(`\n${failures} request(s) failed`);
  process.exit(1);
}
