#!/usr/bin/env node
// The npm package corpus (issue 27): every app under test/corpus/<package>/ built with each engine,
// called, and compared with the same module run in this Node. Prints one row per package and
// engine, then `N passed, N failed`; exits 1 on any failure (a difference, a failed build or call,
// a stale gaps.json).
//
//   npm run test:corpus                                   everything (builds dist/ first)
//   node test/corpus/run.mjs --engine quickjs --only marked,yaml --cache-dir /tmp/empty-cache
//
// Builds go through a build cache (node_modules/.cache/componentize-corpus/cache, or --cache-dir /
// $COMPONENTIZE_CACHE_DIR): a rerun with nothing changed answers from it. At most two builds run at once (--jobs): a
// StarlingMonkey build takes ~800 MB and a core for ~15-20 s.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS, loadCases } from './cases.mjs';
import { buildAndCall } from './component-side.mjs';
import { runInNode } from './node-side.mjs';
import { printTable } from './table.mjs';
import { checkGaps, verdict } from './verdict.mjs';

const ENGINES = ['quickjs', 'starlingmonkey'];
const ROOT = join(CORPUS, '../..');
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', multiple: true },
    only: { type: 'string' },
    'cache-dir': { type: 'string' },
    jobs: { type: 'string', default: '2' },
  },
});
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 20)) {
  console.error(
    `test/corpus/run.mjs runs components in this Node and needs Node >= 24.20, not ${process.version}: use \`npm run test:corpus\` (it puts the node devDependency first on PATH).`,
  );
  process.exit(1);
}
// Components have no time zone (they run in UTC), so Node computes the expected dates in UTC too.
process.env.TZ = 'UTC';

const engines = args.engine ? args.engine.flatMap((e) => e.split(',')) : ENGINES;
const only = args.only?.split(',');
const allCases = await loadCases();
const cases = allCases.filter((c) => !only || only.includes(c.name));
const workers = Number(args.jobs);
// A mistyped option must not turn into an empty, passing run.
const unknown = [
  ...engines.filter((e) => !ENGINES.includes(e)),
  ...(only ?? []).filter((n) => !allCases.some((c) => c.name === n)),
];
if (unknown.length > 0 || ![1, 2].includes(workers)) {
  console.error(
    `test/corpus/run.mjs: ${unknown.length > 0 ? `no engine or package named ${unknown.join(', ')}` : `--jobs is 1 or 2, not ${args.jobs}`}`,
  );
  process.exit(1);
}
const gaps = JSON.parse(await readFile(join(CORPUS, 'gaps.json'), 'utf8'));
const gapProblems = checkGaps(gaps, allCases, ENGINES);
// The corpus has a build cache of its own by default, with a larger cap: its ~37 StarlingMonkey
// components of ~12 MB each plus the QuickJS ones come to ~550 MB, over the default 512 MiB, and
// an LRU cache smaller than one pass over the corpus evicts every entry before the next pass reads
// it (a rerun hit nothing). Its own directory also keeps the project's builds and the corpus from
// evicting each other.
const WORK = join(ROOT, 'node_modules/.cache/componentize-corpus');
const options = {
  root: ROOT,
  outDir: join(WORK, 'out'),
  cacheDir: args['cache-dir'] ?? process.env.COMPONENTIZE_CACHE_DIR ?? join(WORK, 'cache'),
  cacheMaxBytes: 1024 ** 3,
};

const started = performance.now();
const expected = new Map();
for (const c of cases) expected.set(c.name, await runInNode(c));

// Rows in table order; a small pool of workers takes them one by one (engine by engine).
const jobs = engines.flatMap((engine) => cases.map((c) => ({ c, engine })));
const rows = new Array(jobs.length);
let next = 0;
async function worker() {
  while (next < jobs.length) {
    const index = next++;
    const { c, engine } = jobs[index];
    const component = await buildAndCall(c, engine, options);
    rows[index] = {
      name: c.name,
      engine,
      ms: component.ms,
      cache: component.cache,
      ...verdict(expected.get(c.name), component, gaps[c.name]?.engines.includes(engine)),
    };
    process.stderr.write(`${rows[index].status.padEnd(4)} ${c.name} (${engine})\n`);
  }
}
await Promise.all(Array.from({ length: workers }, worker));

printTable(rows);
for (const problem of gapProblems) console.log(`gaps.json: ${problem}`);
const passed = rows.filter((r) => r.status === 'pass').length;
const failed = rows.filter((r) => r.status === 'fail').length + gapProblems.length;
console.log(
  `${rows.filter((r) => r.status === 'gap').length} known gaps (gaps.json), ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
