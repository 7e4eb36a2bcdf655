#!/usr/bin/env node
// The npm compatibility corpus (fixtures/npm-corpus/packages/*.ts), one package per build and
// engine: component size, gzip, build time and the polyfills that went in with their bytes.
// Each build gets a world with only that package's export (taken from the corpus world).
//
//   npm run bench:npm-compat                       every package, every engine
//   ENGINES=quickjs PACKAGES=nanoid,marked npm run bench:npm-compat
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const ROOT = new URL('..', import.meta.url).pathname;
const CORPUS = join(ROOT, 'fixtures/npm-corpus');
const ENGINES = (process.env.ENGINES ?? 'quickjs,starlingmonkey').split(',');
const world = await readFile(join(CORPUS, 'world.wit'), 'utf8');
const all = (await readdir(join(CORPUS, 'packages'))).map((f) => f.replace(/\.ts$/, ''));
const packages = process.env.PACKAGES ? all.filter((p) => process.env.PACKAGES.split(',').includes(p)) : all;

const dir = await mkdtemp(join(tmpdir(), 'componentize-npm-compat-'));
const rows = [];
try {
  for (const name of packages) {
    const entry = join(CORPUS, 'packages', `${name}.ts`);
    const fn = /export function (\w+)/.exec(await readFile(entry, 'utf8'))[1];
    const witName = fn.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const line = world.split('\n').find((l) => l.trim().startsWith(`export ${witName}:`));
    const wit = join(dir, `${name}.wit`);
    await writeFile(wit, `package local:npm-compat;\n\nworld npm-compat {\n${line}\n}\n`);
    for (const engine of ENGINES) {
      const started = performance.now();
      const r = await execa(
        process.execPath,
        [
          join(ROOT, 'dist/cli.js'),
          entry,
          '--wit',
          wit,
          '--engine',
          engine,
          '-o',
          join(dir, `${name}.${engine}.wasm`),
          '--json',
          '--no-cache',
          '--no-verify',
        ],
        { cwd: ROOT, reject: false, env: { CI: 'true' } },
      );
      const ms = performance.now() - started;
      const report = JSON.parse(r.stdout);
      if (!report.ok) {
        rows.push({
          name,
          engine,
          failed: `${report.error.code}: ${report.error.message.split('\n')[0].slice(0, 70)}`,
        });
        continue;
      }
      rows.push({
        name,
        engine,
        raw: report.sizes.raw,
        gzip: report.sizes.gzip,
        ms,
        bundle: report.bundleBytes,
        polyfills: report.polyfills,
      });
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const kb = (b) => `${(b / 1e3).toFixed(1)} kB`;
console.log(
  `${'package'.padEnd(16)}${'engine'.padEnd(16)}${'size'.padStart(10)}${'gzip'.padStart(10)}${'build'.padStart(8)}${'bundle'.padStart(10)}${'polyfills'.padStart(11)}  polyfills in it`,
);
for (const r of rows) {
  if (r.failed) {
    console.log(`${r.name.padEnd(16)}${r.engine.padEnd(16)}  FAILED ${r.failed}`);
    continue;
  }
  const total = r.polyfills.reduce((s, p) => s + p.bytes, 0);
  const list = r.polyfills.map((p) => `${p.name} ${kb(p.bytes)}`).join(', ') || '-';
  console.log(
    `${r.name.padEnd(16)}${r.engine.padEnd(16)}${mb(r.raw).padStart(10)}${mb(r.gzip).padStart(10)}${`${(r.ms / 1000).toFixed(1)} s`.padStart(8)}${kb(r.bundle).padStart(10)}${kb(total).padStart(11)}  ${list}`,
  );
}
