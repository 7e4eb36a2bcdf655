#!/usr/bin/env node
// A real weval AOT build of fixtures/hello with StarlingMonkey, called for real afterwards.
//   COMPONENTIZE_WEVAL_BIN=/path/to/weval npm run test:weval
// Without a binary it does not pass silently: it says it skipped and why.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentize, instantiateComponent } from '../dist/index.js';

const bin = process.env.COMPONENTIZE_WEVAL_BIN;
if (!bin) {
  console.log('SKIPPED weval AOT build: COMPONENTIZE_WEVAL_BIN is not set, and this machine cannot download weval.');
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(0);
}

const root = new URL('..', import.meta.url).pathname;
const dir = await mkdtemp(join(tmpdir(), 'componentize-weval-'));
try {
  const out = join(dir, 'hello.wasm');
  const { report } = await componentize({
    entry: join(root, 'fixtures/hello/app.ts'),
    wit: join(root, 'fixtures/hello/world.wit'),
    engine: 'starlingmonkey',
    weval: true,
    out,
  });
  const { exports } = await instantiateComponent(await readFile(out));
  const greeting = exports.greet('World');
  if (greeting !== 'Hello, World!') throw new Error(`greet returned ${JSON.stringify(greeting)}`);
  console.log(
    `weval build: ${report.sizes.raw} bytes, ${Math.round(report.totalMs)} ms, weval ${report.aot?.weval}, IC cache ${report.aot?.icCache}`,
  );
  console.log('1 passed, 0 failed');
} catch (error) {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
