#!/usr/bin/env node
// HTTP serving: the hello handler (fixtures/bench-http) built with each engine and served by
// `componentize serve` on 127.0.0.1 (a fresh instance per request, two worker threads). One
// server per engine takes REQUESTS requests with Node's fetch (keep-alive connections) after a
// warm-up: a third at concurrency 1, a third at 8, a third at 64. Per concurrency: req/s, p50
// and p99 of the per-request latencies. The server's resident memory (VmRSS of its process) is
// read every tenth of the requests: after 1,000 and after all of them are in the table.
//
// Exits 1 if any request fails, or if memory is not flat. Flat: the highest reading in the last
// half of the run is at most 15% above the highest in its first fifth (after 1,000 and 2,000 of
// 10,000 requests: by then the first workers were replaced once and the code has warmed up; the
// highest, not one reading, because memory rises and falls as the garbage collector and the
// replacement of workers go). Judged only when REQUESTS >= 5000: a shorter run ends in warm-up.
// There is no speed target.
//
//   npm run bench:http                 REQUESTS=10000 by default (a few minutes per engine)
//   REQUESTS=1500 npm run bench:http   a quick look (memory not judged)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { listEngines } from '../dist/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const REQUESTS = Number(process.env.REQUESTS ?? 10_000);
const CONCURRENCIES = [1, 8, 64];
const WARMUP = 20;
const FLAT_GROWTH = 0.15;
const JUDGED_FROM = 5000;
const entry = join(ROOT, 'fixtures/bench-http/app.ts');

let failures = 0;

/** `componentize serve <wasm> --port 0 --json`, resolved once it prints where it listens. */
async function serve(wasm) {
  const child = execa(process.execPath, [CLI, 'serve', wasm, '--port', '0', '--json'], {
    cwd: ROOT,
    reject: false,
    env: { CI: 'true' },
    stdin: 'ignore',
  });
  let stdout = '';
  const listening = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      // Only the first lines are needed; the access log is dropped as it comes.
      if (stdout.length > 10_000) return;
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve(new URL(JSON.parse(line).listening).origin);
    });
    void child.then((r) => reject(new Error(`serve exited before listening:\n${r.stderr}`)));
  });
  return {
    origin: await listening,
    pid: child.pid,
    stop: async () => (child.kill('SIGINT'), (await child).exitCode),
  };
}

/** The resident memory of a process, in MB. */
async function residentMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/**
 * `count` requests, `concurrency` at a time; `onEach` after each answer. Returns the wall time
 * and each request's latency.
 */
async function load(origin, count, concurrency, onEach = async () => {}) {
  const latencies = [];
  let next = 0;
  const client = async () => {
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
      await onEach();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  return { ms: performance.now() - started, latencies };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(wasm) {
  const server = await serve(wasm);
  const every = Math.max(1, Math.round(REQUESTS / 10));
  const memory = { idle: await residentMb(server.pid), samples: [] };
  let done = 0;
  const sample = async () => {
    done++;
    if (done % every === 0) memory.samples.push({ after: done, mb: await residentMb(server.pid) });
  };
  const rows = [];
  let stopped;
  try {
    await load(server.origin, WARMUP, 4);
    for (const [i, concurrency] of CONCURRENCIES.entries()) {
      // The thirds add up to REQUESTS.
      const count = Math.round((REQUESTS * (i + 1)) / 3) - Math.round((REQUESTS * i) / 3);
      const r = await load(server.origin, count, concurrency, sample);
      r.latencies.sort((a, b) => a - b);
      rows.push({
        concurrency,
        rps: (count / r.ms) * 1000,
        p50: percentile(r.latencies, 50),
        p99: percentile(r.latencies, 99),
      });
    }
  } finally {
    stopped = await server.stop();
  }
  if (stopped !== 0) throw new Error(`serve exited ${stopped} on Ctrl-C`);
  return { rows, memory };
}

/** The flatness rule of the header comment: peak of the last half vs peak of the first fifth. */
function flatness(samples) {
  const peak = (from, to) => Math.max(...samples.filter((s) => s.after > from && s.after <= to).map((s) => s.mb));
  const early = peak(0, REQUESTS / 5);
  const late = peak(REQUESTS / 2, REQUESTS);
  const growth = late / early - 1;
  return { early, late, growth, flat: growth <= FLAT_GROWTH };
}

const engines = await listEngines();
const dir = await mkdtemp(join(tmpdir(), 'componentize-bench-http-'));
const results = [];
try {
  // One build after the other: a StarlingMonkey build takes ~800 MB.
  for (const engine of engines) {
    const out = join(dir, `hello.${engine.name}.wasm`);
    const r = await execa(
      process.execPath,
      [CLI, entry, '--wit', 'wasi:http/proxy', '--engine', engine.name, '-o', out],
      {
        cwd: ROOT,
        reject: false,
        env: { CI: 'true', COMPONENTIZE_CACHE_DIR: join(dir, 'cache') },
      },
    );
    if (r.exitCode !== 0) throw new Error(`building with ${engine.name} failed:\n${r.stderr}`);
    results.push({ engine: engine.name, ...(await measure(out)) });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (x) => `${Math.round(x)} MB`;
const judged = REQUESTS >= JUDGED_FROM;
let notFlat = 0;
console.log(
  `\nhello over HTTP: ${REQUESTS} requests per engine, a third at each concurrency (Node ${process.version})\n`,
);
console.log('| engine | concurrency | req/s | p50 | p99 |');
console.log('|---|---|---|---|---|');
for (const { engine, rows } of results)
  for (const r of rows)
    console.log(`| ${engine} | ${r.concurrency} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} |`);
const firstAfter = Math.max(1, Math.round(REQUESTS / 10));
console.log(
  `\nresident memory of the server (idle, after ${firstAfter} and ${REQUESTS} requests; flat: see bench/http.mjs)\n`,
);
console.log(`| engine | idle | after ${firstAfter} | after ${REQUESTS} | peak last half vs first fifth | flat |`);
console.log('|---|---|---|---|---|---|');
for (const { engine, memory } of results) {
  const f = flatness(memory.samples);
  if (judged && !f.flat) notFlat++;
  const verdict = !judged ? `not judged (< ${JUDGED_FROM} requests)` : f.flat ? 'yes' : 'NO';
  console.log(
    `| ${engine} | ${mb(memory.idle)} | ${mb(memory.samples[0].mb)} | ${mb(memory.samples.at(-1).mb)} | ${mb(f.early)} -> ${mb(f.late)} (${f.growth >= 0 ? '+' : ''}${(f.growth * 100).toFixed(0)}%) | ${verdict} |`,
  );
}
for (const { engine, memory } of results)
  console.log(`\n${engine}: ${memory.samples.map((s) => `${s.after}: ${mb(s.mb)}`).join(', ')}`);
if (failures) console.error(`\n${failures} request(s) failed`);
if (notFlat) console.error(`\nresident memory grew more than ${FLAT_GROWTH * 100}% on ${notFlat} engine(s)`);
if (failures || notFlat) process.exit(1);
